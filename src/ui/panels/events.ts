/**
 * A trace's steps as events, the way Packet Tracer's event list reads: where each happened
 * (namespace and interface), its type (route, bridge, veth, DNAT, SNAT, encap, …) and a one-line
 * summary, grouped by phase. Pure: the event list panel and its tests share it.
 */
import type { Step } from '../../render/tracePath.js'
import type { Key } from '../i18n.js'

export type EventType =
  | 'send' | 'route' | 'veth' | 'bridge' | 'dnat' | 'snat' | 'filter' | 'conntrack' | 'encap' | 'wire' | 'decap'
  | 'deliver' | 'drop' | 'policy' | 'dns-query' | 'dns-answer' | 'http'

export const TYPE_LABEL: Record<EventType, Key> = {
  send: 'tySend', route: 'tyRoute', veth: 'tyVeth', bridge: 'tyBridge', dnat: 'tyDnat', snat: 'tySnat', filter: 'tyFilter',
  conntrack: 'tyConntrack', encap: 'tyEncap', wire: 'tyWire', decap: 'tyDecap', deliver: 'tyDeliver', drop: 'tyDrop', policy: 'tyPolicy',
  'dns-query': 'tyDnsQuery', 'dns-answer': 'tyDnsAnswer', http: 'tyHttp',
}

export function eventType(s: Step): EventType {
  if (s.kind === 'dns') return s.answer ? 'dns-answer' : 'dns-query'
  const h = s.hop
  const natted = (a: string, b: string, p: number, q: number): boolean => a !== b || p !== q
  switch (h.kind) {
    case 'netfilter': case 'conntrack':
      if (natted(h.before.dst, h.after.dst, h.before.dport, h.after.dport)) return 'dnat'
      if (natted(h.before.src, h.after.src, h.before.sport, h.after.sport)) return 'snat'
      return h.kind === 'conntrack' ? 'conntrack' : 'filter'
    case 'vxlan-encap': return 'encap'
    case 'vxlan-decap': return 'decap'
    case 'underlay': return 'wire'
    case 'deliver': return h.after.payload?.startsWith('HTTP') ? 'http' : 'deliver'
    case 'drop': case 'reject': case 'rst': case 'ttl-exceeded': case 'no-route': return 'drop'
    case 'route': case 'veth': case 'bridge': case 'policy': case 'send': return h.kind
    default: return 'route'
  }
}

/** The namespace and interface a step happened at: `node1 · cni0`, `pod default/client · eth0`. */
export function stepAt(s: Step, dnsServer: string): string {
  if (s.kind === 'dns') return dnsServer
  const p = s.hop.place
  const ns = p.kind === 'pod' ? `pod ${p.pod}` : p.kind === 'node' ? p.node : p.kind === 'external' ? p.client : 'node network'
  return s.hop.device ? `${ns} · ${s.hop.device}` : ns
}

/** src → dst, and what changed, in one line. */
export function stepSummary(s: Step): string {
  if (s.kind === 'dns') {
    const q = s.query
    return s.answer ? `${q.rcode}${q.answers.length ? ` ${q.answers.map((a) => a.split(/\s+/).slice(3).join(' ')).join(', ')}` : ''}` : `${q.type} ${q.name}`
  }
  const b = s.hop.before, a = s.hop.after
  const flow = `${a.src}:${a.sport} → ${a.dst}:${a.dport}`
  if (b.dst !== a.dst || b.dport !== a.dport) return `${flow}  (dst was ${b.dst}:${b.dport})`
  if (b.src !== a.src || b.sport !== a.sport) return `${flow}  (src was ${b.src}:${b.sport})`
  if (!b.outer && a.outer) return `${flow} in ${a.outer.src} → ${a.outer.dst} UDP ${a.outer.dport}`
  return flow
}

export type PhaseKey = 'phDns' | 'phForward' | 'phForwardIngress' | 'phUpstream' | 'phUpstreamReply' | 'phReply'

export function phaseKey(s: Step, ingress: boolean): PhaseKey {
  switch (s.phase) {
    case 'dns': return 'phDns'
    case 'forward': return ingress ? 'phForwardIngress' : 'phForward'
    case 'upstream': return 'phUpstream'
    case 'upstream-reply': return 'phUpstreamReply'
    case 'reply': return 'phReply'
  }
}

/** The step a trace opens on: the source's first packet, not a DNS server. */
export function firstPacketStep(steps: readonly Step[]): number {
  const i = steps.findIndex((s) => s.kind === 'hop')
  return i < 0 ? 0 : i
}
