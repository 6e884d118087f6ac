/**
 * The still part of the stage as pixi objects: one container per node (put in the scene only
 * while in view, onScreen.ts) and one for what lies between nodes, boxes, links and labels
 * exactly where the layout put them. Boxes and shortened labels report
 * pointer taps and hovers through callbacks; nothing here holds state.
 */
import { Container, Graphics, Rectangle, Text } from 'pixi.js'
import { contains, frameGrid, type Point, type Rect } from '../geometry.js'
import type { Selection, StageBox, StageLabel, StageLayout, StageLink } from '../layout/types.js'
import type { Theme } from './theme.js'

export interface DrawCallbacks {
  readonly select: (s: Selection) => void
  readonly hover: (text: string | null, at: Point) => void
}

/** Past this many labels a pod shows only its name and address. */
const COMPACT_FROM = 1500

export const FONT_FAMILY = 'DejaVu Sans Mono, Menlo, Consolas, ui-monospace, monospace'

export function makeText(text: string, size: number, color: number, bold = false, resolution?: number): Text {
  return new Text({ text, style: { fill: color, fontSize: size, fontFamily: FONT_FAMILY, fontWeight: bold ? 'bold' : 'normal' }, ...(resolution ? { resolution } : {}) })
}

function drawBox(g: Graphics, b: StageBox, theme: Theme): void {
  const c = theme.box[b.kind]
  if (b.kind === 'lb') {
    g.poly([b.x + b.w / 2, b.y, b.x + b.w, b.y + b.h / 2, b.x + b.w / 2, b.y + b.h, b.x, b.y + b.h / 2]).fill(c.fill).stroke({ width: 2, color: c.stroke })
    return
  }
  if (b.kind === 'bridge') { g.rect(b.x, b.y, b.w, b.h).fill(c.fill); return }
  const r = b.kind === 'node' ? 10 : 6
  g.roundRect(b.x, b.y, b.w, b.h, r).fill(c.fill).stroke({ width: b.kind === 'node' || b.kind === 'netfilter' ? 2 : 1.5, color: c.stroke })
}

function drawLink(g: Graphics, l: StageLink, theme: Theme): void {
  if (l.kind === 'bridge') return // the bridge bar is a box
  const s = theme.link[l.kind]
  const [first, ...rest] = l.points
  if (!first) return
  g.moveTo(first.x, first.y)
  for (const p of rest) g.lineTo(p.x, p.y)
  g.stroke({ width: s.width, color: s.color, cap: 'round', join: 'round' })
}

export interface DrawnLayout {
  /** One container per node (everything in it lies inside the node's box). */
  readonly groups: Container[]
  /** What lies outside every node (external hosts, the node network's lines). */
  readonly shared: Container
  /** The text layers, hidden when text would be too small to read (and costly to draw); grows while drawing. */
  readonly texts: Container[]
  /** Each node container's text layer (for a later draw that keeps the node). */
  readonly textOf: ReadonlyMap<Container, Container>
  /** Whether a node's container is drawn whole (a drawing taken off the stage half done keeps only those). */
  complete(g: Container): boolean
  /**
   * Draws for up to `ms` more milliseconds; false once everything is drawn (a lazy drawing:
   * once every item has its container and the parts between nodes are drawn). A 1,000-node
   * cluster is ~65,000 pixi objects (seconds of work): drawn a slice per task, the page stays
   * responsive, and nodes appear as they are drawn, one whole node after another.
   */
  more(ms: number): boolean
  /** Draws node i whole now if it is not yet (its items must be sorted: `more` has returned false); whether it drew. */
  ensure(i: number): boolean
}

/**
 * Nodes of an earlier drawing kept as they are: `groups[i]` is node i's container from it (null:
 * draw node i), `textOf` their text layers. What lies in a kept node's frame is not drawn again.
 */
export interface KeptDrawing {
  readonly groups: readonly (Container | null)[]
  readonly textOf: ReadonlyMap<Container, Container>
}

/** Items sorted into their containers per step of the drawing (each step checks nothing; `more` checks the clock every 32 steps). */
const SORT_STEP = 64

/** What is drawn in one container: boxes, then links, then labels (its layers stack in that order). */
interface Bucket { readonly c: Container; readonly boxes: StageBox[]; readonly links: StageLink[]; readonly labels: StageLabel[] }

/**
 * Draws the layout into containers of its own (none in the scene yet), as far as `more` is
 * called. `lazy`: `more` draws no node; each is drawn when `ensure` asks (when it comes into
 * view): a 1,000-node cluster's ~65,000 pixi objects made the page's heap so large that each
 * major GC held the main thread ~60 ms.
 */
