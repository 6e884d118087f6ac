/** The cluster model as kube-proxy on one node sees it. */
import { formatCidr, formatIpv4 } from '../addr/ipv4.js'
import type { ProxyEndpoint, ProxyInput, ProxyServicePort } from '../kubeproxy/types.js'
import { servicePortKey } from '../kubeproxy/types.js'
import { notePortListChange } from '../kubeproxy/syncProxyRules.js'
import { objectSlot } from '../kubeproxy/objectSlot.js'
import { EndpointMap } from '../kubeproxy/endpointMap.js'
import { nearestEarlier } from './lineage.js'
import { listChange } from './listChange.js'
import type { Model, ModelEndpoint, ModelNode, ModelService } from '../model.js'

interface SharedInput {
  readonly servicePorts: ProxyServicePort[]
  readonly endpoints: EndpointMap
  /** servicePorts[i]'s endpoints, when read in full (ProxyInput.portEndpoints). */
  readonly portEndpoints?: ProxyEndpoint[][]
}

/** Node-independent part (service ports and endpoints), shared by every node of a model. */
const shared = new WeakMap<Model, SharedInput>()

/**
 * Each Service's ports as kube-proxy sees them, kept per ModelService object, and each endpoint
 * list per the model's list object. A model rebuilt incrementally keeps the objects of what an
 * edit did not touch, so the next model's input holds the same ProxyServicePort and endpoint
 * objects, and every cache keyed by them (the per-port rule fragments) carries over: only the
 * changed Services are written again.
 */
// In a private slot of the Service and list objects (objectSlot.ts): a first node meets 10,000
// Services and 10,000 endpoint lists, and a WeakMap entry each cost more than the reading.
const perService = objectSlot<{ ports: ModelService['ports']; servicePorts: ProxyServicePort[]; keys: string[] }>()
const perEndpointList = objectSlot<ProxyEndpoint[]>()

function servicePortsOf(svc: ModelService & { clusterIP: number }): { servicePorts: ProxyServicePort[]; keys: string[] } {
  let s = perService.get(svc)
  // The ports array is compared too, so a caller that rebuilt the ports in place is not fooled.
  if (s && s.ports === svc.ports) return s
  const o = svc.obj
  const servicePorts = svc.ports.map((p): ProxyServicePort => ({
    namespace: svc.namespace, name: svc.name, portName: p.spec.name, protocol: p.spec.protocol, port: p.spec.port,
    nodePort: p.nodePort ?? 0, type: o.type, clusterIP: formatIpv4(svc.clusterIP), externalIPs: o.externalIPs,
    loadBalancerIngress: o.loadBalancerIngress, loadBalancerSourceRanges: o.loadBalancerSourceRanges,
    externalTrafficPolicy: o.externalTrafficPolicy, internalTrafficPolicy: o.internalTrafficPolicy,
    sessionAffinity: o.sessionAffinity, sessionAffinityTimeoutSeconds: o.sessionAffinityTimeoutSeconds,
    healthCheckNodePort: svc.healthCheckNodePort ?? 0,
  }))
  const keys = svc.ports.map((p) => servicePortKey(svc.namespace, svc.name, p.spec.name, p.spec.protocol))
  perService.set(svc, (s = { ports: svc.ports, servicePorts, keys }))
  return s
}

function endpointsOf(list: readonly ModelEndpoint[]): ProxyEndpoint[] {
  let eps = perEndpointList.get(list)
  if (!eps) {
    eps = new Array<ProxyEndpoint>(list.length)
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!
      eps[i] = { ip: formatIpv4(e.ip), port: e.port, nodeName: e.nodeName, ready: e.ready, serving: e.serving, terminating: e.terminating }
    }
    perEndpointList.set(list, eps)
  }
  return eps
}

/** The shared input made last: the base when no earlier model of this one's lineage has one. */
let last: { readonly services: readonly ModelService[]; readonly input: SharedInput } | null = null

/**
 * A model's input is made from that of the model it was reloaded from (or an earlier one of its
 * lineage, or else the last one made): a what-if changes few Services.
 */
function sharedInput(model: Model): SharedInput {
  let s = shared.get(model)
  if (s) return s
  const base = nearestEarlier(model, (m) => { const input = shared.get(m); return input && { services: m.services, input } }) ?? last
  s = (base && base.services !== model.services ? fromEarlier(model.services, base.services, base.input) : null) ?? fullInput(model.services)
  shared.set(model, s)
  last = { services: model.services, input: s }
  return s
}

