/**
 * Which node answers ARP for a LoadBalancer IP on the node network, as MetalLB's L2 mode
 * announces it: for `externalTrafficPolicy: Local` the first node (in node order) with a ready
 * endpoint, else the first node. A module of its own so the stage can place LoadBalancer IPs
 * without the packet engine's world (and the node state it derives).
 */
import { isIpv4, parseIpv4 } from '../../model/addr/ipv4Math.js'
import type { Model, ModelNode, ModelService } from '../../model/model.js'
import { nearestEarlier } from '../../model/node/lineage.js'
import { listChange } from '../../model/node/listChange.js'

export function announcer(model: Model, svc: ModelService): ModelNode | undefined {
  if (svc.obj.externalTrafficPolicy === 'Local') {
    const withEndpoint = new Set(svc.ports.flatMap((p) => p.endpoints.filter((e) => e.ready).map((e) => e.nodeName)))
    return model.nodes.find((n) => withEndpoint.has(n.name))
  }
  return model.nodes[0]
}

/** LoadBalancer IP → the node announcing it (undefined: no node may, e.g. Local without endpoints). */
export function loadBalancerAnnouncers(model: Model): Map<number, ModelNode | undefined> {
  const out = new Map<number, ModelNode | undefined>()
  for (const svc of withIngress(model)) {
    for (const ing of svc.obj.loadBalancerIngress) if (isIpv4(ing.ip)) out.set(parseIpv4(ing.ip), announcer(model, svc))
  }
  return out
}

const hasIngress = (s: ModelService): boolean => s.obj.loadBalancerIngress.length > 0

/** A model's Services with a load-balancer ingress, in model order, and the list they were picked from. */
const ingressByModel = new WeakMap<Model, { readonly services: readonly ModelService[]; readonly picked: readonly ModelService[] }>()
/** Carried past this many, the new ones' places would cost more than a walk. */
const MAX_CARRIED = 64

/**
 * The Services with an ingress, in model order: after a what-if, the earlier model's with the
 * replaced Services swapped (src/model/node/listChange.ts), instead of a walk of
 * 10,000 Services per model (every trace asks the announcers).
 */
export function withIngress(model: Model): readonly ModelService[] {
  const hit = ingressByModel.get(model)
  if (hit) return hit.picked
  const base = nearestEarlier(model, (m) => ingressByModel.get(m))
  let picked: readonly ModelService[] | null = null
  if (base && base.picked.length <= MAX_CARRIED) {
    const change = base.services === model.services ? { added: [], dropped: [] } : listChange(base.services, model.services, model.services.length / 8)
    if (change) {
      // The Services both lists hold keep their order (listChange matches them in order).
      const gone = new Set(change.dropped)
      const kept = base.picked.filter((s) => !gone.has(s))
      const added = change.added.filter(hasIngress)
      if (!added.length) picked = kept
      else {
        const all = [...kept, ...added]
        const at = new Map(all.map((s) => [s, model.services.indexOf(s)]))
        picked = all.sort((a, b) => at.get(a)! - at.get(b)!)
      }
    }
  }
  picked ??= model.services.filter(hasIngress)
  ingressByModel.set(model, { services: model.services, picked })
  return picked
}
