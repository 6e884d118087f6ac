/**
 * Splits a YAML stream into the pieces the incremental loader parses one by one, with a line
 * scan instead of the YAML parser: a `---` or `...` line at column 0 always ends a document (the
 * YAML spec forbids either inside any node), and a `kind: List` dump (kubectl get -o yaml) is
 * split further into its `items:` entries, kubectl's way of writing them: `- ` at column 0
 * under an `items:` key at column 0. Anything else stays one piece and is parsed whole.
 */

/** A run of whole lines of the file. */
export interface TextPiece {
  readonly text: string
  /** 0-based index of its first line in the file. */
  readonly line: number
  /** Offset of its first character in the file (a List's head: of the document). */
  readonly start: number
}

export type Segment =
  | { readonly type: 'doc'; readonly piece: TextPiece }
  /** A List: `head` is the document without its items (so `items:` reads as null). */
  | { readonly type: 'list'; readonly head: TextPiece; readonly items: readonly TextPiece[]; readonly whole: TextPiece }

export const isBreak = (c: number): boolean => c === 10 || c === 13 || c === 32 || c === 9 || Number.isNaN(c)

/** `---` or `...` at `at`, followed by a space, tab or the line's end. */
export function marker(text: string, at: number): '---' | '...' | null {
  const c = text.charCodeAt(at)
  if (c !== 45 && c !== 46) return null
  const m = c === 45 ? '---' : '...'
  return text.startsWith(m, at) && isBreak(text.charCodeAt(at + 3)) ? m : null
}

/** An `items:` key at column 0 (a List's items follow). */
export const ITEMS_KEY = /^items:[ \t]*(?:#.*)?\r?$/

export function splitText(text: string): Segment[] {
  // Directives (%YAML, %TAG) belong to the document after them: parse such a file whole.
  if (text.charCodeAt(0) === 37 || text.includes('\n%')) return [{ type: 'doc', piece: { text, line: 0, start: 0 } }]
  const out: Segment[] = []
  let docStart = 0
  let docLine = 0
  // The current document's items region: `items:` seen, the item starts found so far.
  let itemsKey = false
  let itemsOpen = false
  let itemsEnd = -1
  let itemStarts: number[] = []
  let itemLines: number[] = []

  const close = (end: number): void => {
    if (end > docStart) {
      if (itemStarts.length) {
        const stop = itemsEnd < 0 ? end : itemsEnd
        const items = itemStarts.map((s, i) => ({ text: text.slice(s, itemStarts[i + 1] ?? stop), line: itemLines[i]!, start: s }))
        const head = { text: text.slice(docStart, itemStarts[0]) + text.slice(stop, end), line: docLine, start: docStart }
        out.push({ type: 'list', head, items, whole: { text: text.slice(docStart, end), line: docLine, start: docStart } })
      } else out.push({ type: 'doc', piece: { text: text.slice(docStart, end), line: docLine, start: docStart } })
    }
    itemsKey = false
    itemsOpen = false
    itemsEnd = -1
    itemStarts = []
    itemLines = []
  }

  let line = 0
  for (let pos = 0; pos < text.length; line++) {
    const nl = text.indexOf('\n', pos)
    const next = nl < 0 ? text.length : nl + 1
    const c = text.charCodeAt(pos)
    const m = marker(text, pos)
    if (m === '---') {
      close(pos)
      docStart = pos
      docLine = line
    } else if (m === '...') {
      close(next)
      docStart = next
      docLine = line + 1
    } else if (itemsOpen) {
      if (c === 45 && isBreak(text.charCodeAt(pos + 1))) {
        itemStarts.push(pos)
        itemLines.push(line)
      } else if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 35) {
        // Column-0 content that is not an item (kubectl writes `kind: List` after the items).
        itemsOpen = false
        itemsEnd = itemStarts.length ? pos : -1
      }
    } else if (c === 105 && !itemsKey && ITEMS_KEY.test(text.slice(pos, next - (nl < 0 ? 0 : 1)))) {
      itemsKey = true
      itemsOpen = true
    }
    pos = next
  }
  close(text.length)
  return out
}
