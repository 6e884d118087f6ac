import { describe, expect, it } from 'vitest'
import { minimapCorner } from '../../src/render/scene/minimap.js'

// A 1024×640 stage; the minimap is 180×120, 8 px from the edges.
const stage = { w: 1024, h: 640 }

describe('minimapCorner: where the minimap keeps out of the learner\'s way', () => {
  it('takes the bottom right corner when nothing is in the way', () => {
    expect(minimapCorner(stage, [])).toEqual(['right', 'bottom'])
  })

  it('leaves the packet and its box in view', () => {
    // The packet at the bottom right: the next corner, bottom left.
    expect(minimapCorner(stage, [{ x: 950, y: 600 }])).toEqual(['left', 'bottom'])
    // A box across the whole bottom: a top corner.
    expect(minimapCorner(stage, [{ x: 10, y: 540 }, { x: 1010, y: 630 }])).toEqual(['right', 'top'])
  })

  it('also leaves the Service line the trace marks in view when a corner allows', () => {
    const line = { x: 880, y: 560, w: 120, h: 16 }
    expect(minimapCorner(stage, [{ x: 300, y: 100 }], [line])).toEqual(['left', 'bottom'])
  })

  it('keeps the packet in view before the mark when no corner clears both', () => {
    // The packet near the top left, the mark along the whole bottom: top right clears the packet only.
    const packet = [{ x: 40, y: 40 }]
    const bottom = { x: 0, y: 540, w: 1024, h: 90 }
    const right = { x: 900, y: 0, w: 100, h: 640 }
    expect(minimapCorner(stage, packet, [bottom, right])).toEqual(['right', 'bottom'])
    // The packet's box over the whole stage: no corner is clear, and it stays bottom right.
    expect(minimapCorner(stage, [{ x: 0, y: 0 }, { x: 1024, y: 640 }], [{ x: 0, y: 0, w: 300, h: 200 }])).toEqual(['right', 'bottom'])
  })
})
