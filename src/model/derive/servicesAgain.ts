/**
 * The Services after an edit, from the last derivation's (src/model/derive/services.ts): whether
 * the allocator would hand out what it did last time, which pods changed and which Services may
 * select them, and the last model's Services kept where nothing they read changed.
 */
import type { AddonRole, ModelPod, ModelService } from '../model.js'
import { isIpv4, parseIpv4 } from '../addr/ipv4.js'
import type { ClusterSpec, EndpointSliceObject, ServiceObject } from '../objects.js'
import type { Reporter } from './report.js'
import { matchesLabels } from './selectors.js'
import { sameData, type DeriveMemo, type ServiceRecord } from './memo.js'
import { sameList } from '../sameList.js'

/** `namespace/name` of a Service object, written once per object (an edit keeps most objects). */
const keys = new WeakMap<ServiceObject, string>()
export function serviceKey(s: ServiceObject): string {
  let k = keys.get(s)
  if (k === undefined) keys.set(s, (k = `${s.namespace}/${s.name}`))
  return k
}

/**
 * The Services after an edit that kept the allocation: the last model's where the Service object
 * is the same, it has a record, no EndpointSlice and no changed pod its selector may pick; the
 * others derived by `one`, all in index order (the problems are reported in that order). The
 * tests read per-index keys and selector probes kept with the record, so a Service kept costs no
 * lookup by object or by name.
 */
export function servicesAgain(services: readonly ServiceObject[], again: ServiceRecord, touched: NonNullable<ReturnType<typeof changedPods>>, slicesBySvc: ReadonlyMap<string, readonly EndpointSliceObject[]>, sameSlices: boolean,
  reused: (prev: ModelService, recorded: readonly Parameters<Reporter['add']>[], index: number, picked: readonly ModelPod[] | undefined) => ModelService,
  one: (s: ServiceObject, index: number) => ModelService, record: ServiceRecord): ModelService[] {
  // Positions and names are the last record's (allocationAgain checked them): so are the keys.
  const keys = keysOf(again)
  let probes = probesOf(again)
  const result: ModelService[] = new Array(services.length)
  // The same slices as the last record's: the Services a changed pod's address is in, from the
  // record's index (carried along while the slices stay), not a look at 10,000 Services' slices.
  const hit = sameSlices ? servicesAt(again, touched.ips) : null
  for (let i = 0; i < services.length; i++) {
    const s = services[i]!
    const prev = again.result[i]!
    const recorded = again.diagnostics[i]
    // The same slices as the last record's: each Service's are the ones it recorded (no lookup by name).
    const given = sameSlices ? again.slices[i] : slicesBySvc.size ? slicesBySvc.get(keys[i]!) : undefined
    if (prev.obj === s && recorded) {
      if (!given && !(s.selector && touched.mayPick(probes[i]!) && touched.selects(s))) {
        result[i] = reused(prev, recorded, i, again.selected[i])
        continue
      }
      // A dump's Service: the same slices, and no changed pod at one of their addresses (a
      // pod found there names the endpoint's node and pod).
      const before = again.slices[i]
      if (given && before && sameList(before, given) && !(hit ? hit.has(i) : given.some((sl) => touched.atAnyOf(addressesOf(sl))))) {
        result[i] = reused(prev, recorded, i, undefined)
        record.slices[i] = given
        continue
      }
    }
    if (prev.obj !== s) {
      const copy = probes === again.probes ? probes.slice() : (probes as string[])
      copy[i] = selectorProbe(s)
      probes = copy
    }
    result[i] = one(s, i)
  }
  record.keys = keys
  record.probes = probes
  if (sameSlices && again.sliceIndex) record.sliceIndex = again.sliceIndex
  return result
}

