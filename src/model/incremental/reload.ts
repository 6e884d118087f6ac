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
import { lazyLookup, podsByName, type DeriveMemo, type ServiceRecord } from '../derive/memo.js'
import { KEPT_FROM } from '../derive/placeAgain.js'
import type { Diagnostic } from '../load/diagnostics.js'
import { MAX_FILE_BYTES, MAX_OBJECTS } from '../load/readDocuments.js'
import { encodingProblem } from '../load/textChecks.js'
import type { Model, ModelPod, ModelService } from '../model.js'
import { notePredecessor } from '../node/lineage.js'
import { splitText, type TextPiece } from './split.js'
import { gatherAll, gatherEdited, parsedInput, type Gathered } from './gather.js'
import { editedPieces, movedSpans, textEditCounters, type PieceSpans } from './textEdit.js'
import type { KnownPieces } from '../edit/findPiece.js'
import { notePodLookups } from '../podLookup.js'
import { notePodChange } from '../podsByNode.js'
import { listKey, readUnit, type FileName, type ListType, type Unit } from './units.js'
import { NameIndex } from './nameIndex.js'
import { listsOf } from '../derive/placeSpliced.js'
import { primeServiceRecord } from '../derive/servicesAgain.js'
import { clusterSpans, totalsAfter, type Totals } from './unitCounts.js'

interface LoadCache {
  readonly name: FileName
  /** The pieces of the text the model was loaded from (those that could be read), in order. */
  readonly units: readonly Unit[]
  readonly memo: DeriveMemo
  readonly stats: ReloadStats
  /** The text the pieces are exactly the pieces of, and where they lie in it (null after a whole-file load). */
  readonly text: string | null
  readonly spans: PieceSpans | null
  /**
   * Each unit's first line in that text (a unit's own `line` follows the latest load that used
   * it, which may be a later text than this model's).
   */
  readonly lines: Int32Array | null
  /** The pieces' objects gathered (src/model/incremental/gather.ts). */
  readonly gathered: Gathered | null
  /** The pieces by their objects' names, once a what-if asked (shared along the lineage: nameIndex.ts). */
  names: NameIndex | null
  /** The pieces' objects, bytes and Cluster documents, summed (the next edit's counts are these, changed). */
  readonly totals: Totals
}


/**
 * The `lines` of the load that last set every one of its units' `line` (null once any other
 * load set some): a load after it in the same lineage need not set those of the units that
 * stay where they were (a what-if on a dump: 50,000 units not touched again).
 */
let linesSetBy: Int32Array | null = null

/** What a load reused: for tests and the bench. */
export interface ReloadStats {
  /** Pieces parsed by this load, and pieces reused from the one before. */
  readonly parsed: number
  readonly reused: number
  /** The file was loaded whole (something the pieces could not be read for). */
  readonly whole: boolean
}

/**
 * Where the pieces of the text `model` was loaded from lie (null after a whole-file load): a
 * what-if on that text finds its target among them (edit/findPiece.ts) instead of splitting it.
 */
export function knownPieces(model: Model): KnownPieces | null {
  const cache = caches.get(model)
  if (!cache || cache.text === null || !cache.spans) return null
  const { spans, units } = cache
  const c = cache
  return {
    text: cache.text, spans, item: (i) => units[spans.unit[i]!]!.listKey !== '',
    named: (name) => (c.names ??= new NameIndex(units)).spansNamed(name, units, spans),
    clusters: () => clusterSpans(units, spans),
  }
}


/**
 * The caches the first what-if on `model` would build, built now, one part per call (`step`
 * 0–3): the pieces by name (findPiece's lookup of the target),
 * the placement's lists and the Services' keys, probes and slice addresses. Caches only: an edit
 * finds the same whether they were built here or by itself. The model worker calls this in its
 * idle time after a big cluster loads (src/ui/worker/warmUp.ts).
 */
export const PRIME_EDIT_STEPS = 4
export function primeEdits(model: Model, step: number): void {
  const c = caches.get(model)
  if (!c) return
  if (step === 0 && c.text !== null && c.spans) c.names ??= new NameIndex(c.units)
  if (step === 1 && c.memo.placement) listsOf(c.memo.placement)
  if (step >= 2 && c.memo.serviceRecord) primeServiceRecord(c.memo.serviceRecord, step === 2 ? 'keys' : 'slices')
}

/** Which of primeEdits' caches `model`'s lineage has: for tests. */
export function primedEdits(model: Model): { names: boolean; placement: boolean; services: boolean } {
  const c = caches.get(model)
  return { names: !!c?.names, placement: !!c?.memo.placement?.lists, services: !!c?.memo.serviceRecord?.probes }
}

/**
 * The addresses `model`'s pods hold, as `keepAddresses` for the load after an edit: a lookup in
 * the pods the load that made `model` indexed by name (no new map of every pod per edit).
 */
