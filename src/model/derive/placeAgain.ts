/**
 * Placement after an edit, touching only what the edit changed: the same result (pods, their
 * order, nodes, IPs and diagnostics) as placeAndAddress over every draft (src/model/derive/pods.ts),
 * computed from the last derivation's placement when the pods' addresses are kept from that
 * derivation's model. A pod that still has the same draft and stays bound keeps its pod object;
 * only the drafts that are new, the pods that lost their binding (their node changed and now
 * rejects them) and those that were not bound before (Pending, hostNetwork without nodeName)
 * go through the scheduler's least-loaded pick and host-local's lowest free address again.
 * Whatever this file does not handle (renamed or re-addressed nodes, addresses from a dump on a
 * new pod, a last placement that reported problems) returns null and the full placement runs.
 */
import { maskOf, type Cidr } from '../addr/ipv4.js'
import { hashHex } from '../hash/digest.js'
import type { ModelNode, ModelPod } from '../model.js'
import { podsByName, type DeriveMemo, type PlacementRecord } from './memo.js'
import { nodeRejects, type KeptAddresses, type PodDraft } from './pods.js'
import { bindKept, freeAddress, schedule } from './placeSteps.js'
import type { Reporter } from './report.js'
import { reuse, sameData } from './memo.js'

/** The model whose pods a KeptAddresses describes (set by src/model/incremental's addressesOf). */
export const KEPT_FROM = Symbol('kept from model')

/** How often placement ran from the last one and in full: for tests and the benchmark. */
export const placementCounters = { again: 0, full: 0 }

/** A per-derivation stamp on drafts: which drafts a list holds, without a Set of 30,000 objects. */
let stampCounter = 0

/** A pod object's sandbox ID (a SHA-256 of its name): hashed once per object. */
export const containerIds = new WeakMap<object, string>()

export function containerIdOf(d: PodDraft): string {
  let id = containerIds.get(d.obj)
  if (id === undefined) {
    id = hashHex(`container:${d.key}`, 64)
    containerIds.set(d.obj, id)
  }
  return id
}

/** The model pod for a placed draft: the last model's when equal (identity kept for the node-state caches). */
export function podOf(d: PodDraft, node: ModelNode | null, ip: number | null, memo: DeriveMemo | undefined, same: (a: ModelPod, b: ModelPod) => boolean): ModelPod {
  const t = d.obj.template
  const ready = d.obj.ready && node !== null && !d.obj.phase
  const prev = memo?.pods.get(d.key)
  if (prev && prev.template === t && prev.nodeName === (node?.name ?? null) && prev.ip === ip && prev.ready === ready && prev.addon === d.addon
    && prev.owner === d.obj.owner && prev.phase === d.obj.phase && prev.ipv6 === (d.obj.podIPv6?.length ? d.obj.podIPv6 : undefined) && prev.containerId === containerIds.get(d.obj)) {
    return prev
  }
  const pod: ModelPod = {
    namespace: d.obj.namespace, name: d.obj.name, template: t, labels: t.labels, nodeName: node?.name ?? null, ip,
    hostNetwork: t.hostNetwork, ready, owner: d.obj.owner, addon: d.addon,
    ...(d.obj.phase ? { phase: d.obj.phase } : {}),
    ...(d.obj.podIPv6?.length ? { ipv6: d.obj.podIPv6 } : {}),
    containerId: containerIdOf(d),
  }
  return reuse(memo?.pods, d.key, pod, same)
}

/** Bound: placed with an address off the host network, or pinned by nodeName (placing again keeps those). */
export const isBound = (d: PodDraft, p: ModelPod): boolean => !!d.obj.template.nodeName || (p.ip !== null && p.nodeName !== null && !p.hostNetwork)

/**
 * Placement from the last derivation's, or null when it must run in full. `ordered` is the add-ons'
 * drafts then the rest, as placeAndAddress orders them.
 */
