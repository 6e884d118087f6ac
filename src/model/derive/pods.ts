/**
 * Pods from Pod objects and from workloads (named per names.ts), placed on nodes the way the
 * scheduler filters them (nodeName, cordon, taints/tolerations, nodeSelector, required node
 * affinity) and given IPs the way host-local does (.1 is the bridge, pods from .2 in order).
 */
import { cidrContains, formatCidr, formatIpv4, nthAddress, lastAddress } from '../addr/ipv4.js'
import type { AddonRole, ModelNode, ModelPod } from '../model.js'
import type { NodeSelectorRequirement, PodObject, PodTemplate, Taint } from '../objects.js'
import type { Reporter } from './report.js'
import { labelValue } from './selectors.js'
import { podsByName, sameData, type DeriveMemo } from './memo.js'
import { placeAgain, placementCounters, podOf } from './placeAgain.js'
import { placeSpliced } from './placeSpliced.js'

export interface PodDraft {
  /** `namespace/name`. */
  readonly key: string
  readonly obj: PodObject
  readonly addon: AddonRole | null
  readonly daemonSet: boolean
  /** Scratch for placing again (src/model/derive/placeAgain.ts): which list holds it, and where. */
  stamp: number
  slot: number
}


function tolerates(t: PodTemplate, taint: Taint): boolean {
  return t.tolerations.some((tol) => {
    if (tol.effect && tol.effect !== taint.effect) return false
    if (tol.operator === 'Exists') return tol.key === null || tol.key === '' || tol.key === taint.key
    return tol.key === taint.key && tol.value === taint.value
  })
}

function requirementHolds(r: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const v = labelValue(labels, r.key)
  switch (r.operator) {
    case 'In': return v !== undefined && r.values.includes(v)
    case 'NotIn': return v === undefined || !r.values.includes(v)
    case 'Exists': return v !== undefined
    case 'DoesNotExist': return v === undefined
    case 'Gt': return v !== undefined && Number(v) > Number(r.values[0])
    case 'Lt': return v !== undefined && Number(v) < Number(r.values[0])
  }
}

/**
 * The first scheduler filter a node fails for the pod, in the default profile's plugin order
 * (NodeUnschedulable, TaintToleration, NodeAffinity — the last covers nodeSelector and required
 * node affinity), or null if the node passes them all.
 */
export type NodeRejection =
  | { readonly filter: 'NodeUnschedulable' }
  | { readonly filter: 'TaintToleration'; readonly taint: Taint }
  | { readonly filter: 'NodeAffinity'; readonly selector: { readonly key: string; readonly value: string } | null }

export function nodeRejection(t: PodTemplate, node: ModelNode, daemonSet: boolean): NodeRejection | null {
  // DaemonSet pods tolerate node.kubernetes.io/unschedulable, which is how they ignore a cordon.
  if (node.spec.unschedulable && !daemonSet) return { filter: 'NodeUnschedulable' }
  const taint = node.spec.taints.find((x) => x.effect !== 'PreferNoSchedule' && !tolerates(t, x))
  if (taint) return { filter: 'TaintToleration', taint }
  for (const [k, v] of Object.entries(t.nodeSelector)) if (labelValue(node.labels, k) !== v) return { filter: 'NodeAffinity', selector: { key: k, value: v } }
  if (t.requiredNodeAffinity && t.requiredNodeAffinity.length && !t.requiredNodeAffinity.some((term) => term.every((r) => requirementHolds(r, node.labels)))) {
    return { filter: 'NodeAffinity', selector: null }
  }
  return null
}

/** A pod's nodeName that names no node: the kubelet of that name never runs it. */
export function reportUnknownNode(rep: Reporter, doc: Parameters<Reporter['add']>[1], object: string, nodeName: string, nodes: readonly ModelNode[]): void {
  rep.add('error', doc, ['spec', 'nodeName'], object, `nodeName ${nodeName} is not a node of this cluster`, `nodes are: ${nodes.map((n) => n.name).join(', ')}`)
}

