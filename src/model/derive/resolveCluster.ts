/**
 * The cluster as run: the Cluster document or defaults, nodes from it (or from `kind: Node`
 * objects of a dump, or inferred from pods), node pod CIDRs allocated in order as the
 * controller-manager's range allocator does (/24 each), and every address conflict reported.
 */
import {
  cidr, cidrContains, cidrsOverlap, cidrWithin, formatCidr, formatIpv4, nthAddress, type Cidr,
} from '../addr/ipv4.js'
import type { ModelNode } from '../model.js'
import type { ClusterSpec, NodeSpec } from '../objects.js'
import { DEFAULT_POD_CIDR, DEFAULT_SERVICE_CIDR } from '../load/parseCluster.js'
import type { Reporter } from './report.js'

export const NODE_CIDR_MASK = 24

export function defaultCluster(nodes: readonly NodeSpec[]): ClusterSpec {
  const serviceCIDR = cidr(DEFAULT_SERVICE_CIDR)
  const underlay = cidr('192.168.49.0/24')
  return {
    name: 'cluster', clusterDomain: 'cluster.local', podCIDR: cidr(DEFAULT_POD_CIDR), serviceCIDR,
    dnsServiceIP: nthAddress(serviceCIDR, 10), nodePortRange: [30000, 32767],
    network: { plugin: 'flannel', backend: 'vxlan', mtu: 1500, policy: 'none' },
    kubeProxy: { mode: 'iptables', masqueradeAll: false, localhostNodePorts: true, nodePortAddresses: null, randomFully: true, nfacct: true, masqueradeBit: 14 },
    nodes, externalClients: [], underlay: { cidr: underlay, gateway: nthAddress(underlay, 1) },
    nodeLocalDNS: null,
    cases: [],
    nodeResolvConf: { nameservers: [formatIpv4(nthAddress(underlay, 1))], searches: [], options: [] },
  }
}

