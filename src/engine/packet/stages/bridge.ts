/**
 * The node's bridge (cni0): a frame from a pod's veth after br_netfilter's PREROUTING (the
 * sending pod's egress NetworkPolicy, then up to the host's IP layer when addressed to the
 * bridge's MAC, or bridged to a pod behind the same bridge: bridged DNAT, hairpin), and a
 * packet the host routes out of the bridge (ARP and FDB pick the pod's port).
 * Reference: ../shared/design/cni-dataplane.md §3 (bridge, hairpin, br_netfilter).
 */
import { msg } from '../../messages/catalog.js'
import { routeGet } from '../../net/routing.js'
import type { Place } from '../../trace/types.js'
import { checkPolicy } from '../policyCheck.js'
import { arrive, end, fdbLine, hop, ip, routeDecision, type StageOf, type WalkEnv, type WalkState } from '../walkState.js'

export function bridge(env: WalkEnv, s: WalkState, st: StageOf<'bridge'>): WalkState {
  return st.via === 'in' ? bridgeIn(env, s, st) : bridgeOut(env, s, st)
}

/** A frame from a pod's veth, past br_netfilter's PREROUTING: up to the host, or bridged. */
function bridgeIn(env: WalkEnv, s: WalkState, st: Extract<StageOf<'bridge'>, { via: 'in' }>): WalkState {
  const w = env.world
  const { ns, inPort, ct } = st
  const node = ns.place.kind === 'node' ? ns.place.node : ''
  const place: Place = { kind: 'node', node }
  const br = ns.devices.find((d) => d.kind === 'bridge')!
  const q = s.pkt
  const toHost = q.eth?.dst === br.mac
  let s2 = s
  // Egress policy of the sending pod, on the (post-DNAT) destination, as felix checks it.
  const sender = w.podByHostVeth(node, inPort)
  if (sender && ct.dir === 'orig' && !ct.entry) {
    const c = checkPolicy(env, s2, sender, 'egress', place, inPort)
    if (c.ended) return c.s
    s2 = c.s
  }
  if (toHost) {
    const r = routeGet(ns, q.dst)
    // Bridged DNAT: the new destination is behind the same bridge, so the frame is bridged.
    if (r && !r.local && r.dev === br.name && ct.dnat && ct.dir === 'orig' && !ct.entry) {
      s2 = hop(s2, { place, device: br.name, kind: 'bridge', after: q, decidedBy: routeDecision(ns, r), explanation: msg('hop.bridge.bridgedDnat', { dst: ip(q.dst), bridge: br.name }) }, s2.stage)
      return bridgeForward(env, s2, st)
    }
    return hop(s2, { place, device: br.name, kind: 'bridge', after: q, decidedBy: [], explanation: msg('hop.bridge.toHost', { bridge: br.name }) }, arrive(w, ns, br.name, ct, q))
  }
  return bridgeForward(env, s2, st)
}

/** A bridged frame (same bridge): FDB lookup, hairpin check, then filter FORWARD and nat POSTROUTING (br_netfilter). */
function bridgeForward(env: WalkEnv, s: WalkState, st: Extract<StageOf<'bridge'>, { via: 'in' }>): WalkState {
  const w = env.world
  const { ns, inPort, ct } = st
  const node = ns.place.kind === 'node' ? ns.place.node : ''
  const place: Place = { kind: 'node', node }
  const nodeState = w.nodeState(node)
  const dst = s.pkt.dst
  const target = w.podAt(dst)
  if (!target || target.nodeName !== node) return end(s, 'timeout', msg('end.noPodBehindBridge', { ip: ip(dst) }), place)
  const mac = w.podMac(target)
  const fdbIndex = nodeState.fdb.findIndex((f) => f.mac === mac && f.master)
  const fdb = nodeState.fdb[fdbIndex]
  if (!fdb) return end(s, 'timeout', msg('end.notLearned', { mac }), place)
  const fdbDecision = [{ what: 'fdb' as const, view: `node/${node} fdb`, line: fdbIndex + 1, text: fdbLine(nodeState.fdb, fdbIndex) }]
  const outPort = fdb.dev
  const port = nodeState.devices.find((d) => d.name === outPort)
  if (outPort === inPort && !port?.hairpin) {
    return end(hop(s, { place, device: outPort, kind: 'drop', after: s.pkt, decidedBy: fdbDecision, explanation: msg('hop.bridge.hairpinOff', { port: outPort }) }, s.stage),
      'timeout', msg('end.hairpinOff', { port: outPort }), place)
  }
  const br = nodeState.devices.find((d) => d.kind === 'bridge')!.name
  return hop(s, {
    place, device: br, kind: 'bridge', after: { ...s.pkt, eth: { src: s.pkt.eth?.src ?? '', dst: mac } }, decidedBy: fdbDecision,
    explanation: msg(outPort === inPort ? 'hop.bridge.hairpin' : 'hop.bridge.fdb', { mac, port: outPort }),
  }, { k: 'forward', ns, ct, inIface: br, outIface: br, onward: { to: 'port', target, hostPort: outPort } })
}

/** The host sends a routed packet out of its bridge toward `nexthop`: ARP and the FDB pick the port. */
function bridgeOut(env: WalkEnv, s: WalkState, st: Extract<StageOf<'bridge'>, { via: 'out' }>): WalkState {
  const w = env.world
  const { ns, bridge: brName, nexthop } = st
  const node = ns.place.kind === 'node' ? ns.place.node : ''
  const place: Place = { kind: 'node', node }
  const nodeState = w.nodeState(node)
  const target = w.podAt(nexthop)
  if (!target || target.nodeName !== node) {
    return end(hop(s, { place, device: brName, kind: 'drop', after: s.pkt, decidedBy: [], explanation: msg('hop.bridge.noArp', { bridge: brName, ip: ip(nexthop) }) }, s.stage),
      'timeout', msg('end.noPodOnNode', { ip: ip(nexthop), node }), place)
  }
  const mac = w.podMac(target)
  const fdbIndex = nodeState.fdb.findIndex((f) => f.mac === mac && f.master)
  const fdb = nodeState.fdb[fdbIndex]!
  const br = nodeState.devices.find((d) => d.name === brName)!
  return hop(s, {
    place, device: brName, kind: 'bridge', after: { ...s.pkt, eth: { src: br.mac, dst: mac } },
    decidedBy: [{ what: 'fdb', view: `node/${node} fdb`, line: fdbIndex + 1, text: fdbLine(nodeState.fdb, fdbIndex) }],
    explanation: msg('hop.bridge.out', { bridge: brName, ip: ip(nexthop), mac, port: fdb.dev }),
  }, { k: 'egress', via: 'port', ns, target, hostPort: fdb.dev })
}