/** No node passes the scheduler's filters: the pod stays Pending, each node's reason listed (as kubectl describe pod's FailedScheduling event lists them). */
export function reportPending(rep: Reporter, doc: Parameters<Reporter['add']>[1], object: string, t: PodTemplate, nodes: readonly ModelNode[], daemonSet: boolean): void {
  const reasons = nodes.map((n) => `${n.name}: ${nodeRejects(t, n, daemonSet) ?? 'feasible'}`)
  rep.add('warning', doc, ['spec'], object, `no node can take this pod; it stays Pending (${reasons.join('; ')})`, 'label a node to match the nodeSelector (kubectl label node), fix the nodeSelector, add a toleration, or uncordon a node')
}

/** Why a node cannot take the pod, or null if it can. */
export function nodeRejects(t: PodTemplate, node: ModelNode, daemonSet: boolean): string | null {
  const r = nodeRejection(t, node, daemonSet)
  if (!r) return null
  switch (r.filter) {
    case 'NodeUnschedulable': return 'node is cordoned (unschedulable)'
    case 'TaintToleration': return `untolerated taint ${r.taint.key}${r.taint.value ? `=${r.taint.value}` : ''}:${r.taint.effect}`
    case 'NodeAffinity': return r.selector ? `nodeSelector ${r.selector.key}=${r.selector.value} does not match` : 'required node affinity does not match'
  }
}

/**
 * Nodes by (pods placed so far, node order), for the least-loaded pick. Holds only nodes every
 * pod may use (no blocking taint, not cordoned), so a pod without nodeSelector or affinity needs
 * the top of the heap plus a look at the few tainted nodes, not a scan of every node.
 */
class LoadHeap {
  private readonly heap: number[] = []
  private readonly pos: number[]

  constructor(private readonly load: number[], members: readonly number[]) {
    this.pos = load.map(() => -1)
    for (const m of members) { this.pos[m] = this.heap.length; this.heap.push(m) }
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i)
  }

  top(): number | undefined {
    return this.heap[0]
  }

  /** Call after load[node] grew by one. */
  grew(node: number): void {
    if (this.pos[node]! >= 0) this.down(this.pos[node]!)
  }

  private less(a: number, b: number): boolean {
    return this.load[a]! < this.load[b]! || (this.load[a] === this.load[b] && a < b)
  }

  private down(i: number): void {
    const h = this.heap
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r
      if (m === i) return
      ;[h[i], h[m]] = [h[m]!, h[i]!]
      this.pos[h[i]!] = i
      this.pos[h[m]!] = m
      i = m
    }
  }
}

/** Where running pods are (`namespace/name` → node and IP): a Map, or any lookup by that key. */
export interface KeptAddresses {
  get(key: string): { readonly node: string; readonly ip: number } | undefined
}

const blocksScheduling = (n: ModelNode): boolean => n.spec.unschedulable || n.spec.taints.some((t) => t.effect !== 'PreferNoSchedule')

/**
 * Places and addresses every pod. Placement: a pod's nodeName if set; otherwise the feasible
 * node with the fewest pods so far, ties broken by node order (a deterministic stand-in for the
 * scheduler's balancing score). Add-ons are placed and addressed first, as they start first.
 */
export function placeAndAddress(drafts: readonly PodDraft[], nodes: readonly ModelNode[], rep: Reporter, keep?: KeptAddresses, memo?: DeriveMemo): ModelPod[] {
  const last = memo?.expansion?.drafts
  const ordered = addonsFirst(drafts, memo?.draftSplice && drafts === memo.expansionNow?.drafts && last ? { last, splice: memo.draftSplice } : undefined)
  // Drafts spliced into the last list, both lists placed as they are: only the splice is placed.
  const spliced = memo?.draftSplice && ordered === drafts && memo.placement?.ordered === memo.expansion?.drafts && drafts === memo.expansionNow?.drafts
    ? placeSpliced(ordered, nodes, rep, keep, memo, samePod, memo.draftSplice) : null
  if (spliced) {
    placementCounters.again++
    memo!.placementNow = spliced.record
    return spliced.pods
  }
  const again = placeAgain(ordered, nodes, rep, keep, memo, samePod)
  if (again) {
    memo!.placementNow = again.record
    return again.pods
  }
  placementCounters.full++
  const mark = rep.diagnostics.length
  const pods = placeAll(ordered, nodes, rep, keep, memo)
  if (memo) memo.placementNow = { nodes, ordered, pods: pods.pods, load: pods.load, clean: rep.diagnostics.length === mark && memo.podsNow.size === pods.pods.length, model: null }
  return pods.pods
}

