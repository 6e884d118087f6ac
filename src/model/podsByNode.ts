/**
 * A model's pods per node, in model order: those on the pod network (an address, not host
 * network) and the host-network ones. Made in one pass over the model's pods when a node is first
 * asked, instead of one pass over 30,000 pods per node and per question (a trace crosses a few
 * nodes, and each is asked by its node state, its bridge's veth lookup and its host's sockets).
 */
import type { Model, ModelPod } from './model.js'

interface NodePods { readonly net: ModelPod[]; readonly host: ModelPod[] }

const EMPTY: NodePods = { net: [], host: [] }
const byModel = new WeakMap<Model, Map<string, NodePods>>()

export function podsOnNode(model: Model, node: string): { readonly net: readonly ModelPod[]; readonly host: readonly ModelPod[] } {
  let m = byModel.get(model)
  if (!m) {
    m = new Map()
    for (const p of model.pods) {
      if (p.nodeName === null) continue
      let e = m.get(p.nodeName)
      if (!e) m.set(p.nodeName, (e = { net: [], host: [] }))
      if (p.hostNetwork) e.host.push(p)
      else if (p.ip !== null) e.net.push(p)
    }
    byModel.set(model, m)
  }
  return m.get(node) ?? EMPTY
}
