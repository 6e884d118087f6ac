/**
 * A fast reader for the YAML that kubectl, helm and people write: block mappings and
 * sequences (`- key: v` compact maps, sequences at their parent key's indentation as kubectl
 * prints them), plain and single-line quoted scalars, `|` / `|-` literal block scalars,
 * one-line flow collections, comments, `---` / `...`. It gives the same plain data as the `yaml` package's `doc.toJS()` under
 * YAML_OPTIONS, plus every value's line and column, several times faster and in a fraction
 * of the memory of the package's tree.
 *
 * Anything outside that subset (anchors, aliases, merge keys, tags, folded or kept block
 * scalars, multi-line plain or quoted scalars or flow collections, tabs, duplicate keys, complex keys, directives,
 * odd indentation, any syntax error) makes it decline: it returns null and the caller parses
 * with the package, which reads or reports it as it always did. Declining is always safe; a
 * wrong result would be a silent wrong model, so every rule here declines when unsure.
 */
import { Decline, DECLINE, INDICATOR, at, flowCollection, quoted, setKey, type Cursor } from './fastYamlFlow.js'
import { FastDocument, ItemStarts, type Reread } from './fastYamlDocument.js'
import { PosNode } from './fastYamlPositions.js'
import { literalBlock } from './fastYamlLiteral.js'
import { isMergeKey, plainScalar } from './fastYamlScalars.js'

export { FastDocument } from './fastYamlDocument.js'

/**
 * Characters whose handling differs between YAML versions or parsers, or that this reader
 * leaves to the package: tabs, other C0/C1 controls, NEL, line and paragraph separators, BOMs
 * and non-characters; and (unusual() below) a CR that does not end a line (CRLF line ends are read).
 */
