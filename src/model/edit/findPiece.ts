/**
 * Finding a what-if's target in the text without splitting all of it: only the documents or
 * kubectl List items whose text names the target are parsed (one or two of 20,000 on a dump).
 * When the incremental loader already knows where the pieces of this very text lie
 * (KnownPieces, from reload.ts), a match is looked up among them; otherwise the stretch
 * between the document markers around it is split as splitText splits the whole text.
 */
import { isMap, parseDocument, type Document } from 'yaml'
import { marker, splitText, type TextPiece } from '../incremental/split.js'
import type { PieceSpans } from '../incremental/textEdit.js'

/** A document or List item of the text, parsed on its own, and where it sits. */
export interface Piece { readonly start: number; readonly text: string; readonly doc: Document; readonly base: readonly (string | number)[] }

/** Where the pieces of `text` lie, as the loader split it last: `item(i)` says span i is a List item. */
export interface KnownPieces {
  readonly text: string
  readonly spans: PieceSpans
  item(span: number): boolean
}

export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Searches answered from the loader's spans: for tests. */
export const findPieceCounters = { known: 0 }

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
  for (const { piece, item } of piecesNaming(text, named, known)) {
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

/** The last span starting at or before `at` (-1 if none). */
function spanAt(starts: Int32Array, at: number): number {
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
 * The pieces of `text` around each place `named` matches, in text order: each document, and
 * each List item (a List's own head is never a target). With `known` for this text, the piece
 * holding a match is found among the loader's spans; otherwise the documents between the
 * markers before and after a match are split on their own (a `---` or `...` line at column 0
 * always ends a document; a List dump is one document, split whole).
 */
function* piecesNaming(text: string, named: RegExp, known?: KnownPieces): Generator<Found> {
  if (text.charCodeAt(0) === 37 || text.includes('\n%')) {
    for (const seg of splitText(text)) yield* foundIn(seg)
    return
  }
  const all = new RegExp(named.source, named.flags.includes('g') ? named.flags : `${named.flags}g`)
  if (known && known.text === text) {
    findPieceCounters.known++
    const { starts, ends } = known.spans
    for (let m = all.exec(text); m; m = all.exec(text)) {
      const i = spanAt(starts, m.index)
      if (i < 0 || m.index >= ends[i]!) continue
      yield { piece: { text: text.slice(starts[i]!, ends[i]!), line: 0, start: starts[i]! }, item: known.item(i) }
      all.lastIndex = Math.max(all.lastIndex, ends[i]!)
    }
    return
  }
  // Which markers the text has at all, looked for once: a kubectl List dump has neither, and a
  // backward search for one from each match went through 28 MB.
  const dashes = text.includes('\n---')
  const dots = text.includes('\n...')
  const before = (from: number): number => Math.max(dashes ? text.lastIndexOf('\n---', from) : -1, dots ? text.lastIndexOf('\n...', from) : -1)
  let after = 0
  for (let m = all.exec(text); m; m = all.exec(text)) {
    if (m.index < after) continue
    // The marker line at or before the match (or the text's start) and the next one after it.
    let start = m.index
    for (;;) {
      start = before(start - 1) + 1
      if (start === 0 || marker(text, start) !== null) break
      start--
    }
    let end = m.index
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
    after = end
    all.lastIndex = end
  }
}

function foundIn(seg: ReturnType<typeof splitText>[number]): Found[] {
  return seg.type === 'doc' ? [{ piece: seg.piece, item: false }] : seg.items.map((piece) => ({ piece, item: true }))
}

/** A `kind: Cluster` line at column 0 (quoted or not, a comment after it). */
const CLUSTER_KIND = /^kind:\s*["']?Cluster["']?\s*(?:#.*)?$/m

/** The documents with a Cluster kind line, found by searching for it (not by splitting a 20,000-document text). */
export function* clusterPieces(text: string, known?: KnownPieces): Generator<TextPiece> {
  for (const { piece, item } of piecesNaming(text, CLUSTER_KIND, known)) if (!item && CLUSTER_KIND.test(piece.text)) yield piece
}

/** The kube-netlab Cluster document, parsed whole. */
export function findCluster(text: string, known?: KnownPieces): Piece | undefined {
  for (const piece of clusterPieces(text, known)) {
    const doc = parseDocument(piece.text)
    if (!doc.errors.length && isMap(doc.contents) && String(doc.get('kind')) === 'Cluster') return { start: piece.start, text: piece.text, doc, base: [] }
  }
  return undefined
}