export function addressesOf(model: Model): KeptAddresses {
  const pods = caches.get(model)?.memo.pods ?? podsByName(model.pods.map(keyed))
  const kept: KeptAddresses & { [KEPT_FROM]: Model } = {
    // Tells the placement that these are `model`'s addresses (src/model/derive/placeAgain.ts).
    [KEPT_FROM]: model,
    get: (key: string) => {
      const p = pods.get(key)
      return p && p.ip !== null && p.nodeName && !p.hostNetwork ? { node: p.nodeName, ip: p.ip } : undefined
    },
  }
  return kept
}

const keyed = (p: ModelPod): [string, ModelPod] => [`${p.namespace}/${p.name}`, p]

/** The objects, bytes and Cluster documents of the pieces `model` was loaded from: for tests. */
export type { Totals } from './unitCounts.js'
export const reloadTotals = (model: Model): Totals | undefined => caches.get(model)?.totals

/** How the load that gave `model` went, when reloadModel made it. */
export const reloadStats = (model: Model): ReloadStats | undefined => caches.get(model)?.stats

const caches = new WeakMap<Model, LoadCache>()

/** Pieces of the last text by content, each usable once (a text may repeat a document). */
class UnitPool {
  private j = 0
  private misses = 0
  private byText: Map<string, Unit[]> | null = null
  private readonly used = new Set<Unit>()

  constructor(private readonly units: readonly Unit[]) {}

