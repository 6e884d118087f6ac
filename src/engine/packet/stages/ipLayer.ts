/**
 * A node's IP layer between the devices: PREROUTING (conntrack and nat, also run by
 * br_netfilter for a frame on a bridge), the routing decision (local delivery, forwarding with
 * the TTL, or the reroute after nat OUTPUT), filter INPUT and FORWARD, and nat POSTROUTING.
 * A pod's or an outside host's netns only decides local or not: it does not forward.
 */
import { msg } from '../../messages/catalog.js'
import { routeGet } from '../../net/routing.js'
import { isLocalTo } from '../../net/world.js'
import type { Place } from '../../trace/types.js'
import { blocked, ctRestoreSource, filterHook, natIn, natOut } from '../hooks.js'
import { describePlace, end, goTo, hop, ip, routeDecision, type Stage, type StageOf, type WalkEnv, type WalkState } from '../walkState.js'

function nodeOf(place: Place): string {
  if (place.kind !== 'node') throw new Error('netfilter hooks run on a node')
  return place.node
}

/** prerouting: conntrack lookup, then nat PREROUTING for a new flow (kube-proxy's DNAT). */
export function prerouting(env: WalkEnv, s: WalkState, st: StageOf<'prerouting'>): WalkState {
  const { ns, dev, bridgePort } = st
  const place = ns.place
  const n = natIn(env, s, nodeOf(place), 'PREROUTING', place, dev, dev, bridgePort !== undefined)
  if (n.verdict !== 'ACCEPT') return end(n.s, 'timeout', msg('end.droppedPrerouting'), place)
  const next: Stage = bridgePort !== undefined
    ? { k: 'bridge', via: 'in', ns, bridge: dev, inPort: bridgePort, ct: n.ct }
    : { k: 'routing', via: 'input', ns, dev, ct: n.ct }
  return goTo(n.s, next, n.p)
}

/** routing: the routing decision for an arriving packet, or the reroute of a node's own packet after nat OUTPUT. */
export function routing(_env: WalkEnv, s: WalkState, st: StageOf<'routing'>): WalkState {
  const ns = st.ns
  const place = ns.place
  const p = s.pkt
  if (st.via === 'output') {
    const r = p.dst === st.firstDst ? st.route : routeGet(ns, p.dst)
    if (!r) return end(s, 'no-route', msg('end.noRoute', { dst: ip(p.dst) }), place)
    if (r.local) {
      return hop(s, { place, device: 'lo', kind: 'loopback', after: p, decidedBy: [], explanation: msg('hop.output.localAfterDnat', { dst: ip(p.dst) }) }, { k: 'delivery', ns, ct: st.ct })
    }
    const s2 = r === st.route ? s : hop(s, { place, device: r.dev, kind: 'route', after: p, decidedBy: routeDecision(ns, r), explanation: msg('hop.output.reroute', { route: r.text }) }, s.stage)
    return goTo(s2, { k: 'postrouting', ns, outDev: r.dev, ct: st.ct, onward: { to: 'device', dev: r.dev, nexthop: r.nexthop } })
  }
  const { dev, ct } = st
  if (place.kind !== 'node') {
    if (isLocalTo(ns, p.dst)) return goTo(s, { k: 'delivery', ns, ct: null })
    return end(hop(s, { place, device: dev, kind: 'drop', after: p, decidedBy: [], explanation: msg('hop.ipin.noForward', { place: describePlace(place), dst: ip(p.dst) }) }, s.stage),
      'timeout', msg('end.noForward', { place: describePlace(place), dst: ip(p.dst) }), place)
  }
  const node = place.node
  const r = routeGet(ns, p.dst)
  if (!r) {
    return end(hop(s, { place, kind: 'no-route', after: p, decidedBy: [], explanation: msg('hop.ipin.noRoute', { node, dst: ip(p.dst) }) }, s.stage),
      'no-route', msg('end.nodeNoRoute', { node, dst: ip(p.dst) }), place)
  }
  if (r.local) {
    return hop(s, { place, device: r.dev, kind: 'route', after: p, decidedBy: [], explanation: msg('hop.ipin.local', { dst: ip(p.dst), node }) }, { k: 'input', ns, dev, ct })
  }
  if (p.ttl <= 1) {
    return end(hop(s, { place, device: dev, kind: 'ttl-exceeded', after: p, decidedBy: routeDecision(ns, r), explanation: msg('hop.ipin.ttlExceeded', { node, src: ip(p.src) }) }, s.stage),
      'ttl-exceeded', msg('end.ttlExceeded', { node }), place)
  }
  const fwd = { ...p, ttl: p.ttl - 1 }
  return hop(s, {
    place, device: r.dev, kind: 'route', after: fwd, decidedBy: routeDecision(ns, r),
    explanation: msg('hop.ipin.forward', { node, ttl: p.ttl, next: fwd.ttl, route: r.text }),
  }, { k: 'forward', ns, ct, inIface: dev, outIface: r.dev, onward: { to: 'device', dev: r.dev, nexthop: r.nexthop } })
}

/** input: filter INPUT; a reply of the node's own DNATed connection gets its source back. */
export function input(env: WalkEnv, s: WalkState, st: StageOf<'input'>): WalkState {
  const { ns, dev, ct } = st
  const place = ns.place
  const node = nodeOf(place)
  const f = filterHook(env, s, node, 'INPUT', place, ct, dev, undefined, false)
  if (f.verdict !== 'ACCEPT') return blocked(f.s, f.verdict, place, f.rule)
  const s2 = ct && ct.dir === 'reply' && ct.entry?.dnat ? ctRestoreSource(f.s, node, place, undefined, 'INPUT', ct.entry, false) : f.s
  return goTo(s2, { k: 'delivery', ns, ct })
}

/** forward: filter FORWARD, for a routed packet or (br_netfilter) a bridged frame. */
export function forward(env: WalkEnv, s: WalkState, st: StageOf<'forward'>): WalkState {
  const { ns, ct, inIface, outIface, onward } = st
  const place = ns.place
  const f = filterHook(env, s, nodeOf(place), 'FORWARD', place, ct, inIface, outIface, onward.to === 'port')
  if (f.verdict !== 'ACCEPT') return blocked(f.s, f.verdict, place, f.rule)
  return goTo(f.s, { k: 'postrouting', ns, outDev: outIface, ct, onward })
}

/** postrouting: nat POSTROUTING (MASQUERADE) and the conntrack confirm, then out of the device or bridge port. */
export function postrouting(env: WalkEnv, s: WalkState, st: StageOf<'postrouting'>): WalkState {
  const { ns, outDev, ct, onward } = st
  const place = ns.place
  const o = natOut(env, s, nodeOf(place), place, outDev, ct, onward.to === 'port')
  return goTo(o.s, onward.to === 'device'
    ? { k: 'egress', via: 'device', ns, dev: onward.dev, nexthop: onward.nexthop }
    : { k: 'egress', via: 'port', ns, target: onward.target, hostPort: onward.hostPort })
}
