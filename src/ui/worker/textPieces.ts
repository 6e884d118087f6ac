/**
 * A big text the page edits by splices (a what-if rewrites one item of a 28 MB dump) kept as
 * pieces: flat strings, or slices of them, whose concatenation is the text. V8 builds `a + b` of
 * long strings as a rope and flattens a rope — copies the whole text — the first time it is
 * sliced; the page's next what-if sliced the last one's text, a 28 MB copy (20 ms and more) in
 * the task that got the worker's reply. Pieces are sliced instead: a slice of a flat string or
 * of a slice costs nothing, and the text is their concatenation, a rope nobody slices.
 */

/** Pieces past this many are given up for the text itself (sliced once, flattened once). */
export const MAX_PIECES = 64

/** The pieces of `pieces`' text with `from`..`to` replaced by `insert`. */
export function splicePieces(pieces: readonly string[], from: number, to: number, insert: string): string[] {
  const out: string[] = []
  let at = 0
  let inserted = false
  for (const p of pieces) {
    const end = at + p.length
    if (at < from) out.push(p.slice(0, Math.min(p.length, from - at)))
    if (!inserted && end >= from) { out.push(insert); inserted = true }
    if (end > to) out.push(p.slice(Math.max(0, to - at)))
    at = end
  }
  if (!inserted) out.push(insert)
  return out.filter((x) => x.length > 0)
}

/** The text of the pieces (a rope of them: no copy). */
export function joinPieces(pieces: readonly string[]): string {
  let text = ''
  for (const p of pieces) text += p
  return text
}

/** The edited text and its pieces (the text alone when they grew too many). */
export function applySplice(pieces: readonly string[], from: number, to: number, insert: string): { text: string; pieces: readonly string[] } {
  const next = splicePieces(pieces, from, to, insert)
  const text = joinPieces(next)
  return { text, pieces: next.length > MAX_PIECES ? [text] : next }
}