  take(text: string, key: string): Unit | undefined {
    if (this.units.length === 0) return undefined
    // In order first: an edit leaves the pieces before and after it in place.
    for (let k = this.j; k < this.j + 2; k++) {
      const u = this.units[k]
      if (u && u.text === text && u.listKey === key && !this.used.has(u)) {
        this.j = k + 1
        this.used.add(u)
        return u
      }
    }
    // A piece an edit changed matches nothing: index the pieces by their text (hashing all of
    // the last text) only when pieces seem to have moved, not for the first two misses.
    if (!this.byText && ++this.misses <= 2) return undefined
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

/** The memo for the load after the one that derived `model` (the first load's when null). */
function nextMemo(model: Model | null, previous: DeriveMemo | undefined): DeriveMemo {
  const record = model ? previous?.serviceRecordNow ?? null : null
  return {
    drafts: previous?.drafts ?? new WeakMap(),
    hashes: previous?.hashes ?? new Map(),
    serviceDiagnostics: lazyLookup(() => byService(record, record?.diagnostics)),
    selected: lazyLookup(() => byService(record, record?.selected)),
    nodes: new Map(model?.nodes.map((n) => [n.name, n])),
    // The derivation that made `model` listed them as it went (a whole-file load did not).
    pods: model && previous?.podsNow.size ? previous.podsNow : podsByName((model?.pods ?? []).map(keyed)),
    services: lazyLookup(() => new Map((record?.result ?? model?.services ?? []).map((s) => [`${s.namespace}/${s.name}`, s]))),
    podsNow: podsByName([]),
    generated: new Map((model ? previous?.generatedNow ?? [] : []).map((o) => [generatedKey(o), o])),
    generatedNow: [],
    cluster: model?.cluster ?? null,
    placement: model && previous?.placementNow ? { ...previous.placementNow, model } : null,
    serviceRecord: record,
    nodesRecord: model ? previous?.nodesRecordNow ?? null : null,
    names: model ? previous?.namesNow ?? null : null,
    expansion: model ? previous?.expansionNow ?? null : null,
    hostPorts: model ? previous?.hostPortsNow ?? null : null,
    labObjects: model ? previous?.labObjectsNow ?? null : null,
    kinds: model ? previous?.kindsNow ?? null : null,
  }
}

/**
 * The derivation's pod indexes as the model's lookups, when they hold exactly its pods: by name
 * (one entry per pod) and by address (the placement's, made for the pods the model holds).
 */
function notePodIndexes(model: Model, memo: DeriveMemo): void {
  const names = memo.podsNow.size === model.pods.length ? memo.podsNow : undefined
  const rec = memo.placementNow
  const ips = rec && rec.pods === model.pods && rec.lists?.byIp ? rec.lists.byIp : undefined
  notePodLookups(model, { ...(names ? { names } : {}), ...(ips ? { ips } : {}) })
}

/**
 * `memo` for one derivation: what the last derivation handed over, and this derivation's own
 * lists (the `…Now` fields, which the next memo takes over) empty, since a model may be reloaded
 * from more than once.
 */
function forDerivation(memo: DeriveMemo): DeriveMemo {
  return {
    ...memo, podsNow: podsByName([]), generatedNow: [], placementNow: null, serviceRecordNow: null, nodesRecordNow: null, podChanges: null,
    namesNow: null, expansionNow: null, hostPortsNow: null, draftSplice: null, labObjectsNow: null, kindsNow: null,
  }
}

/** Service → what the record holds for it (the Services it holds nothing for left out). */
function byService<V>(record: ServiceRecord | null, values: readonly (V | undefined)[] | undefined): Map<ModelService, V> {
  const m = new Map<ModelService, V>()
  record?.result.forEach((s, i) => {
    const v = values![i]
    if (v !== undefined) m.set(s, v)
  })
  return m
}

/**
 * Pieces of `text` read before its load, as its slices arrived (src/ui/worker/preread.ts), all
 * naming the file through `name`: taken like an earlier load's pieces when there is none.
 */
export interface PrereadUnits { readonly name: FileName; readonly units: readonly Unit[] }

/**
 * Loads `text`, reusing what `previous` (the model of an earlier text of the same lineage, or
 * null) was derived from. Same result as `loadModel(file, text, options)`; the model's objects
 * that the edit did not change are `previous`'s.
 */
export function reloadModel(previous: Model | null, file: string, text: string, options: LoadOptions = {}, preread?: PrereadUnits): LoadResult {
  const cache = previous ? caches.get(previous) : undefined
  const name: FileName = cache?.name ?? preread?.name ?? { file }
  name.file = file
  const limits = options.limits ?? true
  const pool = new UnitPool(cache?.units ?? preread?.units ?? [])
  // Whether the units' lines are the cache's own (checked before this load sets any).
  const linesKept = cache?.lines != null && linesSetBy === cache.lines
  linesSetBy = null
  let units: Unit[] = []
  const fresh: Unit[] = []
  // Told the splice that made `text` from the cached text (which had no encoding problem, being
  // cached piece by piece), only the splice can bring one: no 28 MB scan, and the new text, a
  // rope until read, is not read (see editedPieces).
  const told = options.change && options.change.insert !== undefined && cache?.text != null && options.change.before === cache.text ? options.change : null
  let whole = told && told.from >= 512 && !told.insert!.includes('\0') ? false : encodingProblem(file, text) !== null

  const starts: number[] = []
  const ends: number[] = []
  const where: number[] = []
  const unitFor = (piece: TextPiece, role: 'doc' | 'head' | 'item', itemsOf: ListType | null): Unit | null => {
    let u: Unit | null | undefined = pool.take(piece.text, role === 'item' ? listKey(itemsOf) : '')
    if (!u) {
      u = readUnit(name, piece.text, role, itemsOf)
      if (!u) return null
      fresh.push(u)
    }
    u.line = piece.line
    starts.push(piece.start)
    ends.push(piece.start + piece.text.length)
    where.push(units.length)
    units.push(u)
    return u
  }

  // An edit inside one List item or a run of documents: the last load's pieces with those read
  // again (textEdit.ts).
  let spans: PieceSpans | null = null
  let edited: { from: number; to: number; count: number } | null = null
  // The edit path's lines and counts, made from the cache's without a walk of every unit.
  let editedLines: Int32Array | null = null
  let editedTotals: Totals | null = null
  // The same text (a what-if that found nothing to change): the same pieces.
  const same = !whole && (told ? told.from === told.to && told.insert === '' : cache?.text === text) && cache?.spans && cache.lines && cache.gathered ? cache : null
  if (same) {
    for (const u of same.units) units.push(u)
    units.forEach((u, k) => { u.line = same.lines![k]! })
    spans = same.spans
  }
  const edit = !whole && !same && cache?.text != null && cache.spans && cache.lines
    ? editedPieces(cache.text, text, cache.spans, (u) => cache.units[u]!.listKey !== '', (u) => cache.lines![u]!, options.change?.before === cache.text ? options.change : undefined) : null
  if (edit) {
    const from = cache!.spans!.unit[edit.first]!
    const to = cache!.spans!.unit[edit.last]!
    const replaced = cache!.units.slice(from, to + 1)
    const before = cache!.units[from]!
    let head: ListType | null = null
    for (let k = from - 1; k >= 0 && before.listKey !== '' && !head; k--) head = cache!.units[k]!.list
    const put: Unit[] = []
    for (const { piece, item } of edit.pieces) {
      // A document the edit left as it was (one beside a deleted one) is the same piece.
      const same = replaced.findIndex((r) => r.text === piece.text && r.listKey === before.listKey)
      const u = same >= 0 ? replaced.splice(same, 1)[0]! : readUnit(name, piece.text, item ? 'item' : 'doc', item ? head : null)
      if (!u || u.listKey !== before.listKey) break
      if (same < 0) fresh.push(u)
      u.line = piece.line
      put.push(u)
    }
    if (put.length === edit.pieces.length) {
      // Copies, not spread arguments: a dump has tens of thousands of pieces.
      units = cache!.units.slice(0, from).concat(put, cache!.units.slice(to + 1))
      const lines = cache!.lines!
      const after = from + put.length
      const next = new Int32Array(units.length)
      next.set(lines.subarray(0, from))
      for (let j = 0; j < put.length; j++) next[from + j] = put[j]!.line
      next.set(lines.subarray(to + 1), after)
      const lineDelta = edit.lineDelta
      if (lineDelta !== 0) for (let j = after; j < next.length; j++) next[j] = next[j]! + lineDelta
      // The units before and after keep the cache's lines unless another load set them since.
      if (!linesKept) for (let k = 0; k < from; k++) units[k]!.line = next[k]!
      if (!linesKept || lineDelta !== 0) for (let j = after; j < next.length; j++) units[j]!.line = next[j]!
      editedLines = next
      editedTotals = totalsAfter(cache!.totals, cache!.units.slice(from, to + 1), put)
      spans = movedSpans(cache!.spans!, edit)
      edited = { from, to, count: put.length }
      textEditCounters.within++
    } else {
      for (const u of put) if (fresh.includes(u)) fresh.splice(fresh.indexOf(u), 1)
    }
  }

  if (!whole && !spans) {
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
  spans ??= { starts: Int32Array.from(starts), ends: Int32Array.from(ends), unit: Int32Array.from(where) }
  // One pass for the counts the limits and the derivation need (an edit changed the last ones).
  let docCount = editedTotals?.docs ?? 0
  let clusters = editedTotals?.clusters ?? 0
  let bytes = editedTotals?.bytes ?? 0
  let lines = editedLines
  if (!lines || !editedTotals) {
    lines = new Int32Array(units.length)
    for (let k = 0; k < units.length; k++) {
      const u = units[k]!
      docCount += u.docs.length
      bytes += u.bytes
      lines[k] = u.line
      if (u.parsed.cluster !== null) clusters++
    }
  }
  const totals: Totals = { docs: docCount, bytes, clusters }
  if (limits && (docCount > MAX_OBJECTS || bytes > MAX_FILE_BYTES)) whole = true
  if (clusters > 1) whole = true

  const release = (): void => {
    for (const u of fresh) u.tree = null
  }
  if (whole) {
    release()
    // The whole-file load reports what the pieces could not; the pieces read so far stay
    // cached for the next edit, beside the earlier ones.
    const r = loadModel(file, text, options)
    const memo = cache ? forDerivation(cache.memo) : undefined
    if (r.ok) caches.set(r.model, { name, units: [...units, ...(cache?.units ?? [])], memo: nextMemo(r.model, memo), stats: { parsed: fresh.length, reused: units.length - fresh.length, whole: true }, text: null, spans: null, lines: null, gathered: null, names: null, totals })
    return r
  }

  const diagnostics: Diagnostic[] = []
  const gathered = same ? same.gathered! : edited && cache?.gathered ? gatherEdited(cache.gathered, units, edited.from, edited.to, edited.count) : gatherAll(units)
  const parsed = parsedInput(units, gathered, diagnostics)
  // This derivation's own lists of what it made (a model may be reloaded from more than once).
  const memo: DeriveMemo = {
    ...forDerivation(cache?.memo ?? nextMemo(null, undefined)),
    objectChanges: same ? { at: 0, removed: [], added: [], from: gathered.objects } : gathered.changed,
  }
  const result = deriveModel(file, docCount, parsed, diagnostics, options.keepAddresses, memo)
  release()
  // Every piece is the last load's or a fresh one: the last load's name index, told the fresh ones.
  let names = cache?.names ?? null
  if (result.ok && names) names.add(fresh)
  // Mostly replaced pieces now: made again from this model's pieces when next asked (nameIndex.ts).
  if (names && names.size > 2 * units.length + 1000) names = null
  if (result.ok) caches.set(result.model, { name, units, memo: nextMemo(result.model, memo), stats: { parsed: fresh.length, reused: units.length - fresh.length, whole: false }, text, spans, lines, gathered, names, totals })
  // Every unit's line is now this load's (the next load from it may leave them as they are).
  if (result.ok) linesSetBy = lines
  if (result.ok) notePodIndexes(result.model, memo)
  // Node state starts from the earlier model's per-model work (node/lineage.ts).
  if (result.ok && previous) notePredecessor(result.model, previous)
  // The pods per node, from the earlier model's where the edit left a node's pods alone.
  const change = memo.podChanges
  // Pods kept in a new order: the earlier model's per-node lists are not this model's (podsByNode.ts).
  if (result.ok && previous && change && !change.reordered && memo.placement?.pods === previous.pods && memo.placementNow?.pods === result.model.pods) notePodChange(result.model, previous, change.added, change.gone)
  return result
}
