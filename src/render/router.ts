/**
 * The packet travels only along drawn links: the layout's links form a graph (veth, bridge,
 * the host's trunk, wires, the node network bus), and the way from one hop's place to the next
 * is the shortest path through it, as a polyline.
 */
import type { Point } from './geometry.js'
import type { StageLayout } from './layout/types.js'

interface Edge { readonly to: string; readonly points: readonly Point[]; readonly len: number }
type Graph = Map<string, Edge[]>

const graphs = new WeakMap<StageLayout, Graph>()

function graphOf(layout: StageLayout): Graph {
  const steps = buildGraph(layout)
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value
  }
}

/**
 * Builds (and keeps) the layout's link graph a slice at a time: at 1,000 nodes it has ~100,000
 * links, a 150–200 ms task when the first route asks for it. The stage runs this with the
 * layout's own slices, so the trace's paths are found at once.
 */
export function* prepareRoutes(layout: StageLayout): Generator<void, void> {
  yield* buildGraph(layout)
}

function* buildGraph(layout: StageLayout): Generator<void, Graph> {
  let g = graphs.get(layout)
  if (g) return g
  g = new Map()
  const add = (a: string, b: string, points: readonly Point[]): void => {
    let len = 0
    for (let i = 1; i < points.length; i++) len += Math.abs(points[i]!.x - points[i - 1]!.x) + Math.abs(points[i]!.y - points[i - 1]!.y)
    const list = g!.get(a)
    const e = { to: b, points, len }
    if (list) list.push(e)
    else g!.set(a, [e])
  }
  let n = 0
  for (const l of layout.links) {
    add(l.a, l.b, l.points)
    add(l.b, l.a, [...l.points].reverse())
    if ((++n & 1023) === 0) yield
  }
  graphs.set(layout, g)
  return g
}

/** A small binary heap keyed by distance. */
class Heap {
  private readonly items: [number, string][] = []
  get size(): number { return this.items.length }
  push(d: number, v: string): void {
    const a = this.items
    a.push([d, v])
    let i = a.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (a[p]![0] <= a[i]![0]) break
      ;[a[p], a[i]] = [a[i]!, a[p]!]
      i = p
    }
  }
  pop(): [number, string] {
    const a = this.items
    const top = a[0]!
    const last = a.pop()!
    if (a.length) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1, r = l + 1
        let m = i
        if (l < a.length && a[l]![0] < a[m]![0]) m = l
        if (r < a.length && a[r]![0] < a[m]![0]) m = r
        if (m === i) break
        ;[a[m], a[i]] = [a[i]!, a[m]!]
        i = m
      }
    }
    return top
  }
}

/** The polyline from vertex `a` to vertex `b` along links; a straight jump if none joins them. */
export function route(layout: StageLayout, a: string, b: string): Point[] {
  const pa = layout.vertices.get(a), pb = layout.vertices.get(b)
  if (!pa || !pb) return [pa ?? pb ?? { x: 0, y: 0 }, pb ?? pa ?? { x: 0, y: 0 }]
  if (a === b) return [pa]
  const g = graphOf(layout)
  const dist = new Map<string, number>([[a, 0]])
  const prev = new Map<string, { from: string; edge: Edge }>()
  const heap = new Heap()
  heap.push(0, a)
  while (heap.size) {
    const [d, v] = heap.pop()
    if (v === b) break
    if (d > (dist.get(v) ?? Infinity)) continue
    for (const e of g.get(v) ?? []) {
      const nd = d + e.len
      if (nd < (dist.get(e.to) ?? Infinity)) {
        dist.set(e.to, nd)
        prev.set(e.to, { from: v, edge: e })
        heap.push(nd, e.to)
      }
    }
  }
  if (!prev.has(b)) return [pa, pb]
  const chain: Edge[] = []
  for (let v = b; v !== a;) {
    const p = prev.get(v)!
    chain.push(p.edge)
    v = p.from
  }
  const out: Point[] = [pa]
  for (const e of chain.reverse()) {
    for (const p of e.points) {
      const last = out[out.length - 1]!
      if (last.x !== p.x || last.y !== p.y) out.push(p)
    }
  }
  return out
}
