/**
 * The link layer around the IP stages: a device transmitting (a pod's eth0 into its veth, the
 * node's eth0 onto the node network, a bridge port into a pod), VXLAN encapsulation and
 * decapsulation (flannel.1, VNI 1, UDP 8472), and the node network itself (which host has the
 * next hop's address: a node, a LoadBalancer IP's announcer, an outside host, the gateway).
 */
import { VXLAN_PORT, VXLAN_VNI } from '../../../model/node/nodeState.js'
import { formatIpNeigh } from '../../../model/show/iproute2.js'
import { msg } from '../../messages/catalog.js'
import { routeGet } from '../../net/routing.js'
import { checkPolicy } from '../policyCheck.js'
import { arrive, describePlace, end, fdbLine, goTo, hop, ip, type Pkt, type StageOf, type WalkEnv, type WalkState } from '../walkState.js'

/** egress: out of a device toward the next hop, or out of a bridge port into a pod. */
export function egress(env: WalkEnv, s: WalkState, st: StageOf<'egress'>): WalkState {
  if (st.via === 'port') return intoPod(env, s, st)
  const { ns, dev, nexthop } = st
  const place = ns.place
  const p = s.pkt
  const device = ns.devices.find((d) => d.name === dev)
  if (!device) return end(s, 'no-route', msg('end.noDevice', { dev, place: describePlace(place) }), place)
  const w = env.world
  switch (device.kind) {
    case 'veth': {
      if (place.kind !== 'pod') break
      // The pod's eth0: resolve the next hop's MAC on the pod subnet and cross to the host end.
      const node = place.node
      const target = w.podAt(nexthop)
      const nodeNs = w.nodeNetns(node)
      const gwDev = nodeNs.devices.find((d) => d.kind === 'bridge')
      const dstMac = target && target.nodeName === node ? w.podMac(target) : gwDev?.mac ?? 'ff:ff:ff:ff:ff:ff'
      const eth = { src: device.mac, dst: dstMac }
      const hostEnd = nodeNs.devices.find((d) => d.kind === 'veth' && d.ifindex === device.peerIfindex)!
      const neigh = ns.neighbors.findIndex((n) => n.ip === nexthop)
      // The host end is a bridge port: the frame meets br_netfilter's PREROUTING on the bridge.
      return hop(s, {
        place, device: 'eth0', kind: 'veth', after: { ...p, eth },
        decidedBy: neigh >= 0 ? [{ what: 'neigh', view: `${ns.ref} neigh`, line: neigh + 1, text: formatIpNeigh([ns.neighbors[neigh]!]).trimEnd() }] : [],
        explanation: target && target.nodeName === node
          ? msg('hop.veth.toPod', { pod: target.name, hostEnd: hostEnd.name, node })
          : msg('hop.veth.toGateway', { gateway: ip(nexthop), bridge: gwDev?.name ?? 'bridge', hostEnd: hostEnd.name, node }),
      }, { k: 'prerouting', ns: nodeNs, dev: nodeNs.devices.find((d) => d.kind === 'bridge')!.name, bridgePort: hostEnd.name })
    }
    case 'bridge': {
      // The host sends into its bridge: FDB lookup of the destination's MAC picks the port.
      if (place.kind !== 'node') break
      return goTo(s, { k: 'bridge', via: 'out', ns, bridge: dev, nexthop })
    }
    case 'vxlan': return goTo(s, { k: 'encapsulation', ns, dev: device.name, nexthop })
    case 'ethernet': {
      const mac = w.underlayMac(nexthop)
      if (!mac) {
        return end(hop(s, { place, device: dev, kind: 'drop', after: p, decidedBy: [], explanation: msg('hop.xmit.noArp', { nexthop: ip(nexthop) }) }, s.stage),
          'timeout', msg('end.noArp', { nexthop: ip(nexthop) }), place)
      }
      const eth = { src: device.mac, dst: mac }
      if (p.outer) {
        const outer = { ...p.outer, eth }
        return hop(s, { place, device: dev, kind: 'underlay', after: { ...p, outer }, decidedBy: [], explanation: msg('hop.xmit.encapsulated', { dev, nexthop: ip(nexthop), mac }) }, { k: 'wire', from: ns, nexthop })
      }
      return hop(s, { place, device: dev, kind: 'underlay', after: { ...p, eth }, decidedBy: [], explanation: msg('hop.xmit.underlay', { dev, nexthop: ip(nexthop), mac }) }, { k: 'wire', from: ns, nexthop })
    }
    case 'loopback':
      return goTo(s, { k: 'delivery', ns, ct: null })
  }
  return end(s, 'no-route', msg('end.cannotTransmit', { dev, place: describePlace(place) }), place)
}

/** Out of a bridge port into the pod: its ingress NetworkPolicy, then the veth to its eth0. */
function intoPod(env: WalkEnv, s: WalkState, st: Extract<StageOf<'egress'>, { via: 'port' }>): WalkState {
  const { target, hostPort } = st
  const podNs = env.world.podNetns(target)
  const c = checkPolicy(env, s, target, 'ingress', { kind: 'node', node: target.nodeName! }, hostPort)
  if (c.ended) return c.s
  return hop(c.s, {
    place: podNs.place, device: 'eth0', kind: 'veth', after: c.s.pkt, decidedBy: [], explanation: msg('hop.veth.intoPod', { hostPort, pod: target.name }),
  }, arrive(env.world, podNs, 'eth0', null, c.s.pkt))
}

