/**
 * Names of the packet machine's stages (for the kernel's hook map) and of the event types (for
 * the event list), in English and Korean.
 */
import type { EventType } from '../engine/trace/eventType.js'
import type { PacketStage } from '../engine/trace/types.js'
import type { Lang } from './render.js'

export const STAGE_LABELS: Record<Lang, Record<PacketStage, string>> = {
  en: {
    send: 'socket send', output: 'OUTPUT', routing: 'routing decision', input: 'INPUT', forward: 'FORWARD', postrouting: 'POSTROUTING',
    prerouting: 'PREROUTING', bridge: 'bridge', egress: 'egress device', encapsulation: 'VXLAN encapsulation', wire: 'node network',
    decapsulation: 'VXLAN decapsulation', delivery: 'socket receive',
  },
  ko: {
    send: '소켓 송신', output: 'OUTPUT', routing: '라우팅 결정', input: 'INPUT', forward: 'FORWARD', postrouting: 'POSTROUTING',
    prerouting: 'PREROUTING', bridge: '브리지', egress: '송신 장치', encapsulation: 'VXLAN 캡슐화', wire: '노드 네트워크',
    decapsulation: 'VXLAN 캡슐 해제', delivery: '소켓 수신',
  },
}

export const EVENT_LABELS: Record<Lang, Record<EventType, string>> = {
  en: {
    route: 'route', veth: 'veth', bridge: 'bridge', DNAT: 'DNAT', SNAT: 'SNAT', nat: 'nat', filter: 'filter', raw: 'raw', conntrack: 'conntrack',
    policy: 'NetworkPolicy', encap: 'encap', decap: 'decap', underlay: 'node network', deliver: 'deliver', drop: 'drop', proxy: 'proxy',
  },
  ko: {
    route: '라우팅', veth: 'veth', bridge: '브리지', DNAT: 'DNAT', SNAT: 'SNAT', nat: 'nat', filter: '필터', raw: 'raw', conntrack: 'conntrack',
    policy: 'NetworkPolicy', encap: '캡슐화', decap: '캡슐 해제', underlay: '노드 네트워크', deliver: '전달', drop: '버림', proxy: '프록시',
  },
}
