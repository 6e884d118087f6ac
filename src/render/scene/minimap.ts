/**
 * A small overview in the stage's corner when the cluster is larger than the view: the nodes,
 * the part on screen, and the packet. Click or drag in it to move the view there. Plain canvas
 * 2D: a few rectangles a frame.
 */
import type { Point, Rect } from '../geometry.js'
import type { Theme } from './theme.js'

const W = 180
const H = 120

/** Its distance from the stage's edges. */
const MARGIN = 8

const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

type Corner = readonly ['left' | 'right', 'top' | 'bottom']
const CORNERS: readonly Corner[] = [['right', 'bottom'], ['left', 'bottom'], ['right', 'top'], ['left', 'top']]

/**
 * The stage corner the minimap goes in: the first (bottom right, bottom left, top right, top
 * left) clear of the rectangle around `avoid` (screen points: the packet, its box's corners),
 * and among those the first also clear of every `prefer` rectangle (what the trace marks, such
 * as the Service line kube-proxy's DNAT chose from); bottom right when none is clear.
 */
export function minimapCorner(stage: { w: number; h: number }, avoid: readonly Point[], prefer: readonly Rect[] = []): Corner {
  const pad = 16
  const xs = avoid.map((p) => p.x), ys = avoid.map((p) => p.y)
  const keep = avoid.length ? { x: Math.min(...xs) - pad, y: Math.min(...ys) - pad, w: Math.max(...xs) - Math.min(...xs) + 2 * pad, h: Math.max(...ys) - Math.min(...ys) + 2 * pad } : null
  const at = ([h, v]: Corner): Rect => ({ x: h === 'right' ? stage.w - MARGIN - W : MARGIN, y: v === 'bottom' ? stage.h - MARGIN - H : MARGIN, w: W, h: H })
  const clearOfKeep = CORNERS.filter((c) => !keep || !overlaps(keep, at(c)))
  return clearOfKeep.find((c) => prefer.every((r) => !overlaps(r, at(c)))) ?? clearOfKeep[0] ?? CORNERS[0]!
}

export class Minimap {
  readonly el: HTMLCanvasElement
  private scale = 1
  private origin: Point = { x: 0, y: 0 }
  onJump?: (world: Point) => void

  private corner = ''

  private place(stage: { w: number; h: number }, avoid: readonly Point[], prefer: readonly Rect[]): void {
    const m = MARGIN
    const clear = minimapCorner(stage, avoid, prefer)
    const corner = clear.join(' ')
    if (corner === this.corner) return
    this.corner = corner
    this.el.dataset['corner'] = corner
    this.el.style.left = clear[0] === 'left' ? `${m}px` : 'auto'
    this.el.style.right = clear[0] === 'right' ? `${m}px` : 'auto'
    this.el.style.top = clear[1] === 'top' ? `${m}px` : 'auto'
    this.el.style.bottom = clear[1] === 'bottom' ? `${m}px` : 'auto'
  }

  constructor(parent: HTMLElement) {
    this.el = document.createElement('canvas')
    this.el.className = 'minimap'
    this.el.width = W * devicePixelRatio
    this.el.height = H * devicePixelRatio
    this.el.style.width = `${W}px`
    this.el.style.height = `${H}px`
    this.el.hidden = true
    this.el.setAttribute('aria-hidden', 'true')
    parent.appendChild(this.el)
    const jump = (e: PointerEvent): void => {
      if (e.type === 'pointermove' && e.buttons === 0) return
      e.stopPropagation()
      const r = this.el.getBoundingClientRect()
      this.onJump?.({ x: (e.clientX - r.left) / this.scale + this.origin.x, y: (e.clientY - r.top) / this.scale + this.origin.y })
    }
    this.el.addEventListener('pointerdown', jump)
    this.el.addEventListener('pointermove', jump)
  }

  /**
   * `avoid`: screen points (the packet, its box's corners) the minimap must not cover: it takes
   * the first corner of the stage (bottom right, bottom left, top right, top left) clear of the
   * rectangle around them, so it never hides the checkpoint a learner is reading. `prefer`:
   * screen rectangles it keeps clear of too when such a corner allows (the trace's marks).
   */
  draw(visible: boolean, bounds: Rect, nodes: readonly Rect[], view: Rect, packet: Point | null, theme: Theme, stage?: { w: number; h: number }, avoid: readonly Point[] = [], prefer: readonly Rect[] = []): void {
    // On a narrow stage (the editor open beside it) the minimap would cover most of it.
    const room = !stage || (stage.w >= 2.5 * W && stage.h >= 2.5 * H)
    this.el.hidden = !visible || !room
    if (this.el.hidden) return
    if (stage) this.place(stage, avoid, prefer)
    const ctx = this.el.getContext('2d')
    if (!ctx) return
    const s = Math.min(W / bounds.w, H / bounds.h)
    this.scale = s
    this.origin = { x: bounds.x, y: bounds.y }
    ctx.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0)
    ctx.clearRect(0, 0, W, H)
    ctx.fillStyle = theme.name === 'dark' ? 'rgba(15,23,42,0.9)' : 'rgba(255,255,255,0.92)'
    ctx.fillRect(0, 0, W, H)
    const hex = (n: number): string => `#${n.toString(16).padStart(6, '0')}`
    ctx.fillStyle = hex(theme.box.node.stroke)
    for (const n of nodes) ctx.fillRect((n.x - bounds.x) * s, (n.y - bounds.y) * s, Math.max(1, n.w * s), Math.max(1, n.h * s))
    ctx.strokeStyle = hex(theme.packet)
    ctx.lineWidth = 2
    ctx.strokeRect((view.x - bounds.x) * s, (view.y - bounds.y) * s, view.w * s, view.h * s)
    if (packet) {
      ctx.fillStyle = hex(theme.drop)
      ctx.beginPath()
      ctx.arc((packet.x - bounds.x) * s, (packet.y - bounds.y) * s, 4, 0, Math.PI * 2)
      ctx.fill()
    }
  }
}