/** Where the add-ons' drafts end in a list that has them first (so placement takes the list as it is). */
const addonsEnd = new WeakMap<readonly PodDraft[], number>()

/**
 * The add-ons' drafts, then the rest, each in their order. Usually the drafts are already so (the
 * lab's add-on objects come first): then they are the list, without two filters over 30,000.
 * A list that is an earlier one with one stretch replaced (`spliced`, expand.ts) is known to be
 * so when the earlier one was and the stretch lies after its add-ons and holds none: only the
 * stretch is looked at, not 33,000 drafts per what-if.
 */
export function addonsFirst(drafts: readonly PodDraft[], spliced?: { readonly last: readonly PodDraft[]; readonly splice: { readonly at: number; readonly added: number } }): readonly PodDraft[] {
  if (addonsEnd.has(drafts)) return drafts
  const end = spliced ? addonsEnd.get(spliced.last) : undefined
  if (spliced && end !== undefined && spliced.splice.at >= end) {
    const { at, added } = spliced.splice
    let k = at
    while (k < at + added && !drafts[k]!.addon) k++
    if (k === at + added) {
      addonsEnd.set(drafts, end)
      return drafts
    }
  }
  let i = 0
  while (i < drafts.length && drafts[i]!.addon) i++
  let j = i
  while (j < drafts.length && !drafts[j]!.addon) j++
  if (j !== drafts.length) return [...drafts.filter((d) => d.addon), ...drafts.filter((d) => !d.addon)]
  addonsEnd.set(drafts, i)
  return drafts
}

