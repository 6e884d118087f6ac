/**
 * Plain geometry for the stage, in world units (CSS pixels at zoom 1), and the text metrics the
 * layout uses to reserve room for every label before anything is drawn.
 */
export interface Point { readonly x: number; readonly y: number }
export interface Rect { readonly x: number; readonly y: number; readonly w: number; readonly h: number }

export function intersects(a: Rect, b: Rect, gap = 0): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap
}

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h
}

export function union(rects: readonly Rect[]): Rect {
  if (rects.length === 0) return { x: 0, y: 0, w: 0, h: 0 }
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity
  for (const r of rects) {
    x0 = Math.min(x0, r.x); y0 = Math.min(y0, r.y)
    x1 = Math.max(x1, r.x + r.w); y1 = Math.max(y1, r.y + r.h)
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
}

export function pointsRect(points: readonly Point[]): Rect {
  return union(points.map((p) => ({ x: p.x, y: p.y, w: 0, h: 0 })))
}

/**
 * Canvas labels use a monospace face (DejaVu Sans Mono on Debian: 0.602 em advance); Hangul and
 * other wide glyphs take a full em. Slightly generous so a label never spills out of its slot.
 */
const NARROW_EM = 0.62
/** Wide (full-em) code points: Hangul Jamo, CJK and Hangul syllables, compatibility forms, fullwidth forms. */
const isWide = (c: number): boolean =>
  (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6)

/**
 * The width of one code point at `text[i]` in em, and how many UTF-16 units it takes: a
 * surrogate pair is one (narrow) character, as the string iterator counts it. By character
 * code: a 1,000-node stage measures ~200,000 labels, and a regular expression per character
 * was a tenth of the page's work laying them out.
 */
const emAt = (text: string, i: number): number => isWide(text.charCodeAt(i)) ? 1 : NARROW_EM
const unitsAt = (text: string, i: number): number => {
  const c = text.charCodeAt(i)
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return 1
  const d = text.charCodeAt(i + 1)
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1
}

/**
 * A label's width in whole pixels (rounded up): every coordinate the layout derives from widths
 * stays an integer, so text is drawn on the pixel grid (crisp on a projector) and a 1,000-node
 * stage's ~200,000 labels hold small integers, not a boxed double per field.
 */
export function textWidth(text: string, size: number): number {
  let em = 0
  for (let i = 0; i < text.length; i += unitsAt(text, i)) em += emAt(text, i)
  return Math.ceil(em * size)
}

/** The text cut to fit `maxWidth`, ending in an ellipsis when it was cut. */
export function ellipsize(text: string, maxWidth: number, size: number): string {
  if (textWidth(text, size) <= maxWidth) return text
  // The widest prefix whose width with the ellipsis fits (summed in the same order as textWidth of the whole).
  let em = 0
  let end = 0
  while (end < text.length) {
    const next = em + emAt(text, end)
    if (Math.ceil((next + NARROW_EM) * size) > maxWidth) break
    em = next
    end += unitsAt(text, end)
  }
  return `${text.slice(0, end)}…`
}

/** Length of a polyline. */
export function polylineLength(points: readonly Point[]): number {
  let len = 0
  for (let i = 1; i < points.length; i++) len += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y)
  return len
}

/** The point at fraction `t` (0..1) of a polyline's length. */
export function pointAlong(points: readonly Point[], t: number): Point {
  if (points.length === 0) return { x: 0, y: 0 }
  if (points.length === 1 || t <= 0) return points[0]!
  const total = polylineLength(points)
  let left = Math.min(1, t) * total
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!, b = points[i]!
    const seg = Math.hypot(b.x - a.x, b.y - a.y)
    if (left <= seg && seg > 0) return { x: a.x + ((b.x - a.x) * left) / seg, y: a.y + ((b.y - a.y) * left) / seg }
    left -= seg
  }
  return points[points.length - 1]!
}

/**
 * The frames that cover a point, by a grid of cells the size of the largest frame: each frame is
 * listed in the cells it overlaps, so a point's candidates are its cell's few (an empty list far
 * from every frame). Frames that overlap each other are all listed, in order.
 */
export function frameGrid(frames: readonly Rect[]): (x: number, y: number) => readonly number[] {
  const none: readonly number[] = []
  if (frames.length === 0) return () => none
  let w = 1
  let h = 1
  for (const f of frames) { w = Math.max(w, f.w); h = Math.max(h, f.h) }
  // Cells by column, then row (numbers, not a string built per lookup).
  const cells = new Map<number, Map<number, number[]>>()
  frames.forEach((f, i) => {
    for (let cx = Math.floor(f.x / w); cx <= Math.floor((f.x + f.w) / w); cx++) {
      let column = cells.get(cx)
      if (!column) cells.set(cx, (column = new Map()))
      for (let cy = Math.floor(f.y / h); cy <= Math.floor((f.y + f.h) / h); cy++) {
        const list = column.get(cy)
        if (list) list.push(i)
        else column.set(cy, [i])
      }
    }
  })
  return (x, y) => (Number.isFinite(x) && Number.isFinite(y) ? cells.get(Math.floor(x / w))?.get(Math.floor(y / h)) ?? none : none)
}