export function resolveNodes(cluster: ClusterSpec, rep: Reporter): ModelNode[] {
  const c = cluster
  const doc = c.origin?.doc
  const obj = `Cluster ${c.name}`
  if (cidrsOverlap(c.podCIDR, c.serviceCIDR)) {
    rep.add('error', doc, ['spec', 'serviceCIDR'], obj, `serviceCIDR ${formatCidr(c.serviceCIDR)} overlaps podCIDR ${formatCidr(c.podCIDR)}`, 'pick ranges that do not overlap, e.g. pods 10.244.0.0/16 and services 10.96.0.0/12')
  }
  for (const [field, range] of [['podCIDR', c.podCIDR], ['serviceCIDR', c.serviceCIDR]] as const) {
    if (cidrsOverlap(range, c.underlay.cidr)) {
      rep.add('error', doc, ['spec', field], obj, `${field} ${formatCidr(range)} overlaps the node network ${formatCidr(c.underlay.cidr)}`, 'pods and Services need ranges of their own, apart from the nodes\' network (an overlay such as flannel); with a VPC CNI (EKS, Azure CNI) pods share it, which the lab does not simulate')
    }
  }
  if (!cidrContains(c.serviceCIDR, c.dnsServiceIP)) {
    rep.add('error', doc, ['spec', 'dnsServiceIP'], obj, `dnsServiceIP ${formatIpv4(c.dnsServiceIP)} is outside serviceCIDR ${formatCidr(c.serviceCIDR)}`, 'pick an address inside serviceCIDR (kubeadm uses its 10th address), or leave dnsServiceIP out')
  }
  if (c.network.plugin === 'bridge' && c.nodes.length > 1) {
    rep.add('error', doc, ['spec', 'network', 'plugin'], obj, `the bridge plugin connects pods on one node only, but there are ${c.nodes.length} nodes`, 'use network: { plugin: flannel, backend: vxlan } for several nodes')
  }
  if (c.nodes.length === 0) rep.add('error', doc, ['spec', 'nodes'], obj, 'the cluster has no nodes', 'list at least one node under spec.nodes')

  const seenNames = new Map<string, number>()
  const seenIps = new Map<number, string>()
  c.nodes.forEach((n, i) => {
    const path = ['spec', 'nodes', i]
    if (seenNames.has(n.name)) rep.add('error', n.origin?.doc ?? doc, path, obj, `node name ${n.name} is used twice`, 'give every node its own name')
    seenNames.set(n.name, i)
    if (n.ip !== 0) {
      const other = seenIps.get(n.ip)
      if (other) rep.add('error', n.origin?.doc ?? doc, [...path, 'ip'], obj, `node ${n.name} has IP ${formatIpv4(n.ip)}, which node ${other} already has`, 'give every node its own address')
      seenIps.set(n.ip, n.name)
      if (!cidrContains(c.underlay.cidr, n.ip)) {
        rep.add('error', n.origin?.doc ?? doc, [...path, 'ip'], obj, `node ${n.name} IP ${formatIpv4(n.ip)} is outside the node network ${formatCidr(c.underlay.cidr)}`, 'set spec.underlay.cidr to the network all nodes share')
      }
    }
    if (n.podCIDR && !cidrWithin(n.podCIDR, c.podCIDR)) {
      rep.add('error', n.origin?.doc ?? doc, [...path, 'podCIDR'], obj, `node ${n.name} podCIDR ${formatCidr(n.podCIDR)} is outside the cluster podCIDR ${formatCidr(c.podCIDR)}`, 'widen spec.podCIDR so it holds every node\'s range, or leave it out to have it inferred')
    }
  })
  c.externalClients.forEach((e, i) => {
    if (!cidrContains(c.underlay.cidr, e.ip)) rep.add('error', doc, ['spec', 'externalClients', i, 'ip'], obj, `external client ${e.name} IP ${formatIpv4(e.ip)} is outside the node network ${formatCidr(c.underlay.cidr)}`, 'outside clients sit on the node network: pick an address in it')
    if (seenIps.has(e.ip)) rep.add('error', doc, ['spec', 'externalClients', i, 'ip'], obj, `external client ${e.name} has IP ${formatIpv4(e.ip)}, which node ${seenIps.get(e.ip)} already has`, 'give the client an address no node uses')
  })

  // Given node CIDRs first, then the range allocator's next free /24 in order.
  // Given ranges of one size (a dump's /24s) overlap only when equal: found by base, not by
  // comparing each with every earlier one (a million comparisons at 1,000 nodes).
  const taken: Cidr[] = []
  const sizes = new Set(c.nodes.flatMap((n) => (n.podCIDR ? [n.podCIDR.prefixLength] : [])))
  const byBase = sizes.size === 1 ? new Map<number, Cidr>() : null
  c.nodes.forEach((n, i) => {
    if (!n.podCIDR) return
    const clash = byBase ? byBase.get(n.podCIDR.base) : taken.find((t) => cidrsOverlap(t, n.podCIDR!))
    if (clash) rep.add('error', n.origin?.doc ?? doc, ['spec', 'nodes', i, 'podCIDR'], obj, `node ${n.name} podCIDR ${formatCidr(n.podCIDR)} overlaps ${formatCidr(clash)} of another node`, 'each node needs a pod range of its own (the controller-manager hands out /24s)')
    taken.push(n.podCIDR)
    if (byBase && !byBase.has(n.podCIDR.base)) byBase.set(n.podCIDR.base, n.podCIDR)
  })
  // The allocator's blocks are aligned and handed out in order, so they never overlap each
  // other: a candidate is checked against the given ranges only.
  let cursor = 0
  const blockSize = 2 ** (32 - NODE_CIDR_MASK)
  return c.nodes.map((n, index) => {
    let podCIDR = n.podCIDR
    if (!podCIDR) {
      if (c.network.plugin === 'bridge') podCIDR = c.podCIDR
      else {
        const count = c.podCIDR.prefixLength <= NODE_CIDR_MASK ? 2 ** (NODE_CIDR_MASK - c.podCIDR.prefixLength) : 1
        while (cursor < count) {
          const candidate: Cidr = { base: (c.podCIDR.base + cursor * blockSize) >>> 0, prefixLength: Math.max(NODE_CIDR_MASK, c.podCIDR.prefixLength) }
          cursor++
          if (!taken.some((t) => cidrsOverlap(t, candidate))) { podCIDR = candidate; break }
        }
        if (!podCIDR) {
          rep.add('error', doc, ['spec', 'podCIDR'], obj, `podCIDR ${formatCidr(c.podCIDR)} has no free /${NODE_CIDR_MASK} left for node ${n.name}`, 'use a larger cluster podCIDR')
          podCIDR = c.podCIDR
        }
      }
    }
    const labels: Record<string, string> = {
      'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
      ...(n.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      ...n.labels,
    }
    return { spec: n, name: n.name, ip: n.ip, podCIDR, labels, index }
  })
}

