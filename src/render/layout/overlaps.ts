/**
 * The layout's promise, checked: no two labels overlap, no label pokes into a box it does not
 * belong to, and no link runs through a box that is neither of its ends' containers. Tests run
 * it on every built-in scenario and on generated clusters; it returns what it found.
 */
import { contains, intersects, type Point, type Rect } from '../geometry.js'
import type { StageLayout } from './types.js'

export interface Overlap { readonly a: string; readonly b: string }

/** Boxes a label may sit inside: the ones containing it wholly (its pod, node, checkpoint). */
export function labelOverlaps(layout: StageLayout): Overlap[] {
  const found: Overlap[] = []
  const rects = [...layout.labels.map((l) => ({ id: l.id, r: l as Rect })), ...[...layout.slots].map(([id, r]) => ({ id: `slot:${id}`, r }))]
  // Sweep by x so 50-node clusters stay fast.
  rects.sort((p, q) => p.r.x - q.r.x)
  for (let i = 0; i < rects.length; i++) {
    const a = rects[i]!
    for (let j = i + 1; j < rects.length && rects[j]!.r.x < a.r.x + a.r.w; j++) {
      if (intersects(a.r, rects[j]!.r)) found.push({ a: a.id, b: rects[j]!.id })
    }
  }
  for (const l of layout.labels) {
    for (const b of layout.boxes) {
      if (b.kind === 'bridge') continue
      if (intersects(l, b) && !contains(b, l)) found.push({ a: l.id, b: b.id })
    }
  }
  return found
}

function segmentHitsRect(p: Point, q: Point, r: Rect): boolean {
  // Links are axis-aligned segments: a segment crosses the open interior of the box.
  const x0 = Math.min(p.x, q.x), x1 = Math.max(p.x, q.x), y0 = Math.min(p.y, q.y), y1 = Math.max(p.y, q.y)
  return x1 > r.x + 0.5 && x0 < r.x + r.w - 0.5 && y1 > r.y + 0.5 && y0 < r.y + r.h - 0.5
}

/** Links that cross a box other than the boxes holding their ends. */
export function linkCrossings(layout: StageLayout): Overlap[] {
  const found: Overlap[] = []
  const holders = (id: string): Rect[] => {
    const v = layout.vertices.get(id)
    if (!v) return []
    return layout.boxes.filter((b) => v.x >= b.x - 1 && v.x <= b.x + b.w + 1 && v.y >= b.y - 1 && v.y <= b.y + b.h + 1)
  }
  for (const link of layout.links) {
    const own = new Set([...holders(link.a), ...holders(link.b)])
    for (const b of layout.boxes) {
      if (own.has(b) || b.kind === 'bridge' || b.kind === 'lb') continue
      for (let i = 1; i < link.points.length; i++) {
        if (segmentHitsRect(link.points[i - 1]!, link.points[i]!, b)) { found.push({ a: link.id, b: b.id }); break }
      }
    }
  }
  return found
}
