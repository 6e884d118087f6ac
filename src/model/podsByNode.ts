/**
 * A model's pods per node, in model order: those on the pod network (an address, not host
 * network) and the host-network ones. Made in one pass over the model's pods when a node is first
 * asked, instead of one pass over 30,000 pods per node and per question (a trace crosses a few
 * nodes, and each is asked by its node state, its bridge's veth lookup and its host's sockets).
 * After an edit (the incremental loader tells what it changed in the pods), a node whose pods
 * the edit left alone takes the earlier model's lists, without that pass.
 */
import type { Model, ModelPod } from './model.js'

interface NodePods { readonly net: ModelPod[]; readonly host: ModelPod[] }
type NodePodsRead = { readonly net: readonly ModelPod[]; readonly host: readonly ModelPod[] }

const EMPTY: NodePods = { net: [], host: [] }
const byModel = new WeakMap<Model, Map<string, NodePods>>()

export function podsOnNode(model: Model, node: string): NodePodsRead {
  return podsOnNodeAt(model, node, 0)
}

/** How many earlier models back a node's lists are looked for before a walk (a long chain of what-ifs none of which asked). */
const MAX_EARLIER = 8

function podsOnNodeAt(model: Model, node: string, depth: number): NodePodsRead {
  let m = byModel.get(model)
  if (!m) {
    const kept = depth < MAX_EARLIER ? fromEarlier(model, node, depth) : null
    if (kept) return kept
    m = podsByNodeWalk(model.pods)
    podsOnNodeCounters.walked++
    byModel.set(model, m)
  }
  return m.get(node) ?? EMPTY
}

/** Every node's pods, in one pass over the pods (the slow way; tests compare with it). */
export function podsByNodeWalk(pods: readonly ModelPod[]): Map<string, NodePods> {
  const m = new Map<string, NodePods>()
  for (const p of pods) {
    if (p.nodeName === null) continue
    let e = m.get(p.nodeName)
    if (!e) m.set(p.nodeName, (e = { net: [], host: [] }))
    if (p.hostNetwork) e.host.push(p)
    else if (p.ip !== null) e.net.push(p)
  }
  return m
}

/**
 * What an edit changed in the pods, against the model it was reloaded from: every pod of the
 * new model is that model's pod object or one of `added`, and `gone` are that model's pods the
 * new one no longer holds (src/model/derive/placeAgain.ts, placeSpliced.ts).
 */
interface PodChange {
  readonly from: WeakRef<Model>
  readonly added: readonly ModelPod[]
  readonly gone: readonly ModelPod[]
  /** The nodes an added or gone pod is on (made when first asked). */
  touched?: Set<string>
  /** The nodes' pods taken from the earlier model, by node. */
  readonly reused: Map<string, NodePodsRead>
}
const changes = new WeakMap<Model, PodChange>()

/** Tells podsOnNode that `model`'s pods are `from`'s with `added` in and `gone` out (the incremental loader). */
export function notePodChange(model: Model, from: Model, added: readonly ModelPod[], gone: readonly ModelPod[]): void {
  if (model !== from) changes.set(model, { from: new WeakRef(from), added, gone, reused: new Map() })
}

/** What the loader told of `model`'s pods against the model it came from (that model still alive), or null. */
export function podChangeOf(model: Model): { readonly from: Model; readonly added: readonly ModelPod[]; readonly gone: readonly ModelPod[] } | null {
  const c = changes.get(model)
  const from = c?.from.deref()
  return c && from ? { from, added: c.added, gone: c.gone } : null
}

/** Counts of node pod lists taken from an earlier model and made by a walk: for tests. */
export const podsOnNodeCounters = { reused: 0, walked: 0 }

/**
 * A node's pods after an edit that added or removed none on it: the earlier model's lists (the
 * pods there stay the same objects, in the same order), instead of a walk of 33,000 pods per
 * what-if. Null when the edit touched the node or the earlier model is gone.
 */
function fromEarlier(model: Model, node: string, depth: number): NodePodsRead | null {
  const c = changes.get(model)
  if (!c) return null
  const hit = c.reused.get(node)
  if (hit) return hit
  const from = c.from.deref()
  if (!from) return null
  if (!c.touched) {
    c.touched = new Set()
    for (const p of c.added) if (p.nodeName !== null) c.touched.add(p.nodeName)
    for (const p of c.gone) if (p.nodeName !== null) c.touched.add(p.nodeName)
  }
  if (c.touched.has(node)) return null
  const earlier = podsOnNodeAt(from, node, depth + 1)
  podsOnNodeCounters.reused++
  c.reused.set(node, earlier)
  return earlier
}
