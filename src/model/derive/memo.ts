/**
 * What one derivation hands the next so that an edit re-derives only what it touches (see
 * src/model/incremental): per-object results of the pure steps (a workload's pod drafts, hashes),
 * and the last model's nodes, pods and services, which replace equal new ones so that unchanged
 * objects keep their identity — the node-state caches are keyed by these objects.
 */
import type { AddonRole, Model, ModelNode, ModelPod, ModelService } from '../model.js'
import type { PodDraft } from './pods.js'
import { LayeredIndex } from '../layeredIndex.js'
import type { ClusterObject, ClusterSpec, EndpointSliceObject, ServiceObject } from '../objects.js'
import type { Reporter } from './report.js'
import type { LabelIndex } from './selectors.js'
import type { LabObjectsRecord } from './labObjects.js'
import type { ObjectKinds } from './objectKinds.js'

export interface DeriveMemo {
  /** Workload (or Pod) object → its drafts; a DaemonSet's are per node object. */
  readonly drafts: WeakMap<object, unknown>
  /** hash input → value (container IDs, allocator offsets): pure, so never stale. */
  readonly hashes: Map<string, string | number>
  /**
   * The last derivation's problems per Service (reported again when it is reused) and the pods
   * its selector picked, in pod order (this derivation's go into serviceRecordNow). Per
   * derivation, not per Service object: a reused Service may stand for other pod objects in
   * another model of the lineage. Built from the last ServiceRecord when first asked.
   */
  readonly serviceDiagnostics: Lookup<ModelService, readonly Parameters<Reporter['add']>[]>
  readonly selected: Lookup<ModelService, readonly ModelPod[]>
  readonly nodes: ReadonlyMap<string, ModelNode>
  readonly pods: LayeredIndex<ModelPod>
  readonly services: Lookup<string, ModelService>
  /** Add-on and gateway objects the lab generates, by kind/namespace/name. */
  readonly generated: ReadonlyMap<string, ClusterObject>
  /** Filled by the derivation with the objects it generated, for the next memo's `generated`. */
  readonly generatedNow: ClusterObject[]
  readonly cluster: ClusterSpec | null
  /** Filled by the derivation: the new model's pods by `namespace/name`. */
  podsNow: LayeredIndex<ModelPod>
  /** The last derivation's placement (with the model it made), and this derivation's. */
  readonly placement?: PlacementRecord | null
  placementNow?: PlacementRecord | null
  /** The last derivation's nodes and the cluster they were resolved from, and this derivation's. */
  readonly nodesRecord?: { readonly cluster: ClusterSpec; readonly nodes: readonly ModelNode[]; readonly clean: boolean } | null
  nodesRecordNow?: { readonly cluster: ClusterSpec; readonly nodes: readonly ModelNode[]; readonly clean: boolean } | null
  /** The last derivation's Services and what they were derived from, and this derivation's. */
  readonly serviceRecord?: ServiceRecord | null
  serviceRecordNow?: ServiceRecord | null
  /**
   * The pods this derivation added and dropped against the last one, when the placement knows
   * them (placeAgain); else the Services compare every pod.
   */
  podChanges?: { readonly added: readonly ModelPod[]; readonly gone: readonly ModelPod[]; readonly reordered?: true } | null
  /**
   * The objects this load's edit took out of the last load's list and put in (src/model/incremental's
   * gather), when it knows them; null after a load that read every piece.
   */
  readonly objectChanges?: { readonly at: number; readonly removed: readonly ClusterObject[]; readonly added: readonly ClusterObject[]; readonly from?: readonly ClusterObject[] } | null
  /** The last derivation's host port bindings when none clashed, and this derivation's (hostPorts.ts). */
  readonly hostPorts?: LayeredIndex<string> | null
  hostPortsNow?: LayeredIndex<string> | null
  /** What the lab generated last time and from what, and this derivation's (labObjects.ts). */
  readonly labObjects?: LabObjectsRecord | null
  labObjectsNow?: LabObjectsRecord | null
  /** This derivation's drafts as the last ones with one stretch replaced, when expansion knows it (expand.ts). */
  draftSplice?: { readonly at: number; readonly removed: number; readonly added: number } | null
  /** The last derivation's pod drafts and what they were expanded from, and this derivation's (expand.ts). */
  readonly expansion?: ExpansionRecord | null
  expansionNow?: ExpansionRecord | null
  /** The last derivation's objects by kind/namespace/name when it found no duplicate, and this derivation's (duplicates.ts). */
  readonly names?: LayeredIndex<ClusterObject> | null
  namesNow?: LayeredIndex<ClusterObject> | null
  /** The last derivation's parsed objects sorted by kind, and this derivation's (objectKinds.ts). */
  readonly kinds?: ObjectKinds | null
  kindsNow?: ObjectKinds | null
}

/** A map's get, built when first asked. */
export interface Lookup<K, V> { get(key: K): V | undefined }

