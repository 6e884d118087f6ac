/**
 * Finding a what-if's target in the text without splitting all of it: only the documents or
 * kubectl List items whose text names the target are parsed (one or two of 20,000 on a dump).
 * When the incremental loader already knows where the pieces of this very text lie
 * (KnownPieces, from reload.ts), a match is looked up among them; otherwise the stretch
 * between the document markers around it is split as splitText splits the whole text.
 */
import { isMap, parseDocument, type Document } from 'yaml'
import { marker, splitText, type TextPiece } from '../incremental/split.js'
import { spanAt, type PieceSpans } from '../incremental/textEdit.js'

/** A document or List item of the text, parsed on its own, and where it sits. */
export interface Piece { readonly start: number; readonly text: string; readonly doc: Document; readonly base: readonly (string | number)[] }

/** Where the pieces of `text` lie, as the loader split it last: `item(i)` says span i is a List item. */
export interface KnownPieces {
  readonly text: string
  readonly spans: PieceSpans
  item(span: number): boolean
  /**
   * The spans, ascending, whose piece may be an object named `name` (every piece whose own
   * object's `metadata.name` reads as `name`, and any piece the loader found no object in): a
   * superset of the pieces findPiece takes, looked up instead of searching the text for the name.
   */
  named?(name: string): readonly number[]
  /**
   * The spans, ascending, that are documents (not List items) with a `kind: Cluster` line at
   * column 0 (CLUSTER_KIND): the pieces clusterPieces takes, looked up instead of searching
   * the text's 115,000 `kind:` lines (15 ms per cordon on a dump).
   */
  clusters?(): readonly number[]
}

export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Searches answered from the loader's spans, and of those from its names: for tests. */
export const findPieceCounters = { known: 0, named: 0, clusters: 0 }

/** A piece of the text and whether it is a List item (parsed as a one-item sequence). */
interface Found { readonly piece: TextPiece; readonly item: boolean }

/**
 * The first document or List item (kubectl's dump) that is a `kinds` object named `target`
 * (`namespace/name`, or a bare name for a cluster-scoped kind).
 */
export function findPiece(text: string, kinds: readonly string[], target: string, known?: KnownPieces): Piece | undefined {
  const slash = target.indexOf('/')
  const [ns, name] = slash >= 0 ? [target.slice(0, slash), target.slice(slash + 1)] : [null, target]
  const named = new RegExp(`\\bname:\\s*["']?${escapeRe(name)}["']?\\s*(?:[,}#\\r\\n]|$)`)
  const kindRe = new RegExp(`\\bkind:\\s*["']?(?:${kinds.map(escapeRe).join('|')})\\b`)
  const tried = new Set<number>()
  const pieces = known?.named && known.text === text && !hasDirectives(text) ? spansNamed(known, known.named(name)) : piecesNaming(text, namedFinder(text, name, named), known)
  for (const { piece, item } of pieces) {
    if (tried.has(piece.start)) continue
    tried.add(piece.start)
    if (!named.test(piece.text) || !kindRe.test(piece.text)) continue
    const base = item ? [0] : []
    const doc = parseDocument(piece.text)
    if (doc.errors.length) continue
    const kind = String(doc.getIn([...base, 'kind']) ?? '')
    const n = String(doc.getIn([...base, 'metadata', 'name']) ?? '')
    const space = String(doc.getIn([...base, 'metadata', 'namespace']) ?? 'default')
    if (kinds.includes(kind) && n === name && (ns === null || space === ns)) return { start: piece.start, text: piece.text, doc, base }
  }
  return undefined
}

/** The start of the first match at or after `from`, or -1: a regex's matches, found faster. */
type Finder = (from: number) => number

/** JavaScript's `\s`, for one character. */
const SPACE = /\s/
const isSpace = (text: string, at: number): boolean => SPACE.test(text[at]!)

