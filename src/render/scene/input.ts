/**
 * Pointer input on the stage, as people use it: a mouse drags to pan and its wheel zooms around
 * the pointer; on a touch screen a tap steps forward, a horizontal swipe scrubs and two fingers
 * pinch to zoom. Reports intentions; the scene decides what they do.
 */
import type { Point } from '../geometry.js'

export interface StageGestures {
  readonly pan: (dx: number, dy: number) => void
  readonly zoom: (at: Point, factor: number) => void
  readonly tap: () => void
  readonly swipe: (steps: number) => void
  /** Called once a gesture turns into a drag, so a tap on a box under it is not a selection. */
  readonly dragged: () => void
}

const SWIPE_STEP = 48
const TAP_MOVE = 10

export function attachGestures(el: HTMLElement, g: StageGestures): () => void {
  const pointers = new Map<number, { x: number; y: number; type: string }>()
  let start: { x: number; y: number; t: number; moved: boolean } | null = null
  let pinch: { d: number; mid: Point } | null = null
  let swiped = 0
  const local = (e: PointerEvent | WheelEvent): Point => {
    const r = el.getBoundingClientRect()
    return { x: e.clientX - r.left, y: e.clientY - r.top }
  }
  const twoFinger = (): { d: number; mid: Point } => {
    const [a, b] = [...pointers.values()]
    return { d: Math.hypot(a!.x - b!.x, a!.y - b!.y), mid: { x: (a!.x + b!.x) / 2, y: (a!.y + b!.y) / 2 } }
  }
  const down = (e: PointerEvent): void => {
    const p = local(e)
    pointers.set(e.pointerId, { ...p, type: e.pointerType })
    if (pointers.size === 1) { start = { ...p, t: performance.now(), moved: false }; swiped = 0 }
    if (pointers.size === 2) { pinch = twoFinger(); if (start) start.moved = true }
  }
  const move = (e: PointerEvent): void => {
    const prev = pointers.get(e.pointerId)
    if (!prev) return
    const p = local(e)
    pointers.set(e.pointerId, { ...p, type: prev.type })
    if (pinch && pointers.size === 2) {
      const now = twoFinger()
      g.zoom(now.mid, now.d / Math.max(1, pinch.d))
      g.pan(now.mid.x - pinch.mid.x, now.mid.y - pinch.mid.y)
      pinch = now
      return
    }
    if (!start) return
    if (!start.moved && Math.hypot(p.x - start.x, p.y - start.y) > TAP_MOVE) { start.moved = true; g.dragged() }
    if (!start.moved) return
    if (prev.type === 'touch') {
      // One finger scrubs through the steps: a step per SWIPE_STEP pixels sideways.
      const steps = Math.trunc((p.x - start.x) / SWIPE_STEP)
      if (steps !== swiped) { g.swipe(steps - swiped); swiped = steps }
    } else g.pan(p.x - prev.x, p.y - prev.y)
  }
  const up = (e: PointerEvent): void => {
    const prev = pointers.get(e.pointerId)
    pointers.delete(e.pointerId)
    if (pointers.size < 2) pinch = null
    if (pointers.size === 0 && start && prev) {
      if (!start.moved && prev.type === 'touch' && performance.now() - start.t < 400) g.tap()
      start = null
    }
  }
  const wheel = (e: WheelEvent): void => {
    e.preventDefault()
    // Trackpads send small deltas, mouse wheels large ones: scale smoothly with the delta.
    g.zoom(local(e), Math.exp(-Math.max(-100, Math.min(100, e.deltaY)) * 0.0025))
  }
  el.addEventListener('pointerdown', down)
  el.addEventListener('pointermove', move)
  el.addEventListener('pointerup', up)
  el.addEventListener('pointercancel', up)
  el.addEventListener('pointerleave', up)
  el.addEventListener('wheel', wheel, { passive: false })
  el.style.touchAction = 'none'
  return () => {
    el.removeEventListener('pointerdown', down)
    el.removeEventListener('pointermove', move)
    el.removeEventListener('pointerup', up)
    el.removeEventListener('pointercancel', up)
    el.removeEventListener('pointerleave', up)
    el.removeEventListener('wheel', wheel)
  }
}
