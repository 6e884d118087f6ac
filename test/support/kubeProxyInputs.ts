/**
 * A synthetic kube-proxy input that turns on every branch of the iptables generator: session
 * affinity, source ranges, external IPs, both traffic policies, localhost NodePorts with
 * nfacct, masqueradeAll, a port without endpoints, the large-cluster mode.
 */
import type { ProxyEndpoint, ProxyInput, ProxyServicePort } from '../../src/model/kubeproxy/types.js'
import { servicePortKey } from '../../src/model/kubeproxy/types.js'

function servicePort(name: string, extra: Partial<ProxyServicePort>): ProxyServicePort {
  return {
    namespace: 'ns', name, portName: 'p', protocol: 'TCP', port: 80, nodePort: 0, type: 'ClusterIP', clusterIP: '10.96.0.20',
    externalIPs: [], loadBalancerIngress: [], loadBalancerSourceRanges: [], externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800, healthCheckNodePort: 0, ...extra,
  }
}

const ep = (ip: string, nodeName: string, ready = true): ProxyEndpoint => ({ ip, port: 8080, nodeName, ready, serving: true, terminating: !ready })

export function everyBranch(opts: { masqueradeAll: boolean; largeCluster: boolean }): ProxyInput {
  const ports = [
    servicePort('affinity', { sessionAffinity: 'ClientIP', type: 'NodePort', nodePort: 30001 }),
    servicePort('fw', { type: 'LoadBalancer', nodePort: 30002, loadBalancerIngress: [{ ip: '192.0.2.10', ipMode: null }], loadBalancerSourceRanges: [' 192.168.0.0/16 ', '203.0.113.7/24'], externalTrafficPolicy: 'Local', healthCheckNodePort: 31000 }),
    servicePort('ext', { externalIPs: ['198.51.100.1'], protocol: 'UDP' }),
    servicePort('local-none', { type: 'NodePort', nodePort: 30003, externalTrafficPolicy: 'Local', externalIPs: ['198.51.100.2'], loadBalancerIngress: [{ ip: '192.0.2.11', ipMode: 'VIP' }] }),
    servicePort('itp', { internalTrafficPolicy: 'Local', protocol: 'SCTP' }),
    servicePort('empty', { type: 'NodePort', nodePort: 30004 }),
  ]
  const endpoints = new Map<string, ProxyEndpoint[]>()
  for (const sp of ports) {
    const list = sp.name === 'empty' ? [] : sp.name === 'local-none' ? [ep('10.244.2.5', 'node2')] : [ep('10.244.1.5', 'node1'), ep('10.244.2.6', 'node2'), ep('10.244.1.7', 'node1', false)]
    endpoints.set(servicePortKey(sp.namespace, sp.name, sp.portName, sp.protocol), list)
  }
  return {
    config: {
      nodeName: 'node1', nodeIP: '192.168.49.2', nodeIPs: ['192.168.49.2', '127.0.0.1'], clusterCIDR: '10.244.0.0/16', masqueradeMark: 0x4000,
      masqueradeAll: opts.masqueradeAll, localhostNodePorts: true, nodePortAddresses: null, hasRandomFully: true, conntrackTCPLiberal: false,
      nfacct: { ctStateInvalid: true, localhostNodePorts: true }, largeClusterEndpointsThreshold: opts.largeCluster ? 1 : 1000,
    },
    servicePorts: ports,
    endpoints,
  }
}