/**
 * The matches of `named` (`\bname:\s*["']?NAME["']?…`): each place the name itself occurs,
 * looked for with indexOf, and the regex tried once at the `name:` just before it. A regex
 * scan of a 28 MB dump took 37 ms; indexOf 3 ms. A match's start is fixed by its name: going
 * back from it, an optional quote, then the spaces, then `name:`.
 */
function namedFinder(text: string, name: string, named: RegExp): Finder {
  const sticky = new RegExp(named.source, 'y')
  return (from) => {
    for (let p = text.indexOf(name, from); p >= 0; p = text.indexOf(name, p + 1)) {
      let q = p
      if (q > 0 && (text.charCodeAt(q - 1) === 34 || text.charCodeAt(q - 1) === 39)) q--
      while (q > 0 && isSpace(text, q - 1)) q--
      const start = q - 5
      if (start < from || !text.startsWith('name:', start)) continue
      sticky.lastIndex = start
      if (sticky.test(text)) return start
    }
    return -1
  }
}

/** A `kind: Cluster` line at column 0 (quoted or not, a comment after it). */
export const CLUSTER_KIND = /^kind:\s*["']?Cluster["']?\s*(?:#.*)?$/m
const CLUSTER_KIND_AT = new RegExp(CLUSTER_KIND.source, 'my')

/** A line terminator as the regex's `^` (multiline) knows them: \n, \r, U+2028, U+2029. */
const lineEnd = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029

/** CLUSTER_KIND's matches: each `kind:` at a line's start (115,000 `kind:` in a dump, 6 at column 0), the regex tried there. */
function clusterFinder(text: string): Finder {
  return (from) => {
    for (let p = text.indexOf('kind:', from); p >= 0; p = text.indexOf('kind:', p + 1)) {
      if (p > 0 && !lineEnd(text.charCodeAt(p - 1))) continue
      CLUSTER_KIND_AT.lastIndex = p
      if (CLUSTER_KIND_AT.test(text)) return p
    }
    return -1
  }
}

/** Whether the text has YAML directives (then it is parsed whole); asked of one text several times per what-if. */
let lastDirectives: { text: string; has: boolean } | null = null
function hasDirectives(text: string): boolean {
  if (lastDirectives?.text !== text) lastDirectives = { text, has: text.charCodeAt(0) === 37 || text.includes('\n%') }
  return lastDirectives.has
}

/**
 * Tells the directives check about `after`, made from `before` by replacing `start`..`end`
 * with `by` (a what-if): when `before` had none, `after` has one only where the splice put it,
 * so the next what-if on `after` does not scan it (nor copy it out of V8's rope to scan it).
 */
export function noteSplice(before: string, after: string, start: number, end: number, by: string): void {
  if (lastDirectives?.text !== before || lastDirectives.has) return
  // A line starting with % at the splice's start, inside `by`, or right after it.
  const first = by.length ? by.charCodeAt(0) : before.charCodeAt(end)
  const has = by.includes('\n%') || (first === 37 && (start === 0 || before.charCodeAt(start - 1) === 10)) ||
    (by.length > 0 && by.charCodeAt(by.length - 1) === 10 && before.charCodeAt(end) === 37)
  lastDirectives = { text: after, has }
}

/**
 * The pieces of `text` around each match `find` finds, in text order: each document, and
 * each List item (a List's own head is never a target). With `known` for this text, the piece
 * holding a match is found among the loader's spans; otherwise the documents between the
 * markers before and after a match are split on their own (a `---` or `...` line at column 0
 * always ends a document; a List dump is one document, split whole).
 */
function* piecesNaming(text: string, find: Finder, known?: KnownPieces): Generator<Found> {
  if (hasDirectives(text)) {
    for (const seg of splitText(text)) yield* foundIn(seg)
    return
  }
  if (known && known.text === text) {
    findPieceCounters.known++
    const { starts, ends } = known.spans
    for (let m = find(0); m >= 0;) {
      const i = spanAt(starts, m)
      if (i < 0 || m >= ends[i]!) { m = find(m + 1); continue }
      yield { piece: { text: text.slice(starts[i]!, ends[i]!), line: 0, start: starts[i]! }, item: known.item(i) }
      m = find(ends[i]!)
    }
    return
  }
  // Which markers the text has at all, looked for once: a kubectl List dump has neither, and a
  // backward search for one from each match went through 28 MB.
  const dashes = text.includes('\n---')
  const dots = text.includes('\n...')
  const before = (from: number): number => Math.max(dashes ? text.lastIndexOf('\n---', from) : -1, dots ? text.lastIndexOf('\n...', from) : -1)
  for (let m = find(0); m >= 0;) {
    // The marker line at or before the match (or the text's start) and the next one after it.
    let start = m
    for (;;) {
      start = before(start - 1) + 1
      if (start === 0 || marker(text, start) !== null) break
      start--
    }
    let end = m
    for (;;) {
      const a = dashes ? text.indexOf('\n---', end) : -1
      const b = dots ? text.indexOf('\n...', end) : -1
      const next = a < 0 ? b : b < 0 ? a : Math.min(a, b)
      if (next < 0) { end = text.length; break }
      end = next + 1
      if (marker(text, end) !== null) break
    }
    for (const seg of splitText(text.slice(start, end))) {
      for (const f of foundIn(seg)) yield { piece: { text: f.piece.text, line: f.piece.line, start: f.piece.start + start }, item: f.item }
    }
    m = end < text.length ? find(end) : -1
  }
}

/** The known spans `spans` as pieces (the same pieces piecesNaming yields for them). */
function* spansNamed(known: KnownPieces, spans: readonly number[]): Generator<Found> {
  findPieceCounters.known++
  findPieceCounters.named++
  const { starts, ends } = known.spans
  for (const i of spans) yield { piece: { text: known.text.slice(starts[i]!, ends[i]!), line: 0, start: starts[i]! }, item: known.item(i) }
}

function foundIn(seg: ReturnType<typeof splitText>[number]): Found[] {
  return seg.type === 'doc' ? [{ piece: seg.piece, item: false }] : seg.items.map((piece) => ({ piece, item: true }))
}

/** The last text's Cluster documents: a cordon asks twice (its entry, then the whole document). */
let lastClusters: { text: string; pieces: TextPiece[] } | null = null

/** The documents with a Cluster kind line, found by searching for it (not by splitting a 20,000-document text). */
export function clusterPieces(text: string, known?: KnownPieces): readonly TextPiece[] {
  if (lastClusters?.text !== text) lastClusters = { text, pieces: clusterPiecesAnew(text, known) }
  return lastClusters.pieces
}

/** clusterPieces without its one-text cache: for tests, which compare the ways. */
export function clusterPiecesAnew(text: string, known?: KnownPieces): TextPiece[] {
  const pieces: TextPiece[] = []
  if (known?.clusters && known.text === text && !hasDirectives(text)) {
    findPieceCounters.clusters++
    const { starts, ends } = known.spans
    for (const i of known.clusters()) pieces.push({ text: text.slice(starts[i]!, ends[i]!), line: 0, start: starts[i]! })
    return pieces
  }
  for (const { piece, item } of piecesNaming(text, clusterFinder(text), known)) if (!item && CLUSTER_KIND.test(piece.text)) pieces.push(piece)
  return pieces
}

/** The kube-netlab Cluster document, parsed whole. */
export function findCluster(text: string, known?: KnownPieces): Piece | undefined {
  for (const piece of clusterPieces(text, known)) {
    const doc = parseDocument(piece.text)
    if (!doc.errors.length && isMap(doc.contents) && String(doc.get('kind')) === 'Cluster') return { start: piece.start, text: piece.text, doc, base: [] }
  }
  return undefined
}
