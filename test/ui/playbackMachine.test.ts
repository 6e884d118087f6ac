import { createActor } from 'xstate'
import { describe, expect, it } from 'vitest'
import { playbackMachine } from '../../src/ui/playbackMachine.js'

describe('playback machine', () => {
  const actor = () => { const a = createActor(playbackMachine).start(); a.send({ type: 'LOAD', total: 4 }); return a }

  it('steps, clamps at both ends, seeks and jumps', () => {
    const a = actor()
    a.send({ type: 'PREV' })
    expect(a.getSnapshot().context.index).toBe(0)
    a.send({ type: 'NEXT' }); a.send({ type: 'NEXT' })
    expect(a.getSnapshot().context.index).toBe(2)
    a.send({ type: 'END' }); a.send({ type: 'NEXT' })
    expect(a.getSnapshot().context.index).toBe(3)
    a.send({ type: 'SEEK', index: 99 })
    expect(a.getSnapshot().context.index).toBe(3)
    a.send({ type: 'START' })
    expect(a.getSnapshot().context.index).toBe(0)
  })

  it('plays tick by tick and pauses on the last step; play at the end starts over', () => {
    const a = actor()
    a.send({ type: 'PLAY' })
    expect(a.getSnapshot().matches('playing')).toBe(true)
    a.send({ type: 'TICK' }); a.send({ type: 'TICK' })
    expect(a.getSnapshot().matches('playing')).toBe(true)
    a.send({ type: 'TICK' })
    expect(a.getSnapshot().context.index).toBe(3)
    expect(a.getSnapshot().matches('paused')).toBe(true)
    a.send({ type: 'TOGGLE' })
    expect(a.getSnapshot().context.index).toBe(0)
    a.send({ type: 'NEXT' })
    expect(a.getSnapshot().matches('paused')).toBe(true)
  })

  it('keeps the speed within 0.25-8 steps a second', () => {
    const a = actor()
    a.send({ type: 'SPEED', speed: 100 })
    expect(a.getSnapshot().context.speed).toBe(8)
  })
})
