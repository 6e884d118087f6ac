/**
 * The two ends of a packet's path in a netns: the socket sending it (route lookup; on a node,
 * the OUTPUT hooks follow) and the socket receiving it (a listener, or RST / ICMP port
 * unreachable when nothing listens).
 */
import { msg } from '../../messages/catalog.js'
import { routeGet } from '../../net/routing.js'
import { filterHook, natIn, blocked } from '../hooks.js'
import { describePlace, end, ep, goTo, hop, ip, routeDecision, type StageOf, type WalkEnv, type WalkState } from '../walkState.js'
import type { Message } from '../../messages/catalog.js'

/** send: the socket's route lookup picks the device and next hop (or lo for an own address). */
export function send(_env: WalkEnv, s: WalkState, st: StageOf<'send'>): WalkState {
  const ns = st.ns
  const place = ns.place
  const p = s.pkt
  const r = routeGet(ns, p.dst)
  if (!r) {
    return end(hop(s, { place, kind: 'no-route', after: p, decidedBy: [], explanation: msg('hop.egress.noRoute', { place: describePlace(place), dst: ip(p.dst) }) }, s.stage),
      'no-route', msg('end.noRouteFrom', { dst: ip(p.dst), place: describePlace(place) }), place)
  }
  const s2 = hop(s, {
    place, device: r.dev, kind: r.local ? 'loopback' : 'route', after: p, decidedBy: routeDecision(ns, r),
    explanation: r.local
      ? msg('hop.egress.loopback', { dst: ip(p.dst) })
      : r.route?.via !== undefined
        ? msg('hop.egress.routeVia', { src: ep(p.src, p.sport), route: r.text, via: ip(r.route.via) })
        : msg('hop.egress.routeOnLink', { src: ep(p.src, p.sport), route: r.text }),
  }, s.stage)
  if (place.kind !== 'node') return goTo(s2, r.local ? { k: 'delivery', ns, ct: null } : { k: 'egress', via: 'device', ns, dev: r.dev, nexthop: r.nexthop })
  // A node's own packet: nat OUTPUT (ClusterIPs), filter OUTPUT, then reroute after DNAT.
  return goTo(s2, { k: 'output', ns, route: r })
}

/** output: a node's own packet meets raw/conntrack/nat OUTPUT and filter OUTPUT. */
export function output(env: WalkEnv, s: WalkState, st: StageOf<'output'>): WalkState {
  const ns = st.ns
  const place = ns.place
  if (place.kind !== 'node') throw new Error('OUTPUT hooks run on a node')
  const firstDst = s.pkt.dst
  const n = natIn(env, s, place.node, 'OUTPUT', place, undefined, undefined, false)
  // kube-proxy's nftables filter-output-pre-dnat chain drops before DNAT (walked with nat OUTPUT).
  if (n.verdict !== 'ACCEPT') return end(n.s, 'timeout', msg('end.droppedOutput'), place)
  const f = filterHook(env, { ...n.s, pkt: n.p }, place.node, 'OUTPUT', place, n.ct, undefined, undefined, false)
  if (f.verdict !== 'ACCEPT') return blocked(f.s, f.verdict, place, f.rule)
  return goTo(f.s, { k: 'routing', via: 'output', ns, route: st.route, firstDst, ct: n.ct }, n.p)
}

/** delivery: the socket of whoever listens on the destination port gets the packet. */
export function delivery(env: WalkEnv, s: WalkState, st: StageOf<'delivery'>): WalkState {
  const { ns, ct } = st
  const place = ns.place
  const p = s.pkt
  if (place.kind === 'node' && ct && !ct.entry && ct.dir === 'orig' && !ct.untracked) {
    // Confirm the conntrack entry of a locally delivered new flow (no POSTROUTING on INPUT).
    env.conntrack.add(place.node, { orig: ct.orig, reply: { proto: p.proto, src: p.dst, sport: p.dport, dst: p.src, dport: p.sport }, dnat: ct.dnat, snat: false })
  }
  const listening: { who: Message | string; container?: string } | null = p.flags === 'SYN-ACK' || p.payload?.startsWith('DNS answer') || p.flags === 'reply'
    ? { who: describePlace(place) }
    : env.world.listener(place, p.dport, p.proto)
  if (!listening) {
    const tcp = p.proto === 'tcp'
    return end(hop(s, {
      place, kind: tcp ? 'rst' : 'reject', after: p, decidedBy: [],
      explanation: tcp
        ? msg('hop.local.rst', { proto: p.proto, port: p.dport, place: describePlace(place) })
        : msg('hop.local.udpUnreachable', { port: p.dport }),
    }, s.stage), 'refused', msg('end.nothingListens', { endpoint: ep(p.dst, p.dport), proto: p.proto, place: describePlace(place) }), place)
  }
  const container = listening.container ?? ''
  const endpoint = ep(p.dst, p.dport)
  return end(hop(s, {
    place, kind: 'deliver', after: p,
    decidedBy: [{
      what: 'listener', view: '', line: 0, text: '',
      message: container ? msg('decision.listenerContainer', { proto: p.proto, endpoint, who: listening.who, container }) : msg('decision.listener', { proto: p.proto, endpoint, who: listening.who }),
    }],
    explanation: container
      ? msg('hop.local.deliverContainer', { who: listening.who, container, peer: ep(p.src, p.sport) })
      : msg('hop.local.deliver', { who: listening.who, peer: ep(p.src, p.sport) }),
  }, s.stage), 'delivered', msg('end.delivered', { who: listening.who }), place)
}
