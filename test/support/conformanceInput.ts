/** Maps an upstream kube-proxy conformance vector's input fields onto the generator's input. */
import type { ProxyEndpoint, ProxyInput, ProxyServicePort } from '../../src/model/kubeproxy/types.js'
import { servicePortKey } from '../../src/model/kubeproxy/types.js'

export interface VectorService {
  namespace: string; name: string; type: string; clusterIP: string
  ports: { name: string; port: number; protocol: 'TCP' | 'UDP' | 'SCTP'; nodePort: number }[]
  externalTrafficPolicy: 'Cluster' | 'Local'; internalTrafficPolicy: 'Cluster' | 'Local'
  sessionAffinity: 'None' | 'ClientIP'; sessionAffinityTimeoutSeconds: number | null
  externalIPs: string[]; loadBalancerIngress: { ip: string; ipMode: 'VIP' | 'Proxy' | null }[]
  loadBalancerSourceRanges: string[]; healthCheckNodePort: number
}
export interface VectorEndpoint {
  namespace: string; service: string; portName: string; protocol: 'TCP' | 'UDP' | 'SCTP'
  ip: string; port: number; nodeName: string | null; ready: boolean; serving: boolean; terminating: boolean
}
export interface KubeProxyVector {
  name: string; nodeIPs: string[]; clusterCIDR: string
  proxier: {
    nodeName: string; nodeIP: string; localDetector: { cidr: string } | null; masqueradeMark: string
    masqueradeAll: boolean; localhostNodePorts: boolean; nodePortAddresses: string[] | null; hasRandomFully: boolean
    conntrackTCPLiberal: boolean; nfacctCounters: Record<string, boolean>; largeClusterEndpointsThreshold: number
  }
  services: VectorService[]; endpoints: VectorEndpoint[]
  expected_filter: string; expected_nat: string
  observed_iptables_save: { filter: string; nat: string; mangle: string }
}

/** A vector's services and endpoints as the proxier's service ports and endpoint lists (both proxiers' vectors share the shape). */
export function vectorServicePorts(services: readonly VectorService[], eps: readonly VectorEndpoint[]): Pick<ProxyInput, 'servicePorts' | 'endpoints'> {
  const servicePorts: ProxyServicePort[] = services.flatMap((s) =>
    s.ports.map((port) => ({
      namespace: s.namespace, name: s.name, portName: port.name, protocol: port.protocol, port: port.port,
      nodePort: port.nodePort, type: (s.type || 'ClusterIP') as ProxyServicePort['type'], clusterIP: s.clusterIP,
      externalIPs: s.externalIPs, loadBalancerIngress: s.loadBalancerIngress, loadBalancerSourceRanges: s.loadBalancerSourceRanges,
      externalTrafficPolicy: s.externalTrafficPolicy, internalTrafficPolicy: s.internalTrafficPolicy,
      sessionAffinity: s.sessionAffinity, sessionAffinityTimeoutSeconds: s.sessionAffinityTimeoutSeconds ?? 10800,
      healthCheckNodePort: s.healthCheckNodePort,
    })),
  )
  const endpoints = new Map<string, ProxyEndpoint[]>()
  for (const e of eps) {
    const key = servicePortKey(e.namespace, e.service, e.portName, e.protocol)
    const list = endpoints.get(key) ?? []
    list.push({ ip: e.ip, port: e.port, nodeName: e.nodeName, ready: e.ready, serving: e.serving, terminating: e.terminating })
    endpoints.set(key, list)
  }
  return { servicePorts, endpoints }
}

export function proxyInputFromVector(v: KubeProxyVector): ProxyInput {
  const p = v.proxier
  return {
    config: {
      nodeName: p.nodeName, nodeIP: p.nodeIP, nodeIPs: v.nodeIPs, clusterCIDR: p.localDetector?.cidr ?? null,
      masqueradeMark: parseInt(p.masqueradeMark, 16), masqueradeAll: p.masqueradeAll, localhostNodePorts: p.localhostNodePorts,
      nodePortAddresses: p.nodePortAddresses, hasRandomFully: p.hasRandomFully, conntrackTCPLiberal: p.conntrackTCPLiberal,
      nfacct: { ctStateInvalid: p.nfacctCounters['ct_state_invalid_dropped_pkts'] === true, localhostNodePorts: p.nfacctCounters['localhost_nps_accepted_pkts'] === true },
      largeClusterEndpointsThreshold: p.largeClusterEndpointsThreshold,
    },
    ...vectorServicePorts(v.services, v.endpoints),
  }
}
