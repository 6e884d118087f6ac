/** The cluster model as kube-proxy on one node sees it. */
import { formatCidr, formatIpv4 } from '../addr/ipv4.js'
import type { ProxyEndpoint, ProxyInput, ProxyServicePort } from '../kubeproxy/types.js'
import { servicePortKey } from '../kubeproxy/types.js'
import type { Model, ModelNode } from '../model.js'

/** Node-independent part (service ports and endpoints), shared by every node of a model. */
const shared = new WeakMap<Model, { servicePorts: ProxyServicePort[]; endpoints: Map<string, ProxyEndpoint[]> }>()

function sharedInput(model: Model) {
  let s = shared.get(model)
  if (s) return s
  const servicePorts: ProxyServicePort[] = []
  const endpoints = new Map<string, ProxyEndpoint[]>()
  for (const svc of model.services) {
    if (svc.clusterIP === null || svc.clusterIP === 'None') continue
    for (const p of svc.ports) {
      const o = svc.obj
      servicePorts.push({
        namespace: svc.namespace, name: svc.name, portName: p.spec.name, protocol: p.spec.protocol, port: p.spec.port,
        nodePort: p.nodePort ?? 0, type: o.type, clusterIP: formatIpv4(svc.clusterIP), externalIPs: o.externalIPs,
        loadBalancerIngress: o.loadBalancerIngress, loadBalancerSourceRanges: o.loadBalancerSourceRanges,
        externalTrafficPolicy: o.externalTrafficPolicy, internalTrafficPolicy: o.internalTrafficPolicy,
        sessionAffinity: o.sessionAffinity, sessionAffinityTimeoutSeconds: o.sessionAffinityTimeoutSeconds,
        healthCheckNodePort: svc.healthCheckNodePort ?? 0,
      })
      endpoints.set(servicePortKey(svc.namespace, svc.name, p.spec.name, p.spec.protocol), p.endpoints.map((e) => ({
        ip: formatIpv4(e.ip), port: e.port, nodeName: e.nodeName, ready: e.ready, serving: e.serving, terminating: e.terminating,
      })))
    }
  }
  s = { servicePorts, endpoints }
  shared.set(model, s)
  return s
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
  }
}
