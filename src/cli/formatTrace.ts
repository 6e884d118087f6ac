/**
 * Terminal forms of a Trace and of a dig result: aligned tables and dig-style sections, in
 * English or Korean (engine messages through src/i18n; tool-format lines stay as the tools print them).
 */
import type { DigResult } from '../engine/dns/dig.js'
import type { Message } from '../engine/messages/catalog.js'
import type { Hop, Packet, Place, Trace } from '../engine/trace/types.js'
import { cliText, type CliKey } from '../i18n/cli.js'
import { decisionText, renderMessage, type Lang } from '../i18n/render.js'
import { formatGatewayDecision } from './formatGateway.js'

function placeText(p: Place, lang: Lang): string {
  switch (p.kind) {
    case 'pod': return cliText(lang, 'placePod', { pod: p.pod })
    case 'node': return cliText(lang, 'placeNode', { node: p.node })
    case 'external': return cliText(lang, 'placeExternal', { client: p.client })
    case 'underlay': return cliText(lang, 'placeUnderlay')
  }
}

function packetText(p: Packet, lang: Lang): string {
  const inner = `${p.src}:${p.sport} → ${p.dst}:${p.dport}`
  return p.outer ? cliText(lang, 'inVxlan', { inner, src: p.outer.src, dst: p.outer.dst, dport: p.outer.dport, vni: p.outer.vni }) : inner
}

/** Display width in a terminal: Hangul and other wide characters take two columns. */
function width(text: string): number {
  let w = 0
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1
  return w
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))))
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  ').trimEnd())
}

function hopRows(hops: readonly Hop[], lang: Lang): string[] {
  const k = (key: CliKey): string => cliText(lang, key)
  const rows = [[k('colNumber'), k('colWhere'), k('colStep'), k('colPacket'), k('colDecidedBy')]]
  hops.forEach((h, i) => {
    const d = h.decidedBy[h.decidedBy.length - 1]
    const by = d ? `${d.view ? `${d.view}${d.line ? `:${d.line}` : ''}  ` : ''}${decisionText(d, lang)}` : ''
    rows.push([String(i + 1), `${placeText(h.place, lang)}${h.device ? ` ${h.device}` : ''}`, h.hook ?? h.kind, packetText(h.after, lang), by])
  })
  const lines = table(rows)
  const out = [lines[0]!]
  hops.forEach((h, i) => {
    out.push(lines[i + 1]!)
    out.push(`      ${renderMessage(h.explanation, lang)}`)
  })
  return out
}

const HOW: Record<Trace['choices'][number]['how'], CliKey> = { seeded: 'howSeeded', pinned: 'howPinned', only: 'howOnly' }
/** The engine's segment names (trace.ts `connect`); SYN, SYN-ACK and ACK are TCP's own. */
const SEGMENTS: Record<string, CliKey> = {
  request: 'segRequest', 'request (HTTP GET)': 'segRequestHttp', response: 'segResponse', datagram: 'segDatagram', reply: 'segReply',
}

export function formatTrace(t: Trace, lang: Lang = 'en'): string {
  const k = (key: CliKey, params: Record<string, string | number> = {}): string => cliText(lang, key, params)
  const m = (x: Message): string => renderMessage(x, lang)
  const tcp = t.request.proto === 'tcp'
  const out: string[] = [k('traceTitle', { from: t.request.from, to: t.request.to, proto: t.request.proto }), '']
  if (t.dns.length) {
    out.push(k('dnsHeading'))
    const rows = [[k('colNumber'), k('colQuery'), k('colType'), k('colRcode'), k('colAnswer'), k('colServer')]]
    t.dns.forEach((q, i) => rows.push([String(i + 1), q.name, q.type, q.rcode, q.answers.map((a) => a.split(' ').slice(4).join(' ')).join(', ') || '-', m(q.server ?? q.answeredBy)]))
    out.push(...table(rows).map((l) => `  ${l}`), '')
  }
  if (t.hops.length) {
    out.push(k(tcp ? 'firstPacketSyn' : 'firstPacket'))
    out.push(...hopRows(t.hops, lang).map((l) => `  ${l}`), '')
  }
  if (t.reply?.hops.length) {
    out.push(k(tcp ? 'replySynAck' : 'reply'))
    out.push(...hopRows(t.reply.hops, lang).map((l) => `  ${l}`), '')
  }
  if (t.ingress) {
    const i = t.ingress
    if (t.gateway) out.push(...formatGatewayDecision(t.gateway, lang), '')
    else out.push(k('ingressReads', { controller: i.controller, rule: decisionText(i.decision, lang), status: i.status }), '')
    if (i.upstream) {
      out.push(k(t.gateway ? 'upstreamHeadingProxy' : 'upstreamHeading'))
      out.push(...hopRows(i.upstream.hops, lang).map((l) => `  ${l}`), '')
      if (i.upstream.reply?.hops.length) {
        out.push(k('upstreamReply'))
        out.push(...hopRows(i.upstream.reply.hops, lang).map((l) => `  ${l}`), '')
      }
    }
  }
  if (t.segments.length) {
    out.push(k('exchange'))
    const rows = [[k('colSegment'), k('colClientSees'), k('colServerSees')]]
    for (const s of t.segments) rows.push([SEGMENTS[s.name] ? k(SEGMENTS[s.name]!) : s.name, s.client, s.server])
    out.push(...table(rows).map((l) => `  ${l}`), '')
  }
  if (t.choices.length) {
    out.push(k('choices'))
    for (const c of t.choices) {
      out.push(`  ${k('choiceLine', { at: c.at, picked: c.picked, how: k(HOW[c.how]), alternatives: c.alternatives.map((a) => `${a.label} ${(a.probability * 100).toFixed(1)}%`).join(', ') })}`)
    }
    out.push('')
  }
  out.push(k('result', { result: t.result.toUpperCase(), summary: m(t.summary) }))
  if (t.serverSees) out.push(k('serverSees', { ip: t.serverSees.ip, port: t.serverSees.port }))
  out.push(k('rulesWalked', { n: t.rulesWalked }))
  for (const n of t.notes ?? []) out.push(k('note', { text: m(n) }))
  return `${out.join('\n')}\n`
}

export function formatDig(d: DigResult, lang: Lang = 'en'): string {
  const out: string[] = [
    `; <<>> kube-netlab dig <<>> ${d.name} ${d.type} (from ${d.from})`,
    `; resolv.conf: search ${d.resolvConf.search.join(' ') || '(none)'}; nameserver ${d.resolvConf.nameservers.join(' ')}; ndots:${d.resolvConf.ndots}`,
    d.queries.length === 1 ? cliText(lang, 'digQuery') : cliText(lang, 'digQueries', { n: d.queries.length }),
  ]
  d.queries.forEach((q, i) => {
    out.push('', `;; query ${i + 1}`, `;; ->>HEADER<<- opcode: QUERY, status: ${q.rcode}`, ';; QUESTION SECTION:', `;${q.name}\t\tIN\t${q.type}`)
    if (q.answers.length) out.push('', ';; ANSWER SECTION:', ...q.answers)
    if (q.authority.length) out.push('', ';; AUTHORITY SECTION:', ...q.authority)
    out.push('', `;; SERVER: ${d.resolvConf.nameservers[0] ?? '?'}#53 (${renderMessage(q.server ?? q.answeredBy, lang)}; ${renderMessage(q.answeredBy, lang)})`)
  })
  return `${out.join('\n')}\n`
}
