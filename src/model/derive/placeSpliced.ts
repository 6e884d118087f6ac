/**
 * Placement after an edit that spliced a few drafts into the last list (expand.ts) and left the
 * nodes as they were: placeAgain's result (src/model/derive/placeAgain.ts), computed without a
 * walk over every draft. The drafts outside the splice are the last ones at shifted places, so
 * their pods are the last pods, except those placeAgain places again anyway (Pending, or on the
 * host network without nodeName: the record keeps where those are). Host-local's free address is
 * asked of the last pods by address, less those that left, plus those bound now.
 */
import { LayeredIndex } from '../layeredIndex.js'
import { lowerBound } from '../sortedSearch.js'
import type { ModelNode, ModelPod } from '../model.js'
import { podsByName, type DeriveMemo, type PlacementRecord } from './memo.js'
import type { KeptAddresses, PodDraft } from './pods.js'
import { bindKept, freeAddress, schedule } from './placeSteps.js'
import { KEPT_FROM, isBound, podOf } from './placeAgain.js'
import type { Reporter } from './report.js'

/** Where an edit's drafts went: `removed` drafts of the last list at `at` became `added` drafts. */
export interface DraftSplice {
  readonly at: number
  readonly removed: number
  readonly added: number
}

/** How often placement was spliced: for tests and the benchmark. */
export const splicedCounters = { spliced: 0 }


/** Addresses are looked up only for an edit's few pods: many layers before a copy. */
const DEPTH = 16

/** The record's lists, made once per lineage when first asked, then kept up by each splice. */
export function listsOf(rec: PlacementRecord): { unbound: readonly number[]; pinned: readonly number[]; byIp: LayeredIndex<ModelPod> | null } {
  if (!rec.lists) {
    const unbound: number[] = []
    const pinned: number[] = []
    const ips = new Map<string, ModelPod>()
    let unique = true
    for (let k = 0; k < rec.ordered.length; k++) {
      const d = rec.ordered[k]!
      const p = rec.pods[k]!
      if (!isBound(d, p)) unbound.push(k)
      if (d.obj.template.nodeName) pinned.push(k)
      if (p.ip !== null && !p.hostNetwork) {
        const key = String(p.ip)
        if (ips.has(key)) unique = false
        ips.set(key, p)
      }
    }
    rec.lists = { unbound, pinned, byIp: unique ? LayeredIndex.of(ips, DEPTH) : null }
  }
  return rec.lists
}