export function placeAgain(ordered: readonly PodDraft[], nodes: readonly ModelNode[], rep: Reporter, keep: KeptAddresses | undefined, memo: DeriveMemo | undefined,
  same: (a: ModelPod, b: ModelPod) => boolean): { pods: ModelPod[]; record: PlacementRecord } | null {
  const rec = memo?.placement
  if (!memo || !rec || !rec.clean || !keep || (keep as { [KEPT_FROM]?: unknown })[KEPT_FROM] !== rec.model || nodes.length !== rec.nodes.length) return null
  // Nodes: the same names in the same order, with the same addresses; a changed node (cordon,
  // taints, labels) re-checks the pods bound to it.
  const changedNodes = new Set<string>()
  for (let i = 0; i < nodes.length; i++) {
    const a = nodes[i]!
    const b = rec.nodes[i]!
    if (a === b) continue
    if (a.name !== b.name || a.ip !== b.ip || !sameData(a.podCIDR, b.podCIDR)) return null
    changedNodes.add(a.name)
  }
  const indexOf = new Map(nodes.map((n, i) => [n.name, i]))
  const plan = sameDraftsPlan(ordered, nodes, indexOf, changedNodes, rec)
  if (plan !== undefined) {
    if (plan === null) return null
    placementCounters.again++
    return placeDrafts(ordered, nodes, indexOf, rep, keep, memo, same, plan)
  }

  // Which drafts are new and which are gone: stamp one list, look for the stamp in the other.
  const inNew = ++stampCounter
  for (const d of ordered) d.stamp = inNew
  const gone: number[] = []
  for (let i = 0; i < rec.ordered.length; i++) if (rec.ordered[i]!.stamp !== inNew) gone.push(i)
  const inOld = ++stampCounter
  for (let i = 0; i < rec.ordered.length; i++) {
    const d = rec.ordered[i]!
    d.stamp = inOld
    d.slot = i
  }
  const load = rec.load.slice()
  const goneKeys = new Set<string>()
  for (const i of gone) {
    const p = rec.pods[i]!
    goneKeys.add(p.namespace + '/' + p.name)
    if (p.nodeName !== null) load[indexOf.get(p.nodeName)!]!--
  }
  // Per draft of the new list: the last pod when it stays where it was, else what to do again.
  const kept: (ModelPod | null)[] = new Array(ordered.length).fill(null)
  const again: number[] = []
  const seenNew = new Set<string>()
  // Whether drafts that stay come in another order than before (documents swapped, a file
  // pasted reordered): their pods may be the same objects, in a new order, which the earlier
  // model's per-node lists do not have (podsByNode.ts takes them only when this is false).
  let reordered = false
  let lastSlot = -1
  for (let k = 0; k < ordered.length; k++) {
    const d = ordered[k]!
    if (d.stamp === inOld) {
      if (d.slot < lastSlot) reordered = true
      lastSlot = d.slot
      const p = rec.pods[d.slot]!
      const fixed = d.obj.template.nodeName
      // Bound before (placed with an address, not on the host network) or given a nodeName: it
      // stays, unless its node changed and now turns it away (then it is placed again, as a
      // full placement would: keep.get finds it, the filters reject it). A nodeName pod goes to
      // its node whatever the filters say, and holds the address it had there.
      if (isBound(d, p)) {
        if (!fixed && changedNodes.has(p.nodeName!) && nodeRejects(d.obj.template, nodes[indexOf.get(p.nodeName!)!]!, d.daemonSet)) {
          load[indexOf.get(p.nodeName!)!]!--
          again.push(k)
          continue
        }
        kept[k] = p
        continue
      }
      // Pending or on the host network without nodeName: the scheduler picks again.
      if (d.obj.podIP !== null) return null
      if (p.nodeName !== null) load[indexOf.get(p.nodeName)!]!--
      again.push(k)
      continue
    }
    // A new draft: its name must not be a pod that stays (two pods of one name are the full path's).
    if (d.obj.podIP !== null || seenNew.has(d.key)) return null
    seenNew.add(d.key)
    const last = memo.pods.get(d.key)
    if (last && !goneKeys.has(d.key)) return null
    again.push(k)
  }
  placementCounters.again++
  const slotOf = (k: number): number => (ordered[k]!.stamp === inOld ? ordered[k]!.slot : -1)
  return placeDrafts(ordered, nodes, indexOf, rep, keep, memo, same, { gone, slotOf, kept, again, load, rec, reordered })
}

/** How often placement found the last drafts, one for one, and looked only at the pods of changed nodes: for tests. */
export const sameDraftsCounters = { taken: 0 }

/**
 * placeAgain's plan when the drafts are the last placement's, one for one (an edit of nodes
 * only, such as a cordon of a dump's Node, whose pods all carry spec.nodeName): every pod stays
 * but the unbound ones, which are the ones its loop would place again, found here without that
 * loop's three walks of 33,000 drafts. Undefined when the drafts differ, the record has no lists
 * yet, or a pod bound by its address alone sits on a changed node that now turns it away (then
 * that loop runs); null where it would give up.
 */
