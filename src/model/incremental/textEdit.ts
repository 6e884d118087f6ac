/**
 * Where an edit fell in the text: when the only change between the last text and this one lies
 * inside one piece (a document or a List item — a what-if, a keystroke), the other pieces are
 * those of the last load, moved by the edit's line count, and only that piece is read again.
 * This avoids splitting the whole text and matching every piece again (28 MB for a 1,000-node
 * dump). Anything less certain (an edit across pieces, at a piece's edge, or one that adds a
 * document marker, an item or an `items:` key) returns null and the text is split in full.
 */
import { marker, splitText, type TextPiece } from './split.js'

/**
 * Where the pieces of a load lie in its text, in text order: [start, end) offsets and the index
 * of the piece among the load's units. A List's head is not one run of text and is left out.
 */
export interface PieceSpans {
  readonly starts: Int32Array
  readonly ends: Int32Array
  readonly unit: Int32Array
}

export interface TextEdit {
  /** The span indices (in the last load's PieceSpans) of the first and last piece the edit replaced. */
  readonly first: number
  readonly last: number
  /** The pieces that replace them: where they lie in the new text, and whether each is a List item. */
  readonly pieces: readonly { readonly piece: TextPiece; readonly item: boolean }[]
  /** How many characters and lines the pieces after them moved. */
  readonly delta: number
  readonly lineDelta: number
}

/** Loads that found their edit inside one piece or a run of whole documents: for tests. */
export const textEditCounters = { within: 0 }

const CHUNK = 1 << 16

/** Length of the common start of `a` and `b`, compared a chunk at a time (as memcmp would). */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  let p = 0
  while (p + CHUNK <= n && a.slice(p, p + CHUNK) === b.slice(p, p + CHUNK)) p += CHUNK
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++
  return p
}

/** Length of the common end of `a` and `b`, not reaching back past `floor` in either. */
function commonSuffix(a: string, b: string, floor: number): number {
  const n = Math.min(a.length, b.length) - floor
  let s = 0
  while (s + CHUNK <= n && a.slice(a.length - s - CHUNK, a.length - s) === b.slice(b.length - s - CHUNK, b.length - s)) s += CHUNK
  while (s < n && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++
  return s
}

/** Replacing `from`..`to` of the text before with `insert` gives the text after. */
export interface TextChange { readonly from: number; readonly to: number; readonly insert: string }

/** The one span where `before` and `after` differ (a what-if rewrites one document or List item). */
export function textChange(before: string, after: string): TextChange {
  // A chunk at a time: a character loop over a 28 MB dump was 0.2 s per what-if.
  const from = commonPrefix(before, after)
  const tail = commonSuffix(before, after, from)
  return { from, to: before.length - tail, insert: after.slice(from, after.length - tail) }
}

/**
 * textChange(before, after) for `after` = `before` with `start`..`end` replaced by `by` (a
 * what-if's splice), found around the splice instead of by comparing two 28 MB texts, and
 * without reading `after` itself: V8 holds such a concatenation as a rope, and the first read
 * of a character copies all 28 MB into one string (10-15 ms here), which the worker does later,
 * when idle. The same span as textChange's, which it extends from the splice's edges.
 */
export function spliceChange(before: string, start: number, end: number, by: string): TextChange {
  const afterLength = before.length - (end - start) + by.length
  const n = Math.min(before.length, afterLength)
  const byEnd = start + by.length
  // after[i] is by[i - start] below byEnd, before[i + shift] from there on.
  const shift = end - byEnd
  let from = start
  while (from < n && from < byEnd && before.charCodeAt(from) === by.charCodeAt(from - start)) from++
  // Past the insert (a splice that wrote its piece back as it was): the text against itself, shifted.
  if (from >= byEnd && from < n) from += sameRun(before, from, from + shift, n - from)
  // The common end, not reaching back past `from` in either text (as commonSuffix's floor): the
  // text after the splice is the same in both, then the insert, then the text before it.
  const room = n - from
  let tail = Math.min(before.length - end, room)
  while (tail < room && afterLength - 1 - tail >= start && before.charCodeAt(before.length - 1 - tail) === by.charCodeAt(afterLength - 1 - tail - start)) tail++
  if (tail < room && afterLength - 1 - tail < start) tail += sameRunBack(before, before.length - tail, afterLength - tail, room - tail)
  // after[from..stop) from its parts (from >= start): some of `by`, then text after the splice.
  const stop = afterLength - tail
  const insert = (from < byEnd ? by.slice(from - start, Math.min(stop, byEnd) - start) : '') + (stop > byEnd ? before.slice(Math.max(from, byEnd) + shift, stop + shift) : '')
  return { from, to: before.length - tail, insert }
}

/** How many characters from `a` and from `b` on are the same in `text`, up to `max` (a chunk at a time). */
function sameRun(text: string, a: number, b: number, max: number): number {
  let k = 0
  while (k + CHUNK <= max && text.slice(a + k, a + k + CHUNK) === text.slice(b + k, b + k + CHUNK)) k += CHUNK
  while (k < max && text.charCodeAt(a + k) === text.charCodeAt(b + k)) k++
  return k
}

/** How many characters before `a` and before `b` are the same in `text`, up to `max`. */
function sameRunBack(text: string, a: number, b: number, max: number): number {
  let k = 0
  while (k + CHUNK <= max && text.slice(a - k - CHUNK, a - k) === text.slice(b - k - CHUNK, b - k)) k += CHUNK
  while (k < max && text.charCodeAt(a - 1 - k) === text.charCodeAt(b - 1 - k)) k++
  return k
}

function newlines(text: string, from: number, to: number): number {
  let n = 0
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++
  return n
}

/** A List item's text stays one item: no later line starts at column 0 (that would be an item, a marker or a key). */
function oneItem(text: string): boolean {
  for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) {
    const c = text.charCodeAt(i + 1)
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 35) return false
  }
  return true
}

