/** Terminal forms of a Trace and of a dig result: aligned tables and dig-style sections. */
import type { DigResult } from '../engine/dns/dig.js'
import type { Hop, Packet, Place, Trace } from '../engine/trace/types.js'
import { noteText } from '../engine/trace/notes.js'

function placeText(p: Place): string {
  switch (p.kind) {
    case 'pod': return `pod ${p.pod}`
    case 'node': return `node ${p.node}`
    case 'external': return `external ${p.client}`
    case 'underlay': return 'node network'
  }
}

function packetText(p: Packet): string {
  const inner = `${p.src}:${p.sport} → ${p.dst}:${p.dport}`
  return p.outer ? `${inner} in VXLAN ${p.outer.src} → ${p.outer.dst}:${p.outer.dport} vni ${p.outer.vni}` : inner
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd())
}

function hopRows(hops: readonly Hop[]): string[] {
  const rows = [['#', 'WHERE', 'STEP', 'PACKET (after)', 'DECIDED BY']]
  hops.forEach((h, i) => {
    const d = h.decidedBy[h.decidedBy.length - 1]
    const by = d ? `${d.view ? `${d.view}${d.line ? `:${d.line}` : ''}  ` : ''}${d.text}` : ''
    rows.push([String(i + 1), `${placeText(h.place)}${h.device ? ` ${h.device}` : ''}`, h.hook ?? h.kind, packetText(h.after), by])
  })
  const lines = table(rows)
  const out = [lines[0]!]
  hops.forEach((h, i) => {
    out.push(lines[i + 1]!)
    out.push(`      ${h.explanation}`)
  })
  return out
}

export function formatTrace(t: Trace): string {
  const out: string[] = [`trace ${t.request.from} → ${t.request.to} (${t.request.proto})`, '']
  if (t.dns.length) {
    out.push('DNS lookup (the resolver walks resolv.conf\'s search list; A and AAAA per name):')
    const rows = [['#', 'QUERY', 'TYPE', 'RCODE', 'ANSWER', 'SERVER']]
    t.dns.forEach((q, i) => rows.push([String(i + 1), q.name, q.type, q.rcode, q.answers.map((a) => a.split(' ').slice(4).join(' ')).join(', ') || '-', q.server || q.answeredBy]))
    out.push(...table(rows).map((l) => `  ${l}`), '')
  }
  if (t.hops.length) {
    out.push(`First packet${t.request.proto === 'tcp' ? ' (SYN)' : ''}:`)
    out.push(...hopRows(t.hops).map((l) => `  ${l}`), '')
  }
  if (t.reply?.hops.length) {
    out.push(`Reply${t.request.proto === 'tcp' ? ' (SYN-ACK)' : ''}, back through conntrack:`)
    out.push(...hopRows(t.reply.hops).map((l) => `  ${l}`), '')
  }
  if (t.ingress) {
    const i = t.ingress
    out.push(`Ingress controller ${i.controller} reads the HTTP request: ${i.decision.text} (HTTP ${i.status})`, '')
    if (i.upstream) {
      out.push('The controller\'s own connection to the backend (first packet):')
      out.push(...hopRows(i.upstream.hops).map((l) => `  ${l}`), '')
      if (i.upstream.reply?.hops.length) {
        out.push('Its reply:')
        out.push(...hopRows(i.upstream.reply.hops).map((l) => `  ${l}`), '')
      }
    }
  }
  if (t.segments.length) {
    out.push('The exchange as each end sees it:')
    const rows = [['SEGMENT', 'CLIENT SEES', 'SERVER SEES']]
    for (const s of t.segments) rows.push([s.name, s.client, s.server])
    out.push(...table(rows).map((l) => `  ${l}`), '')
  }
  if (t.choices.length) {
    out.push('Random choices (pin with --pick <ip|ip:port|pod>, vary with --seed N):')
    for (const c of t.choices) {
      out.push(`  ${c.at}: ${c.picked} (${c.how}) of ${c.alternatives.map((a) => `${a.label} ${(a.probability * 100).toFixed(1)}%`).join(', ')}`)
    }
    out.push('')
  }
  out.push(`Result: ${t.result.toUpperCase()} — ${t.summary}`)
  if (t.serverSees) out.push(`Server sees the client as ${t.serverSees.ip}:${t.serverSees.port}`)
  out.push(`iptables rules evaluated for the first packet: ${t.rulesWalked}`)
  for (const n of t.notes ?? []) out.push(`Note: ${noteText(n)}`)
  return `${out.join('\n')}\n`
}

export function formatDig(d: DigResult): string {
  const out: string[] = [
    `; <<>> kube-netlab dig <<>> ${d.name} ${d.type} (from ${d.from})`,
    `; resolv.conf: search ${d.resolvConf.search.join(' ') || '(none)'}; nameserver ${d.resolvConf.nameservers.join(' ')}; ndots:${d.resolvConf.ndots}`,
    `; ${d.queries.length} quer${d.queries.length === 1 ? 'y' : 'ies'} in the order the resolver sends them`,
  ]
  d.queries.forEach((q, i) => {
    out.push('', `;; query ${i + 1}`, `;; ->>HEADER<<- opcode: QUERY, status: ${q.rcode}`, ';; QUESTION SECTION:', `;${q.name}\t\tIN\t${q.type}`)
    if (q.answers.length) out.push('', ';; ANSWER SECTION:', ...q.answers)
    if (q.authority.length) out.push('', ';; AUTHORITY SECTION:', ...q.authority)
    out.push('', `;; SERVER: ${d.resolvConf.nameservers[0] ?? '?'}#53 (${q.server || q.answeredBy}; ${q.answeredBy})`)
  })
  return `${out.join('\n')}\n`
}
