/**
 * Playback of a trace's steps as an xstate machine: paused or playing over steps 0..total-1,
 * with step forward/back, start/end, seek and speed. The page sends events (buttons, keys,
 * the scrubber) and draws the current step; `TICK` advances while playing.
 */
import { assign, setup } from 'xstate'

export interface PlaybackContext {
  readonly index: number
  readonly total: number
  /** Steps per second. */
  readonly speed: number
}

export type PlaybackEvent =
  | { type: 'LOAD'; total: number }
  | { type: 'PLAY' } | { type: 'PAUSE' } | { type: 'TOGGLE' }
  | { type: 'NEXT' } | { type: 'PREV' } | { type: 'START' } | { type: 'END' }
  | { type: 'SEEK'; index: number } | { type: 'SPEED'; speed: number } | { type: 'TICK' }

const clamp = (i: number, total: number): number => Math.max(0, Math.min(Math.max(0, total - 1), i))

export const playbackMachine = setup({
  types: { context: {} as PlaybackContext, events: {} as PlaybackEvent },
  guards: {
    atEnd: ({ context }) => context.index >= context.total - 1,
    nextIsEnd: ({ context }) => context.index + 1 >= context.total - 1,
  },
  actions: {
    load: assign(({ event }) => (event.type === 'LOAD' ? { index: 0, total: event.total } : {})),
    next: assign(({ context }) => ({ index: clamp(context.index + 1, context.total) })),
    prev: assign(({ context }) => ({ index: clamp(context.index - 1, context.total) })),
    start: assign({ index: 0 }),
    end: assign(({ context }) => ({ index: clamp(context.total - 1, context.total) })),
    seek: assign(({ context, event }) => (event.type === 'SEEK' ? { index: clamp(event.index, context.total) } : {})),
    speed: assign(({ event }) => (event.type === 'SPEED' ? { speed: Math.max(0.25, Math.min(8, event.speed)) } : {})),
  },
}).createMachine({
  id: 'playback',
  context: { index: 0, total: 0, speed: 1 },
  initial: 'paused',
  on: {
    LOAD: { target: '.paused', actions: 'load' },
    NEXT: { target: '.paused', actions: 'next' },
    PREV: { target: '.paused', actions: 'prev' },
    START: { target: '.paused', actions: 'start' },
    END: { target: '.paused', actions: 'end' },
    SEEK: { target: '.paused', actions: 'seek' },
    SPEED: { actions: 'speed' },
  },
  states: {
    paused: {
      on: {
        PLAY: [{ guard: 'atEnd', target: 'playing', actions: 'start' }, { target: 'playing' }],
        TOGGLE: [{ guard: 'atEnd', target: 'playing', actions: 'start' }, { target: 'playing' }],
      },
    },
    playing: {
      on: {
        PAUSE: 'paused',
        TOGGLE: 'paused',
        // Stop on the last step itself, not one tick later.
        TICK: [{ guard: 'atEnd', target: 'paused' }, { guard: 'nextIsEnd', target: 'paused', actions: 'next' }, { actions: 'next' }],
      },
    },
  },
})