/** encapsulation: the VTEP wraps the frame (permanent ARP entry and FDB give the remote VTEP); the outer packet is the node's own. */
export function encapsulation(env: WalkEnv, s: WalkState, st: StageOf<'encapsulation'>): WalkState {
  const { ns, dev, nexthop } = st
  const place = ns.place
  const node = place.kind === 'node' ? place.node : ''
  const nodeState = env.world.nodeState(node)
  const neighIndex = nodeState.neighbors.findIndex((n) => n.ip === nexthop && n.dev === dev)
  const neigh = nodeState.neighbors[neighIndex]
  if (!neigh) return end(s, 'timeout', msg('end.noNeigh', { ip: ip(nexthop), dev }), place)
  const fdbIndex = nodeState.fdb.findIndex((f) => f.dev === dev && f.mac === neigh.lladdr && f.dst !== undefined)
  const fdb = nodeState.fdb[fdbIndex]
  if (!fdb || fdb.dst === undefined) return end(s, 'timeout', msg('end.noFdb', { mac: neigh.lladdr, dev }), place)
  const vtep = nodeState.devices.find((d) => d.name === dev)!
  const p = s.pkt
  const flowHash = ((p.src ^ p.dst ^ (p.sport << 16) ^ p.dport) >>> 0) % (60999 - 32768 + 1)
  const outer = {
    eth: { src: '', dst: '' }, src: ip(env.world.node(node).ip), dst: ip(fdb.dst), ttl: 64, sport: 32768 + flowHash, dport: VXLAN_PORT, vni: VXLAN_VNI,
  }
  const after: Pkt = { ...p, eth: { src: vtep.mac, dst: neigh.lladdr }, outer }
  const s2 = hop(s, {
    place, device: dev, kind: 'vxlan-encap', after,
    decidedBy: [
      { what: 'neigh', view: `node/${node} neigh`, line: neighIndex + 1, text: formatIpNeigh([neigh]).trimEnd() },
      { what: 'fdb', view: `node/${node} fdb`, line: fdbIndex + 1, text: fdbLine(nodeState.fdb, fdbIndex) },
    ],
    explanation: msg('hop.vxlan.encap', { dev, vni: VXLAN_VNI, mac: neigh.lladdr, vtep: ip(fdb.dst), sport: outer.sport, dport: VXLAN_PORT }),
  }, s.stage)
  // The outer packet is the node's own: it is routed out of eth0.
  const hostNs = env.world.nodeNetns(node)
  const r = routeGet(hostNs, fdb.dst)
  if (!r) return end(s2, 'no-route', msg('end.noRouteVtep', { ip: ip(fdb.dst) }), place)
  return goTo(s2, { k: 'egress', via: 'device', ns: hostNs, dev: r.dev, nexthop: r.nexthop })
}

/** wire: the node network delivers the frame to whoever has the next hop's address. */
export function wire(env: WalkEnv, s: WalkState, st: StageOf<'wire'>): WalkState {
  const { from, nexthop: dstIp } = st
  const w = env.world
  const p = s.pkt
  const underlay = { kind: 'underlay' as const }
  const node = w.nodeAt(dstIp)
  if (node && node.ip === dstIp) {
    const ns = w.nodeNetns(node.name)
    return hop(s, { place: underlay, kind: 'underlay', after: p, decidedBy: [], explanation: msg('hop.wire.toNode', { from: describePlace(from.place), node: node.name, ip: ip(dstIp) }) }, arrive(w, ns, 'eth0', null, p))
  }
  const lb = w.loadBalancerNode(dstIp)
  if (lb) {
    const ns = w.nodeNetns(lb.name)
    return hop(s, { place: underlay, kind: 'underlay', after: p, decidedBy: [], explanation: msg('hop.wire.loadBalancer', { ip: ip(dstIp), node: lb.name }) }, arrive(w, ns, 'eth0', null, p))
  }
  const ext = w.externalAt(dstIp)
  if (ext) {
    const ns = w.externalNetns(ext)
    return hop(s, { place: underlay, kind: 'underlay', after: p, decidedBy: [], explanation: msg('hop.wire.toExternal', { client: ext.name, ip: ip(dstIp) }) }, arrive(w, ns, 'eth0', null, p))
  }
  if (dstIp === w.model.cluster.underlay.gateway) {
    return end(hop(s, { place: underlay, kind: 'underlay', after: p, decidedBy: [], explanation: msg('hop.wire.gateway', { gateway: ip(dstIp), dst: ip(p.dst) }) }, s.stage),
      'timeout', msg('end.beyondGateway', { dst: ip(p.dst) }), underlay)
  }
  return end(s, 'timeout', msg('end.nobodyOnUnderlay', { ip: ip(dstIp) }), underlay)
}

/** decapsulation: UDP 8472 to this node is the vxlan driver's socket; the inner frame enters on the VTEP. */
export function decapsulation(env: WalkEnv, s: WalkState, st: StageOf<'decapsulation'>): WalkState {
  const ns = st.ns
  const place = ns.place
  if (place.kind !== 'node') throw new Error('VXLAN decapsulation happens on a node')
  const node = place.node
  const { outer: _outer, ...inner } = s.pkt
  const vtep = env.world.nodeState(node).devices.find((d) => d.kind === 'vxlan')!
  return hop(s, {
    place, device: vtep.name, kind: 'vxlan-decap', after: inner,
    explanation: msg('hop.vxlan.decap', { dport: VXLAN_PORT, ip: ip(env.world.node(node).ip), dev: vtep.name, vni: VXLAN_VNI, node }), decidedBy: [],
  }, arrive(env.world, ns, vtep.name, null, inner))
}