export function placeSpliced(ordered: readonly PodDraft[], nodes: readonly ModelNode[], rep: Reporter, keep: KeptAddresses | undefined, memo: DeriveMemo | undefined,
  same: (a: ModelPod, b: ModelPod) => boolean, splice: DraftSplice | null | undefined): { pods: ModelPod[]; record: PlacementRecord } | null {
  const rec = memo?.placement
  if (!memo || !rec || !splice || !rec.clean || !keep || (keep as { [KEPT_FROM]?: unknown })[KEPT_FROM] !== rec.model) return null
  if (nodes.length !== rec.nodes.length || rec.ordered.length !== ordered.length - splice.added + splice.removed) return null
  for (let i = 0; i < nodes.length; i++) if (nodes[i] !== rec.nodes[i]) return null
  const lists = listsOf(rec)
  const byIp = lists.byIp
  if (!byIp) return null
  const s0 = splice.at
  const s1 = s0 + splice.removed
  const e1 = s0 + splice.added
  const toNew = (i: number): number => (i < s0 ? i : i - splice.removed + splice.added)
  const indexOf = new Map(nodes.map((n, i) => [n.name, i]))

  // The splice: which of the last drafts there stay (the same draft object), which are gone.
  const inRange = new Map<PodDraft, number>()
  for (let i = s0; i < s1; i++) inRange.set(rec.ordered[i]!, i)
  const slotOf = new Map<number, number>()
  for (let k = s0; k < e1; k++) {
    const i = inRange.get(ordered[k]!)
    if (i !== undefined) {
      slotOf.set(k, i)
      inRange.delete(ordered[k]!)
    }
  }
  const load = rec.load.slice()
  const gone = [...inRange.values()].sort((a, b) => a - b)
  const goneKeys = new Set<string>()
  for (const i of gone) {
    const p = rec.pods[i]!
    goneKeys.add(p.namespace + '/' + p.name)
    if (p.nodeName !== null) load[indexOf.get(p.nodeName)!]!--
  }
  // Per draft placed again, in list order (placeAgain's main loop, for the splice and the unbound pods).
  const again: number[] = []
  const keptInRange = new Map<number, ModelPod>()
  const seenNew = new Set<string>()
  const before = lists.unbound.filter((i) => i < s0)
  const after = lists.unbound.filter((i) => i >= s1)
  const unboundAgain = (i: number): boolean => {
    const p = rec.pods[i]!
    if (ordered[toNew(i)]!.obj.podIP !== null) return false
    if (p.nodeName !== null) load[indexOf.get(p.nodeName)!]!--
    again.push(toNew(i))
    return true
  }
  for (const i of before) if (!unboundAgain(i)) return null
  for (let k = s0; k < e1; k++) {
    const d = ordered[k]!
    const slot = slotOf.get(k)
    if (slot !== undefined) {
      const p = rec.pods[slot]!
      if (isBound(d, p)) {
        keptInRange.set(k, p)
        continue
      }
      if (d.obj.podIP !== null) return null
      if (p.nodeName !== null) load[indexOf.get(p.nodeName)!]!--
      again.push(k)
      continue
    }
    if (d.obj.podIP !== null || seenNew.has(d.key)) return null
    seenNew.add(d.key)
    if (memo.pods.get(d.key) && !goneKeys.has(d.key)) return null
    again.push(k)
  }
  for (const i of after) if (!unboundAgain(i)) return null
  const placing = new Set(again)
  const lastAt = (k: number): ModelPod | undefined => (k >= s0 && k < e1 ? (slotOf.has(k) ? rec.pods[slotOf.get(k)!] : undefined) : rec.pods[k < s0 ? k : k - splice.added + splice.removed])
  const keptAt = (k: number): ModelPod | null => (placing.has(k) ? null : k >= s0 && k < e1 ? keptInRange.get(k) ?? null : lastAt(k)!)

  const mark = rep.diagnostics.length
  const where = bindKept(again, ordered, nodes, indexOf, keep, load)
  const { node, bound } = where
  // Pinned pods that stay, after the first pod the scheduler places: counted as its loop reaches them.
  const first = again.find((k) => !bound.has(k) && !ordered[k]!.obj.template.nodeName)
  // The pinned list for the next splice: the last one's before the splice copied, the splice's
  // own, the last one's after it moved. On a dump every pod is pinned (spec.nodeName): 33,000
  // entries, copied and shifted, not walked twice.
  const pinned = lists.pinned
  const cut0 = lowerBound(pinned, s0)
  const cut1 = lowerBound(pinned, s1)
  const pinnedNow = pinned.slice(0, cut0)
  for (let k = s0; k < e1; k++) if (ordered[k]!.obj.template.nodeName) pinnedNow.push(k)
  const shift = splice.added - splice.removed
  for (let j = cut1; j < pinned.length; j++) pinnedNow.push(pinned[j]! + shift)
  const later: number[] = []
  if (first !== undefined) for (let j = lowerBound(pinnedNow, first + 1); j < pinnedNow.length; j++) if (keptAt(pinnedNow[j]!) !== null) later.push(pinnedNow[j]!)
  schedule(again, ordered, nodes, indexOf, load, later, keep, where, rep)

  // Addresses: an address is taken when a pod that stays holds it, a pod is bound to it now, or
  // this placement gave it out.
  const leaving = new Set<ModelPod>()
  for (const i of gone) leaving.add(rec.pods[i]!)
  for (const k of again) { const p = lastAt(k); if (p) leaving.add(p) }
  const boundIps = new Set(bound.values())
  const given = new Set<number>()
  const used = (ip: number): boolean => {
    if (boundIps.has(ip) || given.has(ip)) return true
    const p = byIp.get(String(ip))
    return p !== undefined && !leaving.has(p)
  }
  const next = new Map<number, number>()
  const placed = new Map<number, ModelPod>()
  for (const k of again) {
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
        const free = freeAddress(n, next.get(i!) ?? 2, used, d, rep)
        if (free) {
          ip = free.ip
          given.add(free.ip)
          next.set(i!, free.next)
        }
      }
    }
    placed.set(k, podOf(d, n, ip, memo, same))
  }

  const pods: ModelPod[] = rec.pods.slice(0, s0)
  for (let k = s0; k < e1; k++) pods.push(placed.get(k) ?? keptInRange.get(k)!)
  for (let i = s1; i < rec.pods.length; i++) pods.push(rec.pods[i]!)
  for (const [k, p] of placed) pods[k] = p

  const added: ModelPod[] = []
  const dropped: ModelPod[] = gone.map((i) => rec.pods[i]!)
  for (const k of again) {
    const p = placed.get(k)!
    const was = lastAt(k)
    if (was === p) continue
    added.push(p)
    if (was) dropped.push(was)
  }
  memo.podChanges = { added, gone: dropped }
  const key = (p: ModelPod): [string, ModelPod] => [`${p.namespace}/${p.name}`, p]
  memo.podsNow = memo.pods.next(dropped.map(key), added.map(key)) ?? podsByName(pods.map(key))
  // The lists for the next splice: the pods placed again and the splice's are the ones whose status may have changed.
  const unbound: number[] = []
  for (const k of [...new Set([...again, ...Array.from({ length: splice.added }, (_, j) => s0 + j)])].sort((a, b) => a - b)) {
    if (!isBound(ordered[k]!, pods[k]!)) unbound.push(k)
  }
  const ipOf = (p: ModelPod): [string, ModelPod][] => (p.ip !== null && !p.hostNetwork ? [[String(p.ip), p]] : [])
  const byIpNow = byIp.next(dropped.flatMap(ipOf), added.flatMap(ipOf))
  splicedCounters.spliced++
  return {
    pods,
    record: { nodes, ordered, pods, load, clean: rep.diagnostics.length === mark, model: null, lists: { unbound, pinned: pinnedNow, byIp: byIpNow } },
  }
}
