/**
 * The packet's journey as an xstate machine whose states are the stages of the kernel's path
 * (send, output, routing, input, forward, postrouting, prerouting, bridge, egress,
 * encapsulation, wire, decapsulation, delivery) and whose final states are the outcomes
 * (delivered, refused, timeout, ttlExceeded, noRoute). Each STEP runs the current stage's
 * action (the pure stage function of ./stages); named guards then move the machine to the stage
 * the walk reached, among the successors the kernel's path allows from here. The engine runs it
 * headlessly to the end; the browser can drive the same machine one STEP at a time, and the
 * machine's state is the hook map's lit stage.
 */
import { assign, createActor, setup } from 'xstate'
import type { PacketStage } from '../trace/types.js'
import { MAX_STEPS, step, type WalkEnv, type WalkState } from './walker.js'
import type { Outcome } from './walkState.js'

export interface PacketContext {
  readonly env: WalkEnv
  readonly walk: WalkState
}

type Ctx = { context: PacketContext }
type PacketEvent = { type: 'STEP' }

const at = (k: PacketStage) => ({ context }: Ctx): boolean => context.walk.stage.k === k
const ended = (o: Outcome) => ({ context }: Ctx): boolean => context.walk.stage.k === 'end' && context.walk.stage.outcome === o

/** The action of a stage: it runs only while the walk is in that stage (machine and walk agree). */
const run = (k: PacketStage) => assign<PacketContext, PacketEvent, undefined, PacketEvent, never>({
  walk: ({ context }: Ctx): WalkState => {
    if (context.walk.stage.k !== k) throw new Error(`packet machine in ${k}, walk in ${context.walk.stage.k}`)
    return step(context.env, context.walk)
  },
})