function sameDraftsPlan(ordered: readonly PodDraft[], nodes: readonly ModelNode[], indexOf: ReadonlyMap<string, number>, changedNodes: ReadonlySet<string>,
  rec: PlacementRecord): Plan | null | undefined {
  const lists = rec.lists
  if (!lists || ordered.length !== rec.ordered.length) return undefined
  for (let k = 0; k < ordered.length; k++) if (ordered[k] !== rec.ordered[k]) return undefined
  const load = rec.load.slice()
  const again: number[] = []
  for (const k of lists.unbound) {
    const p = rec.pods[k]!
    if (ordered[k]!.obj.podIP !== null) return null
    if (p.nodeName !== null) load[indexOf.get(p.nodeName)!]!--
    again.push(k)
  }
  if (changedNodes.size) {
    for (let k = 0; k < rec.pods.length; k++) {
      const p = rec.pods[k]!
      if (p.nodeName === null || !changedNodes.has(p.nodeName)) continue
      const d = ordered[k]!
      // One that now has to move (bound by address only, on a node that turns it away): the full walk places it.
      if (isBound(d, p) && !d.obj.template.nodeName && nodeRejects(d.obj.template, nodes[indexOf.get(p.nodeName)!]!, d.daemonSet)) return undefined
    }
  }
  const kept: (ModelPod | null)[] = rec.pods.slice()
  for (const k of again) kept[k] = null
  sameDraftsCounters.taken++
  return { gone: [], slotOf: (k) => k, kept, again, load, rec, reordered: false, pinned: lists.pinned }
}

interface Plan {
  readonly gone: readonly number[]
  /** Where the draft at `k` was in the last placement's list (-1: a new draft). */
  readonly slotOf: (k: number) => number
  readonly kept: (ModelPod | null)[]
  readonly again: readonly number[]
  readonly load: number[]
  readonly rec: PlacementRecord
  /** Drafts that stay came in a new order (see placeAgain). */
  readonly reordered: boolean
  /** The drafts are the last placement's (sameDraftsPlan): their pinned ones, as that placement listed them. */
  readonly pinned?: readonly number[]
}