/** The last span starting at or before `at` (-1 if none does). */
export function spanAt(starts: Int32Array, at: number): number {
  let lo = 0
  let hi = starts.length - 1
  if (hi < 0 || starts[0]! > at) return -1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= at) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * The pieces `next` changed against `last`, or null: an edit inside one List item, or within a
 * run of whole documents (a what-if's edit, a document deleted or added). `item(u)` says
 * whether unit `u` of the last load is a List item (else a document); `lineOf(u)` gives its
 * first line in `last`.
 */
export function editedPieces(last: string, next: string, spans: PieceSpans, item: (u: number) => boolean, lineOf: (u: number) => number,
  known?: { readonly from: number; readonly to: number; readonly insert?: string }): TextEdit | null {
  if (spans.starts.length === 0) return null
  // Told what was inserted, the new text is read from `last` and the insert only: a what-if's
  // text is a rope in V8 until something reads it, and the first read copies 28 MB.
  const insert = known?.insert
  if (insert === undefined ? last === next : known!.from === known!.to && insert === '') return null
  // The changed span, unless the caller found it already (the lab's worker, to send the editor the splice).
  const p = known ? known.from : commonPrefix(last, next)
  const s = known ? last.length - known.to : commonSuffix(last, next, p)
  const oldEnd = last.length - s
  const delta = next.length - last.length
  const lineDelta = (): number => (insert !== undefined ? newlines(insert, 0, insert.length) : newlines(next, p, next.length - s)) - newlines(last, p, oldEnd)
  // next.slice(a, b) for a <= p and b >= p + (inserted length): the insert between two stretches of `last`.
  const nextSlice = (a: number, b: number): string => (insert !== undefined ? last.slice(a, p) + insert + last.slice(oldEnd, b - delta) : next.slice(a, b))
  const { starts, ends, unit } = spans
  const first = spanAt(starts, p)
  // An edit before the first piece (a leading `...` line): the text is split again.
  if (first < 0) return null
  const lastSpan = oldEnd > p ? spanAt(starts, oldEnd - 1) : first
  const atEof = ends[lastSpan] === last.length
  // The change must lie within the spans' text (not in a List's head or after the last piece).
  // The run's last character (the newline before the next piece's `---`) stays, so the next
  // piece still starts at column 0; at the end of the text anything may be added.
  if (p > ends[first]! || (p === ends[first] && !atEof) || oldEnd > ends[lastSpan]! - (atEof ? 0 : 1)) return null
  if (item(unit[first]!)) {
    // Strictly inside one item: past its `- `, before its last character, no line at column 0 added.
    const start = starts[first]!
    const end = ends[first]!
    if (lastSpan !== first || p < start + 2 || oldEnd > end - 1) return null
    const text = nextSlice(start, end + delta)
    if (text.includes('\n%') || !oneItem(text)) return null
    return { first, last: first, pieces: [{ piece: { text, line: lineOf(unit[first]!), start }, item: true }], delta, lineDelta: lineDelta() }
  }
  // A run of documents (no List among them), cut where a `---` starts a document on both sides:
  // splitting that text alone finds the same documents a split of the whole text would.
  for (let k = first; k <= lastSpan; k++) if (item(unit[k]!) || (k > first && unit[k] !== unit[k - 1]! + 1)) return null
  const start = starts[first]!
  const end = ends[lastSpan]!
  const text = nextSlice(start, end + delta)
  // The run starts at a `---` line (its text starts there, so the marker is read from it).
  if ((start > 0 && start < next.length && marker(start + 4 <= p ? last : text, start + 4 <= p ? start : 0) !== '---') || (end < last.length && marker(last, end) !== '---')) return null
  if (text.startsWith('%') || text.includes('\n%')) return null
  const segs = splitText(text)
  if (segs.some((g) => g.type !== 'doc')) return null
  const line = lineOf(unit[first]!)
  const pieces = segs.map((g) => {
    const piece = (g as Extract<typeof g, { type: 'doc' }>).piece
    return { piece: { text: piece.text, line: line + piece.line, start: start + piece.start }, item: false }
  })
  return { first, last: lastSpan, pieces, delta, lineDelta: lineDelta() }
}

/** The spans after `edit`: its pieces in place of the ones it replaced, the ones after moved. */
export function movedSpans(spans: PieceSpans, edit: TextEdit): PieceSpans {
  const n = spans.starts.length - (edit.last - edit.first + 1) + edit.pieces.length
  const starts = new Int32Array(n)
  const ends = new Int32Array(n)
  const unit = new Int32Array(n)
  starts.set(spans.starts.subarray(0, edit.first))
  ends.set(spans.ends.subarray(0, edit.first))
  unit.set(spans.unit.subarray(0, edit.first))
  const u0 = spans.unit[edit.first]!
  edit.pieces.forEach(({ piece }, j) => {
    starts[edit.first + j] = piece.start
    ends[edit.first + j] = piece.start + piece.text.length
    unit[edit.first + j] = u0 + j
  })
  const grew = edit.pieces.length - (edit.last - edit.first + 1)
  // The spans after the edit: copied whole (a memcpy), then moved in place, one array at a time
  // (50,000 spans on a dump; a loop reading the three arrays through `spans` was ~3 ms).
  const from = edit.last + 1
  const at = edit.first + edit.pieces.length
  starts.set(spans.starts.subarray(from), at)
  ends.set(spans.ends.subarray(from), at)
  unit.set(spans.unit.subarray(from), at)
  addFrom(starts, at, edit.delta)
  addFrom(ends, at, edit.delta)
  addFrom(unit, at, grew)
  return { starts, ends, unit }
}

/** Adds `delta` to `a[from..]`. */
function addFrom(a: Int32Array, from: number, delta: number): void {
  if (delta === 0) return
  for (let i = from; i < a.length; i++) a[i] = a[i]! + delta
}
