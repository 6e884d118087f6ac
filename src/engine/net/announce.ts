/**
 * Which node answers ARP for a LoadBalancer IP on the node network, as MetalLB's L2 mode
 * announces it: for `externalTrafficPolicy: Local` the first node (in node order) with a ready
 * endpoint, else the first node. A module of its own so the stage can place LoadBalancer IPs
 * without the packet engine's world (and the node state it derives).
 */
import { isIpv4, parseIpv4 } from '../../model/addr/ipv4Math.js'
import type { Model, ModelNode, ModelService } from '../../model/model.js'

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
  for (const svc of model.services) {
    for (const ing of svc.obj.loadBalancerIngress) if (isIpv4(ing.ip)) out.set(parseIpv4(ing.ip), announcer(model, svc))
  }
  return out
}