function placeDrafts(ordered: readonly PodDraft[], nodes: readonly ModelNode[], indexOf: Map<string, number>, rep: Reporter, keep: KeptAddresses, memo: DeriveMemo,
  same: (a: ModelPod, b: ModelPod) => boolean, plan: Plan): { pods: ModelPod[]; record: PlacementRecord } {
  const { kept, again, load } = plan
  const mark = rep.diagnostics.length
  const placed = bindKept(again, ordered, nodes, indexOf, keep, load)
  const { node, bound } = placed
  // A nodeName pod counts when the scheduler's loop reaches it: those after the first pod to be
  // placed are taken off the load and put back in order (schedule).
  const first = again.find((k) => !bound.has(k) && !ordered[k]!.obj.template.nodeName)
  const later: number[] = []
  if (first !== undefined) {
    if (plan.pinned) {
      // The same drafts: the last placement's pinned ones (a draft's nodeName is its own), not a walk of every draft.
      for (const k of plan.pinned) if (k > first && kept[k]) later.push(k)
    } else {
      for (let k = first + 1; k < ordered.length; k++) if (ordered[k]!.obj.template.nodeName && kept[k]) later.push(k)
    }
  }
  schedule(again, ordered, nodes, indexOf, load, later, keep, placed, rep)
  // Addresses: host-local's lowest free address from .2 on each node that takes a new pod,
  // counting every address the pods that stay hold in that node's range.
  const targets = new Map<number, { used: Set<number>; next: number }>()
  for (const k of again) {
    const i = node.get(k)
    if (i !== undefined && !bound.has(k) && !ordered[k]!.obj.template.hostNetwork && !ordered[k]!.obj.phase && !targets.has(i)) targets.set(i, { used: new Set(), next: 2 })
  }
  if (targets.size) {
    const ranges = rangesByPrefix([...targets].map(([i, t]) => ({ cidr: nodes[i]!.podCIDR, used: t.used })))
    for (let k = 0; k < ordered.length; k++) {
      const ip = kept[k]?.ip ?? (bound.has(k) ? bound.get(k)! : null)
      if (ip === null || kept[k]?.hostNetwork) continue
      noteUsed(ranges, ip)
    }
  }
  /** The pod of a draft placed again: its node's address, its binding's, or host-local's next free one. */
  const placedPod = (k: number): ModelPod => {
    const d = ordered[k]!
    const i = node.get(k)
    const n = i === undefined ? null : nodes[i]!
    let ip: number | null = null
    if (n) {
      const t = d.obj.template
      if (d.obj.phase) ip = null
      else if (t.hostNetwork) ip = n.ip
      else if (bound.has(k)) ip = bound.get(k)!
      else {
        const slot = targets.get(i!)!
        const free = freeAddress(n, slot.next, (a) => slot.used.has(a), d, rep)
        if (free) {
          ip = free.ip
          slot.used.add(free.ip)
          slot.next = free.next
        }
      }
    }
    return podOf(d, n, ip, memo, same)
  }
  // The lists a later splice asks for (placeSpliced.ts), made in this walk rather than by another.
  const unbound: number[] = []
  let pods: ModelPod[]
  let pinned: readonly number[]
  if (plan.pinned) {
    // The same drafts: the kept pods as they were, the ones placed again in their places (in
    // list order, as addresses are handed out), and the pinned drafts the same as last time.
    pods = plan.rec.pods.slice()
    for (const k of again) {
      const pod = placedPod(k)
      if (!isBound(ordered[k]!, pod)) unbound.push(k)
      pods[k] = pod
    }
    pinned = plan.pinned
  } else {
    pods = new Array(ordered.length)
    const pinnedNow: number[] = []
    let k = 0
    for (const d of ordered) {
      if (d.obj.template.nodeName) pinnedNow.push(k)
      const p = kept[k]
      // A pod kept is bound (placeAgain's test for keeping it).
      const pod = p ?? placedPod(k)
      if (!p && !isBound(d, pod)) unbound.push(k)
      pods[k++] = pod
    }
    pinned = pinnedNow
  }
  // The pods that differ from the last model's, for the Services (src/model/derive/services.ts).
  const added: ModelPod[] = []
  const dropped: ModelPod[] = plan.gone.map((i) => plan.rec.pods[i]!)
  for (const k of again) {
    const p = pods[k]!
    const slot = plan.slotOf(k)
    const before = slot >= 0 ? plan.rec.pods[slot]! : undefined
    if (before === p) continue
    added.push(p)
    if (before) dropped.push(before)
  }
  memo.podChanges = { added, gone: dropped, ...(plan.reordered ? { reordered: true } : {}) }
  // The pods by name: the last index with these changes layered on (keys are unique, checked above).
  const key = (p: ModelPod): [string, ModelPod] => [`${p.namespace}/${p.name}`, p]
  memo.podsNow = memo.pods.next(dropped.map(key), added.map(key)) ?? podsByName(pods.map(key))
  const ipOf = (p: ModelPod): [string, ModelPod][] => (p.ip !== null && !p.hostNetwork ? [[String(p.ip), p]] : [])
  const byIp = plan.rec.lists?.byIp?.next(dropped.flatMap(ipOf), added.flatMap(ipOf))
  return { pods, record: { nodes, ordered, pods, load, clean: rep.diagnostics.length === mark, model: null, ...(byIp !== undefined ? { lists: { unbound, pinned, byIp } } : {}) } }
}

/** Node pod ranges taking new pods, and the addresses in each that pods hold. */
export interface UsedRange { readonly cidr: Cidr; readonly used: Set<number> }

/**
 * The ranges by prefix length, then by base: an address is looked up once per prefix length
 * (one, on every cluster the lab makes) instead of tested against each range. A cordon
 * re-places ~30 pods onto ~30 nodes, and 33,000 kept pods times 30 ranges was 30 ms.
 */
export function rangesByPrefix(ranges: readonly UsedRange[]): Map<number, Map<number, UsedRange[]>> {
  const out = new Map<number, Map<number, UsedRange[]>>()
  for (const r of ranges) {
    let byBase = out.get(r.cidr.prefixLength)
    if (!byBase) out.set(r.cidr.prefixLength, (byBase = new Map()))
    const list = byBase.get(r.cidr.base)
    if (list) list.push(r)
    else byBase.set(r.cidr.base, [r])
  }
  return out
}

/** Adds `ip` to every range holding it (cidrContains of each, by lookup). */
export function noteUsed(ranges: Map<number, Map<number, UsedRange[]>>, ip: number): void {
  for (const [prefixLength, byBase] of ranges) {
    const list = byBase.get((ip & maskOf(prefixLength)) >>> 0)
    if (list) for (const r of list) r.used.add(ip)
  }
}
