/**
 * The steps placing pods again after an edit shares between its two ways of finding which pods
 * those are (placeAgain.ts walks every draft; placeSpliced.ts only an edit's splice): bind the
 * pods that keep their node, run the scheduler's least-loaded pick for the rest in list order,
 * and give out host-local's lowest free address. Each mirrors the full placement in pods.ts.
 */
import { formatCidr, lastAddress, nthAddress } from '../addr/ipv4.js'
import type { ModelNode } from '../model.js'
import { nodeRejects, reportPending, reportUnknownNode, type KeptAddresses, type PodDraft } from './pods.js'
import type { Reporter } from './report.js'

/** Where each pod placed again went (node index, or undefined: Pending) and the addresses held. */
export interface Placing {
  readonly node: Map<number, number | undefined>
  readonly bound: Map<number, number>
}

/**
 * Bound first, as placeAndAddress does: drafts placed again that keep.get finds on a node that
 * still takes them (a new draft of a running pod's name: a scaled Deployment's old pods).
 */
export function bindKept(again: readonly number[], ordered: readonly PodDraft[], nodes: readonly ModelNode[], indexOf: ReadonlyMap<string, number>, keep: KeptAddresses, load: number[]): Placing {
  const node = new Map<number, number | undefined>()
  const bound = new Map<number, number>()
  for (const k of again) {
    const d = ordered[k]!
    if (d.obj.template.nodeName) continue
    const before = keep.get(d.key)
    const i = before ? indexOf.get(before.node) : undefined
    if (i === undefined || nodeRejects(d.obj.template, nodes[i]!, d.daemonSet)) continue
    bound.set(k, before!.ip)
    node.set(k, i)
    load[i]!++
  }
  return { node, bound }
}

/**
 * The scheduler's pick for each pod placed again, in list order: its nodeName, or the feasible
 * node with the fewest pods, ties to node order (the full placement's heap and scan, as one scan:
 * few pods come here). `later` are the pinned pods that stay after the first pod placed: they
 * count when the loop reaches them, as in the full placement.
 */
export function schedule(again: readonly number[], ordered: readonly PodDraft[], nodes: readonly ModelNode[], indexOf: ReadonlyMap<string, number>, load: number[],
  later: readonly number[], keep: KeptAddresses, p: Placing, rep: Reporter): void {
  const pinnedAt = (k: number): number => indexOf.get(ordered[k]!.obj.template.nodeName!)!
  for (const k of later) load[pinnedAt(k)]!--
  let li = 0
  for (const k of again) {
    while (li < later.length && later[li]! < k) load[pinnedAt(later[li++]!)]!++
    if (p.bound.has(k)) continue
    const d = ordered[k]!
    const t = d.obj.template
    const object = `Pod ${d.obj.namespace}/${d.obj.name}`
    const doc = d.obj.origin?.doc
    let chosen: number | undefined
    if (t.nodeName) {
      chosen = indexOf.get(t.nodeName)
      if (chosen === undefined) reportUnknownNode(rep, doc, object, t.nodeName, nodes)
    } else {
      for (let i = 0; i < nodes.length; i++) {
        if ((chosen === undefined || load[i]! < load[chosen]!) && !nodeRejects(t, nodes[i]!, d.daemonSet)) chosen = i
      }
      if (chosen === undefined) reportPending(rep, doc, object, t, nodes, d.daemonSet)
    }
    if (chosen !== undefined) load[chosen]!++
    p.node.set(k, chosen)
  }
  while (li < later.length) load[pinnedAt(later[li++]!)]!++
  // A nodeName pod placed again (a new draft of a running pod's name) holds the address its
  // name had on that node, as the full placement's held addresses do.
  for (const k of again) {
    const d = ordered[k]!
    const i = p.node.get(k)
    if (!d.obj.template.nodeName || i === undefined || d.obj.template.hostNetwork) continue
    const before = keep.get(d.key)
    if (before && before.node === nodes[i]!.name) p.bound.set(k, before.ip)
  }
}

/**
 * Host-local's lowest free address on node `n` from offset `from` (.2 on a node not asked yet),
 * and the offset to ask from next; null (reported) when the range is full.
 */
export function freeAddress(n: ModelNode, from: number, used: (ip: number) => boolean, d: PodDraft, rep: Reporter): { ip: number; next: number } | null {
  let off = from
  const last = lastAddress(n.podCIDR)
  while (used(nthAddress(n.podCIDR, off)) && nthAddress(n.podCIDR, off) < last) off++
  const candidate = nthAddress(n.podCIDR, off)
  if (candidate >= last) {
    rep.add('error', d.obj.origin?.doc, ['spec'], `Pod ${d.obj.namespace}/${d.obj.name}`, `node ${n.name}'s podCIDR ${formatCidr(n.podCIDR)} has no free address left`, 'give the node a larger podCIDR or spread the pods over more nodes')
    return null
  }
  return { ip: candidate, next: off + 1 }
}
