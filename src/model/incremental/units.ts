/**
 * One piece of the file (a document, a List's head or one of its items) parsed on its own:
 * its objects, and the reading and parsing problems found in it, kept relative to the piece's
 * first line so the piece can move in the file (text added above it) without being parsed again.
 * A piece's SourceDocs read its current line offset and the file's current name, and find any
 * field's position by parsing the piece again on demand (the YAML trees are not kept: on a big
 * dump they weigh several times the model).
 */
import { LineCounter, isMap, isSeq, parseAllDocuments, type Document } from 'yaml'
import type { Diagnostic } from '../load/diagnostics.js'
import { parseObjects, type ParsedInput } from '../load/parseObjects.js'
import type { ClusterHints } from '../load/clusterHints.js'
import type { ClusterObject, NodeSpec } from '../objects.js'
import { YAML_OPTIONS, locate, readDocument, readFastDocument, type DocumentEntry, type Path, type SourceDoc } from '../load/readDocuments.js'
import { fastParse, type FastDocument } from '../load/fastYaml.js'
import { unpackPos } from '../load/fastYamlPositions.js'
import { nestingProblem } from '../load/textChecks.js'
import { plainLikePrototypes } from '../load/plainLike.js'
import { utf8Length } from '../hash/utf8.js'
import { nameOf } from './nameIndex.js'

/** The loader's name for the file, shared by every piece of one lineage of loads. */
export interface FileName { file: string }

/** What a List's head says its items are (a PodList's items may leave kind and apiVersion off). */
export interface ListType { readonly kind: string; readonly apiVersion: unknown }

export interface Unit {
  readonly text: string
  /** 0-based line of the piece in the current file; updated on every load that reuses it. */
  line: number
  readonly name: FileName
  /** For an item: the list type it was read under (`kind\0apiVersion`), part of its identity. */
  readonly listKey: string
  /** For a List's head: its type; null for a document that is not a List. */
  list: ListType | null
  docs: readonly SourceDoc[]
  /** Non-error problems found while reading (positions relative to the piece's first line). */
  readDiagnostics: readonly Diagnostic[]
  parsed: ParsedInput
  parseDiagnostics: readonly Diagnostic[]
  readonly bytes: number
  /** Positions already asked for, relative, by path (made at the first question: most pieces get none). */
  positions: Map<string, { line: number; col: number }> | null
  /** The piece's YAML tree while it is being loaded or asked for positions; dropped after. */
  tree: Tree | null
  /**
   * Its one object's `metadata.name` (as nameIndex.ts reads it), noted while the data was at
   * hand, for an item whose data is dropped (DATA_READ_AGAIN): the what-ifs' name index would
   * otherwise read ~42,000 pieces of a dump again (about a second) and keep their data.
   */
  itemName?: string
  /**
   * An item's data while it is kept (a DATA_READ_AGAIN kind's while it is parsed, and again once
   * asked after, through unitData) and the
   * list type it was read under, to read it again: on the unit, where a closure per piece kept
   * them in two contexts of its own (most of a dump's pieces are items).
   */
  kept: Record<string, unknown> | null
  itemsOf: ListType | null
}

/** A piece's document as the fast reader (src/model/load/fastYaml.ts) or the yaml package read it. */
type Tree = { doc: Document; lc: LineCounter; fast?: undefined } | { fast: FastDocument }

/**
 * Where a piece lies in a bigger text the caller holds (preread.ts: the slice that arrived, whose
 * piece is read in place there), and what the caller found in that whole text already.
 */
export interface Within {
  readonly text: string
  /** Offset of the piece's first character in `text`. */
  readonly start: number
  /** No character the fast reader declines for (fastYaml.ts's unusual()) anywhere in `text`. */
  readonly usual: boolean
  /** `text` is all ASCII: a piece's UTF-8 length is its length. */
  readonly ascii: boolean
}

/** The piece's one document; null for none (only comments), 'many' when the split missed a marker. */
function parseTree(text: string, within?: Within): Tree | null | 'many' {
  const fast = within ? fastParse(within.text, within.start, within.start + text.length, within.usual) : fastParse(text)
  if (fast) return fast.length === 0 ? null : fast.length === 1 ? { fast: fast[0]! } : 'many'
  const lc = new LineCounter()
  const parsed = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: lc })
  const list = Array.isArray(parsed) ? parsed : [parsed]
  return list.length === 0 ? null : list.length === 1 ? { doc: list[0]!, lc } : 'many'
}

/**
 * Kinds whose data nothing reads once the piece is parsed: their objects carry what the lab
 * uses, and neither the model sent to the page nor the control plane reads their `doc.data`
 * (Deployments, Services, Nodes, Gateways … keep theirs). On a dump they are most of the
 * pieces (32,000 pods, 10,000 EndpointSlices): keeping their data trees kept ~80 MB of young
 * objects alive through every scavenge while the dump was read. Asked anyway, the data is
 * read again from the piece's text (the same reader, so the same data).
 */
const DATA_READ_AGAIN = new Set(['Pod', 'EndpointSlice'])

/** How often a dropped item's data was read again (tests: a load asks none). */
export const itemDataReads = { count: 0 }