/** The indexes of the Services whose EndpointSlices hold one of `ips` (the record's index, made when first asked). */
function servicesAt(again: ServiceRecord, ips: ReadonlySet<number>): ReadonlySet<number> {
  const hit = new Set<number>()
  if (ips.size === 0) return hit
  const index = sliceIndexFor(again)
  for (const ip of ips) for (const i of index.get(ip) ?? []) hit.add(i)
  return hit
}

/** Address → the indexes of the Services whose slices hold it. */
function sliceIndexOf(again: ServiceRecord): Map<number, number[]> {
  const index = new Map<number, number[]>()
  again.slices.forEach((given, i) => {
    for (const sl of given ?? []) {
      for (const ip of addressesOf(sl)) {
        const list = index.get(ip)
        if (!list) index.set(ip, [i])
        else if (list[list.length - 1] !== i) list.push(i)
      }
    }
  })
  return index
}

/**
 * What servicesAgain builds for `again` when first asked (each Service's key and selector probe,
 * the index of its EndpointSlices' addresses), built now: the worker does this in its idle time after a big
 * cluster loads (src/ui/worker/warmUp.ts), so the first what-if does not (~40 ms at 10,000 Services).
 */
export function primeServiceRecord(again: ServiceRecord, part: 'keys' | 'slices'): void {
  if (part === 'keys') {
    keysOf(again)
    probesOf(again)
  } else sliceIndexFor(again)
}

/** The record's per-index keys, probes and slice index, made when first asked (here or by the priming). */
const keysOf = (again: ServiceRecord): readonly string[] => (again.keys ??= again.services.map(serviceKey))
const probesOf = (again: ServiceRecord): readonly string[] => (again.probes ??= again.services.map(selectorProbe))
const sliceIndexFor = (again: ServiceRecord): ReadonlyMap<number, readonly number[]> => (again.sliceIndex ??= sliceIndexOf(again))

/** An EndpointSlice's endpoint addresses, read once per object. */
const sliceAddresses = new WeakMap<EndpointSliceObject, number[]>()
function addressesOf(sl: EndpointSliceObject): readonly number[] {
  let ips = sliceAddresses.get(sl)
  if (!ips) {
    ips = []
    for (const e of sl.endpoints) for (const a of e.addresses) if (isIpv4(a)) ips.push(parseIpv4(a))
    sliceAddresses.set(sl, ips)
  }
  return ips
}

/**
 * The pods that differ from the last derivation's (new, gone, or changed: not the same object),
 * and a test whether a Service's selector may pick one of them. Null when the pods cannot be
 * told apart by name (a name used twice).
 */
export function changedPods(memo: DeriveMemo, pods: readonly ModelPod[]): {
  /** Whether a changed pod has this selector probe (selectorProbe): else the Service picks none of them. */
  mayPick: (probe: string) => boolean
  /** Whether a changed pod has one of these addresses. */
  atAnyOf: (ips: readonly number[]) => boolean
  /** The changed pods' addresses. */
  ips: ReadonlySet<number>
  selects: (s: ServiceObject) => boolean
  update: (before: readonly ModelPod[], namespace: string, selector: Readonly<Record<string, string>>) => ModelPod[]
} | null {
  if (memo.podsNow.size !== pods.length || memo.pods.size === 0) return null
  const gone = new Set<ModelPod>(memo.podChanges?.gone)
  const added: ModelPod[] = memo.podChanges ? [...memo.podChanges.added] : []
  if (!memo.podChanges) {
    for (const [k, p] of memo.podsNow) if (memo.pods.get(k) !== p) added.push(p)
    for (const [k, p] of memo.pods) if (memo.podsNow.get(k) !== p) gone.add(p)
  }
  const changed = [...added, ...gone]
  const labels = new Set<string>()
  for (const p of changed) {
    labels.add(`${p.namespace}\0`)
    for (const k in p.labels) labels.add(`${p.namespace}\0${k}=${p.labels[k]}`)
  }
  let position: Map<ModelPod, number> | undefined
  const ips = new Set<number>()
  for (const p of changed) if (p.ip !== null) ips.add(p.ip)
  return {
    mayPick: (probe) => labels.has(probe),
    atAnyOf: (list) => ips.size > 0 && list.some((ip) => ips.has(ip)),
    ips,
    selects: (s) => {
      if (!s.selector) return false
      if (!labels.has(selectorProbe(s))) return false
      return changed.some((p) => p.namespace === s.namespace && matchesLabels(s.selector!, p.labels))
    },
    // What LabelIndex.select gives: the addressed pods of the namespace that match, in pod order.
    update: (before, namespace, selector) => {
      const next = before.filter((p) => !gone.has(p))
      for (const p of added) if (p.ip !== null && p.namespace === namespace && matchesLabels(selector, p.labels)) next.push(p)
      if (next.length === before.length && next.every((p, i) => p === before[i])) return next
      // Pod order: a Service selects a few pods, so look those up rather than index them all.
      if (next.length <= 16 && !position) {
        const at = new Map(next.map((p) => [p, pods.indexOf(p)]))
        return next.sort((a, b) => at.get(a)! - at.get(b)!)
      }
      position ??= new Map(pods.map((p, i) => [p, i]))
      return next.sort((a, b) => position!.get(a)! - position!.get(b)!)
    },
  }
}

