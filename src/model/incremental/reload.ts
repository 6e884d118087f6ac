/**
 * Incremental loading: the model of an edited text from the model of the text before, parsing
 * only the pieces (documents, a List's items) whose text changed and re-deriving only what they
 * touch — what kube-proxy's partial sync does for its rules (KEP-3453). The derivation runs the
 * same steps as a full load (src/model/derive/buildModel.ts) with a memo of their per-object
 * results, so the result equals a full load of the same text with the same `keepAddresses`,
 * while unchanged nodes, pods, Services and Service ports stay the very same objects (the
 * node-state caches are keyed by them). Whatever cannot be read piece by piece (a YAML error,
 * %directives, aliases across a List's items, two Cluster documents, the file limits) is loaded
 * whole. Pure: the cache is a WeakMap keyed by the model it belongs to.
 */
import { deriveModel, generatedKey, loadModel, type LoadOptions, type LoadResult } from '../derive/buildModel.js'
import type { KeptAddresses } from '../derive/pods.js'
import type { DeriveMemo } from '../derive/memo.js'
import type { Diagnostic } from '../load/diagnostics.js'
import { FieldReader } from '../load/fieldReader.js'
import type { ClusterHints } from '../load/clusterHints.js'
import type { ParsedInput } from '../load/parseObjects.js'
import { MAX_FILE_BYTES, MAX_OBJECTS } from '../load/readDocuments.js'
import { encodingProblem } from '../load/textChecks.js'
import type { Model } from '../model.js'
import { notePredecessor } from '../node/lineage.js'
import { splitText, type TextPiece } from './split.js'
import { listKey, readUnit, type FileName, type ListType, type Unit } from './units.js'

interface LoadCache {
  readonly name: FileName
  /** The pieces of the text the model was loaded from (those that could be read), in order. */
  readonly units: readonly Unit[]
  readonly memo: DeriveMemo
  readonly stats: ReloadStats
}

/** What a load reused: for tests and the bench. */
export interface ReloadStats {
  /** Pieces parsed by this load, and pieces reused from the one before. */
  readonly parsed: number
  readonly reused: number
  /** The file was loaded whole (something the pieces could not be read for). */
  readonly whole: boolean
}

/**
 * The addresses `model`'s pods hold, as `keepAddresses` for the load after an edit: a lookup in
 * the pods the load that made `model` indexed by name (no new map of every pod per edit).
 */
export function addressesOf(model: Model): KeptAddresses {
  const pods = caches.get(model)?.memo.pods ?? new Map(model.pods.map((p) => [`${p.namespace}/${p.name}`, p]))
  return {
    get: (key) => {
      const p = pods.get(key)
      return p && p.ip !== null && p.nodeName && !p.hostNetwork ? { node: p.nodeName, ip: p.ip } : undefined
    },
  }
}

/** How the load that gave `model` went, when reloadModel made it. */
export const reloadStats = (model: Model): ReloadStats | undefined => caches.get(model)?.stats

const caches = new WeakMap<Model, LoadCache>()

/** Pieces of the last text by content, each usable once (a text may repeat a document). */
class UnitPool {
  private j = 0
  private byText: Map<string, Unit[]> | null = null
  private readonly used = new Set<Unit>()

  constructor(private readonly units: readonly Unit[]) {}

  take(text: string, key: string): Unit | undefined {
    // In order first: an edit leaves the pieces before and after it in place.
    for (const k of [this.j, this.j + 1]) {
      const u = this.units[k]
      if (u && u.text === text && u.listKey === key && !this.used.has(u)) {
        this.j = k + 1
        this.used.add(u)
        return u
      }
    }
    if (!this.byText) {
      this.byText = new Map()
      for (const u of this.units) {
        const list = this.byText.get(u.text)
        if (list) list.push(u)
        else this.byText.set(u.text, [u])
      }
    }
    const u = this.byText.get(text)?.find((x) => x.listKey === key && !this.used.has(x))
    if (!u) return undefined
    this.used.add(u)
    this.j = this.units.indexOf(u) + 1
    return u
  }
}

const shifted = (d: Diagnostic, unit: Unit): Diagnostic => ({ ...d, file: unit.name.file, line: d.line + unit.line })

function mergeHints(into: ClusterHints, from: ClusterHints, diagnostics: Diagnostic[]): void {
  for (const k of ['podCIDR', 'serviceCIDR', 'clusterDomain', 'flannelBackend'] as const) {
    const h = from[k]
    // The first document that gives a hint wins, as in one pass over the file; its reader
    // reports into this load's diagnostics (inferCluster warns through it).
    if (h && !into[k]) into[k] = { ...h, reader: new FieldReader(h.reader.doc, diagnostics, h.reader.object) }
  }
}

