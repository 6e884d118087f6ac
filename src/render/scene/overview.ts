/**
 * A big cluster seen from afar: each node one box and the node network its lines, in one
 * Graphics. At a zoom where a 1,000-node cluster fits the stage a node is a few dozen pixels
 * wide and none of its ~65 drawn parts can be made out, but drawing them all cost the page
 * one to three seconds per frame (pixi walks every object; canvas 2D fills every path). The
 * scene shows this overview instead until the camera comes close enough to read a node.
 */
import type { Graphics } from 'pixi.js'
import { contains, type Rect } from '../geometry.js'
import type { StageLayout } from '../layout/types.js'
import type { Theme } from './theme.js'

/** Clusters with more nodes than this get an overview (the frame-time clusters of the bench have 10 and 50). */
export const OVERVIEW_FROM_NODES = 100
/** Below this zoom (world units per pixel > 1/0.15) the overview is shown instead of the nodes. */
export const OVERVIEW_BELOW_ZOOM = 0.15

export const wantsOverview = (layout: StageLayout | null, zoom: number): boolean =>
  layout !== null && layout.nodes.length > OVERVIEW_FROM_NODES && zoom < OVERVIEW_BELOW_ZOOM

export function drawOverview(g: Graphics, layout: StageLayout, theme: Theme): void {
  g.clear()
  if (layout.nodes.length <= OVERVIEW_FROM_NODES) return
  const node = theme.box.node
  for (const n of layout.nodes) g.rect(n.box.x, n.box.y, n.box.w, n.box.h)
  g.fill(node.fill).stroke({ width: 6, color: node.stroke })
  // The pods of each node as one band (the rectangle around them), so a node's load is still
  // visible from afar: one rectangle per node, not one per pod — 32,000 pods' rectangles cost
  // canvas 2D ~50 ms a frame (bench/traceDump.ts: the longest task while a dump loads).
  const pod = theme.box.pod
  const bands = podBands(layout)
  for (const r of bands) g.rect(r.x, r.y, r.w, r.h)
  if (bands.length) g.fill(pod.fill)
  const line = theme.link.underlay
  for (const l of layout.links) {
    if (l.kind !== 'underlay') continue
    const [a, ...rest] = l.points
    if (!a) continue
    g.moveTo(a.x, a.y)
    for (const p of rest) g.lineTo(p.x, p.y)
  }
  g.stroke({ width: Math.max(4, line.width * 4), color: line.color })
}

/** Per node with pods, the rectangle around its pods' boxes (pods outside every node: none). */
export function podBands(layout: StageLayout): Rect[] {
  const nodes = layout.nodes
  const band = new Map<number, { x0: number; y0: number; x1: number; y1: number }>()
  // The layout lists a node's boxes together: try the last node first.
  let last = 0
  for (const b of layout.boxes) {
    if (b.kind !== 'pod') continue
    const i = nodes[last] && contains(nodes[last]!.box, b) ? last : nodes.findIndex((n) => contains(n.box, b))
    if (i < 0) continue
    last = i
    const r = band.get(i)
    if (!r) band.set(i, { x0: b.x, y0: b.y, x1: b.x + b.w, y1: b.y + b.h })
    else { r.x0 = Math.min(r.x0, b.x); r.y0 = Math.min(r.y0, b.y); r.x1 = Math.max(r.x1, b.x + b.w); r.y1 = Math.max(r.y1, b.y + b.h) }
  }
  return [...band.values()].map((r) => ({ x: r.x0, y: r.y0, w: r.x1 - r.x0, h: r.y1 - r.y0 }))
}