export const packetMachine = setup({
  types: {
    context: {} as PacketContext,
    input: {} as PacketContext,
    events: {} as PacketEvent,
  },
  guards: {
    atSend: at('send'), atOutput: at('output'), atRouting: at('routing'), atInput: at('input'), atForward: at('forward'),
    atPostrouting: at('postrouting'), atPrerouting: at('prerouting'), atBridge: at('bridge'), atEgress: at('egress'),
    atEncapsulation: at('encapsulation'), atWire: at('wire'), atDecapsulation: at('decapsulation'), atDelivery: at('delivery'),
    isDelivered: ended('delivered'), isRefused: ended('refused'), isTimeout: ended('timeout'), isTtlExceeded: ended('ttl-exceeded'), isNoRoute: ended('no-route'),
  },
  actions: {
    send: run('send'), output: run('output'), routing: run('routing'), input: run('input'), forward: run('forward'),
    postrouting: run('postrouting'), prerouting: run('prerouting'), bridge: run('bridge'), egress: run('egress'),
    encapsulation: run('encapsulation'), wire: run('wire'), decapsulation: run('decapsulation'), delivery: run('delivery'),
  },
}).createMachine({
  id: 'packet',
  context: ({ input }) => input,
  initial: 'send',
  states: {
    // The socket: route lookup; a node's own packet goes on to its OUTPUT hooks.
    send: {
      on: { STEP: { actions: 'send' } },
      always: [{ guard: 'atEgress', target: 'egress' }, { guard: 'atOutput', target: 'output' }, { guard: 'atDelivery', target: 'delivery' }, { guard: 'isNoRoute', target: 'noRoute' }],
    },
    // raw/conntrack/nat OUTPUT and filter OUTPUT, then the reroute.
    output: {
      on: { STEP: { actions: 'output' } },
      always: [{ guard: 'atRouting', target: 'routing' }, { guard: 'isRefused', target: 'refused' }, { guard: 'isTimeout', target: 'timeout' }],
    },
    // The routing decision: local (INPUT), forward (FORWARD), or a node's own packet out (POSTROUTING).
    routing: {
      on: { STEP: { actions: 'routing' } },
      always: [
        { guard: 'atInput', target: 'input' }, { guard: 'atForward', target: 'forward' }, { guard: 'atPostrouting', target: 'postrouting' },
        { guard: 'atDelivery', target: 'delivery' }, { guard: 'isNoRoute', target: 'noRoute' }, { guard: 'isTtlExceeded', target: 'ttlExceeded' },
        { guard: 'isTimeout', target: 'timeout' },
      ],
    },
    input: {
      on: { STEP: { actions: 'input' } },
      always: [{ guard: 'atDelivery', target: 'delivery' }, { guard: 'isRefused', target: 'refused' }, { guard: 'isTimeout', target: 'timeout' }],
    },
    forward: {
      on: { STEP: { actions: 'forward' } },
      always: [{ guard: 'atPostrouting', target: 'postrouting' }, { guard: 'isRefused', target: 'refused' }, { guard: 'isTimeout', target: 'timeout' }],
    },
    postrouting: {
      on: { STEP: { actions: 'postrouting' } },
      always: [{ guard: 'atEgress', target: 'egress' }],
    },
    // conntrack and nat PREROUTING (on a bridge: br_netfilter), then the bridge or the routing decision.
    prerouting: {
      on: { STEP: { actions: 'prerouting' } },
      always: [{ guard: 'atBridge', target: 'bridge' }, { guard: 'atRouting', target: 'routing' }, { guard: 'isTimeout', target: 'timeout' }],
    },
    // Up to the host's IP layer, or bridged to a pod (FORWARD, POSTROUTING by br_netfilter), or out of a port.
    bridge: {
      on: { STEP: { actions: 'bridge' } },
      always: [
        { guard: 'atRouting', target: 'routing' }, { guard: 'atDecapsulation', target: 'decapsulation' }, { guard: 'atForward', target: 'forward' },
        { guard: 'atEgress', target: 'egress' }, { guard: 'isTimeout', target: 'timeout' },
      ],
    },
    // A device transmits: veth to the bridge, eth0 to the node network, a VTEP, a bridge port into a pod, lo.
    egress: {
      on: { STEP: { actions: 'egress' } },
      always: [
        { guard: 'atPrerouting', target: 'prerouting' }, { guard: 'atBridge', target: 'bridge' }, { guard: 'atEncapsulation', target: 'encapsulation' },
        { guard: 'atWire', target: 'wire' }, { guard: 'atRouting', target: 'routing' }, { guard: 'atDelivery', target: 'delivery' },
        { guard: 'isNoRoute', target: 'noRoute' }, { guard: 'isTimeout', target: 'timeout' },
      ],
    },
    encapsulation: {
      on: { STEP: { actions: 'encapsulation' } },
      always: [{ guard: 'atEgress', target: 'egress' }, { guard: 'isNoRoute', target: 'noRoute' }, { guard: 'isTimeout', target: 'timeout' }],
    },
    wire: {
      on: { STEP: { actions: 'wire' } },
      always: [
        { guard: 'atPrerouting', target: 'prerouting' }, { guard: 'atDecapsulation', target: 'decapsulation' }, { guard: 'atRouting', target: 'routing' },
        { guard: 'isTimeout', target: 'timeout' },
      ],
    },
    decapsulation: {
      on: { STEP: { actions: 'decapsulation' } },
      always: [{ guard: 'atPrerouting', target: 'prerouting' }, { guard: 'atRouting', target: 'routing' }],
    },
    delivery: {
      on: { STEP: { actions: 'delivery' } },
      always: [{ guard: 'isDelivered', target: 'delivered' }, { guard: 'isRefused', target: 'refused' }],
    },
    delivered: { type: 'final' },
    refused: { type: 'final' },
    timeout: { type: 'final' },
    ttlExceeded: { type: 'final' },
    noRoute: { type: 'final' },
  },
})

/** Runs one packet to the end of its journey. */
export function runPacket(env: WalkEnv, start: WalkState): WalkState {
  const actor = createActor(packetMachine, { input: { env, walk: start } })
  actor.start()
  for (let i = 0; i <= MAX_STEPS + 1 && actor.getSnapshot().status !== 'done'; i++) actor.send({ type: 'STEP' })
  const walk = actor.getSnapshot().context.walk
  actor.stop()
  if (walk.stage.k !== 'end') throw new Error(`packet machine stopped in ${String(actor.getSnapshot().value)} with the walk in ${walk.stage.k}`)
  return walk
}