const proxied = (svc: ModelService): svc is ModelService & { clusterIP: number } => svc.clusterIP !== null && svc.clusterIP !== 'None'

function fullInput(services: readonly ModelService[]): SharedInput {
  const servicePorts: ProxyServicePort[] = []
  const endpoints = new Map<string, ProxyEndpoint[]>()
  const portEndpoints: ProxyEndpoint[][] = []
  for (const svc of services) {
    if (!proxied(svc)) continue
    const sp = servicePortsOf(svc)
    const ports = svc.ports
    for (let i = 0; i < ports.length; i++) {
      const eps = endpointsOf(ports[i]!.endpoints)
      servicePorts.push(sp.servicePorts[i]!)
      endpoints.set(sp.keys[i]!, eps)
      portEndpoints.push(eps)
    }
  }
  // Two ports of one key: the map keeps the last one's list, which is every such port's.
  if (endpoints.size !== servicePorts.length) return { servicePorts, endpoints: EndpointMap.of(endpoints) }
  return { servicePorts, endpoints: EndpointMap.of(endpoints), portEndpoints }
}

/**
 * The input of `services` from that of an earlier list: the Service objects both lists hold
 * (the incremental loader keeps what an edit did not touch) bring their ports and endpoints
 * along; only the others are read. The port list records the change, so the write order is
 * merged, not sorted again (syncProxyRules.notePortListChange). Null when most Services changed.
 */
function fromEarlier(services: readonly ModelService[], before: readonly ModelService[], input: SharedInput): SharedInput | null {
  // A model loaded afresh shares no Service with the last one: stop walking once that is clear.
  const change = listChange(before, services, services.length / 8)
  if (!change || change.added.length > services.length / 8) return null
  const { added, dropped } = change
  const removed = new Set<ProxyServicePort>()
  // The keys the edit took out (undefined) or set: a layer over the earlier map (endpointMap.ts).
  const changes = new Map<string, ProxyEndpoint[] | undefined>()
  for (const svc of dropped) {
    if (!proxied(svc)) continue
    const sp = servicePortsOf(svc)
    for (const p of sp.servicePorts) removed.add(p)
    for (const k of sp.keys) changes.set(k, undefined)
  }
  const addedPorts: ProxyServicePort[] = []
  for (const svc of added) {
    if (!proxied(svc)) continue
    const sp = servicePortsOf(svc)
    svc.ports.forEach((p, i) => {
      addedPorts.push(sp.servicePorts[i]!)
      const key = sp.keys[i]!
      // Set again after being taken out: a copied map would hold it last (endpointMap.ts keeps that order).
      changes.delete(key)
      changes.set(key, endpointsOf(p.endpoints))
    })
  }
  const endpoints = input.endpoints.next(changes)
  const servicePorts: ProxyServicePort[] = []
  for (const svc of services) if (proxied(svc)) for (const p of servicePortsOf(svc).servicePorts) servicePorts.push(p)
  // Two ports of one key (not a model the loader makes): the full reading's map would keep the
  // last, which this one cannot tell.
  if (endpoints.size !== servicePorts.length) return null
  notePortListChange(servicePorts, { from: input.servicePorts, fromEndpoints: input.endpoints, removed, added: addedPorts })
  return { servicePorts, endpoints }
}

export function proxyInputFor(model: Model, node: ModelNode, localAddresses: readonly number[]): ProxyInput {
  const kp = model.cluster.kubeProxy
  const s = sharedInput(model)
  return {
    config: {
      nodeName: node.name, nodeIP: formatIpv4(node.ip), nodeIPs: localAddresses.map(formatIpv4),
      clusterCIDR: formatCidr(model.cluster.podCIDR), masqueradeMark: 1 << kp.masqueradeBit, masqueradeAll: kp.masqueradeAll,
      localhostNodePorts: kp.localhostNodePorts && kp.mode === 'iptables',
      // nftables mode defaults --nodeport-addresses to the node's primary IP ("primary").
      nodePortAddresses: kp.nodePortAddresses ?? (kp.mode === 'nftables' ? [`${formatIpv4(node.ip)}/32`] : null),
      hasRandomFully: kp.randomFully,
      conntrackTCPLiberal: false, nfacct: { ctStateInvalid: kp.nfacct, localhostNodePorts: kp.nfacct },
      largeClusterEndpointsThreshold: 1000,
    },
    servicePorts: s.servicePorts,
    endpoints: s.endpoints,
    portEndpoints: s.portEndpoints,
  }
}
