/**
 * The state of one packet's walk: where in the kernel's path it is (a Stage, named like the
 * packet machine's states), the packet with its kernel-side fields, and the hops so far; plus
 * the helpers every stage uses to record a hop or end the walk.
 * Reference: ../shared/design/cni-dataplane.md §3–§5, §8.
 */
import { formatIpv4 } from '../../model/addr/ipv4.js'
import type { ModelPod } from '../../model/model.js'
import type { FdbEntry } from '../../model/node/types.js'
import { formatBridgeFdb } from '../../model/show/iproute2.js'
import { msg, type Message } from '../messages/catalog.js'
import type { ConnEntry, ConntrackTables, Tuple } from '../net/conntrack.js'
import type { routeGet } from '../net/routing.js'
import type { Netns, World } from '../net/world.js'
import type { Choice, Decision, Ethernet, Hop, Packet, PacketStage, Place } from '../trace/types.js'

/** The packet as the engine carries it: addresses as numbers, plus kernel-side state. */
export interface Pkt {
  readonly src: number
  readonly dst: number
  readonly sport: number
  readonly dport: number
  readonly proto: 'tcp' | 'udp' | 'icmp'
  readonly ttl: number
  readonly mark: number
  readonly flags?: string
  readonly payload?: string
  readonly eth?: Ethernet
  readonly outer?: Packet['outer']
}

/** Conntrack state of the packet while it crosses one node. */
export interface CtNote {
  readonly node: string
  readonly orig: Tuple
  readonly entry: ConnEntry | null
  readonly dir: 'orig' | 'reply'
  readonly dnat: boolean
  /** A raw-table NOTRACK rule matched: no conntrack entry, no nat table. */
  readonly untracked?: boolean
}

export type Route = NonNullable<ReturnType<typeof routeGet>>

/** Where a packet goes after POSTROUTING: out of a device toward a next hop, or out of a bridge port to a pod. */
export type Onward =
  | { readonly to: 'device'; readonly dev: string; readonly nexthop: number }
  | { readonly to: 'port'; readonly target: ModelPod; readonly hostPort: string }

export type Outcome = 'delivered' | 'refused' | 'timeout' | 'ttl-exceeded' | 'no-route'

/** Where the packet is: one variant per stage of the kernel's path, with what that stage needs. */
export type Stage =
  | { readonly k: 'send'; readonly ns: Netns }
  | { readonly k: 'output'; readonly ns: Netns; readonly route: Route }
  | { readonly k: 'routing'; readonly via: 'input'; readonly ns: Netns; readonly dev: string; readonly ct: CtNote | null }
  | { readonly k: 'routing'; readonly via: 'output'; readonly ns: Netns; readonly route: Route; readonly firstDst: number; readonly ct: CtNote }
  | { readonly k: 'input'; readonly ns: Netns; readonly dev: string; readonly ct: CtNote | null }
  | { readonly k: 'forward'; readonly ns: Netns; readonly ct: CtNote | null; readonly inIface: string; readonly outIface: string; readonly onward: Onward }
  | { readonly k: 'postrouting'; readonly ns: Netns; readonly outDev: string; readonly ct: CtNote | null; readonly onward: Onward }
  | { readonly k: 'prerouting'; readonly ns: Netns; readonly dev: string; readonly bridgePort?: string }
  | { readonly k: 'bridge'; readonly via: 'in'; readonly ns: Netns; readonly bridge: string; readonly inPort: string; readonly ct: CtNote }
  | { readonly k: 'bridge'; readonly via: 'out'; readonly ns: Netns; readonly bridge: string; readonly nexthop: number }
  | { readonly k: 'egress'; readonly via: 'device'; readonly ns: Netns; readonly dev: string; readonly nexthop: number }
  | { readonly k: 'egress'; readonly via: 'port'; readonly ns: Netns; readonly target: ModelPod; readonly hostPort: string }
  | { readonly k: 'encapsulation'; readonly ns: Netns; readonly dev: string; readonly nexthop: number }
  | { readonly k: 'wire'; readonly from: Netns; readonly nexthop: number }
  | { readonly k: 'decapsulation'; readonly ns: Netns }
  | { readonly k: 'delivery'; readonly ns: Netns; readonly ct: CtNote | null }
  | { readonly k: 'end'; readonly outcome: Outcome; readonly reason: Message; readonly at: Place }

export type StageOf<K extends Stage['k']> = Extract<Stage, { k: K }>

