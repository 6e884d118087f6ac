/**
 * The packet's journey as an xstate machine: `moving` takes one hop per STEP event (the pure
 * `step` of walker.ts) until the walk ends in `arrived`. The engine runs it headlessly to the
 * end; the browser can drive the same machine one STEP at a time.
 */
import { assign, createActor, setup } from 'xstate'
import { isDone, MAX_STEPS, step, type WalkEnv, type WalkState } from './walker.js'

export interface PacketContext {
  readonly env: WalkEnv
  readonly walk: WalkState
}

export const packetMachine = setup({
  types: {
    context: {} as PacketContext,
    input: {} as PacketContext,
    events: {} as { type: 'STEP' },
  },
  guards: {
    ended: ({ context }) => isDone(context.walk),
  },
  actions: {
    advance: assign({ walk: ({ context }) => step(context.env, context.walk) }),
  },
}).createMachine({
  id: 'packet',
  context: ({ input }) => input,
  initial: 'moving',
  states: {
    moving: {
      always: { guard: 'ended', target: 'arrived' },
      on: { STEP: { actions: 'advance' } },
    },
    arrived: { type: 'final' },
  },
})

/** Runs one packet to the end of its journey. */
export function runPacket(env: WalkEnv, start: WalkState): WalkState {
  const actor = createActor(packetMachine, { input: { env, walk: start } })
  actor.start()
  for (let i = 0; i <= MAX_STEPS + 1 && actor.getSnapshot().status !== 'done'; i++) actor.send({ type: 'STEP' })
  const walk = actor.getSnapshot().context.walk
  actor.stop()
  return walk
}
