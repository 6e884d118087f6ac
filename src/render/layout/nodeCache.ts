/**
 * One node's drawing, reused: a node's boxes, labels and links depend only on what it shows
 * (its NodeInput) and the page's words, not on where it sits. Laid out once at the origin and
 * moved into place, a node is laid out again only when what it shows changed — after a what-if
 * on a 1,000-node cluster, the handful of nodes the edit touched (laying out every node took the
 * page one to three seconds per trace). The cache keeps the entries of the last two layouts.
 */
import type { Point, Rect } from '../geometry.js'
import { layoutNode, type Keyed, type NodeInput, type NodeParts } from './nodeLayout.js'
import type { StageWords } from './types.js'

const wordsKey = (w: StageWords): string => `${JSON.stringify(w)}\n${w.moreServices(7)}\n${w.morePods(7)}`

/**
 * A node's parts and where they sit: laid out at the origin, then moved where the layout puts
 * the node. Parts no layout has placed yet are moved in place (copying them was ~50 MB of a
 * 1,000-node paste's page allocation, and the copies doubled what the page kept); parts already
 * placed — a layout on screen may be drawing them — are copied, and the slot then holds the copy.
 */
export interface NodeSlot {
  parts: NodeParts
  x: number
  y: number
  /** Not placed by any layout yet: nothing else holds these parts. */
  fresh: boolean
}

export class NodePartsCache {
  private words = ''
  private current = new Map<string, NodeSlot>()
  private older = new Map<string, NodeSlot>()
  /** Slots by the very input object (a node whose input was reused needs no key made and compared). */
  private byInput = new WeakMap<NodeInput, { key: string; slot: NodeSlot }>()
  /** Nodes the last layout had to lay out (the others were reused): for tests and the bench. */
  laidOut = 0

  /** Starts a layout: entries neither it nor the one before use are dropped. */
  begin(words: StageWords): void {
    this.laidOut = 0
    const key = wordsKey(words)
    if (key !== this.words) { this.words = key; this.current = new Map(); this.older = new Map(); return }
    this.older = this.current
    this.current = new Map()
  }

  /** The node's slot: its parts where they were last placed (the same slot as long as the node shows the same). */
  get(input: NodeInput, words: StageWords): NodeSlot {
    const known = this.byInput.get(input)
    if (known && (this.current.get(known.key) ?? this.older.get(known.key)) === known.slot) {
      this.current.set(known.key, known.slot)
      return known.slot
    }
    const key = JSON.stringify(input)
    let slot = this.current.get(key) ?? this.older.get(key)
    if (!slot) { slot = { parts: layoutNode(input, 0, 0, words), x: 0, y: 0, fresh: true }; this.laidOut++ }
    this.current.set(key, slot)
    this.byInput.set(input, { key, slot })
    return slot
  }
}

/**
 * The slot's parts at (x, y): the same object when they are there already, moved in place when
 * no layout has placed them yet, else a moved copy (which the slot keeps from then on).
 */
export function placeSlot(slot: NodeSlot, x: number, y: number): NodeParts {
  if (slot.x !== x || slot.y !== y) {
    if (slot.fresh) moveInPlace(slot.parts, x - slot.x, y - slot.y)
    else slot.parts = placeParts(slot.parts, x - slot.x, y - slot.y)
    slot.x = x
    slot.y = y
  }
  slot.fresh = false
  return slot.parts
}

/**
 * Moves every point and rectangle of `p` by (dx, dy), each object once. What nodeLayout.ts
 * shares: a link's ends are often the very points its vertices are, and a Service line's
 * rectangle is its label; every other point and rectangle is an object of its own.
 */
export function moveInPlace(p: NodeParts, dx: number, dy: number): void {
  // A loop per kind of object (each sees one or two shapes; one function for all was slow).
  type Movable = { x: number; y: number }
  const vertices = new Set<Point>(p.vertices.at)
  for (const v of vertices) { (v as Movable).x += dx; (v as Movable).y += dy }
  for (const l of p.links) for (const q of l.points) if (!vertices.has(q)) { (q as Movable).x += dx; (q as Movable).y += dy }
  for (const b of p.boxes) { (b as Movable).x += dx; (b as Movable).y += dy }
  for (const l of p.labels) { (l as Movable).x += dx; (l as Movable).y += dy }
  for (const r of p.slots.at) { (r as Movable).x += dx; (r as Movable).y += dy }
  ;(p.ethOut as Movable).x += dx
  ;(p.ethOut as Movable).y += dy
}

const at = <T extends Point>(p: T, dx: number, dy: number): T => ({ ...p, x: p.x + dx, y: p.y + dy })
const keyedAt = <T extends Point | Rect>(m: Keyed<T>, dx: number, dy: number): Keyed<T> => ({ ids: m.ids, at: m.at.map((v) => at(v, dx, dy)) })

/** Parts moved by (dx, dy) as a copy: from the origin, what `layoutNode(input, dx, dy)` gives. */
export function placeParts(p: NodeParts, dx: number, dy: number): NodeParts {
  if (dx === 0 && dy === 0) return p
  return {
    w: p.w, h: p.h,
    boxes: p.boxes.map((b) => at(b, dx, dy)),
    labels: p.labels.map((l) => at(l, dx, dy)),
    links: p.links.map((l) => ({ ...l, points: l.points.map((q) => at(q, dx, dy)) })),
    vertices: keyedAt(p.vertices, dx, dy),
    slots: keyedAt(p.slots, dx, dy),
    serviceLines: keyedAt(p.serviceLines, dx, dy),
    ethOut: at(p.ethOut, dx, dy),
  }
}
