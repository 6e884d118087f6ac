/**
 * One node's drawing, reused: a node's boxes, labels and links depend only on what it shows
 * (its NodeInput) and the page's words, not on where it sits. Laid out once at the origin and
 * moved into place, a node is laid out again only when what it shows changed — after a what-if
 * on a 1,000-node cluster, the handful of nodes the edit touched (laying out every node took the
 * page one to three seconds per trace). The cache keeps the entries of the last two layouts.
 */
import type { Point, Rect } from '../geometry.js'
import { layoutNode, type NodeInput, type NodeParts } from './nodeLayout.js'
import type { StageWords } from './types.js'

const wordsKey = (w: StageWords): string => `${JSON.stringify(w)}\n${w.moreServices(7)}\n${w.morePods(7)}`

export class NodePartsCache {
  private words = ''
  private current = new Map<string, NodeParts>()
  private older = new Map<string, NodeParts>()
  /** Parts by the very input object (a node whose input was reused needs no key made and compared). */
  private byInput = new WeakMap<NodeInput, { key: string; parts: NodeParts }>()
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

  /** The node's parts at the origin (the same object as long as the node shows the same). */
  get(input: NodeInput, words: StageWords): NodeParts {
    const known = this.byInput.get(input)
    if (known && (this.current.get(known.key) ?? this.older.get(known.key)) === known.parts) {
      this.current.set(known.key, known.parts)
      return known.parts
    }
    const key = JSON.stringify(input)
    let parts = this.current.get(key) ?? this.older.get(key)
    if (!parts) { parts = layoutNode(input, 0, 0, words); this.laidOut++ }
    this.current.set(key, parts)
    this.byInput.set(input, { key, parts })
    return parts
  }
}

const at = <T extends Point>(p: T, dx: number, dy: number): T => ({ ...p, x: p.x + dx, y: p.y + dy })
const mapAt = <T extends Point | Rect>(m: ReadonlyMap<string, T>, dx: number, dy: number): Map<string, T> => {
  const out = new Map<string, T>()
  for (const [k, v] of m) out.set(k, at(v, dx, dy))
  return out
}

/** Parts laid out at the origin, moved by (dx, dy): what `layoutNode(input, dx, dy)` gives. */
export function placeParts(p: NodeParts, dx: number, dy: number): NodeParts {
  if (dx === 0 && dy === 0) return p
  return {
    w: p.w, h: p.h,
    boxes: p.boxes.map((b) => at(b, dx, dy)),
    labels: p.labels.map((l) => at(l, dx, dy)),
    links: p.links.map((l) => ({ ...l, points: l.points.map((q) => at(q, dx, dy)) })),
    vertices: mapAt(p.vertices, dx, dy),
    slots: mapAt(p.slots, dx, dy),
    serviceLines: mapAt(p.serviceLines, dx, dy),
    ethOut: at(p.ethOut, dx, dy),
  }
}
