/**
 * Printing a control-plane chain: the events the way `kubectl get events -w` lists them (with
 * the lab's step numbers in LAST SEEN), the component chain for --why, and the per-node
 * dataplane diff for --diff.
 */
import type { ExecTrace } from '../engine/controlplane/execTrace.js'
import { renderMessage as renderMsg, type Lang } from '../i18n/render.js'
import type { Actor, ChainResult, ChainStep } from '../engine/controlplane/types.js'
import { VIEW_COMMANDS } from '../model/show/views.js'

/** kubectl's tabwriter: every column as wide as its widest cell, three spaces apart. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd() + '\n').join('')
}

const who = (a: Actor): string => (a.node ? `${a.component}@${a.node}` : a.component)

function connection(s: ChainStep): string {
  switch (s.connection.kind) {
    case 'https': return 'HTTPS :6443'
    case 'etcd': return 'gRPC :2379'
    case 'watch': return 'watch :6443'
    case 'kubelet': return 'HTTPS :10250'
    case 'cri': return 'CRI'
    case 'exec': return 'exec'
    case 'local': return 'local'
  }
}

export function formatEvents(r: ChainResult): string {
  const rows: string[][] = [['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']]
  for (const s of r.steps) {
    if (!s.event) continue
    const e = s.event
    rows.push([`step ${s.step}`, e.type, e.reason, `${e.object.kind.toLowerCase()}/${e.object.name}`, renderMsg(e.message)])
  }
  return rows.length > 1 ? table(rows) : 'No events.\n'
}

export function formatWhy(r: ChainResult, lang: Lang): string {
  const rows: string[][] = [['STEP', 'PHASE', 'FROM → TO', 'VIA', 'REQUEST', 'RESULT']]
  const notes: string[] = []
  for (const s of r.steps) {
    const obj = `${s.object.kind} ${s.object.namespace ? `${s.object.namespace}/` : ''}${s.object.name}`
    const request = s.watchEvent ? `${s.watchEvent} ${obj}` : `${s.verb} ${obj}`
    const result = s.status ? `${s.status.code} ${s.status.reason}` : s.event ? `${s.event.reason}` : ''
    rows.push([String(s.step), s.phase, `${who(s.from)} → ${who(s.to)}`, connection(s), request, result])
    notes.push(`${String(s.step).padStart(4)}  ${renderMsg(s.why, lang)}\n`)
  }
  return `${table(rows)}\n${notes.join('')}`
}

export function formatDiff(r: ChainResult): string {
  const out: string[] = []
  for (const s of r.steps) {
    const d = s.dataplane
    if (!d) continue
    const head = {
      'cni-add': `CNI ADD on ${d.node} (${s.object.namespace}/${s.object.name})`,
      'cni-del': `CNI DEL on ${d.node} (${s.object.namespace}/${s.object.name})`,
      endpoints: `EndpointSlice ${s.object.namespace}/${s.object.name}`,
      'proxy-sync': `kube-proxy sync on ${d.node}`,
      dns: 'CoreDNS records',
    }[d.kind]
    out.push(`step ${s.step}  ${head}\n`)
    for (const e of d.endpoints) {
      out.push(`  endpoints of ${e.service}:${e.added.length || e.removed.length ? '' : ' (none changed)'}\n`)
      for (const a of e.removed) out.push(`  - ${a}\n`)
      for (const a of e.added) out.push(`  + ${a}\n`)
    }
    for (const v of d.diffs) {
      out.push(`  ${VIEW_COMMANDS[v.view]} on ${v.node}:\n`)
      for (const l of v.removed) out.push(`  - ${l}\n`)
      for (const l of v.added) out.push(`  + ${l}\n`)
    }
    if (d.partialSync) {
      const p = d.partialSync
      out.push(d.diffs.length
        ? `  iptables-restore input (KEP-3453 partial sync): service chains written: ${p.written.join(' ') || '(none)'}; deleted (-X): ${p.deleted.join(' ') || '(none)'}; ${p.untouched} service chain(s) left as they were\n`
        : '  no rule changes\n')
    }
    if (d.dns) {
      for (const l of d.dns.removed) out.push(`  - ${l}\n`)
      for (const l of d.dns.added) out.push(`  + ${l}\n`)
      if (!d.dns.added.length && !d.dns.removed.length) out.push('  no record changes\n')
    }
  }
  return out.length ? out.join('') : 'Nothing changed on the nodes.\n'
}

/** --json: the chain as data, with each message also rendered. */
export function chainJson(r: ChainResult, lang: Lang): unknown {
  return {
    change: r.change.kind === 'apply' ? { kind: 'apply', file: r.change.file } : r.change,
    ok: r.ok,
    error: r.error,
    events: r.steps.flatMap((s) => (s.event ? [{ step: s.step, ...s.event, text: renderMsg(s.event.message) }] : [])),
    steps: r.steps.map((s) => ({ ...s, whyText: renderMsg(s.why, lang) })),
  }
}

export function formatExec(t: Extract<ExecTrace, { ok: true }>, lang: Lang): string {
  const rows: string[][] = [['HOP', 'FROM → TO', 'VIA', 'ADDRESS', 'REQUEST']]
  for (const h of t.hops) rows.push([String(h.hop), `${who(h.from)} → ${who(h.to)}`, h.connection.kind === 'kubelet' ? 'HTTPS :10250' : h.connection.kind === 'https' ? 'HTTPS :6443' : 'CRI', h.address, h.request])
  return `${table(rows)}\n${t.hops.map((h) => `${String(h.hop).padStart(3)}  ${renderMsg(h.why, lang)}\n`).join('')}`
}