/** What the allocator reads of a Service: equal for two objects, it allocates the same for both. */
function sameAddressing(a: ServiceObject, b: ServiceObject): boolean {
  if (a === b) return true
  if (a.namespace !== b.namespace || a.name !== b.name || a.type !== b.type || a.clusterIP !== b.clusterIP || a.healthCheckNodePort !== b.healthCheckNodePort) return false
  if ((a.type === 'LoadBalancer' && a.externalTrafficPolicy === 'Local') !== (b.type === 'LoadBalancer' && b.externalTrafficPolicy === 'Local')) return false
  if (a.ports.length !== b.ports.length) return false
  for (let i = 0; i < a.ports.length; i++) {
    const p = a.ports[i]!
    const q = b.ports[i]!
    if (p.nodePort !== q.nodePort || p.name !== q.name || p.protocol !== q.protocol) return false
  }
  return true
}

/** The ranges the allocator hands out from (a cordon edits the Cluster document, not these). */
const sameRanges = (a: ClusterSpec, b: ClusterSpec): boolean => a === b
  || (sameData(a.serviceCIDR, b.serviceCIDR) && a.nodePortRange[0] === b.nodePortRange[0] && a.nodePortRange[1] === b.nodePortRange[1])

/**
 * The last derivation's Services, when this one allocates exactly what it did: the same ranges
 * and add-on roles, and every Service in the same place with the same addressing inputs (then
 * the allocator, which runs through the Services in order, ends where it did), and the last
 * allocation reported nothing.
 */
export function allocationAgain(services: readonly ServiceObject[], cluster: ClusterSpec, roles: ReadonlyMap<string, AddonRole | 'apiserver'>, memo: DeriveMemo): ServiceRecord | null {
  const rec = memo.serviceRecord
  if (!rec || !rec.cleanAlloc || !sameRanges(rec.cluster, cluster) || rec.services.length !== services.length || rec.roles.size !== roles.size) return null
  for (const [k, v] of roles) if (rec.roles.get(k) !== v) return null
  for (let i = 0; i < services.length; i++) if (!sameAddressing(services[i]!, rec.services[i]!)) return null
  return rec
}

/**
 * A Service's namespace and first selector label, as changedPods' label set spells them: a
 * changed pod without that label cannot be selected. Written once per object.
 */
const probes = new WeakMap<ServiceObject, string>()
function selectorProbe(s: ServiceObject): string {
  let p = probes.get(s)
  if (p === undefined) {
    let first: string | undefined
    for (const k in s.selector) { first = k; break }
    p = first === undefined ? `${s.namespace}\0` : `${s.namespace}\0${first}=${s.selector![first]}`
    probes.set(s, p)
  }
  return p
}
