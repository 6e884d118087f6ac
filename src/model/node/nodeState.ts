/**
 * A node's host netns as the network plugin and kube-proxy leave it: devices, main routing
 * table, neighbours, bridge FDB, sysctls and netfilter rules. Derived on demand per node and
 * cached per model, so asking for one node of a 1,000-node cluster costs one node.
 * Reference: ../shared/design/cni-dataplane.md §3–§5, §8.
 */
import { podsOnNode } from '../podsByNode.js'
import { compareCidrForDump, nthAddress } from '../addr/ipv4.js'
import { macFromKey } from '../addr/mac.js'
import { applyKubeProxyChains } from '../kubeproxy/nodeChains.js'
import { formatIptablesSave } from '../netfilter/formatSave.js'
import { createRuleset } from '../netfilter/ruleset.js'
import type { Model, ModelNode, ModelPod } from '../model.js'
import { BRIDGE_NETWORK_NAME, applyBridgePluginRules, applyFlannelRules } from './cniRules.js'
import { FLANNEL_NETWORK_NAME, applyPortmapRules } from './portmapRules.js'
import { applyNodeLocalDnsRules, NODE_LOCAL_DNS_DEVICE } from './nodeLocalDns.js'
import { bridgeMac, hostVethMac, hostVethName, nodeEthMac, podEthMac, vtepMac } from './naming.js'
import { nftNodeState } from './nftState.js'
import { proxyInputFor } from './proxyInput.js'
import { baseInputs, earlierBase, noteBase, type NodeBase } from './nodeBase.js'
import type { FdbEntry, NeighEntry, NetDevice, NodeState, RouteEntry } from './types.js'

export const VXLAN_VNI = 1
export const VXLAN_PORT = 8472
const VXLAN_OVERHEAD = 50

/** Name of the pod bridge: flannel's delegate uses cni0, minikube's bridge conflist `bridge`. */
export function bridgeName(model: Model): string {
  return model.cluster.network.plugin === 'bridge' ? 'bridge' : 'cni0'
}

export function podMtu(model: Model): number {
  const n = model.cluster.network
  return n.plugin === 'flannel' && n.backend === 'vxlan' ? n.mtu - VXLAN_OVERHEAD : n.mtu
}

/** Pods with their own netns on this node, in the order they were started (= addressed). */
export function podNetworkPods(model: Model, nodeName: string): ModelPod[] {
  return podsOnNode(model, nodeName).net.slice()
}

const cache = new WeakMap<Model, Map<string, NodeState>>()

export function nodeState(model: Model, nodeName: string): NodeState | null {
  let perModel = cache.get(model)
  if (!perModel) cache.set(model, (perModel = new Map()))
  const hit = perModel.get(nodeName)
  if (hit) return hit
  const node = model.nodes.find((n) => n.name === nodeName)
  if (!node) return null
  const state = deriveNodeState(model, node)
  perModel.set(nodeName, state)
  return state
}

/**
 * A node's state from scratch: its links, routes, neighbours, FDB and sysctls (the base, or the
 * earlier model's when `reuse` finds it unchanged: nodeBase.ts) and its netfilter rules.
 */
export function deriveNodeState(model: Model, node: ModelNode, reuse = true): NodeState {
  const pods = podsOnNode(model, node.name).net
  const base = (reuse ? earlierBase(model, node, pods, (m) => cache.get(m)?.get(node.name)) : null) ?? deriveBase(model, node, pods)
  const state = withRules(model, node, base)
  noteBase(state, base)
  return state
}