const UNUSUAL_CHAR = /[\x00-\x09\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/

/**
 * The text holds an UNUSUAL character or a lone CR. Two native searches: one regexp with the
 * CR's lookahead as an alternative scanned every piece of a dump position by position (~3 % of
 * reading it), a single character class is scanned much faster.
 */
export function unusual(text: string): boolean {
  return UNUSUAL_CHAR.test(text) || loneCr(text)
}

/** A CR not followed by a LF (a CRLF line end is read). */
export function loneCr(text: string): boolean {
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return true
  return false
}

/** Nesting deeper than this declines (the whole-text check refuses far less already). */
const MAX_DEPTH = 200

class Reader implements Cursor {
  ls = 0
  le = 0
  line = 0
  end = 0
  vp = 0
  vk: PosNode | undefined = undefined
  /** Indentation of the current content line; -1 at a document marker or the text's end. */
  ind = -1
  /** The current line is `---` (1) or `...` (2); 0 otherwise. */
  marker = 0
  private depth = 0

  /** A List's `items:` sequence is next (set by the root mapping; the first pass records where its items start). */
  private wantItems = false
  private items: ItemStarts | null = null
  /** A document whose root is a block sequence: its items' packed positions (a List item read on its own is one). */
  private rootItems: number[] | null = null

  /** Reading starts at the line at offset `next`, the line after `line`, and stops at `n`. */
  constructor(readonly t: string, readonly keepPos: boolean, private next = 0, line = 0, private readonly n = t.length) {
    this.line = line
  }

  /** Moves to the next line that holds content, a document marker or the end. */
  advance(): void {
    const t = this.t
    const n = this.n
    let p = this.next
    while (p < n) {
      this.line++
      let e = t.indexOf('\n', p)
      if (e < 0) e = n
      const next = e + 1
      if (e > p && t.charCodeAt(e - 1) === 13) e--
      let q = p
      while (q < e && t.charCodeAt(q) === 32) q++
      if (q === e || t.charCodeAt(q) === 35) {
        p = next
        continue
      }
      this.ls = p
      this.le = e
      this.next = next
      const d = t.charCodeAt(p)
      if (q === p && (d === 45 || d === 46) && t.startsWith(d === 45 ? '---' : '...', p) && (p + 3 === e || t.charCodeAt(p + 3) === 32)) {
        // A marker may carry a comment, nothing else (`--- !tag`, `--- |` and `--- a` decline).
        const r = this.skipSpaces(p + 3)
        if (r < e && !(r > p + 3 && t.charCodeAt(r) === 35)) throw DECLINE
        this.marker = d === 45 ? 1 : 2
        this.ind = -1
        return
      }
      this.marker = 0
      this.ind = q - p
      return
    }
    this.line++
    this.ls = this.le = n
    this.marker = 0
    this.ind = -1
  }

  skipSpaces(p: number): number {
    while (p < this.le && this.t.charCodeAt(p) === 32) p++
    return p
  }

  private spaceOrEnd(p: number): boolean {
    return p >= this.le || this.t.charCodeAt(p) === 32
  }

  private isDash(p: number): boolean {
    return this.t.charCodeAt(p) === 45 && this.spaceOrEnd(p + 1)
  }

  /** After a quoted scalar or flow collection: only spaces and a comment may follow on the line. */
  private lineRest(p: number): void {
    const r = this.skipSpaces(p)
    if (r < this.le && !(r > p && this.t.charCodeAt(r) === 35)) throw DECLINE
  }

  /** The block collection whose first entry starts at column `col` of the current line. */
  block(col: number): unknown {
    if (++this.depth > MAX_DEPTH) throw DECLINE
    const v = this.isDash(this.ls + col) ? this.seq(col) : this.map(col)
    this.depth--
    return v
  }

  /** The offset of the `:` ending a block key at `p`, or -1 when the line does not hold one there. */
  private keyColon(p: number): number {
    const t = this.t
    const d = t.charCodeAt(p)
    if (d === 34 || d === 39) {
      let q = p + 1
      for (; q < this.le; q++) {
        const e = t.charCodeAt(q)
        if (d === 34 && e === 92) q++
        else if (e === d) {
          if (d === 39 && t.charCodeAt(q + 1) === 39) q++
          else break
        }
      }
      return q < this.le && t.charCodeAt(q + 1) === 58 && this.spaceOrEnd(q + 2) ? q + 1 : -1
    }
    // `-` may start a plain key when a non-space follows (`-bad.example/name: x`).
    if (d < 128 && INDICATOR[d] && !(d === 45 && !this.spaceOrEnd(p + 1))) return -1
    for (let q = p; q < this.le; q++) {
      const e = t.charCodeAt(q)
      if (e === 58 && this.spaceOrEnd(q + 1)) return q
      if (e === 32 && t.charCodeAt(q + 1) === 35) return -1
    }
    return -1
  }

  /** A block key at `p`; leaves this.end at its `:`. */
  private key(p: number): unknown {
    const t = this.t
    const colon = this.keyColon(p)
    if (colon < 0) throw DECLINE
    const d = t.charCodeAt(p)
    if (d === 34 || d === 39) {
      const k = quoted(this, p)
      if (this.end !== colon) throw DECLINE
      return k
    }
    // Implicit keys stop at 1024 characters; `a  :` is left to the package. Flow indicators
    // after the first character are part of a block key (`k:{"type":"Ready"}:` in managedFields).
    if (colon - p > 1024 || t.charCodeAt(colon - 1) === 32) throw DECLINE
    if (isMergeKey(t, p, colon)) throw DECLINE
    this.end = colon
    return plainScalar(t, p, colon)
  }

  /** A value that starts and ends on this line at `p`: a scalar or flow collection. */
  private scalar(p: number): unknown {
    const t = this.t
    const d = t.charCodeAt(p)
    if (d === 91 || d === 123) {
      const v = flowCollection(this, p, this.depth)
      this.lineRest(this.end)
      return v
    }
    this.vp = at(this, p)
    this.vk = undefined
    if (d === 34 || d === 39) {
      const v = quoted(this, p)
      this.lineRest(this.end)
      return v
    }
    // `-` may start a plain scalar (`-1`, `--flag`); `- x` here would be a sequence where none may be.
    if (d < 128 && INDICATOR[d] && !(d === 45 && !this.spaceOrEnd(p + 1))) throw DECLINE
    let last = p
    for (let q = p; q < this.le; q++) {
      const e = t.charCodeAt(q)
      if (e === 32) {
        if (t.charCodeAt(q + 1) === 35) break
        continue
      }
      // `a: b: c` and `a: b:` are errors (a mapping in a compact value).
      if (e === 58 && this.spaceOrEnd(q + 1)) throw DECLINE
      last = q + 1
    }
    if (isMergeKey(t, p, last)) throw DECLINE
    return plainScalar(t, p, last)
  }

  /** A literal block scalar at `p` (fastYamlLiteral.ts); leaves the reader on its last line. */
  private literal(p: number, col: number): string {
    this.vp = at(this, p)
    this.vk = undefined
    const lit = literalBlock(this.t, p, this.le, this.next, this.line, col, this.n)
    this.line = lit.line
    this.next = lit.next
    return lit.value
  }

  /**
   * The value at `p` on the current line of an entry of the collection at column `col`; an
   * entry of a sequence may be a compact sequence or mapping. Moves past the value's lines.
   */
  private inline(p: number, col: number, inSeq: boolean): unknown {
    if (inSeq && (this.isDash(p) || this.keyColon(p) >= 0)) return this.block(p - this.ls)
    const v = this.t.charCodeAt(p) === 124 ? this.literal(p, col) : this.scalar(p)
    this.advance()
    // A more indented line after a one-line value continues a multi-line scalar (or is an error).
    if (this.ind > col) throw DECLINE
    return v
  }

  /** The value of an entry whose line ends after its `:` or `-` at `p` (spaces, a comment). */
  private below(p: number, col: number, sameIndentSeq: boolean): unknown {
    const empty = at(this, this.skipSpaces(p))
    this.advance()
    if (this.ind > col) return this.block(this.ind)
    if (sameIndentSeq && this.ind === col && this.isDash(this.ls + col)) return this.block(col)
    // An empty value: the package places it after the indicator and its spaces.
    this.vp = empty
    this.vk = undefined
    return null
  }

  private seq(col: number): unknown[] {
    const own = at(this, this.ls + col)
    const arr: unknown[] = []
    const vals: number[] | null = this.keepPos ? [] : null
    let kids: (PosNode | undefined)[] | null = null
    const items = this.wantItems && this.depth === 2 ? new ItemStarts(col) : null
    this.wantItems = false
    // The root sequence's item positions cost nothing to note here; asked later (an item's own
    // position, for every object sent to the page) they would cost a second reading with positions.
    const rootItems = this.depth === 1 && !this.keepPos ? [] as number[] : null
    for (;;) {
      if (items) {
        items.starts.push(this.ls)
        items.lines.push(this.line)
      }
      const p = this.skipSpaces(this.ls + col + 1)
      const v = p >= this.le || this.t.charCodeAt(p) === 35 ? this.below(this.ls + col + 1, col, false) : this.inline(p, col, true)
      arr.push(v)
      items?.ats.push(this.vp)
      rootItems?.push(this.vp)
      if (vals) {
        vals.push(this.vp)
        if (this.vk) (kids ??= [])[arr.length - 1] = this.vk
      }
      if (this.ind < col) break
      if (this.ind > col) throw DECLINE
      if (!this.isDash(this.ls + col)) break
    }
    if (items) {
      // The line that ended the sequence (or the marker, or the text's end).
      items.end = this.ls
      this.items = items
    }
    if (rootItems) this.rootItems = rootItems
    this.vp = own
    this.vk = vals ? new PosNode(own, null, vals, kids) : undefined
    return arr
  }

  private map(col: number): Record<string, unknown> {
    const own = at(this, this.ls + col)
    const obj: Record<string, unknown> = {}
    const keys: unknown[] | null = this.keepPos ? [] : null
    const vals: number[] | null = this.keepPos ? [] : null
    let kids: (PosNode | undefined)[] | null = null
    for (;;) {
      const key = this.key(this.ls + col)
      const p = this.skipSpaces(this.end + 1)
      // A kubectl List's items: the first reading notes where each starts (fastYamlDocument.ts).
      this.wantItems = !this.keepPos && this.depth === 1 && key === 'items'
      const v = p >= this.le || this.t.charCodeAt(p) === 35 ? this.below(this.end + 1, col, true) : this.inline(p, col, false)
      this.wantItems = false
      setKey(obj, key, v)
      if (vals) {
        keys!.push(key)
        vals.push(this.vp)
        if (this.vk) (kids ??= [])[vals.length - 1] = this.vk
      }
      if (this.ind < col) break
      if (this.ind > col || this.isDash(this.ls + col)) throw DECLINE
    }
    this.vp = own
    this.vk = vals ? new PosNode(own, keys, vals, kids) : undefined
    return obj
  }

  /** The documents of the text, counted as the package counts them. */
  documents(): FastDocument[] {
    const docs: FastDocument[] = []
    const reread: Reread = (start, line, limit, col) => {
      const r = new Reader(this.t, true, start, line - 1, limit)
      r.advance()
      r.block(col)
      return r.vk!
    }
    // `---` seen and no content yet: the document is empty unless content follows.
    let started = false
    // A document with content ended at a marker (`...` closes it; a second `...` would open one).
    let afterContent = false
    this.advance()
    for (;;) {
      if (this.ind >= 0) {
        const start = this.ls
        const line = this.line
        const col = this.ind
        const data = this.block(col)
        if (this.ind >= 0) throw DECLINE
        docs.push(new FastDocument(data, reread, start, line, col, this.ls, this.vp, this.items, this.rootItems))
        this.items = null
        this.rootItems = null
        started = false
        afterContent = true
      }
      if (this.marker === 1) {
        if (started) docs.push(EMPTY_DOCUMENT)
        started = true
        afterContent = false
      } else if (this.marker === 2) {
        if (started) docs.push(EMPTY_DOCUMENT)
        else if (!afterContent) throw DECLINE
        started = false
        afterContent = false
      } else {
        if (started) docs.push(EMPTY_DOCUMENT)
        return docs
      }
      this.advance()
    }
  }
}

/** An empty document: nothing in it to ask, so one for all. */
const EMPTY_DOCUMENT = new FastDocument(null, null, 0, 0, 0, 0, 0, null, null)

/**
 * The documents of `text`, or null when it is not all within the subset this reader takes.
 * With `from` and `to`: of the lines from offset `from` (a line's start) to `to` (just past a
 * line's `\n`), read in place, with line numbers counted from `from` — what the same lines
 * read as a string of their own give, without the copy that string would be (a piece of a
 * dump is a slice of a 2 MB slice, and reading through a slice costs every character an
 * indirection). `checked`: the caller found no unusual() character in the text already.
 */
export function fastParse(text: string, from = 0, to = text.length, checked = false): FastDocument[] | null {
  if (!checked && unusual(from === 0 && to === text.length ? text : text.slice(from, to))) return null
  // A range must end with its last line's `\n`: the reader looks one character past a line's content.
  if (to !== text.length && text.charCodeAt(to - 1) !== 10) return fastParse(text.slice(from, to), 0, to - from, checked)
  try {
    return new Reader(text, false, from, 0, to).documents()
  } catch (err) {
    // A Decline, or anything unforeseen (a stack overflow on a hostile text): the package decides.
    if (err instanceof Decline || err instanceof RangeError) return null
    throw err
  }
}
