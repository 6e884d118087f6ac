/**
 * What a hop did, as one word for an event list (Packet Tracer's "type" column), read from the
 * hop's data: its kind, the netfilter hook data the packet machine recorded, and which header
 * fields changed. A nat hop that rewrote the destination is DNAT, one that rewrote the source
 * SNAT (MASQUERADE); conntrack's translations of a reply are `conntrack`.
 */
import type { Hop } from './types.js'

export type EventType =
  | 'route' | 'veth' | 'bridge' | 'DNAT' | 'SNAT' | 'nat' | 'filter' | 'raw' | 'conntrack' | 'policy'
  | 'encap' | 'decap' | 'underlay' | 'deliver' | 'drop' | 'proxy'

export const EVENT_TYPES: readonly EventType[] = [
  'route', 'veth', 'bridge', 'DNAT', 'SNAT', 'nat', 'filter', 'raw', 'conntrack', 'policy', 'encap', 'decap', 'underlay', 'deliver', 'drop', 'proxy',
]

export function eventType(h: Hop): EventType {
  switch (h.kind) {
    case 'send': case 'route': case 'loopback': return 'route'
    case 'veth': return 'veth'
    case 'bridge': return 'bridge'
    case 'conntrack': return 'conntrack'
    case 'policy': return 'policy'
    case 'vxlan-encap': return 'encap'
    case 'vxlan-decap': return 'decap'
    case 'underlay': return 'underlay'
    case 'deliver': case 'dns': return 'deliver'
    // A Gateway's proxy reading the request and choosing a backend (engine/trace/throughGateway.ts).
    case 'proxy': return 'proxy'
    case 'drop': case 'reject': case 'rst': case 'ttl-exceeded': case 'no-route': return 'drop'
    case 'netfilter': {
      const tables = h.netfilter?.tables ?? []
      if (tables.includes('nat')) {
        if (h.after.dst !== h.before.dst || h.after.dport !== h.before.dport) return 'DNAT'
        if (h.after.src !== h.before.src || h.after.sport !== h.before.sport) return 'SNAT'
        return 'nat'
      }
      return tables.includes('raw') ? 'raw' : 'filter'
    }
  }
}