/** Every pod placed and addressed, in `ordered` order, and how many pods each node took. */
function placeAll(ordered: readonly PodDraft[], nodes: readonly ModelNode[], rep: Reporter, keep?: KeptAddresses, memo?: DeriveMemo): { pods: ModelPod[]; load: number[] } {
  const load = nodes.map(() => 0)
  const indexOf = new Map(nodes.map((n, i) => [n.name, i]))
  const restricted = nodes.flatMap((n, i) => (blocksScheduling(n) ? [i] : []))
  const open = new LoadHeap(load, nodes.flatMap((n, i) => (blocksScheduling(n) ? [] : [i])))
  const nextIp = new Map(nodes.map((n) => [n.name, 2]))
  const usedIps = new Map<number, string>()
  const placed: { d: PodDraft; node: ModelNode | null }[] = []
  const better = (a: number, b: number | undefined): boolean => b === undefined || load[a]! < load[b]! || (load[a] === load[b] && a < b)

  // A pod that already runs (named in `keep`, from the model before an edit) stays on its node
  // while the node still passes the filters: the scheduler never moves a bound pod, so scaling
  // one Deployment places only its new pods, and a cordon re-places only the cordoned node's.
  const bound = new Map<PodDraft, { readonly i: number; readonly before: { readonly node: string; readonly ip: number } }>()
  if (keep) {
    for (const d of ordered) {
      const before = d.obj.template.nodeName ? undefined : keep.get(d.key)
      const i = before ? indexOf.get(before.node) : undefined
      if (i === undefined) continue
      // The same template on the same node object as in the last model passed the filters then.
      const last = memo?.pods.get(d.key)
      const passed = last !== undefined && last.template === d.obj.template && last.nodeName === before!.node && memo!.nodes.get(before!.node) === nodes[i]
      if (!passed && nodeRejects(d.obj.template, nodes[i]!, d.daemonSet)) continue
      bound.set(d, { i, before: before! })
      load[i]!++
      open.grew(i)
    }
  }

  for (const d of ordered) {
    const t = d.obj.template
    let chosen: number | undefined
    const kept = bound.get(d)
    if (kept !== undefined) {
      placed.push({ d, node: nodes[kept.i]! })
      continue
    }
    const object = (): string => `Pod ${d.obj.namespace}/${d.obj.name}`
    const doc = d.obj.origin?.doc
    if (t.nodeName) {
      chosen = indexOf.get(t.nodeName)
      if (chosen === undefined) reportUnknownNode(rep, doc, object(), t.nodeName, nodes)
    } else {
      const constrained = d.daemonSet || Object.keys(t.nodeSelector).length > 0 || (t.requiredNodeAffinity?.length ?? 0) > 0
      const candidates = constrained ? nodes.map((_, i) => i) : restricted
      if (!constrained) chosen = open.top()
      for (const i of candidates) if (better(i, chosen) && !nodeRejects(t, nodes[i]!, d.daemonSet)) chosen = i
      if (chosen === undefined) reportPending(rep, doc, object(), t, nodes, d.daemonSet)
    }
    if (chosen !== undefined) {
      load[chosen]!++
      open.grew(chosen)
    }
    placed.push({ d, node: chosen === undefined ? null : nodes[chosen]! })
  }

  // Addresses given in a dump, and those pods already held before an edit (on the same node),
  // are honoured and reserved before host-local hands out the rest.
  const held = new Map<PodDraft, number>()
  for (const { d, node } of placed) {
    const before = bound.get(d)?.before ?? keep?.get(d.key)
    if (d.obj.podIP === null && before && node && before.node === node.name && !d.obj.template.hostNetwork && !usedIps.has(before.ip)) {
      held.set(d, before.ip)
      usedIps.set(before.ip, d.key)
    }
  }
  for (const { d, node } of placed) {
    const ip = d.obj.podIP
    if (ip === null || d.obj.template.hostNetwork || !node) continue
    const object = (): string => `Pod ${d.obj.namespace}/${d.obj.name}`
    if (!cidrContains(node.podCIDR, ip)) {
      rep.add('error', d.obj.origin?.doc, ['status', 'podIP'], object(), `podIP ${formatIpv4(ip)} is outside node ${node.name}'s podCIDR ${formatCidr(node.podCIDR)}`, 'set the node podCIDR to the range its pods use')
    }
    const other = usedIps.get(ip)
    if (other) rep.add('error', d.obj.origin?.doc, ['status', 'podIP'], object(), `podIP ${formatIpv4(ip)} is already used by pod ${other}`, 'two running pods cannot share an address: remove one of them or correct its status.podIP')
    usedIps.set(ip, d.key)
  }

  const byName = new Map<string, ModelPod>()
  const pods = placed.map(({ d, node }) => {
    const t = d.obj.template
    let ip: number | null = null
    if (node) {
      if (d.obj.phase) ip = null
      else if (t.hostNetwork) ip = node.ip
      else if (d.obj.podIP !== null) ip = d.obj.podIP
      else if (held.has(d)) ip = held.get(d)!
      else {
        let off = nextIp.get(node.name)!
        const last = lastAddress(node.podCIDR)
        while (usedIps.has(nthAddress(node.podCIDR, off)) && nthAddress(node.podCIDR, off) < last) off++
        const candidate = nthAddress(node.podCIDR, off)
        if (candidate >= last) {
          rep.add('error', d.obj.origin?.doc, ['spec'], `Pod ${d.obj.namespace}/${d.obj.name}`, `node ${node.name}'s podCIDR ${formatCidr(node.podCIDR)} has no free address left`, 'give the node a larger podCIDR or spread the pods over more nodes')
        } else {
          ip = candidate
          usedIps.set(candidate, d.key)
          nextIp.set(node.name, off + 1)
        }
      }
    }
    const pod = podOf(d, node, ip, memo, samePod)
    byName.set(d.key, pod)
    return pod
  })
  if (memo) memo.podsNow = podsByName(byName)
  return { pods, load }
}

/** Equal pods (the template compared by identity: a changed document gives a new pod). */
function samePod(a: ModelPod, b: ModelPod): boolean {
  return a.template === b.template && a.labels === b.labels && a.nodeName === b.nodeName && a.ip === b.ip && a.ready === b.ready
    && a.hostNetwork === b.hostNetwork && a.addon === b.addon && a.phase === b.phase && a.containerId === b.containerId
    && a.namespace === b.namespace && a.name === b.name && sameData(a.owner, b.owner) && sameData(a.ipv6, b.ipv6)
}
