/**
 * What the incremental loader (reload.ts) knows of its pieces without reading them again: the
 * counts the file limits read, kept from load to load and changed by an edit's pieces, and which
 * document pieces hold a Cluster document (a cordon's what-if looks for it, edit/findPiece.ts).
 */
import { CLUSTER_KIND } from '../edit/findPiece.js'
import type { PieceSpans } from './textEdit.js'
import type { Unit } from './units.js'

/** The pieces' objects, bytes and Cluster documents, summed. */
export interface Totals { readonly docs: number; readonly bytes: number; readonly clusters: number }

/** `totals` with the pieces `out` taken out and `put` put in (an edit's), not a walk of every piece. */
export function totalsAfter(totals: Totals, out: readonly Unit[], put: readonly Unit[]): Totals {
  let { docs, bytes, clusters } = totals
  for (const u of out) {
    docs -= u.docs.length
    bytes -= u.bytes
    if (u.parsed.cluster !== null) clusters--
  }
  for (const u of put) {
    docs += u.docs.length
    bytes += u.bytes
    if (u.parsed.cluster !== null) clusters++
  }
  return { docs, bytes, clusters }
}

/** Per document piece: whether it has a `kind: Cluster` line (a piece's text never changes). */
const clusterLine = new WeakMap<Unit, boolean>()

/** KnownPieces.clusters: the document spans with a `kind: Cluster` line at column 0. */
export function clusterSpans(units: readonly Unit[], spans: PieceSpans): number[] {
  const out: number[] = []
  for (let i = 0; i < spans.unit.length; i++) {
    const u = units[spans.unit[i]!]!
    if (u.listKey !== '') continue
    let has = clusterLine.get(u)
    if (has === undefined) clusterLine.set(u, (has = CLUSTER_KIND.test(u.text)))
    if (has) out.push(i)
  }
  return out
}