/** Everything but the netfilter rules: what only the nodes, the node's pods and the cluster settings decide. */
export function deriveBase(model: Model, node: ModelNode, pods: readonly ModelPod[]): NodeBase {
  const c = model.cluster
  const vxlan = c.network.plugin === 'flannel' && c.network.backend === 'vxlan'
  const hostGw = c.network.plugin === 'flannel' && c.network.backend === 'host-gw'
  const brName = bridgeName(model)
  const mtu = podMtu(model)
  const gw = nthAddress(node.podCIDR, 1)
  // ifindexes: lo 1, eth0 2, flannel.1 3 (VXLAN), the bridge, then one veth per pod in start order.
  const bridgeIndex = vxlan ? 4 : 3
  const remotes = model.nodes.filter((n) => n.name !== node.name)

  const devices: NetDevice[] = [
    { ifindex: 1, name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, state: 'UNKNOWN', addresses: [{ ip: nthAddress({ base: 0x7f000000, prefixLength: 8 }, 1), prefixLength: 8 }] },
    { ifindex: 2, name: 'eth0', kind: 'ethernet', mac: nodeEthMac(node.name), mtu: c.network.mtu, state: 'UP', addresses: [{ ip: node.ip, prefixLength: c.underlay.cidr.prefixLength }] },
  ]
  if (vxlan) {
    devices.push({
      ifindex: 3, name: 'flannel.1', kind: 'vxlan', mac: vtepMac(node.name), mtu: c.network.mtu - VXLAN_OVERHEAD, state: 'UNKNOWN',
      addresses: [{ ip: node.podCIDR.base, prefixLength: 32 }], vxlan: { vni: VXLAN_VNI, port: VXLAN_PORT, local: node.ip, dev: 'eth0' },
    })
  }
  // The bridge plugin creates the bridge on the first pod ADD: no pods, no bridge.
  if (pods.length) {
    devices.push({ ifindex: bridgeIndex, name: brName, kind: 'bridge', mac: bridgeMac(node.name), mtu, state: 'UP', addresses: [{ ip: gw, prefixLength: node.podCIDR.prefixLength }] })
    pods.forEach((p, i) => {
      devices.push({
        ifindex: bridgeIndex + 1 + i, name: hostVethName(p), kind: 'veth', mac: hostVethMac(p), mtu, state: 'UP',
        addresses: [], master: brName, peerIfindex: 2, hairpin: true,
      })
    })
  }

  // NodeLocal DNSCache's dummy device comes last: node-cache starts after the pod network.
  const nodeLocal = c.nodeLocalDNS ? [c.nodeLocalDNS.ip, c.dnsServiceIP] : []
  if (nodeLocal.length) {
    devices.push({
      ifindex: devices.length + 1, name: NODE_LOCAL_DNS_DEVICE, kind: 'dummy', mac: macFromKey(`nodelocaldns:${node.name}`), mtu: 1500, state: 'DOWN',
      addresses: nodeLocal.map((ip) => ({ ip, prefixLength: 32 })),
    })
  }

  const routes: RouteEntry[] = [{ dst: null, via: c.underlay.gateway, dev: 'eth0' }]
  if (pods.length) routes.push({ dst: node.podCIDR, dev: brName, proto: 'kernel', scope: 'link', src: gw })
  for (const r of remotes) {
    if (vxlan) routes.push({ dst: r.podCIDR, via: r.podCIDR.base, dev: 'flannel.1', onlink: true })
    if (hostGw) routes.push({ dst: r.podCIDR, via: r.ip, dev: 'eth0' })
  }
  routes.push({ dst: c.underlay.cidr, dev: 'eth0', proto: 'kernel', scope: 'link', src: node.ip })
  routes.sort((a, b) => (a.dst === null ? -1 : b.dst === null ? 1 : compareCidrForDump(a.dst, b.dst)))

  // Permanent entries flannel programs, plus the steady-state neighbours a busy node has resolved.
  const neighbors: NeighEntry[] = [
    { ip: c.underlay.gateway, dev: 'eth0', lladdr: nodeEthMac('__gateway__'), state: 'REACHABLE' },
    ...remotes.map((r): NeighEntry => ({ ip: r.ip, dev: 'eth0', lladdr: nodeEthMac(r.name), state: 'REACHABLE' })),
    ...(vxlan ? remotes.map((r): NeighEntry => ({ ip: r.podCIDR.base, dev: 'flannel.1', lladdr: vtepMac(r.name), state: 'PERMANENT' })) : []),
    ...pods.map((p): NeighEntry => ({ ip: p.ip!, dev: brName, lladdr: podEthMac(p), state: 'REACHABLE' })),
  ]

  const fdb: FdbEntry[] = []
  const multicast = (dev: string, mac: string, extra: string[] = []): void => {
    for (const m of ['33:33:00:00:00:01', ...extra, '01:00:5e:00:00:01', `33:33:ff:${mac.slice(9)}`]) fdb.push({ mac: m, dev, self: true, permanent: true })
  }
  multicast('eth0', nodeEthMac(node.name))
  if (vxlan) for (const r of remotes) fdb.push({ mac: vtepMac(r.name), dev: 'flannel.1', dst: r.ip, self: true, permanent: true })
  if (pods.length) {
    multicast(brName, bridgeMac(node.name), ['01:00:5e:00:00:6a', '33:33:00:00:00:6a'])
    fdb.push({ mac: bridgeMac(node.name), dev: brName, master: brName, self: false, permanent: true })
    for (const p of pods) {
      const v = hostVethName(p)
      fdb.push({ mac: podEthMac(p), dev: v, master: brName, self: false, permanent: false })
      fdb.push({ mac: hostVethMac(p), dev: v, master: brName, self: false, permanent: true })
      multicast(v, hostVethMac(p))
    }
  }

  const kp = c.kubeProxy
  const sysctls: [string, string][] = [
    ['net.bridge.bridge-nf-call-ip6tables', '1'],
    ['net.bridge.bridge-nf-call-iptables', '1'],
    // nftables mode has no localhost NodePorts, so kube-proxy leaves route_localnet alone.
    ['net.ipv4.conf.all.route_localnet', kp.localhostNodePorts && kp.mode === 'iptables' ? '1' : '0'],
    ['net.ipv4.ip_forward', '1'],
  ]

  const localAddresses = devices.flatMap((d) => d.addresses.map((a) => a.ip))
  return { inputs: baseInputs(model, node, pods), devices, routes, neighbors, fdb, sysctls, localAddresses }
}

function withRules(model: Model, node: ModelNode, base: NodeBase): NodeState {
  const c = model.cluster
  const kp = c.kubeProxy
  const pods = base.inputs.pods
  const nodeLocal = c.nodeLocalDNS ? [c.nodeLocalDNS.ip, c.dnsServiceIP] : []
  const ruleset = createRuleset()
  const input = proxyInputFor(model, node, base.localAddresses)
  const nft = kp.mode === 'nftables' ? nftNodeState(model, input) : null
  if (!nft) applyKubeProxyChains(ruleset, input)
  if (nodeLocal.length) applyNodeLocalDnsRules(ruleset, nodeLocal)
  if (c.network.plugin === 'flannel') applyFlannelRules(ruleset, c.podCIDR, node.podCIDR, 1 << kp.masqueradeBit, kp.randomFully)
  else applyBridgePluginRules(ruleset, node.podCIDR, pods)
  applyPortmapRules(ruleset, c.network.plugin === 'flannel' ? FLANNEL_NETWORK_NAME : BRIDGE_NETWORK_NAME, node.podCIDR, pods)

  let saved: ReturnType<typeof formatIptablesSave> | undefined
  const { devices, routes, neighbors, fdb, sysctls } = base
  return {
    nodeName: node.name, devices, routes, neighbors, fdb, sysctls, ruleset, nftables: nft,
    iptablesSave: () => (saved ??= formatIptablesSave(ruleset)),
  }
}