/** The memo for the load after the one that derived `model` (the first load's when null). */
function nextMemo(model: Model | null, previous: DeriveMemo | undefined): DeriveMemo {
  return {
    drafts: previous?.drafts ?? new WeakMap(),
    hashes: previous?.hashes ?? new Map(),
    serviceDiagnostics: model && previous ? previous.serviceDiagnosticsNow : new Map(),
    selected: model && previous ? previous.selectedNow : new Map(),
    serviceDiagnosticsNow: new Map(),
    selectedNow: new Map(),
    nodes: new Map(model?.nodes.map((n) => [n.name, n])),
    // The derivation that made `model` listed them as it went (a whole-file load did not).
    pods: model && previous?.podsNow.size ? previous.podsNow : new Map(model?.pods.map((p) => [`${p.namespace}/${p.name}`, p])),
    services: model && previous?.servicesNow.size ? previous.servicesNow : new Map(model?.services.map((s) => [`${s.namespace}/${s.name}`, s])),
    podsNow: new Map(),
    servicesNow: new Map(),
    generated: new Map((model ? previous?.generatedNow ?? [] : []).map((o) => [generatedKey(o), o])),
    generatedNow: [],
    cluster: model?.cluster ?? null,
  }
}

/**
 * Loads `text`, reusing what `previous` (the model of an earlier text of the same lineage, or
 * null) was derived from. Same result as `loadModel(file, text, options)`; the model's objects
 * that the edit did not change are `previous`'s.
 */
export function reloadModel(previous: Model | null, file: string, text: string, options: LoadOptions = {}): LoadResult {
  const cache = previous ? caches.get(previous) : undefined
  const name: FileName = cache?.name ?? { file }
  name.file = file
  const limits = options.limits ?? true
  const pool = new UnitPool(cache?.units ?? [])
  const units: Unit[] = []
  const fresh: Unit[] = []
  let whole = encodingProblem(file, text) !== null

  const unitFor = (piece: TextPiece, role: 'doc' | 'head' | 'item', itemsOf: ListType | null): Unit | null => {
    let u: Unit | null | undefined = pool.take(piece.text, role === 'item' ? listKey(itemsOf) : '')
    if (!u) {
      u = readUnit(name, piece.text, role, itemsOf)
      if (!u) return null
      fresh.push(u)
    }
    u.line = piece.line
    units.push(u)
    return u
  }

  if (!whole) {
    for (const seg of splitText(text)) {
      if (seg.type === 'doc') {
        if (!unitFor(seg.piece, 'doc', null)) whole = true
        continue
      }
      let head: Unit | null | undefined = pool.take(seg.head.text, '')
      if (!head) {
        head = readUnit(name, seg.head.text, 'head', null)
        if (head) fresh.push(head)
      }
      // Not a List after all (an `items:` key of another kind): the document is one piece.
      if (!head?.list) {
        if (!unitFor(seg.whole, 'doc', null)) whole = true
        continue
      }
      head.line = seg.head.line
      units.push(head)
      for (const item of seg.items) if (!unitFor(item, 'item', head.list)) whole = true
    }
  }
  const docCount = units.reduce((n, u) => n + u.docs.length, 0)
  const clusters = units.filter((u) => u.parsed.cluster !== null).length
  if (limits && (docCount > MAX_OBJECTS || units.reduce((n, u) => n + u.bytes, 0) > MAX_FILE_BYTES)) whole = true
  if (clusters > 1) whole = true

  const release = (): void => {
    for (const u of fresh) u.tree = null
  }
  if (whole) {
    release()
    // The whole-file load reports what the pieces could not; the pieces read so far stay
    // cached for the next edit, beside the earlier ones.
    const r = loadModel(file, text, options)
    const memo = cache ? { ...cache.memo, podsNow: new Map(), servicesNow: new Map(), generatedNow: [], serviceDiagnosticsNow: new Map(), selectedNow: new Map() } : undefined
    if (r.ok) caches.set(r.model, { name, units: [...units, ...(cache?.units ?? [])], memo: nextMemo(r.model, memo), stats: { parsed: fresh.length, reused: units.length - fresh.length, whole: true } })
    return r
  }

  const diagnostics: Diagnostic[] = []
  for (const u of units) for (const d of u.readDiagnostics) diagnostics.push(shifted(d, u))
  const parsed: ParsedInput = { cluster: null, dumpNodes: [], objects: [], hints: {} }
  for (const u of units) {
    for (const d of u.parseDiagnostics) diagnostics.push(shifted(d, u))
    if (u.parsed.cluster) parsed.cluster = u.parsed.cluster
    for (const n of u.parsed.dumpNodes) parsed.dumpNodes.push(n)
    for (const o of u.parsed.objects) parsed.objects.push(o)
    mergeHints(parsed.hints, u.parsed.hints, diagnostics)
  }
  // This derivation's own lists of what it made (a model may be reloaded from more than once).
  const memo: DeriveMemo = { ...(cache?.memo ?? nextMemo(null, undefined)), podsNow: new Map(), servicesNow: new Map(), generatedNow: [], serviceDiagnosticsNow: new Map(), selectedNow: new Map() }
  const result = deriveModel(file, docCount, parsed, diagnostics, options.keepAddresses, memo)
  release()
  if (result.ok) caches.set(result.model, { name, units, memo: nextMemo(result.model, memo), stats: { parsed: fresh.length, reused: units.length - fresh.length, whole: false } })
  // Node state starts from the earlier model's per-model work (node/lineage.ts).
  if (result.ok && previous) notePredecessor(result.model, previous)
  return result
}
