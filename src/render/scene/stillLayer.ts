/**
 * The still part of the stage: the cluster's drawing, which does not move while the packet does.
 * Only its nodes in view are in pixi's scene graph (onScreen.ts); a lazy drawing (a big cluster)
 * draws a node when it first comes into view; text is shown only when it can be read, and
 * rasterized a few dozen new labels per frame; the whole layer is drawn once into a texture when it fits.
 */
import { Container } from 'pixi.js'
import type { Rect } from '../geometry.js'
import type { DrawnLayout } from './drawLayout.js'
import { OnScreen, meets } from './onScreen.js'
import { revealSome } from './labelReveal.js'

/** Milliseconds per frame of drawing nodes that came into view (a big cluster draws a node only then). */
const IN_VIEW_MS = 10

/**
 * Labels rasterized for the first time per frame, at most. Chromium spends ~0.3-0.5 ms per
 * label making its canvas and texture (pixi's CanvasTextSystem), and a node of a pasted
 * 1,000-node dump shows ~100: one node's text in one frame was a 45-60 ms task, the longest on
 * the page after a paste. A node's labels now appear over a few frames, in the layout's order.
 */
const NEW_LABELS_PER_FRAME = 24

export class StillLayer {
  readonly root = new Container()
  /** Which of the drawing's node containers are in `root` now: those in view. */
  private readonly onScreen = new OnScreen(this.root)
  private drawn: DrawnLayout | null = null
  private boxes: readonly Rect[] = []
  /** The drawing's node containers, by node. */
  groups: Container[] = []
  private texts: Container[] = []
  /** Text layers already drawn once (their labels rasterized). */
  private warm = new WeakSet<Container>()
  /** Text layers being revealed a few labels a frame: how many of their labels are shown. */
  private partly = new Map<Container, number>()
  /** The resolution the layer is cached at (0: not cached). */
  private cachedAt = 0
  /** The drawing's slices are still being drawn. */
  drawing = false
  /** Nodes are drawn when they first come into view (a cluster with an overview), not all at once. */
  private lazy = false

  /** `again`: asks the stage for another frame (work left for it). */
  constructor(private readonly again: () => void) {}

  /** Nothing in the scene graph (the drawing is being replaced). */
  clear(): void { this.onScreen.set([]) }

  /** A new drawing of nodes at `boxes` (its shared part framed by none). */
  set(drawn: DrawnLayout, boxes: readonly Rect[], lazy: boolean): void {
    this.drawn = drawn
    this.boxes = boxes
    this.lazy = lazy
    this.groups = drawn.groups
    this.texts = drawn.texts
    // A kept node (a what-if's redraw) keeps its text layer as it was: one caught half revealed
    // still has its last labels hidden, and is finished like any other. Forgetting it left those
    // labels hidden for good (its layer is visible and no longer listed as being revealed).
    const kept = new Set(drawn.texts)
    for (const t of [...this.partly.keys()]) if (!kept.has(t)) this.partly.delete(t)
    this.onScreen.set([{ c: drawn.shared, frame: null }, ...drawn.groups.map((c, i) => ({ c, frame: boxes[i]! }))])
  }

  /** The nodes meeting `view` in the scene graph (null: none, 'all': every one), drawing a lazy drawing's as they come. */
  show(view: Rect | null): void {
    if (this.cachedAt) return
    if (view && this.lazy) this.drawInView(view)
    this.onScreen.show(view)
  }

  /**
   * Every node drawn and in the scene graph with its text (an export of the whole scene): the
   * drawing's slices finished first (a node can be drawn whole only once every item is sorted
   * into its node). A big cluster stays drawn whole after that, for as long as this drawing.
   */
  showAll(): void {
    this.uncache()
    while (this.drawn?.more(1e9)) { /* the rest of the drawing */ }
    this.boxes.forEach((_, i) => this.drawn?.ensure(i))
    this.onScreen.show('all')
    for (const t of this.texts) t.visible = true
    for (const t of this.partly.keys()) for (const label of t.children) label.visible = true
    this.partly.clear()
    this.root.visible = true
  }

  /** A lazy drawing's nodes that meet `view` and are not drawn yet, for up to IN_VIEW_MS (the rest next frame). */
  private drawInView(view: Rect): void {
    const d = this.drawn
    if (!d) return
    const until = performance.now() + IN_VIEW_MS
    let drew = false
    for (let i = 0; i < this.boxes.length; i++) {
      if (!meets(this.boxes[i]!, view) || d.complete(this.groups[i]!)) continue
      if (performance.now() > until) { this.again(); return }
      if (d.ensure(i)) drew = true
    }
    // A node drawn now has its text hidden until revealed, which the frame did before drawing
    // it: one more frame shows it (else the labels waited for the next camera move).
    if (drew) this.again()
  }

  /**
   * Text under 4 px is left out. Text a node shows for the first time is rasterized then, which
   * is the costly part of a frame: at most NEW_LABELS_PER_FRAME new labels a frame, so a camera
   * move onto several nodes (or onto one busy node) spreads the work over frames instead of
   * stalling one. A layer being revealed shows its first labels and hides the rest until their
   * frame comes.
   */
  revealTexts(legible: boolean): void {
    let budget = NEW_LABELS_PER_FRAME
    for (const t of this.texts) {
      if (!legible) { t.visible = false; continue }
      if (t.visible && !this.partly.has(t)) continue
      if (!this.warm.has(t)) {
        const parent = t.parent
        if (!parent || parent.parent !== this.root) continue
        if (budget === 0) { this.again(); continue }
        const shown = this.partly.get(t)
        const upTo = revealSome(t, shown, budget)
        budget -= upTo - (shown ?? 0)
        if (upTo < t.children.length) {
          this.partly.set(t, upTo)
          this.again()
        } else {
          this.partly.delete(t)
          this.warm.add(t)
        }
      }
      t.visible = true
    }
  }

  /**
   * When the whole layer fits one texture at the current zoom, draw it once into one and reuse
   * it, re-drawing when the zoom has settled somewhere else (so text stays crisp). `res`: the
   * zoom times the pixel ratio; `settled`: the camera stands still.
   */
  cache(bounds: Rect, res: number, settled: boolean): void {
    // A lazy drawing has nodes not drawn yet: nothing to cache whole.
    if (this.drawing || this.lazy) return
    // A texture past ~4 megapixels costs more to redraw (each time the zoom settles elsewhere) than culling saves.
    const fits = bounds.w * res * bounds.h * res <= 4_000_000
    const stale = this.cachedAt && (res / this.cachedAt > 1.2 || this.cachedAt / res > 1.2)
    if (this.cachedAt && (!fits || (stale && settled))) this.uncache()
    if (!this.cachedAt && fits && settled) {
      this.onScreen.show('all')
      this.root.cacheAsTexture({ resolution: res, antialias: true })
      this.cachedAt = res
    }
  }

  uncache(): void {
    if (!this.cachedAt) return
    this.root.cacheAsTexture(false)
    this.cachedAt = 0
  }
}
