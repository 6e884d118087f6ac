/** The camera's maths: fit, zoom around the pointer, follow with minimal movement, easing. */
import { describe, expect, it } from 'vitest'
import { approach, fit, follow, screenToWorld, settled, worldToScreen, zoomAt, type Camera } from '../../src/render/camera.js'

const vp = { w: 800, h: 600 }

describe('camera', () => {
  it('fit shows the whole rectangle, centred', () => {
    const r = { x: 100, y: 50, w: 1600, h: 900 }
    const c = fit(r, vp, 10)
    for (const p of [{ x: r.x, y: r.y }, { x: r.x + r.w, y: r.y + r.h }]) {
      const s = worldToScreen(c, vp, p)
      expect(s.x).toBeGreaterThanOrEqual(9.99)
      expect(s.x).toBeLessThanOrEqual(790.01)
      expect(s.y).toBeGreaterThanOrEqual(9.99)
      expect(s.y).toBeLessThanOrEqual(590.01)
    }
    expect(c.zoom).toBeCloseTo(0.4875, 4)
  })

  it('zoomAt keeps the world point under the pointer where it is', () => {
    const c: Camera = { x: 300, y: 200, zoom: 0.7 }
    const pointer = { x: 123, y: 456 }
    const before = screenToWorld(c, vp, pointer)
    const z = zoomAt(c, vp, pointer, 1.8)
    const after = screenToWorld(z, vp, pointer)
    expect(z.zoom).toBeCloseTo(1.26, 6)
    expect(after.x).toBeCloseTo(before.x, 6)
    expect(after.y).toBeCloseTo(before.y, 6)
  })

  it('follow zooms to the preferred scale when the hops fit there and pans only as far as needed', () => {
    const c: Camera = { x: 400, y: 300, zoom: 0.5 }
    const r = { x: 900, y: 280, w: 100, h: 40 }
    const f = follow(c, vp, r, { margin: 20, preferZoom: 1, minZoom: 0.3 })
    expect(f.zoom).toBe(1)
    const a = worldToScreen(f, vp, { x: r.x, y: r.y }), b = worldToScreen(f, vp, { x: r.x + r.w, y: r.y + r.h })
    expect(a.x).toBeGreaterThanOrEqual(20 - 1e-9)
    expect(b.x).toBeLessThanOrEqual(780 + 1e-9)
    // Only the right margin was reached: the rectangle sits against it, not in the middle.
    expect(b.x).toBeCloseTo(780, 6)
    // Already in view: nothing moves.
    expect(follow(f, vp, { x: r.x - 50, y: r.y, w: 10, h: 10 }, { margin: 20, preferZoom: 1, minZoom: 0.3 })).toEqual(f)
  })

  it('follow zooms out to fit hops that are far apart, never below the whole cluster', () => {
    const c: Camera = { x: 0, y: 0, zoom: 1 }
    const f = follow(c, vp, { x: 0, y: 0, w: 3000, h: 100 }, { margin: 20, preferZoom: 1, minZoom: 0.5 })
    expect(f.zoom).toBe(0.5)
    const g = follow(c, vp, { x: 0, y: 0, w: 1200, h: 100 }, { margin: 20, preferZoom: 1, minZoom: 0.2 })
    expect(g.zoom).toBeCloseTo(760 / 1200, 6)
  })

  it('approach converges and then settles exactly on the target', () => {
    let c: Camera = { x: 0, y: 0, zoom: 0.5 }
    const target = { x: 500, y: -200, zoom: 1.5 }
    let frames = 0
    while (c !== target && frames < 500) { c = approach(c, target, 16); frames++ }
    expect(c).toBe(target)
    expect(frames).toBeLessThan(200)
    expect(settled(c, target)).toBe(true)
  })
})
