/**
 * The drawing's lookup of the node frame an item lies in (src/render/geometry.ts frameGrid):
 * for any rectangle, the first frame (in order) that contains it among the grid's candidates is
 * the first a scan of every frame finds, including rectangles on frame edges and in none.
 */
import { describe, expect, it } from 'vitest'
import { contains, frameGrid, type Rect } from '../../src/render/geometry.js'
import { seeded } from '../../src/engine/trace/trace.js'

describe('frameGrid', () => {
  it('finds the first frame holding a rectangle, as a scan of every frame does', () => {
    const r = seeded(7)
    for (let round = 0; round < 20; round++) {
      // Frames in a grid with gaps (as the stage lays nodes out), some of other sizes, some overlapping.
      const frames: Rect[] = []
      for (let i = 0; i < 60; i++) {
        const w = 50 + Math.floor(r() * 150), h = 40 + Math.floor(r() * 120)
        frames.push({ x: (i % 8) * 210 + r() * 20, y: Math.floor(i / 8) * 170 + r() * 20, w, h })
      }
      const near = frameGrid(frames)
      for (let k = 0; k < 2000; k++) {
        const f = frames[Math.floor(r() * frames.length)]!
        // Inside a frame, on its edges, or anywhere (between frames, outside all).
        const item: Rect = k % 3 === 0 ? { x: f.x, y: f.y, w: f.w, h: f.h }
          : k % 3 === 1 ? { x: f.x + r() * f.w, y: f.y + r() * f.h, w: r() * 20, h: r() * 10 }
            : { x: r() * 1800 - 50, y: r() * 1500 - 50, w: r() * 30, h: 0 }
        const scan = frames.findIndex((x) => contains(x, item))
        const grid = near(item.x, item.y).find((i) => contains(frames[i]!, item)) ?? -1
        expect(grid).toBe(scan)
      }
    }
    expect(frameGrid([])(1, 1)).toEqual([])
    expect(frameGrid([{ x: 0, y: 0, w: 10, h: 10 }])(Infinity, 0)).toEqual([])
  })
})
