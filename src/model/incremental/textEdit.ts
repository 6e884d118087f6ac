/**
 * Where an edit fell in the text: when the only change between the last text and this one lies
 * inside one piece (a document or a List item — a what-if, a keystroke), the other pieces are
 * those of the last load, moved by the edit's line count, and only that piece is read again.
 * This avoids splitting the whole text and matching every piece again (28 MB for a 1,000-node
 * dump). Anything less certain (an edit across pieces, at a piece's edge, or one that adds a
 * document marker, an item or an `items:` key) returns null and the text is split in full.
 */
import { splitText, type TextPiece } from './split.js'

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
  /** Index (in PieceSpans) of the piece the edit fell in, and its new text. */
  readonly index: number
  readonly piece: TextPiece
  /** How many characters and lines the pieces after it moved. */
  readonly delta: number
  readonly lineDelta: number
}

/** Loads that found their edit inside one piece: for tests. */
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

/**
 * The one piece `next` changed against `last`, or null. `item(u)` says whether unit `u` of the
 * last load is a List item (else a document); `lineOf(u)` gives its first line.
 */
export function editWithinPiece(last: string, next: string, spans: PieceSpans, item: (u: number) => boolean, lineOf: (u: number) => number): TextEdit | null {
  if (last === next || spans.starts.length === 0) return null
  const p = commonPrefix(last, next)
  const s = commonSuffix(last, next, p)
  const oldEnd = last.length - s
  const delta = next.length - last.length
  // The last piece starting at or before the change.
  const { starts, ends } = spans
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= p) lo = mid
    else hi = mid - 1
  }
  const start = starts[lo]!
  const end = ends[lo]!
  // Strictly inside: past the item's `- ` (a document's whole first line, which may be its `---`),
  // before its last character.
  const u = spans.unit[lo]!
  const firstLine = last.indexOf('\n', start)
  if (p < start + 2 || oldEnd > end - 1 || (!item(u) && (firstLine < 0 || p <= firstLine))) return null
  const text = next.slice(start, end + delta)
  if (text.includes('\n%')) return null
  if (item(u)) {
    if (!oneItem(text)) return null
  } else {
    const segs = splitText(text)
    if (segs.length !== 1 || segs[0]!.type !== 'doc' || segs[0]!.piece.text !== text) return null
  }
  const lineDelta = newlines(next, p, next.length - s) - newlines(last, p, oldEnd)
  return { index: lo, piece: { text, line: lineOf(u), start }, delta, lineDelta }
}

/** The spans after `edit`: the edited piece grows or shrinks, the pieces after it move. */
export function movedSpans(spans: PieceSpans, edit: TextEdit): PieceSpans {
  const starts = spans.starts.slice()
  const ends = spans.ends.slice()
  ends[edit.index] = ends[edit.index]! + edit.delta
  for (let i = edit.index + 1; i < starts.length; i++) {
    starts[i] = starts[i]! + edit.delta
    ends[i] = ends[i]! + edit.delta
  }
  return { starts, ends, unit: spans.unit }
}
