/**
 * One document the fast YAML reader (fastYaml.ts) took: its data, and the line and column of
 * any value, found the way readDocuments' locate() finds them. The first reading records only
 * the document's own position and, for a `kind: List` dump, each item's; anything deeper is
 * found by reading the text again with positions on (only a problem asks for one): the one item
 * a path goes into, or the whole document for any other path. So loading a 28 MB dump with a
 * few problems reads a few items twice, not the dump.
 */
import { fastLocate, unpackPos, type PosNode } from './fastYamlPositions.js'
import type { Path } from './readDocuments.js'

/** Where the items of a document's top-level `items:` block sequence start. */
export class ItemStarts {
  /** Per item: offset of its `-` line, that line's 1-based number, the item value's packed position. */
  readonly starts: number[] = []
  readonly lines: number[] = []
  readonly ats: number[] = []
  /** Offset of the line after the sequence. */
  end = 0
  constructor(readonly col: number) {}
}

/** Reads the text from the line at `start` (line number `line`) up to `limit` and returns its first collection's positions. */
export type Reread = (start: number, line: number, limit: number, col: number) => PosNode

/** The index a path component picks in a sequence, as the yaml package's asItemIndex reads it; -1 for none. */
function itemIndex(comp: string | number, length: number): number {
  let idx: unknown = comp
  if (idx && typeof idx === 'string') idx = Number(idx)
  return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0 && idx < length ? idx : -1
}

export class FastDocument {
  private all: PosNode | undefined
  /** Items read again with positions, made at the first (a dump's 53,000 pieces made a Map each and asked none). */
  private itemNodes: Map<number, PosNode> | null = null

  constructor(
    /** The document's value as `doc.toJS()` gives it; null for an empty one. */
    readonly data: unknown,
    /** Reads a part of the document again with positions; null for an empty one. */
    private readonly reread: Reread | null,
    /** Offset, 1-based line and column of the document's first content line. */
    private readonly start: number,
    private readonly line: number,
    private readonly col: number,
    /** Offset just past the document's last line. */
    private readonly end: number,
    /** Packed position of the document's root collection. */
    private readonly at: number,
    private readonly items: ItemStarts | null,
    /** For a document whose root is a block sequence: each item's packed position. */
    private readonly rootItems: readonly number[] | null = null,
  ) {}

  /**
   * The packed position of the value at `path` when the first reading noted it (the document
   * itself, a root sequence's item, a List's item: an object's own position), else -1. What
   * locate() gives for the same path, without reading anything again.
   */
  noted(path: Path): number {
    if (!this.reread) return -1
    if (path.length === 0) return this.at
    if (path.length === 1 && this.rootItems) {
      const i = itemIndex(path[0]!, this.rootItems.length)
      return i >= 0 ? this.rootItems[i]! : -1
    }
    const items = this.items
    if (items && path.length === 2 && path[0] === 'items') {
      const i = itemIndex(path[1]!, items.starts.length)
      return i >= 0 ? items.ats[i]! : -1
    }
    return -1
  }

  /** Line and column (1-based) of the value at `path`, or of its nearest parent; null for an empty one. */
  locate(path: Path): { line: number; col: number } | null {
    if (!this.reread) return null
    const known = this.noted(path)
    if (known >= 0) return unpackPos(known)
    const items = this.items
    if (items && path[0] === 'items' && path.length >= 2) {
      const i = itemIndex(path[1]!, items.starts.length)
      if (i >= 0) {
        let node = this.itemNodes?.get(i)
        if (!node) {
          node = this.reread(items.starts[i]!, items.lines[i]!, items.starts[i + 1] ?? items.end, items.col)
          ;(this.itemNodes ??= new Map()).set(i, node)
        }
        return fastLocate(node, [0, ...path.slice(2)])
      }
    }
    return fastLocate(this.positions()!, path)
  }

  /** Positions of every value of the document (read again on first use); null for an empty one. */
  positions(): PosNode | null {
    if (!this.reread) return null
    this.all ??= this.reread(this.start, this.line, this.end, this.col)
    return this.all
  }
}
