/**
 * A pod's netns: lo and eth0 (the container end of its veth), the routes the bridge plugin and
 * host-local IPAM install, and its resolv.conf. hostNetwork pods share the node's netns.
 */
import { compareCidrForDump, nthAddress } from '../addr/ipv4.js'
import type { Model, ModelPod } from '../model.js'
import { bridgeMac, hostVethName, podEthMac } from './naming.js'
import { nodeState, podMtu } from './nodeState.js'
import { formatResolvConf, podResolvConf } from './resolvConf.js'
import type { NetDevice, PodNetState, RouteEntry } from './types.js'

export function podState(model: Model, pod: ModelPod): PodNetState | null {
  const node = model.nodes.find((n) => n.name === pod.nodeName)
  if (!node || pod.ip === null) return null
  const resolvConf = formatResolvConf(podResolvConf(model.cluster, pod.template, pod.namespace))
  if (pod.hostNetwork) return { pod: `${pod.namespace}/${pod.name}`, devices: [], routes: [], neighbors: [], resolvConf }
  const gw = nthAddress(node.podCIDR, 1)
  const devices: NetDevice[] = [
    { ifindex: 1, name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, state: 'UNKNOWN', addresses: [{ ip: 0x7f000001, prefixLength: 8 }] },
    {
      ifindex: 2, name: 'eth0', kind: 'veth', mac: podEthMac(pod), mtu: podMtu(model), state: 'UP',
      addresses: [{ ip: pod.ip, prefixLength: node.podCIDR.prefixLength }],
      peerIfindex: nodeState(model, node.name)!.devices.find((d) => d.name === hostVethName(pod))!.ifindex,
    },
  ]
  const routes: RouteEntry[] = [
    { dst: null, via: gw, dev: 'eth0' },
    { dst: node.podCIDR, dev: 'eth0', proto: 'kernel', scope: 'link', src: pod.ip },
  ]
  // flannel's IPAM adds a route for the whole cluster network via the bridge.
  if (model.cluster.network.plugin === 'flannel') routes.push({ dst: model.cluster.podCIDR, via: gw, dev: 'eth0' })
  routes.sort((a, b) => (a.dst === null ? -1 : b.dst === null ? 1 : compareCidrForDump(a.dst, b.dst)))
  return {
    pod: `${pod.namespace}/${pod.name}`, devices, routes, resolvConf,
    neighbors: [{ ip: gw, dev: 'eth0', lladdr: bridgeMac(node.name), state: 'REACHABLE' }],
  }
}
