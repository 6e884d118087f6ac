/**
 * The parsed input of a load from its pieces: every piece's objects in order, and the problems,
 * cluster and hints of the few pieces that have any. Kept per load so that the load after an
 * edit inside one piece splices that piece's objects in (an array copy) instead of walking
 * 20,000 pieces again.
 */
import type { Diagnostic } from '../load/diagnostics.js'
import { FieldReader } from '../load/fieldReader.js'
import type { ClusterHints } from '../load/clusterHints.js'
import type { ParsedInput } from '../load/parseObjects.js'
import type { ClusterObject, NodeSpec } from '../objects.js'
import type { Unit } from './units.js'

export interface Gathered {
  readonly objects: readonly ClusterObject[]
  readonly dumpNodes: readonly NodeSpec[]
  /** Per piece, where its objects and dump nodes start in those lists (one more entry: the end). */
  readonly objectStart: Int32Array
  readonly nodeStart: Int32Array
  /** Pieces with problems, a Cluster document or cluster hints, in order. */
  readonly notable: readonly number[]
  /** The objects taken out of the last load's list (from index `at`) and put in, when this one was spliced from it. */
  /** What changed against `from`, the last load's objects (null: not known). */
  readonly changed: { readonly at: number; readonly removed: readonly ClusterObject[]; readonly added: readonly ClusterObject[]; readonly from?: readonly ClusterObject[] } | null
}

const HINTS = ['podCIDR', 'serviceCIDR', 'clusterDomain', 'flannelBackend'] as const

const isNotable = (u: Unit): boolean =>
  u.readDiagnostics.length > 0 || u.parseDiagnostics.length > 0 || u.parsed.cluster !== null || HINTS.some((k) => u.parsed.hints[k])

/** Every piece walked once. */
export function gatherAll(units: readonly Unit[]): Gathered {
  const objects: ClusterObject[] = []
  const dumpNodes: NodeSpec[] = []
  const objectStart = new Int32Array(units.length + 1)
  const nodeStart = new Int32Array(units.length + 1)
  const notable: number[] = []
  units.forEach((u, i) => {
    objectStart[i] = objects.length
    nodeStart[i] = dumpNodes.length
    for (const o of u.parsed.objects) objects.push(o)
    for (const n of u.parsed.dumpNodes) dumpNodes.push(n)
    if (isNotable(u)) notable.push(i)
  })
  objectStart[units.length] = objects.length
  nodeStart[units.length] = dumpNodes.length
  return { objects, dumpNodes, objectStart, nodeStart, notable, changed: null }
}

function splice<T>(list: readonly T[], from: number, to: number, put: readonly T[]): T[] {
  const out = list.slice(0, from)
  for (const x of put) out.push(x)
  for (let i = to; i < list.length; i++) out.push(list[i]!)
  return out
}

/** `last` with its pieces `from`..`to` replaced by `units[from]`..`units[from + count - 1]` (the others are the same). */
export function gatherEdited(last: Gathered, units: readonly Unit[], from: number, to: number, count: number): Gathered {
  const put = units.slice(from, from + count)
  const objects: ClusterObject[] = []
  const dumpNodes: NodeSpec[] = []
  for (const u of put) {
    for (const o of u.parsed.objects) objects.push(o)
    for (const n of u.parsed.dumpNodes) dumpNodes.push(n)
  }
  const o0 = last.objectStart[from]!
  const o1 = last.objectStart[to + 1]!
  const n0 = last.nodeStart[from]!
  const n1 = last.nodeStart[to + 1]!
  const grew = count - (to - from + 1)
  const notable = last.notable.filter((i) => i < from).concat(put.flatMap((u, j) => (isNotable(u) ? [from + j] : [])), last.notable.filter((i) => i > to).map((i) => i + grew))
  return {
    objects: splice(last.objects, o0, o1, objects),
    dumpNodes: splice(last.dumpNodes, n0, n1, dumpNodes),
    objectStart: restarted(last.objectStart, from, to, put.map((u) => u.parsed.objects.length)),
    nodeStart: restarted(last.nodeStart, from, to, put.map((u) => u.parsed.dumpNodes.length)),
    notable,
    changed: { at: o0, removed: last.objects.slice(o0, o1), added: objects, from: last.objects },
  }
}

/** Start offsets after pieces `from`..`to` became pieces of `sizes`. */
function restarted(starts: Int32Array, from: number, to: number, sizes: readonly number[]): Int32Array {
  const out = new Int32Array(starts.length - (to - from + 1) + sizes.length)
  out.set(starts.subarray(0, from + 1))
  let at = starts[from]!
  sizes.forEach((n, j) => {
    out[from + j] = at
    at += n
  })
  const shift = at - starts[to + 1]!
  for (let i = to + 1, k = from + sizes.length; i < starts.length; i++, k++) out[k] = starts[i]! + shift
  return out
}

const shifted = (d: Diagnostic, unit: Unit): Diagnostic => ({ ...d, file: unit.name.file, line: d.line + unit.line })

function mergeHints(into: ClusterHints, from: ClusterHints, diagnostics: Diagnostic[]): void {
  for (const k of HINTS) {
    const h = from[k]
    // The first document that gives a hint wins, as in one pass over the file; its reader
    // reports into this load's diagnostics (inferCluster warns through it).
    if (h && !into[k]) into[k] = { ...h, reader: new FieldReader(h.reader.doc, diagnostics, h.reader.object) }
  }
}

/**
 * The input the derivation takes, and `diagnostics` filled as one pass over the file would: the
 * reading problems of every piece in order, then each piece's parsing problems.
 */
export function parsedInput(units: readonly Unit[], g: Gathered, diagnostics: Diagnostic[]): ParsedInput {
  for (const i of g.notable) for (const d of units[i]!.readDiagnostics) diagnostics.push(shifted(d, units[i]!))
  const parsed: ParsedInput = { cluster: null, dumpNodes: g.dumpNodes as NodeSpec[], objects: g.objects as ClusterObject[], hints: {} }
  for (const i of g.notable) {
    const u = units[i]!
    for (const d of u.parseDiagnostics) diagnostics.push(shifted(d, u))
    if (u.parsed.cluster) parsed.cluster = u.parsed.cluster
    mergeHints(parsed.hints, u.parsed.hints, diagnostics)
  }
  return parsed
}
