/**
 * The stage's camera as plain maths: which world point is at the centre of the view and how
 * far it is zoomed. Fit shows a whole rectangle, zoomAt keeps the point under the pointer still,
 * follow moves as little as it can to keep the current and the next hop in view (and zooms in
 * to a legible scale when they fit), and approach eases towards a target frame by frame.
 */
import type { Point, Rect } from './geometry.js'

export interface Camera { readonly x: number; readonly y: number; readonly zoom: number }
export interface Viewport { readonly w: number; readonly h: number }

export const MIN_ZOOM = 0.05
export const MAX_ZOOM = 4

const clampZoom = (z: number): number => Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z))

export function worldToScreen(c: Camera, vp: Viewport, p: Point): Point {
  return { x: (p.x - c.x) * c.zoom + vp.w / 2, y: (p.y - c.y) * c.zoom + vp.h / 2 }
}

/** A world rectangle on the screen. */
export function screenRect(c: Camera, vp: Viewport, r: Rect): Rect {
  const tl = worldToScreen(c, vp, r)
  return { x: tl.x, y: tl.y, w: r.w * c.zoom, h: r.h * c.zoom }
}

export function screenToWorld(c: Camera, vp: Viewport, s: Point): Point {
  return { x: (s.x - vp.w / 2) / c.zoom + c.x, y: (s.y - vp.h / 2) / c.zoom + c.y }
}

/** The zoom at which `r` fits the viewport with `pad` screen pixels around it. */
export function fitZoom(r: Rect, vp: Viewport, pad = 16): number {
  const w = Math.max(1, vp.w - 2 * pad), h = Math.max(1, vp.h - 2 * pad)
  return clampZoom(Math.min(w / Math.max(1, r.w), h / Math.max(1, r.h)))
}

export function fit(r: Rect, vp: Viewport, pad = 16, maxZoom = MAX_ZOOM): Camera {
  return { x: r.x + r.w / 2, y: r.y + r.h / 2, zoom: Math.min(maxZoom, fitZoom(r, vp, pad)) }
}

/** Zoom by `factor` keeping the world point under screen point `s` where it is. */
export function zoomAt(c: Camera, vp: Viewport, s: Point, factor: number): Camera {
  const zoom = clampZoom(c.zoom * factor)
  const w = screenToWorld(c, vp, s)
  return { zoom, x: w.x - (s.x - vp.w / 2) / zoom, y: w.y - (s.y - vp.h / 2) / zoom }
}

export function panBy(c: Camera, dx: number, dy: number): Camera {
  return { ...c, x: c.x - dx / c.zoom, y: c.y - dy / c.zoom }
}

export interface FollowOptions {
  /** Screen pixels kept free around the followed points. */
  readonly margin: number
  /** The zoom the camera moves to when the points fit there (legible text). */
  readonly preferZoom: number
  /** Never zoom out below this (the whole cluster's fit). */
  readonly minZoom: number
}

/**
 * The camera that keeps `r` (the current hop and the next) in view: the preferred zoom when `r`
 * fits at it, otherwise the zoom that fits `r`; then the smallest pan that brings `r` inside
 * the margins, so the stage does not swim when the packet moves a little.
 */
export function follow(c: Camera, vp: Viewport, r: Rect, o: FollowOptions): Camera {
  const m = Math.min(o.margin, vp.w / 4, vp.h / 4)
  const fits = fitZoom(r, vp, m)
  const zoom = clampZoom(Math.max(o.minZoom, Math.min(o.preferZoom, fits)))
  const halfW = (vp.w / 2 - m) / zoom, halfH = (vp.h / 2 - m) / zoom
  const axis = (centre: number, lo: number, hi: number, half: number): number => {
    if (hi - lo >= 2 * half) return (lo + hi) / 2
    if (lo < centre - half) return lo + half
    if (hi > centre + half) return hi - half
    return centre
  }
  return { zoom, x: axis(c.x, r.x, r.x + r.w, halfW), y: axis(c.y, r.y, r.y + r.h, halfH) }
}

/** One frame of easing from `c` towards `target`; `dt` in ms. Snaps when close. */
export function approach(c: Camera, target: Camera, dt: number, ms = 180): Camera {
  const k = 1 - Math.exp(-dt / ms)
  const zoom = Math.exp(Math.log(c.zoom) + (Math.log(target.zoom) - Math.log(c.zoom)) * k)
  const next = { x: c.x + (target.x - c.x) * k, y: c.y + (target.y - c.y) * k, zoom }
  return settled(next, target) ? target : next
}

export function settled(a: Camera, b: Camera): boolean {
  return Math.abs(a.x - b.x) * a.zoom < 0.5 && Math.abs(a.y - b.y) * a.zoom < 0.5 && Math.abs(a.zoom - b.zoom) / b.zoom < 0.002
}
