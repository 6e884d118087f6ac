/**
 * A connection to a Gateway's TCP or UDP listener: Envoy takes it, picks a backendRef of the
 * listener's (oldest) TCPRoute/UDPRoute by weight and opens its own connection to an endpoint of
 * that Service; nothing in the payload is parsed. Refused when no route or no usable backend.
 */
import { formatIpv4 } from '../../model/addr/ipv4.js'
import { OWNING_GATEWAY_NAME, OWNING_GATEWAY_NAMESPACE, containerPortFor } from '../../model/derive/gatewayAddon.js'
import type { Model } from '../../model/model.js'
import { routeL4 } from '../gateway/l4.js'
import { gatewayOf, refEndpoints } from '../gateway/route.js'
import { msg } from '../messages/catalog.js'
import { routeGet } from '../net/routing.js'
import { pickUpstream } from './proxyUpstream.js'
import type { World } from '../net/world.js'
import type { Pkt, WalkEnv } from '../packet/walker.js'
import type { ConnectLeg, GatewayTraceContext } from './throughGateway.js'
import type { GatewayTrace } from './gatewayTypes.js'
import type { Hop, L4, Trace } from './types.js'

const ip = formatIpv4

/** null when the connection did not reach a TCP/UDP listener (the caller keeps the plain delivery). */
export function throughGatewayL4(
  model: Model, w: World, env: WalkEnv, ctx: GatewayTraceContext, req: { readonly from: string; readonly to: string; readonly pick?: string },
  proto: L4, leg: ConnectLeg, base: Pick<Trace, 'request' | 'dns' | 'hops' | 'choices' | 'rulesWalked'>,
): Trace | null {
  if (proto === 'icmp') return null
  const d = leg.delivered!
  const proxyKey = d.at.kind === 'pod' ? d.at.pod : ''
  const proxy = w.pod(proxyKey)!
  const gw = gatewayOf(model, `${proxy.labels[OWNING_GATEWAY_NAMESPACE]}/${proxy.labels[OWNING_GATEWAY_NAME]}`)
  if (!gw) return null
  const port = gw.listeners.map((l) => l.listener.port).find((p) => containerPortFor(p) === d.deliveredTo.port) ?? d.deliveredTo.port
  const routing = routeL4(model, gw, port, proto)
  if (!routing) return null
  let refused = routing.refused
  let upstreamFirst: Pkt | null = null
  let backend: string | null = null
  let endpointLabel = ''
  if (!refused) {
    const live = routing.backends.filter((b) => b.probability > 0)
    const pinnedRef = req.pick ? live.findIndex((b) => b.label === req.pick) : -1
    let idx = pinnedRef
    if (idx < 0) { let x = env.rng(); idx = live.findIndex((b) => (x -= b.probability) < 0); if (idx < 0) idx = live.length - 1 }
    const chosen = live[idx]!
    env.choices.push({
      at: `${proxyKey} backendRef of ${routing.rule!.route} rule 0`, picked: chosen.label, how: pinnedRef >= 0 ? 'pinned' : live.length === 1 ? 'only' : 'seeded', phase: 'connection',
      alternatives: routing.backends.map((b) => ({ label: b.label, chain: b.problem ? `invalid: ${b.problem.reason}` : '', probability: Number(b.probability.toFixed(6)) })),
    })
    const eps = chosen.problem ? [] : refEndpoints(model, chosen.ref)
    if (chosen.problem) refused = msg('gw.l4.invalid', { backend: chosen.label, reason: chosen.problem.reason })
    else if (eps.length === 0) refused = msg('gw.l4.noEndpoints', { backend: chosen.label, port: chosen.ref.port ?? '-' })
    else {
      backend = chosen.label
      const { index: e, label } = pickUpstream(w, env, req.pick, `${proxyKey} upstream for ${chosen.label}:${chosen.ref.port}`, eps)
      endpointLabel = label
      const r = routeGet(w.podNetns(proxy), eps[e]!.ip)
      upstreamFirst = { src: r?.src ?? 0, dst: eps[e]!.ip, sport: ctx.ephemeralPort(proxyKey, endpointLabel, 1), dport: eps[e]!.port, proto, ttl: 64, mark: 0, ...(proto === 'tcp' ? { flags: 'SYN' } : {}) }
    }
  }
  const arrived = leg.hops[leg.hops.length - 1]!.after
  const reason = refused ?? msg('gw.l4.forward', { listener: routing.listenerWhy, route: routing.rule!.route, backend: backend ?? '-', endpoint: endpointLabel })
  const proxyHop: Hop = {
    // Envoy takes the connection from its socket: the packet machine's delivery stage.
    stage: 'delivery', place: d.at, kind: 'proxy', device: 'envoy', before: arrived,
    after: upstreamFirst ? { src: ip(upstreamFirst.src), dst: ip(upstreamFirst.dst), ttl: 64, proto, sport: upstreamFirst.sport, dport: upstreamFirst.dport, ...(upstreamFirst.flags ? { flags: upstreamFirst.flags } : {}) } : arrived,
    decidedBy: [{
      what: 'gateway', view: 'gateways', line: 0, text: '',
      message: routing.rule ? msg('decision.gatewayL4Route', { gateway: gw.key, listener: routing.listenerWhy, route: routing.rule.route }) : msg('decision.gatewayL4', { gateway: gw.key, listener: routing.listenerWhy }),
    }],
    explanation: msg(routing.routes.length > 1 ? 'hop.proxy.l4Many' : 'hop.proxy.l4', {
      listener: routing.listenerWhy, kinds: proto === 'udp' ? 'UDPRoutes' : 'TCPRoutes', routes: routing.routes.join(', ') || msg('gw.none'), reason,
    }),
  }
  const gatewayTrace: GatewayTrace = {
    gateway: gw.key, proxy: proxyKey, listener: routing.listener, listenerWhy: routing.listenerWhy, request: null,
    candidates: routing.routes.map((r, i) => ({ route: r, rule: 0, match: 0, text: i === 0 ? msg('gw.l4.oldest') : msg('gw.l4.newer'), hostname: null })),
    tieBreak: routing.routes.length > 1 ? msg('gw.tie.oldest') : null, rule: routing.rule, filters: [],
    backends: routing.backends.map((b) => ({ label: b.label, port: b.ref.port, weight: b.weight, probability: b.probability, problem: b.problem ? `${b.problem.reason}: ${b.problem.message}` : null })),
    status: 0, reason, location: null, responseHeaders: {},
  }
  const decision = proxyHop.decidedBy[0]!
  const first = { ...base, hops: [...base.hops, proxyHop], reply: leg.reply, segments: leg.segments }
  if (!upstreamFirst) {
    return { ...first, result: 'refused', summary: msg('trace.gatewayL4Refused', { from: req.from, to: req.to, gateway: gw.key, proxy: proxyKey, reason }), deliveredTo: null, serverSees: null, ingress: { controller: proxyKey, decision, status: 0, upstream: null }, gateway: gatewayTrace }
  }
  const up = ctx.connect(w, env, w.podNetns(proxy), upstreamFirst)
  const upstream = { hops: up.hops, reply: up.reply, segments: up.segments }
  const ing = { controller: proxyKey, decision, status: 0, upstream }
  if (up.outcome !== 'delivered' || !up.delivered) {
    return { ...first, result: up.outcome, summary: msg('trace.gatewayUnreachable', { endpoint: endpointLabel, reason: up.reason }), deliveredTo: null, serverSees: null, ingress: ing, gateway: gatewayTrace, rulesWalked: base.rulesWalked + up.rulesWalked }
  }
  const u = up.delivered
  return {
    ...first, result: 'delivered', deliveredTo: u.deliveredTo, serverSees: u.serverSees, ingress: ing, gateway: gatewayTrace, rulesWalked: base.rulesWalked + up.rulesWalked,
    summary: msg('trace.gatewayL4', {
      proto: proto.toUpperCase(), to: req.to, from: req.from, gateway: gw.key, listener: routing.listenerWhy, route: routing.rule!.route, backend: backend ?? '-',
      proxy: proxyKey, pod: u.deliveredTo.pod ?? '', ip: u.deliveredTo.ip, port: u.deliveredTo.port, seenIp: u.serverSees.ip, seenPort: u.serverSees.port,
    }),
  }
}
