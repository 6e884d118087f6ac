/**
 * One packet's journey, one stage of the kernel's path per step: send (socket, route lookup) →
 * [a node's own packet: output → routing] → egress (veth, eth0, a bridge port) → prerouting
 * (conntrack, nat; br_netfilter on the bridge) → bridge (FDB, bridged DNAT, hairpin) → routing
 * → input / forward → postrouting → encapsulation → wire → decapsulation → … → delivery, or an
 * end: a drop, reject, RST, TTL expiry or missing route. Each stage is a pure function over the
 * walk state in ./stages; the packet machine (packetMachine.ts) has one state per stage and
 * drives them.
 *
 * Where a new stage plugs in: add its variant to `Stage` (walkState.ts), its function to
 * STAGES below (in a file of ./stages), its name to `PacketStage` (trace/types.ts) and its
 * state with the successors it may lead to in packetMachine.ts. A new rule engine for an
 * existing hook (nftables) replaces `nfHop` in hooks.ts instead.
 */
import { msg } from '../messages/catalog.js'
import type { Netns } from '../net/world.js'
import type { PacketStage, Place } from '../trace/types.js'
import { bridge } from './stages/bridge.js'
import { forward, input, postrouting, prerouting, routing } from './stages/ipLayer.js'
import { decapsulation, egress, encapsulation, wire } from './stages/link.js'
import { delivery, output, send } from './stages/socket.js'
import { describePlace, end, MAX_STEPS, type Pkt, type Stage, type StageOf, type WalkEnv, type WalkState } from './walkState.js'

export { describePlace, MAX_STEPS, packetView } from './walkState.js'
export type { Pkt, Stage, WalkEnv, WalkState } from './walkState.js'

type StageStep<K extends PacketStage> = (env: WalkEnv, s: WalkState, st: StageOf<K>) => WalkState

/** The function of each stage. */
export const STAGES: { readonly [K in PacketStage]: StageStep<K> } = {
  send, output, routing, input, forward, postrouting, prerouting, bridge, egress, encapsulation, wire, decapsulation, delivery,
}

export const PACKET_STAGES = Object.keys(STAGES) as PacketStage[]

export function startWalk(ns: Netns, pkt: Pkt): WalkState {
  return { stage: { k: 'send', ns }, pkt, hops: [], steps: 0, rulesWalked: 0 }
}

export function isDone(s: WalkState): boolean {
  return s.stage.k === 'end'
}

function placeOf(st: Exclude<Stage, { k: 'end' }>): Place {
  return 'ns' in st ? st.ns.place : { kind: 'underlay' }
}

/** Advances the packet by one stage. */
export function step(env: WalkEnv, s: WalkState): WalkState {
  const st = s.stage
  if (st.k === 'end') return s
  if (s.steps >= MAX_STEPS) {
    const at = placeOf(st)
    return end(s, 'ttl-exceeded', msg('end.looping', { max: MAX_STEPS, place: describePlace(at) }), at)
  }
  const next = { ...s, steps: s.steps + 1 }
  return (STAGES[st.k] as StageStep<typeof st.k>)(env, next, st)
}