export function lazyLookup<K, V>(build: () => Map<K, V>): Lookup<K, V> {
  let m: Map<K, V> | undefined
  return { get: (key) => (m ??= build()).get(key) }
}

/** What buildServices allocated from and derived (src/model/derive/services.ts), by Service index. */
export interface ServiceRecord {
  readonly services: readonly ServiceObject[]
  result: readonly ModelService[]
  /** Each Service's problems when it may be reused with them, and the pods its selector picked. */
  readonly diagnostics: (readonly Parameters<Reporter['add']>[] | undefined)[]
  readonly selected: (readonly ModelPod[] | undefined)[]
  /** Each Service's EndpointSlices (a dump's), when it has any. */
  readonly slices: (readonly EndpointSliceObject[] | undefined)[]
  readonly cluster: ClusterSpec
  readonly roles: ReadonlyMap<string, AddonRole | 'apiserver'>
  /** Pass 1 and the allocator reported nothing. */
  cleanAlloc: boolean
  /** The EndpointSlices the Services were given, and by `namespace/serviceName` (IPv4 ones). */
  sliceList?: readonly EndpointSliceObject[]
  slicesBySvc?: ReadonlyMap<string, readonly EndpointSliceObject[]>
  /** Per index, the Service's `namespace/name` and selector probe (services.ts), once asked. */
  keys?: readonly string[]
  probes?: readonly string[]
  /** Address → the indexes of the Services whose `slices` hold it (servicesAgain.ts), once asked. */
  sliceIndex?: ReadonlyMap<number, readonly number[]>
}

/** What expandWorkloads expanded (src/model/derive/expand.ts). */
export interface ExpansionRecord {
  /** The lab's generated objects (the first `generated`) and the parsed ones, in order. */
  readonly objects: readonly ClusterObject[]
  readonly generated: number
  readonly nodes: readonly ModelNode[]
  readonly roles: ReadonlyMap<string, AddonRole | 'apiserver'>
  readonly drafts: readonly PodDraft[]
  /** Per object, where its drafts start in `drafts` (one more entry: the end). */
  readonly starts: Int32Array
  /** Where the DaemonSets are in `objects`, in order (their drafts are per node). */
  readonly daemonSets: readonly number[]
  /** Some object is a Pod with an owner (a dump's: its workload is not expanded again). */
  readonly owned: boolean
  /** Those pods by namespace and label, when a workload asked (undefined: not built). */
  readonly ownedIndex?: LabelIndex<{ namespace: string; labels: Readonly<Record<string, string>> }> | null
  /** Expansion reported nothing. */
  readonly clean: boolean
}

/** What placeAndAddress did, for placing again after an edit (src/model/derive/placeAgain.ts). */
export interface PlacementRecord {
  readonly nodes: readonly ModelNode[]
  /** Drafts in placement order, and their pods (same index). */
  readonly ordered: readonly PodDraft[]
  readonly pods: readonly ModelPod[]
  /** Pods per node (index of `nodes`) after placement. */
  readonly load: readonly number[]
  /** Placement reported nothing and every pod has its own name. */
  readonly clean: boolean
  /** The model the derivation made (set once it exists). */
  readonly model: Model | null
  /**
   * Where the unbound and the pinned (nodeName) pods are in `ordered`, and the pods by address
   * (null: two share one): made when a splice first asks (placeSpliced.ts), then kept up.
   */
  lists?: { readonly unbound: readonly number[]; readonly pinned: readonly number[]; readonly byIp: LayeredIndex<ModelPod> | null }
}

const HASH_LIMIT = 1_000_000

/** `compute(key)`, remembered in the memo when there is one. */
export function memoHash<T extends string | number>(memo: DeriveMemo | undefined, key: string, compute: () => T): T {
  if (!memo) return compute()
  const got = memo.hashes.get(key)
  if (got !== undefined) return got as T
  if (memo.hashes.size >= HASH_LIMIT) memo.hashes.clear()
  const v = compute()
  memo.hashes.set(key, v)
  return v
}

/**
 * Deep equality of derived data: plain objects and arrays by content, functions and source
 * documents (objects with an `at` locator) by identity — equal data from another document is
 * another object.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  if (typeof (a as { at?: unknown }).at === 'function' || typeof (b as { at?: unknown }).at === 'function') return false
  if (a instanceof Map || b instanceof Map) return false
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false
    if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
  }
  return true
}

/** `fresh`, or the memo's object under `key` when it is equal. */
export function reuse<T>(prev: { get(key: string): T | undefined } | undefined, key: string, fresh: T, same: (a: T, b: T) => boolean = sameData): T {
  const p = prev?.get(key)
  return p !== undefined && same(p, fresh) ? p : fresh
}

/**
 * Pods by `namespace/name`. An edit layers its few changes on the last derivation's index; pods
 * are looked up a few times per edit, so 16 layers are kept before a 30,000-entry copy.
 */
export const podsByName = (pods: Iterable<[string, ModelPod]>): LayeredIndex<ModelPod> => LayeredIndex.of(new Map(pods), 16)
