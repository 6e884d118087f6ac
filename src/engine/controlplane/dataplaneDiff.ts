/**
 * What a step changed on the nodes, as the node's own tools would show it: line diffs of the
 * `show` views (`ip -br addr`, `ip route`, `ip neigh`, `bridge fdb show`, `iptables-save`)
 * between the model before and after, the Service endpoints that moved, CoreDNS's records, and
 * which chains kube-proxy's partial sync (KEP-3453) hands to iptables-restore.
 */
import { formatIpv4 } from '../../model/addr/ipv4.js'
import { zoneRecords } from '../../model/dns/clusterDns.js'
import { formatRecord } from '../../model/dns/types.js'
import type { Model } from '../../model/model.js'
import { showNode } from '../../model/show/views.js'
import type { EndpointChange, PartialSync, ViewDiff } from './types.js'

function lines(model: Model, node: string, view: ViewDiff['view']): string[] {
  const v = showNode(model, node, view)
  return v.ok ? v.text.split('\n').filter((l) => l !== '') : []
}

/** Lines only in `b` and lines only in `a`, each in its own text's order (a multiset difference). */
export function lineDiff(a: readonly string[], b: readonly string[]): { added: string[]; removed: string[] } {
  const count = new Map<string, number>()
  for (const l of a) count.set(l, (count.get(l) ?? 0) + 1)
  const added: string[] = []
  for (const l of b) {
    const n = count.get(l) ?? 0
    if (n > 0) count.set(l, n - 1)
    else added.push(l)
  }
  const left = new Map<string, number>()
  for (const l of b) left.set(l, (left.get(l) ?? 0) + 1)
  const removed: string[] = []
  for (const l of a) {
    const n = left.get(l) ?? 0
    if (n > 0) left.set(l, n - 1)
    else removed.push(l)
  }
  return { added, removed }
}

export function viewDiffs(before: Model, after: Model, node: string, views: readonly ViewDiff['view'][]): ViewDiff[] {
  const out: ViewDiff[] = []
  for (const view of views) {
    const d = lineDiff(lines(before, node, view), lines(after, node, view))
    if (d.added.length || d.removed.length) out.push({ node, view, ...d })
  }
  return out
}

const SERVICE_CHAIN = /^(KUBE-SVC|KUBE-SVL|KUBE-EXT|KUBE-FW|KUBE-SEP)-/

/** nat-table rules per service chain, from an iptables-save text. */
function serviceChains(text: readonly string[]): Map<string, string[]> {
  const chains = new Map<string, string[]>()
  let table = ''
  for (const l of text) {
    if (l.startsWith('*')) table = l.slice(1)
    if (table !== 'nat') continue
    const decl = /^:(\S+) /.exec(l)
    if (decl && SERVICE_CHAIN.test(decl[1]!)) chains.set(decl[1]!, chains.get(decl[1]!) ?? [])
    const rule = /^-A (\S+) /.exec(l)
    if (rule && SERVICE_CHAIN.test(rule[1]!)) chains.set(rule[1]!, [...(chains.get(rule[1]!) ?? []), l])
  }
  return chains
}

/** The Service port a chain belongs to: the `--comment "ns/name:port…"` its rules carry. */
function owner(rules: readonly string[]): string | null {
  for (const r of rules) {
    const m = /--comment "(?:masquerade traffic for )?([^ "]+)/.exec(r)
    if (m) return m[1]!
  }
  return null
}

/**
 * With MinimizeIPTablesRestore kube-proxy writes a service's chains only when that service
 * changed since the last sync (all of them: KUBE-SVC, -EXT, -FW, every KUBE-SEP), always
 * rewrites the top-level chains, and deletes chains no longer referenced with -X.
 */
export function partialSync(beforeSave: string, afterSave: string): PartialSync {
  const a = serviceChains(beforeSave.split('\n'))
  const b = serviceChains(afterSave.split('\n'))
  const changedOwners = new Set<string>()
  for (const [chain, rules] of b) {
    const old = a.get(chain)
    if (!old || old.join('\n') !== rules.join('\n')) {
      const o = owner(rules)
      if (o) changedOwners.add(o)
    }
  }
  for (const [chain, rules] of a) if (!b.has(chain)) { const o = owner(rules); if (o) changedOwners.add(o) }
  const written = [...b].filter(([, rules]) => changedOwners.has(owner(rules) ?? '')).map(([c]) => c).sort()
  const deleted = [...a.keys()].filter((c) => !b.has(c)).sort()
  return { written, deleted, untouched: b.size - written.length }
}

export function endpointChanges(before: Model, after: Model): EndpointChange[] {
  const fmt = (m: Model): Map<string, string[]> => new Map(m.services.map((s) => [
    `${s.namespace}/${s.name}`,
    [...new Set(s.ports.flatMap((p) => p.endpoints.filter((e) => e.ready).map((e) => `${formatIpv4(e.ip)}:${e.port}`)))],
  ]))
  const a = fmt(before)
  const b = fmt(after)
  const out: EndpointChange[] = []
  for (const [svc, eps] of b) {
    const old = a.get(svc) ?? []
    const added = eps.filter((e) => !old.includes(e))
    const removed = old.filter((e) => !eps.includes(e))
    if (added.length || removed.length) out.push({ service: svc, added, removed })
  }
  for (const [svc, eps] of a) if (!b.has(svc) && eps.length) out.push({ service: svc, added: [], removed: eps })
  return out
}

export function dnsDiff(before: Model, after: Model): { added: string[]; removed: string[] } {
  return lineDiff(zoneRecords(before).map(formatRecord), zoneRecords(after).map(formatRecord))
}