/** A List item's data as readUnit reads it with the fast reader (kind and apiVersion from a typed list). */
function itemData(text: string, itemsOf: ListType | null): Record<string, unknown> | null {
  itemDataReads.count++
  const fast = fastParse(text)
  const items = fast?.length === 1 ? fast[0]!.data : null
  if (!Array.isArray(items) || items.length !== 1 || !items[0] || typeof items[0] !== 'object' || Array.isArray(items[0])) return null
  return typed(items[0] as Record<string, unknown>, itemsOf)
}

/** An item of a typed list (a PodList's) takes its kind and apiVersion from the list when it leaves them off. */
function typed(data: Record<string, unknown>, itemsOf: ListType | null): Record<string, unknown> {
  if (itemsOf && itemsOf.kind !== 'List') {
    if (data['kind'] === undefined) data['kind'] = itemsOf.kind.slice(0, -4)
    if (data['apiVersion'] === undefined && itemsOf.apiVersion !== undefined) data['apiVersion'] = itemsOf.apiVersion
  }
  return data
}

/** A document's data is the item's: kept on the unit, or read again from its text (itemData). */
const ITEM_DATA = Symbol('the item data')

/** An item's data, read again when it was dropped. */
const unitData = (unit: Unit): Record<string, unknown> => (unit.kept ??= itemData(unit.text, unit.itemsOf)!)

/**
 * A piece's document: `file` and `data` are own enumerable accessors, `at` an own function, as
 * the object literal with two getters and an arrow it was (plain.ts copies the three; the page
 * gets `file`, `data` and `at`'s own position). The accessors are two shared getters defined on
 * each instance instead of two closures per piece: V8 kept the literal as a hash table (a 250-byte
 * dictionary, two functions, two accessor pairs and a context each), 53,000 of them alive while a
 * dump is read. The state lives in private fields, which no copy, clone or comparison sees.
 */
export class PieceDoc implements SourceDoc {
  declare readonly file: string
  declare readonly data: Record<string, unknown>
  declare readonly at: (path: Path) => { line: number; col: number }
  readonly #unit: Unit
  readonly #data: Record<string, unknown> | typeof ITEM_DATA
  readonly #prefix: Path
  readonly #own: number

  constructor(unit: Unit, data: Record<string, unknown> | typeof ITEM_DATA, prefix: Path) {
    this.#unit = unit
    this.#data = data
    this.#prefix = prefix
    // The object's own position, when the first reading noted it (fastYamlDocument.ts): every
    // object sent to the page asks it (plain.ts), and finding it later meant reading the piece
    // twice more (10,000 Services: ~0.3 s before the page got its model).
    this.#own = unit.tree?.fast ? unit.tree.fast.noted(prefix) : -1
    // In the literal's order: file, data, at (Object.keys, and so every copy, lists them so).
    Object.defineProperty(this, 'file', FILE)
    Object.defineProperty(this, 'data', DATA)
    ;(this as { at: PieceDoc['at'] }).at = (path) => this.#locate(path)
  }

  static file(this: PieceDoc): string {
    return this.#unit.name.file
  }

  static data(this: PieceDoc): Record<string, unknown> {
    return this.#data === ITEM_DATA ? unitData(this.#unit) : this.#data
  }

