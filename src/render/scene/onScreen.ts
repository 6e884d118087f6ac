/**
 * Only the nodes in view are in the scene graph. pixi walks every object under a container
 * whose transform changed — culled or hidden ones too (updateTransformAndChildren in pixi's
 * updateRenderGroupTransforms) — so with a 1,000-node cluster's ~65,000 objects under the
 * camera's container each camera move cost one frame ~230 ms of script (what-if cordon,
 * bench/traceDump.ts), and the first frame after the last slice was drawn ~75–90 ms. Here the
 * drawing keeps every node's container, and `layer` holds just the ones whose frame meets the
 * view (in the drawing's order, so what overlaps stacks as before), plus the ones without a
 * frame (the parts between nodes), which are always there.
 */
import type { Container } from 'pixi.js'
import type { Rect } from '../geometry.js'

export interface Placed {
  readonly c: Container
  /** Everything in `c` lies inside this frame; null: always in the scene. */
  readonly frame: Rect | null
}

export const meets = (a: Rect, b: Rect): boolean => a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h

export class OnScreen {
  private items: readonly Placed[] = []
  /** Indexes into `items` now in `layer`, in order. */
  private shown: number[] = []

  constructor(private readonly layer: Container) {}

  /** A new drawing: nothing of it is in the scene until `show`. The old one's containers are taken out (not destroyed). */
  set(items: readonly Placed[]): void {
    this.layer.removeChildren()
    this.items = items
    this.shown = []
  }

  /** Puts in the scene what meets `view` (all when 'all', none when null). */
  show(view: Rect | 'all' | null): void {
    const want: number[] = []
    if (view !== null) {
      for (let i = 0; i < this.items.length; i++) {
        const f = this.items[i]!.frame
        if (view === 'all' || f === null || meets(f, view)) want.push(i)
      }
    }
    if (want.length === this.shown.length && want.every((x, i) => x === this.shown[i])) return
    // Only what comes or goes: a container put back costs pixi a walk of its objects.
    const keep = new Set(want), had = new Set(this.shown)
    for (const i of this.shown) if (!keep.has(i)) this.layer.removeChild(this.items[i]!.c)
    want.forEach((i, at) => { if (!had.has(i)) this.layer.addChildAt(this.items[i]!.c, at) })
    this.shown = want
  }
}
