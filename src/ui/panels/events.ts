/**
 * A trace's steps as events, the way Packet Tracer's event list reads: where each happened
 * (namespace and interface), its type (route, bridge, veth, DNAT, SNAT, encap, …) and a one-line
 * summary, grouped by phase. Pure: the event list panel and its tests share it.
 */
import { eventType as hopEventType, type EventType as HopEventType } from '../../engine/trace/eventType.js'
import { EVENT_LABELS } from '../../i18n/labels.js'
import type { Step } from '../../render/tracePath.js'
import { currentLang, t, tf } from '../i18n.js'

/** The engine's hop types, plus what only the page shows as events: DNS queries and answers, HTTP. */
export type EventType = HopEventType | 'dns-query' | 'dns-answer' | 'http'

export function eventType(s: Step): EventType {
  if (s.kind === 'dns') return s.answer ? 'dns-answer' : 'dns-query'
  if (s.hop.kind === 'deliver' && /^(GET|POST|PUT|HEAD|DELETE|HTTP)/.test(s.hop.after.payload ?? '')) return 'http'
  return hopEventType(s.hop)
}

export function eventLabel(type: EventType): string {
  switch (type) {
    case 'dns-query': return t('tyDnsQuery')
    case 'dns-answer': return t('tyDnsAnswer')
    case 'http': return t('tyHttp')
    default: return EVENT_LABELS[currentLang()][type]
  }
}

/** The namespace and interface a step happened at: `node1 · cni0`, `pod default/client · eth0`. */
export function stepAt(s: Step, dnsServer: string): string {
  if (s.kind === 'dns') return dnsServer
  const p = s.hop.place
  const ns = p.kind === 'pod' ? `pod ${p.pod}` : p.kind === 'node' ? p.node : p.kind === 'external' ? p.client : t('stNodeNetwork')
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
  if (s.hop.kind === 'proxy') return tf('evProxy', { flow })
  if (b.dst !== a.dst || b.dport !== a.dport) return `${flow}  (${tf('evDstWas', { was: `${b.dst}:${b.dport}` })})`
  if (b.src !== a.src || b.sport !== a.sport) return `${flow}  (${tf('evSrcWas', { was: `${b.src}:${b.sport}` })})`
  if (!b.outer && a.outer) return `${flow}  (${tf('evInside', { outer: `${a.outer.src} → ${a.outer.dst} UDP ${a.outer.dport}` })})`
  return flow
}

export type PhaseKey = 'phDns' | 'phForward' | 'phForwardIngress' | 'phForwardGateway' | 'phUpstream' | 'phUpstreamReply' | 'phReply'

export function phaseKey(s: Step, proxy: 'ingress' | 'gateway' | null): PhaseKey {
  switch (s.phase) {
    case 'dns': return 'phDns'
    case 'forward': return proxy === 'gateway' ? 'phForwardGateway' : proxy === 'ingress' ? 'phForwardIngress' : 'phForward'
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