  #locate(path: Path): { line: number; col: number } {
    const unit = this.#unit
    if (this.#own >= 0 && path.length === 0) {
      const rel = unpackPos(this.#own)
      rel.line += unit.line
      return rel
    }
    const key = JSON.stringify(path)
    let rel = unit.positions?.get(key)
    if (!rel) {
      // While the piece is being loaded its tree is at hand; later it is parsed again for
      // the question and dropped (positions asked once are remembered).
      let tree = unit.tree
      if (!tree) {
        const t = parseTree(unit.text)
        tree = t === 'many' ? null : t
      }
      const full = [...this.#prefix, ...path]
      rel = !tree ? { line: 1, col: 1 } : tree.fast ? (tree.fast.locate(full) ?? { line: 1, col: 1 }) : locate(tree.doc, tree.lc, full)
      ;(unit.positions ??= new Map()).set(key, rel)
    }
    return { line: rel.line + unit.line, col: rel.col }
  }
}

/** The shared accessors (one pair for every PieceDoc, so every instance keeps one shape). */
const FILE: PropertyDescriptor = { get: PieceDoc.file, enumerable: true, configurable: true }
const DATA: PropertyDescriptor = { get: PieceDoc.data, enumerable: true, configurable: true }

plainLikePrototypes.add(PieceDoc.prototype)

/** A List item's path under its piece's one document (a root sequence of one item); never changed. */
const ITEM_PREFIX: Path = [0]

/**
 * What a piece's objects read as; the parts most pieces leave empty (dump nodes, hints) are one
 * shared frozen value instead of an empty array and object in each of a dump's 53,000 pieces.
 */
const NO_NODES: NodeSpec[] = Object.freeze([]) as unknown as NodeSpec[]
const NO_HINTS: ClusterHints = Object.freeze({})
const NOTHING_PARSED: ParsedInput = Object.freeze({ cluster: null, dumpNodes: NO_NODES, objects: Object.freeze([]) as unknown as ClusterObject[], hints: NO_HINTS })

const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([])
const NO_DOCS: readonly SourceDoc[] = Object.freeze([])

/** Parses the unit's documents into `unit.parsed`, its problems into `diagnostics`; empty parts shared. */
function parseUnit(unit: Unit, docs: readonly SourceDoc[], diagnostics: Diagnostic[]): void {
  unit.docs = docs
  const parsed = parseObjects(docs, diagnostics)
  // Arrays grown by push keep room for 16 more; a piece's one object is kept in one of its size.
  if (parsed.objects.length === 1) parsed.objects = [parsed.objects[0]!]
  if (parsed.dumpNodes.length === 0) parsed.dumpNodes = NO_NODES
  if (Object.keys(parsed.hints).length === 0) parsed.hints = NO_HINTS
  unit.parsed = parsed
  unit.parseDiagnostics = diagnostics.length ? diagnostics : NO_DIAGNOSTICS
  if (unit.readDiagnostics.length === 0) unit.readDiagnostics = NO_DIAGNOSTICS
}

export const listKey = (t: ListType | null): string => (t ? `${t.kind}\0${String(t.apiVersion)}` : '')

/**
 * Parses a piece, or returns null when it cannot be read on its own exactly as the whole file
 * would read it (a YAML error, an alias, an item that is not one object, nesting the whole-text
 * check would refuse): the caller then loads the file whole, which reports it.
 */
export function readUnit(name: FileName, piece: string, role: 'doc' | 'head' | 'item', itemsOf: ListType | null, shared = true, within?: Within): Unit | null {
  if (nestingProblem(name.file, piece)) return null
  // A copy of the piece's own characters: a slice would keep the whole text of this edit alive
  // for as long as the piece is reused (and the parsed strings are slices of what is parsed).
  // `shared` false: the caller's piece is a slice of a text no bigger than the pieces it holds
  // (preread.ts's 2 MB slices), kept alive by them anyway; copying 28 MB was GC work for nothing.
  const text = shared ? ` ${piece}`.slice(1) : piece
  const tree = parseTree(text, within)
  if (tree === 'many' || (tree && !tree.fast && tree.doc.errors.length)) return null
  const readDiagnostics: Diagnostic[] = []
  const parseDiagnostics: Diagnostic[] = []
  const unit: Unit = {
    text, line: 0, name, listKey: role === 'item' ? listKey(itemsOf) : '', list: null, docs: NO_DOCS, readDiagnostics,
    parsed: NOTHING_PARSED, parseDiagnostics, bytes: within?.ascii ? text.length : utf8Length(text), positions: null, tree,
    kept: null, itemsOf: role === 'item' ? itemsOf : null, itemName: undefined,
  }
  if (!tree) return role === 'head' ? null : unit
  if (role === 'item') {
    let data: Record<string, unknown>
    if (tree.fast) {
      const items = tree.fast.data
      if (!Array.isArray(items) || items.length !== 1 || !items[0] || typeof items[0] !== 'object' || Array.isArray(items[0])) return null
      data = typed(items[0] as Record<string, unknown>, itemsOf)
      // Kept while the piece is parsed; for DATA_READ_AGAIN kinds dropped after (read again if asked).
      unit.kept = data
      parseUnit(unit, [new PieceDoc(unit, ITEM_DATA, ITEM_PREFIX)], parseDiagnostics)
      if (DATA_READ_AGAIN.has(data['kind'] as string)) {
        unit.itemName = nameOf(data)
        unit.kept = null
      }
      return unit
    } else {
      const seq = tree.doc.contents
      if (!isSeq(seq) || seq.items.length !== 1 || !isMap(seq.items[0])) return null
      try {
        // No aliases: an item's anchors may live in another item, and a whole List counts its
        // aliases together; either way the whole file decides.
        data = (tree.doc.toJS({ maxAliasCount: 0 }) as Record<string, unknown>[])[0]!
      } catch {
        return null
      }
    }
    parseUnit(unit, [new PieceDoc(unit, typed(data, itemsOf), ITEM_PREFIX)], parseDiagnostics)
    return unit
  } else {
    const entries: DocumentEntry[] = tree.fast ? readFastDocument(name.file, tree.fast, readDiagnostics) : readDocument(name.file, tree.doc, tree.lc, readDiagnostics)
    if (readDiagnostics.some((d) => d.severity === 'error')) return null
    if (role === 'head') {
      let data: Record<string, unknown> | null
      try {
        data = (tree.fast ? tree.fast.data : tree.doc.toJS({ maxAliasCount: 0 })) as Record<string, unknown> | null
      } catch {
        return null
      }
      const kind = data?.['kind']
      // A head is a List whose items all went to their own pieces: `items:` reads as null.
      if (!data || typeof kind !== 'string' || !kind.endsWith('List') || data['items'] !== null || entries.length) return null
      unit.list = { kind, apiVersion: data['apiVersion'] }
    }
    parseUnit(unit, entries.map((e) => new PieceDoc(unit, e.data, e.prefix)), parseDiagnostics)
  }
  return unit
}