export interface WalkState {
  readonly stage: Stage
  readonly pkt: Pkt
  readonly hops: readonly Hop[]
  readonly steps: number
  readonly rulesWalked: number
}

/** What a walk shares across its packets: choices, randomness, conntrack, affinity. */
export interface WalkEnv {
  readonly world: World
  readonly conntrack: ConntrackTables
  readonly choices: Choice[]
  readonly rng: () => number
  /** Pin the endpoint `statistic` picks: an IP, IP:port or pod name. */
  readonly pick?: string | undefined
  /** The same for DNS queries: which CoreDNS replica kube-proxy sends them to. */
  readonly dnsPick?: string | undefined
  /** Whether this walk carries a DNS query (its choices are labelled so). */
  readonly phase?: 'dns' | 'connection'
}

/**
 * Stage transitions before a walk is declared a loop. A packet crossing a node takes about ten;
 * TTL 64 ends any routing loop well before this, so only a loop without TTL (a bridge) gets here.
 */
export const MAX_STEPS = 1000

export function packetView(p: Pkt): Packet {
  const out: { -readonly [K in keyof Packet]: Packet[K] } = {
    src: formatIpv4(p.src), dst: formatIpv4(p.dst), ttl: p.ttl, proto: p.proto, sport: p.sport, dport: p.dport,
  }
  if (p.eth) out.eth = p.eth
  if (p.flags) out.flags = p.flags
  if (p.payload) out.payload = p.payload
  if (p.outer) out.outer = p.outer
  return out
}

export const ip = formatIpv4
export const ep = (a: number, port: number): string => `${ip(a)}:${port}`
export const tupleOf = (p: Pkt): Tuple => ({ proto: p.proto, src: p.src, sport: p.sport, dst: p.dst, dport: p.dport })

export function describePlace(p: Place): Message {
  switch (p.kind) {
    case 'pod': return msg('place.pod', { pod: p.pod, node: p.node })
    case 'node': return msg('place.node', { node: p.node })
    case 'external': return msg('place.external', { client: p.client })
    case 'underlay': return msg('place.underlay')
  }
}

export type HopInput = Omit<Hop, 'before' | 'after' | 'stage'> & { before?: Pkt; after: Pkt }

/**
 * Records a hop at the stage the walk is in and moves on to `next` (the same stage while a
 * stage records several hops).
 */
export function hop(s: WalkState, h: HopInput, next: Stage, walked = 0): WalkState {
  const stage = s.stage.k as PacketStage
  const full: Hop = { stage, ...h, before: packetView(h.before ?? s.pkt), after: packetView(h.after) }
  return { ...s, stage: next, pkt: h.after, hops: [...s.hops, full], rulesWalked: s.rulesWalked + walked }
}

/** Moves to the next stage without a hop (a decision the kernel makes silently). */
export function goTo(s: WalkState, next: Stage, pkt: Pkt = s.pkt): WalkState {
  return { ...s, stage: next, pkt }
}

export function end(s: WalkState, outcome: Outcome, reason: Message, at: Place): WalkState {
  return { ...s, stage: { k: 'end', outcome, reason, at } }
}

/** One line of `bridge fdb show`, formatted alone (a node's FDB grows with the cluster). */
export function fdbLine(fdb: readonly FdbEntry[], index: number): string {
  const e = fdb[index]
  return e ? formatBridgeFdb([e]).trimEnd() : ''
}

export function routeDecision(ns: Netns, r: ReturnType<typeof routeGet>): Decision[] {
  return r && !r.local ? [{ what: 'route', view: `${ns.ref} route`, line: r.line, text: r.text }] : []
}

/**
 * A packet arriving in a netns on `dev`: a pod or an outside host goes straight to its routing
 * decision; a node first unwraps VXLAN addressed to it, and otherwise meets PREROUTING unless
 * br_netfilter already ran it (a conntrack note from the bridge).
 */
export function arrive(w: World, ns: Netns, dev: string, ct: CtNote | null, pkt: Pkt): Stage {
  const place = ns.place
  if (place.kind !== 'node') return { k: 'routing', via: 'input', ns, dev, ct }
  if (pkt.outer && pkt.outer.dst === ip(w.node(place.node).ip)) return { k: 'decapsulation', ns }
  if (ct) return { k: 'routing', via: 'input', ns, dev, ct }
  return { k: 'prerouting', ns, dev }
}
