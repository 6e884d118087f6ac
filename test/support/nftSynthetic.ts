/**
 * A synthetic kube-proxy input that exercises every printed form of the nftables table the
 * built-in topologies do not: many elements (odd counts, ports whose low byte sorts before
 * others), several source ranges with the node inside one, ClientIP affinity with odd
 * timeouts, more than ten endpoints, iTP Local, eTP Local with a local endpoint, masquerade-all
 * and --nodeport-addresses 0.0.0.0/0 (the `fib daddr type local` NodePort rule).
 */
import type { ProxyEndpoint, ProxyInput, ProxyServicePort } from '../../src/model/kubeproxy/types.js'
import { servicePortKey } from '../../src/model/kubeproxy/types.js'

export function syntheticNftInput(opts: { masqueradeAll: boolean; nodePortAddresses: string[] | null }): ProxyInput {
  const base: Omit<ProxyServicePort, 'name' | 'clusterIP' | 'port' | 'nodePort'> = {
    namespace: 'lab', portName: 'p', protocol: 'TCP', type: 'ClusterIP', externalIPs: [], loadBalancerIngress: [],
    loadBalancerSourceRanges: [], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster',
    sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800, healthCheckNodePort: 0,
  }
  const servicePorts: ProxyServicePort[] = []
  const endpoints = new Map<string, ProxyEndpoint[]>()
  const ep = (ip: string, port: number, nodeName: string | null = 'other', extra: Partial<ProxyEndpoint> = {}): ProxyEndpoint =>
    ({ ip, port, nodeName, ready: true, serving: true, terminating: false, ...extra })
  const add = (sp: ProxyServicePort, eps: ProxyEndpoint[]): void => {
    servicePorts.push(sp)
    endpoints.set(servicePortKey(sp.namespace, sp.name, sp.portName, sp.protocol), eps)
  }
  const nodePorts = [3001, 3256, 30000, 32767, 2, 256, 511]
  for (let i = 0; i < 13; i++) {
    add({ ...base, name: `s${i}`, clusterIP: `172.30.${i % 3}.${200 - i * 7}`, port: [80, 443, 8080, 53, 256][i % 5]!,
      type: i < nodePorts.length ? 'NodePort' : 'ClusterIP', nodePort: nodePorts[i] ?? 0, protocol: i % 4 === 3 ? 'UDP' : 'TCP' },
    i === 5 ? [] : [ep(`10.1.${i}.5`, 8000 + i)])
  }
  add({ ...base, name: 'many', clusterIP: '172.30.9.9', port: 80, nodePort: 0 },
    Array.from({ length: 12 }, (_, i) => ep(`10.2.0.${i + 1}`, 80)))
  add({ ...base, name: 'lb', type: 'LoadBalancer', clusterIP: '172.30.9.10', port: 80, nodePort: 31000,
    loadBalancerIngress: [{ ip: '5.6.7.8', ipMode: null }, { ip: '5.6.7.9', ipMode: 'VIP' }, { ip: '5.6.7.10', ipMode: 'Proxy' }],
    loadBalancerSourceRanges: ['203.0.113.0/25', '192.168.0.0/16', '10.0.0.0/8'], sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 90061 },
  [ep('10.3.0.1', 80, 'test-node'), ep('10.3.0.2', 80)])
  add({ ...base, name: 'local', type: 'LoadBalancer', clusterIP: '172.30.9.11', port: 80, nodePort: 31001, externalTrafficPolicy: 'Local',
    externalIPs: ['192.168.99.1'], loadBalancerIngress: [{ ip: '5.6.8.1', ipMode: null }], sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 60 },
  [ep('10.4.0.1', 80, 'test-node'), ep('10.4.0.2', 80), ep('10.4.0.3', 80, 'test-node', { ready: false, serving: true, terminating: true })])
  add({ ...base, name: 'lb2', type: 'LoadBalancer', clusterIP: '172.30.9.14', port: 443, nodePort: 31002,
    loadBalancerIngress: [{ ip: '5.6.9.1', ipMode: null }], loadBalancerSourceRanges: ['198.51.100.0/25', '198.51.100.128/26', '198.51.100.64/26'] },
  [ep('10.7.0.1', 443)])
  add({ ...base, name: 'lb3', type: 'LoadBalancer', clusterIP: '172.30.9.15', port: 443, nodePort: 31003,
    loadBalancerIngress: [{ ip: '5.6.9.2', ipMode: null }], loadBalancerSourceRanges: ['198.51.100.0/25', '198.51.100.128/25', '192.0.2.7/32'] },
  [ep('10.7.0.2', 443)])
  add({ ...base, name: 'itp', clusterIP: '172.30.9.12', port: 80, nodePort: 0, internalTrafficPolicy: 'Local' }, [ep('10.5.0.1', 80)])
  add({ ...base, name: 'terminating', clusterIP: '172.30.9.13', port: 80, nodePort: 0 },
    [ep('10.6.0.1', 80, 'other', { ready: false, serving: true, terminating: true })])
  return {
    config: {
      nodeName: 'test-node', nodeIP: '192.168.0.2', nodeIPs: ['127.0.0.1', '192.168.0.2', '192.168.1.2'], clusterCIDR: '10.0.0.0/8',
      masqueradeMark: 0x4000, masqueradeAll: opts.masqueradeAll, localhostNodePorts: false, nodePortAddresses: opts.nodePortAddresses,
      hasRandomFully: true, conntrackTCPLiberal: false, nfacct: { ctStateInvalid: false, localhostNodePorts: false }, largeClusterEndpointsThreshold: 1000,
    },
    servicePorts,
    endpoints,
  }
}
