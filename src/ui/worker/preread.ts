/**
 * Reading a big text's pieces while the rest of it is still arriving. The page sends a pasted
 * 28 MB dump in 2 MB slices, one per task (client.ts), and the worker used to wait for the last
 * one before parsing anything; now each slice's complete pieces — a `kind: List` dump's items,
 * documents between `---` lines — are read (src/model/incremental/units.ts) as it arrives, and
 * the load takes them from this pool instead of reading them again.
 *
 * The pieces are found with the same line rules as splitText (src/model/incremental/split.ts),
 * applied to whole lines as they come. The load matches a read piece only by its exact text and
 * list type, so a piece found differently, or an item of a list that turns out not to be a
 * `kind: List` of apiVersion v1 (kubectl's, whose head ends the text), is simply read again by
 * the load: the model is the one a load of the whole text gives, whatever was read here.
 */
import { isBreak, ITEMS_KEY, marker } from '../../model/incremental/split.js'
import { readUnit, type FileName, type ListType, type Unit, type Within } from '../../model/incremental/units.js'
import { loneCr, unusual } from '../../model/load/fastYaml.js'
import { isAscii } from '../../model/hash/utf8.js'

/** What kubectl's `get -o yaml` of several objects is: the list type its items are read under here. */
const KUBECTL_LIST: ListType = { kind: 'List', apiVersion: 'v1' }

/** Anything but printable ASCII, LF and CR. */
const NOT_PRINTABLE_ASCII = /[^\n\r\x20-\x7e]/

export class Preread {
  /** The pieces read so far, in the text's order; they name the file through `name`. */
  readonly units: Unit[] = []
  readonly name: FileName
  /** The text not yet split: from the start of the piece being read to the end of the last slice. */
  private rest = ''
  /** Where the current piece (an item, or a document without items) starts in `rest`; -1: none yet. */
  private pieceStart = 0
  /** The current document's items: `items:` seen, the items still open, any item found. */
  private itemsKey = false
  private itemsOpen = false
  private inItem = false
  /** A directive (%YAML, %TAG) was seen: the file is parsed whole, nothing more is read here. */
  private stopped = false
  /**
   * The slice being split, where it starts in `rest + slice`, and what is true of all of it: a
   * piece within it is read in place there (units.ts's Within) — the slice is the flat string
   * postMessage made, where `rest + slice` is a concatenation whose characters each cost an
   * indirection — and its pieces skip the checks the whole slice passed.
   */
  private slice: Within = { text: '', start: 0, usual: false, ascii: false }
  private sliceStart = 0

  constructor(file: string) {
    this.name = { file }
  }

  /** Takes the next slice of the text and reads every piece it completes. */
  add(slice: string): void {
    if (this.stopped) return
    this.sliceStart = this.rest.length
    // A dump is printable ASCII and line ends: then one search says both (no UNUSUAL_CHAR is
    // printable ASCII), and only a lone CR is left to look for.
    const printable = !NOT_PRINTABLE_ASCII.test(slice)
    this.slice = { text: slice, start: 0, usual: printable ? !loneCr(slice) : !unusual(slice), ascii: printable || isAscii(slice) }
    const text = this.rest + slice
    let pos = 0
    // Only whole lines: the last, unfinished one waits for the next slice.
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', pos)) {
      const next = nl + 1
      const c = text.charCodeAt(pos)
      if (c === 37) { this.stop(); return }
      const m = marker(text, pos)
      if (m === '---') this.closeDocument(text, pos, pos)
      else if (m === '...') this.closeDocument(text, next, next)
      else if (this.itemsOpen) {
        if (c === 45 && isBreak(text.charCodeAt(pos + 1))) {
          if (this.inItem) this.read(text, pos, 'item')
          this.pieceStart = pos
          this.inItem = true
        } else if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 35) {
          // Column-0 content after the items (kubectl's `kind: List`): the last item ends here.
          if (this.inItem) this.read(text, pos, 'item')
          this.itemsOpen = false
          this.inItem = false
          this.pieceStart = -1
        }
      } else if (c === 105 && !this.itemsKey && ITEMS_KEY.test(text.slice(pos, nl))) {
        this.itemsKey = true
        this.itemsOpen = true
        this.pieceStart = -1
      }
      pos = next
    }
    // Keep the text from the start of the piece being read (or of the unfinished line).
    const keep = this.pieceStart >= 0 ? Math.min(this.pieceStart, pos) : pos
    this.rest = text.slice(keep)
    if (this.pieceStart >= 0) this.pieceStart -= keep
  }

  /** A document ends at `end` (a `---` line, or after a `...` line); the next starts at `start`. */
  private closeDocument(text: string, end: number, start: number): void {
    if (this.inItem && this.itemsOpen) this.read(text, end, 'item')
    // A document without items is one piece (a List's head is left to the load: it is small).
    else if (!this.itemsKey && this.pieceStart >= 0) this.read(text, end, 'doc')
    this.itemsKey = false
    this.itemsOpen = false
    this.inItem = false
    this.pieceStart = start
  }

  private read(text: string, end: number, role: 'doc' | 'item'): void {
    if (end <= this.pieceStart) return
    const itemsOf = role === 'item' ? KUBECTL_LIST : null
    const start = this.pieceStart - this.sliceStart
    // A piece that began in an earlier slice is copied (shared): a slice of `text` would keep
    // the whole concatenation alive with it.
    const u = start >= 0
      ? readUnit(this.name, this.slice.text.slice(start, end - this.sliceStart), role, itemsOf, false, { ...this.slice, start })
      : readUnit(this.name, text.slice(this.pieceStart, end), role, itemsOf, true)
    if (!u) return
    // Its YAML tree is not kept: a position asked later reads the piece again (units.ts).
    u.tree = null
    this.units.push(u)
  }

  private stop(): void {
    this.stopped = true
    this.units.length = 0
    this.rest = ''
  }
}