export function drawLayout(layout: StageLayout, theme: Theme, cb: DrawCallbacks, textResolution: number, kept?: KeptDrawing, lazy = false): DrawnLayout {
  const keep = new Set<Container>()
  const groups = layout.nodes.map((n, i) => {
    const old = kept?.groups[i]
    if (old) { keep.add(old); return { frame: n.box as Rect, g: old } }
    const g = new Container()
    g.label = `node:${n.name}`
    return { frame: n.box as Rect, g }
  })
  const shared = new Container()
  // The layout lists a node's boxes, links and labels together: try the last node's frame first
  // (a search of every node for each of 60,000 items took seconds at 1,000 nodes), then the
  // nodes whose frames cover the item's corner (frameGrid), not every node: a link between two
  // nodes lies in none, and each of those was a test of 1,000 frames per drawing.
  let last = groups[0]
  const near = frameGrid(groups.map((x) => x.frame))
  const home = (r: Rect): Container => {
    if (last && contains(last.frame, r)) return last.g
    for (const i of near(r.x, r.y)) {
      if (contains(groups[i]!.frame, r)) {
        last = groups[i]!
        return last.g
      }
    }
    return shared
  }
  const buckets = new Map<Container, Bucket>()
  for (const c of [shared, ...groups.map((x) => x.g)]) if (!keep.has(c)) buckets.set(c, { c, boxes: [], links: [], labels: [] })
  const complete = new Set<Container>(keep)
  const box = (g: Graphics, c: Container, b: StageBox): void => {
    drawBox(g, b, theme)
    if (b.select || b.tip) {
      // An invisible hit area per box (nothing drawn), so taps and hovers find the innermost box.
      const hit = new Container()
      hit.hitArea = new Rectangle(b.x, b.y, b.w, b.h)
      hit.eventMode = 'static'
      hit.cursor = b.select ? 'pointer' : 'default'
      if (b.select) { const s = b.select; hit.on('pointertap', (e) => { e.stopPropagation(); cb.select(s) }) }
      if (b.tip) {
        const tip = b.tip
        hit.on('pointerover', (e) => cb.hover(tip, { x: e.global.x, y: e.global.y }))
        hit.on('pointerout', (e) => cb.hover(null, { x: e.global.x, y: e.global.y }))
      }
      c.addChild(hit)
    }
  }
  const texts = new Map<Container, Container>()
  const textList: Container[] = []
  for (const g of keep) {
    const t = kept!.textOf.get(g)
    if (t) { texts.set(g, t); textList.push(t) }
  }
  // A big cluster draws each pod's name and address only (its veth name and containers are in
  // the tooltip and the state panel): a third of the text to rasterize when a node comes into view.
  const compact = layout.labels.length > COMPACT_FROM
  /**
   * Each item into the container it lies in (none into a kept node's), then each container whole.
   * Sorting an item is cheap: one step sorts SORT_STEP of them (a step per item made an iterator
   * result per item, ~200,000 per drawing of a 1,000-node cluster, redrawn after every what-if).
   */
  function* work(): Generator<void> {
    let n = 0
    for (const b of layout.boxes) {
      buckets.get(home(b))?.boxes.push(b)
      if (++n % SORT_STEP === 0) yield
    }
    for (const l of layout.links) {
      // Where the link starts: its points' top left corner.
      let x = Infinity
      let y = Infinity
      for (let i = 0; i < l.points.length; i++) {
        const p = l.points[i]!
        if (p.x < x) x = p.x
        if (p.y < y) y = p.y
      }
      buckets.get(home({ x, y, w: 0, h: 0 }))?.links.push(l)
      if (++n % SORT_STEP === 0) yield
    }
    for (const l of layout.labels) {
      if (compact && /:(pause|containers|badge|entry)$|^veth:/.test(l.id)) continue
      buckets.get(home(l))?.labels.push(l)
      if (++n % SORT_STEP === 0) yield
    }
    sorted = true
    for (const bucket of buckets.values()) {
      if (lazy && bucket.c !== shared) break
      if (complete.has(bucket.c)) continue
      filling = bucket.c
      yield* fill(bucket)
      filling = null
    }
  }
  /** One container whole: its boxes, then its links, then its labels (its layers stack in that order). */
  function* fill({ c, boxes, links, labels }: Bucket): Generator<void> {
    if (boxes.length) {
      const g = new Graphics()
      c.addChild(g)
      for (const b of boxes) { box(g, c, b); yield }
    }
    // Links under boxes' text but over their fills.
    if (links.length) {
      const g = new Graphics()
      c.addChild(g)
      for (const l of links) { drawLink(g, l, theme); yield }
    }
    if (labels.length) {
      const t = new Container()
      // A node drawn as it comes into view shows its text when the scene reveals it (a node's
      // labels a frame: rasterizing them is a frame's costliest part).
      t.visible = !lazy
      texts.set(c, t)
      textList.push(t)
      c.addChild(t)
      for (const l of labels) { addLabel(t, l, theme, cb, textResolution); yield }
    }
    complete.add(c)
  }
  /** Every item is in its container's bucket; the container `work` is drawing now. */
  let sorted = false
  let filling: Container | null = null
  const ensure = (i: number): boolean => {
    const c = groups[i]?.g
    const bucket = c && buckets.get(c)
    if (!sorted || !bucket || complete.has(c) || filling === c) return false
    for (const _ of fill(bucket)) { /* drawn whole */ }
    return true
  }
  const steps = work()
  let done = false
  const more = (ms: number): boolean => {
    if (done) return false
    const deadline = performance.now() + ms
    for (let n = 1; ; n++) {
      if (steps.next().done) { done = true; return false }
      if ((n & 31) === 0 && performance.now() > deadline) return true
    }
  }
  return { groups: groups.map((x) => x.g), shared, texts: textList, textOf: texts, complete: (g) => complete.has(g), more, ensure }
}

function addLabel(c: Container, l: StageLabel, theme: Theme, cb: DrawCallbacks, resolution: number): void {
  const t = makeText(l.text, l.size, theme.text[l.kind], l.bold, resolution)
  t.position.set(l.x, l.y)
  if (l.text !== l.full) {
    t.eventMode = 'static'
    t.on('pointerover', (e) => cb.hover(l.full, { x: e.global.x, y: e.global.y }))
    t.on('pointerout', (e) => cb.hover(null, { x: e.global.x, y: e.global.y }))
  }
  c.addChild(t)
}
