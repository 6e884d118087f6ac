/**
 * A Gateway's proxy (Envoy, as Envoy Gateway deploys it) took the client's connection: it parses
 * the HTTP request, routes it by the attached routes (engine/gateway), and for a backend opens a
 * new connection of its own straight to an endpoint of the chosen Service (EndpointSlices, not
 * the ClusterIP), so the backend sees the proxy pod's IP. The decision is a hop of its own.
 */
import { formatIpv4 } from '../../model/addr/ipv4.js'
import { OWNING_GATEWAY_NAME, OWNING_GATEWAY_NAMESPACE, containerPortFor } from '../../model/derive/gatewayAddon.js'
import type { Model } from '../../model/model.js'
import { finishWith, gatewayOf, routeHttp, type GatewayRouting } from '../gateway/route.js'
import { queryText, requestLine, splitTarget, type HttpRequest } from '../gateway/request.js'
import { msg, type Message } from '../messages/catalog.js'
import { routeGet } from '../net/routing.js'
import { pickUpstream } from './proxyUpstream.js'
import type { Netns, World } from '../net/world.js'
import type { Pkt, WalkEnv } from '../packet/walker.js'
import type { GatewayTrace, HttpOutcome, HttpRequestView } from './gatewayTypes.js'
import type { Choice, Hop, Packet, Trace, TraceResult } from './types.js'

const ip = formatIpv4

/** The parts of trace.ts this needs, passed in to keep the import graph one-way. */
export interface ConnectLeg {
  readonly outcome: TraceResult
  readonly reason: Message
  readonly hops: readonly Hop[]
  readonly reply: { readonly hops: readonly Hop[] } | null
  readonly rulesWalked: number
  readonly segments: Trace['segments']
  readonly delivered: { readonly at: Hop['place']; readonly deliveredTo: NonNullable<Trace['deliveredTo']>; readonly serverSees: NonNullable<Trace['serverSees']> } | null
}
export interface GatewayTraceContext {
  readonly connect: (w: World, env: WalkEnv, srcNs: Netns, first: Pkt) => ConnectLeg
  readonly ephemeralPort: (from: string, to: string, salt: number) => number
}

export interface HttpOptions {
  readonly method?: string
  /** `Name: value` lines; a Host header overrides the URL's host. */
  readonly headers?: readonly string[]
}

/** The request the client sends for a URL target: Host from the URL (none for an IP) unless given. */
export function clientRequest(url: { host: string; path: string }, opts: HttpOptions, isIp: boolean): HttpRequest {
  const { path, query } = splitTarget(url.path)
  const headers = (opts.headers ?? []).map((h): [string, string] => {
    const c = h.indexOf(':')
    return c < 0 ? [h.trim(), ''] : [h.slice(0, c).trim(), h.slice(c + 1).trim()]
  })
  const hostHeader = headers.find(([k]) => k.toLowerCase() === 'host')
  return {
    scheme: 'http', method: (opts.method ?? 'GET').toUpperCase(), path, query,
    host: hostHeader ? hostHeader[1] : isIp ? null : url.host,
    headers: headers.filter(([k]) => k.toLowerCase() !== 'host'),
  }
}

export function requestView(r: HttpRequest): HttpRequestView {
  return { method: r.method, host: r.host, path: r.path, query: Object.fromEntries(r.query), headers: Object.fromEntries(r.headers) }
}

/** Messages joined left to right with a code that only places them (` · `, `; `). */
export function joined(parts: readonly Message[], by: 'gw.join' | 'gw.list'): Message {
  return parts.slice(1).reduce((a, b) => msg(by, { a, b }), parts[0]!)
}

/** The proxy hop's explanation: listener · candidates · tie-break · each filter · the answer. */
function decisionMessage(g: GatewayRouting, status: number, reason: Message): Message {
  const parts: Message[] = [g.listenerWhy]
  if (g.candidates.length) {
    const list = g.candidates.map((c, i) => (c.hostname
      ? msg('gw.candidateHost', { n: i + 1, route: c.route, rule: c.rule, match: c.text, host: c.hostname })
      : msg('gw.candidate', { n: i + 1, route: c.route, rule: c.rule, match: c.text })))
    parts.push(msg('gw.candidates', { list: joined(list, 'gw.list') }))
  }
  if (g.tieBreak) parts.push(msg('gw.tieBreak', { step: g.tieBreak }))
  for (const f of g.filters) parts.push(msg('gw.filterStep', { type: f.type, text: f.text }))
  parts.push(msg('gw.httpAnswer', { status, reason }))
  return joined(parts, 'gw.join')
}

export function throughGateway(
  model: Model, w: World, env: WalkEnv, ctx: GatewayTraceContext,
  req: { readonly from: string; readonly to: string; readonly pick?: string; readonly http?: HttpOptions },
  url: { readonly host: string; readonly path: string; readonly isIp: boolean }, leg: ConnectLeg,
  base: Pick<Trace, 'request' | 'dns' | 'hops' | 'choices' | 'rulesWalked'>,
): Trace {
  const d = leg.delivered!
  const proxyKey = d.at.kind === 'pod' ? d.at.pod : ''
  const proxy = w.pod(proxyKey)!
  const gw = gatewayOf(model, `${proxy.labels[OWNING_GATEWAY_NAMESPACE]}/${proxy.labels[OWNING_GATEWAY_NAME]}`)!
  // The port the proxy took the connection on tells the listener port (Envoy Gateway maps <1024 to +10000).
  const listenerPort = gw.listeners.map((l) => l.listener.port).find((p) => containerPortFor(p) === d.deliveredTo.port) ?? d.deliveredTo.port
  const request = clientRequest(url, req.http ?? {}, url.isIp)
  const routing = routeHttp(model, gw, listenerPort, request)
  const arrivedHop = leg.hops[leg.hops.length - 1]
  const arrived: Packet = arrivedHop?.after ?? { src: d.serverSees.ip, dst: d.deliveredTo.ip, ttl: 64, proto: 'tcp', sport: d.serverSees.port, dport: d.deliveredTo.port }

  let status = routing.status ?? 0
  let reason = routing.reason
  let backend: string | null = null
  let upstreamFirst: Pkt | null = null
  let endpointLabel = ''
  if (routing.status === null) {
    const live = routing.backends.filter((b) => b.probability > 0)
    const pinnedRef = req.pick ? live.findIndex((b) => b.label === req.pick) : -1
    const at = `${proxyKey} backendRef of ${routing.rule!.route} rule ${routing.rule!.index}`
    let idx = pinnedRef
    if (idx < 0) {
      let x = env.rng()
      idx = live.findIndex((b) => (x -= b.probability) < 0)
      if (idx < 0) idx = live.length - 1
    }
    const chosen = live[idx]!
    env.choices.push({
      at, picked: chosen.label, how: pinnedRef >= 0 ? 'pinned' : live.length === 1 ? 'only' : 'seeded', phase: 'connection',
      alternatives: routing.backends.map((b) => ({ label: b.label, chain: b.problem ? `invalid: ${b.problem.reason}` : '', probability: Number(b.probability.toFixed(6)) })),
    } satisfies Choice)
    const fin = finishWith(model, routing, chosen)
    status = fin.status
    reason = fin.reason
    if (fin.status === 200) {
      backend = chosen.label
      const eps = fin.endpoints
      const { index: e, label } = pickUpstream(w, env, req.pick, `${proxyKey} upstream for ${chosen.label}:${chosen.ref.port}`, eps)
      endpointLabel = label
      const r = routeGet(w.podNetns(proxy), eps[e]!.ip)
      const br = routing.backendRequest!
      upstreamFirst = {
        src: r?.src ?? 0, dst: eps[e]!.ip, sport: ctx.ephemeralPort(proxyKey, endpointLabel, 1), dport: eps[e]!.port, proto: 'tcp', ttl: 64, mark: 0,
        flags: 'SYN', payload: `HTTP ${requestLine(br)} (proxied)`,
      }
    }
  }
  const upstreamPacket: Packet | null = upstreamFirst
    ? { src: ip(upstreamFirst.src), dst: ip(upstreamFirst.dst), ttl: 64, proto: 'tcp', sport: upstreamFirst.sport, dport: upstreamFirst.dport, flags: 'SYN', ...(upstreamFirst.payload ? { payload: upstreamFirst.payload } : {}) }
    : null
  const text = decisionMessage(routing, status, reason)
  // The proxy reads the request from its socket: the packet machine's delivery stage.
  const proxyHop: Hop = {
    stage: 'delivery', place: d.at, kind: 'proxy', device: 'envoy',
    before: { ...arrived, payload: `HTTP ${requestLine(request)}` },
    after: upstreamPacket ?? { ...arrived, payload: `HTTP ${status}${routing.location ? ` Location: ${routing.location}` : ''}` },
    decidedBy: [{
      what: 'gateway', view: 'gateways', line: 0, text: '',
      message: routing.rule
        ? msg('decision.gatewayRule', { gateway: gw.key, listener: routing.listener ?? '-', route: routing.rule.route, rule: routing.rule.index, status })
        : msg('decision.gateway', { gateway: gw.key, listener: routing.listener ?? '-', status }),
    }],
    explanation: text,
  }
  const gatewayTrace = (finalStatus: number, finalReason: Message): GatewayTrace => ({
    gateway: gw.key, proxy: proxyKey, listener: routing.listener, listenerWhy: routing.listenerWhy, request: requestView(request),
    candidates: routing.candidates, tieBreak: routing.tieBreak, rule: routing.rule,
    filters: routing.filters.map((f) => ({ type: f.type, text: f.text, before: requestView(f.before), after: requestView(f.after) })),
    backends: routing.backends.map((b) => ({ label: b.label, port: b.ref.port, weight: b.weight, probability: b.probability, problem: b.problem ? `${b.problem.reason}: ${b.problem.message}` : null })),
    status: finalStatus, reason: finalReason, location: routing.location, responseHeaders: Object.fromEntries(routing.responseHeaders),
  })
  const http = (finalStatus: number): HttpOutcome => ({
    status: finalStatus, backend, location: routing.location, rule: routing.rule,
    backendRequest: backend && routing.backendRequest ? requestView(routing.backendRequest) : null,
  })
  const decision = proxyHop.decidedBy[0]!
  const first = { ...base, hops: [...base.hops, proxyHop], reply: leg.reply, segments: leg.segments }
  if (!upstreamFirst) {
    return {
      ...first, result: 'delivered', deliveredTo: d.deliveredTo, serverSees: d.serverSees,
      summary: routing.location
        ? msg('trace.gatewayRedirects', { request: requestLine(request), from: req.from, gateway: gw.key, proxy: proxyKey, status, location: routing.location, reason })
        : msg('trace.gatewayAnswers', { request: requestLine(request), from: req.from, gateway: gw.key, proxy: proxyKey, status, reason }),
      ingress: { controller: proxyKey, decision, status, upstream: null }, gateway: gatewayTrace(status, reason), http: http(status),
    }
  }
  const up = ctx.connect(w, env, w.podNetns(proxy), upstreamFirst)
  const upstream = { hops: up.hops, reply: up.reply, segments: up.segments }
  if (up.outcome !== 'delivered' || !up.delivered) {
    const why = msg('trace.gatewayUnreachable', { endpoint: endpointLabel, reason: up.reason })
    return {
      ...first, result: up.outcome, summary: why, deliveredTo: null, serverSees: null, rulesWalked: base.rulesWalked + up.rulesWalked,
      ingress: { controller: proxyKey, decision, status: 503, upstream }, gateway: gatewayTrace(503, why), http: { ...http(503), backend: null, backendRequest: null },
    }
  }
  const u = up.delivered
  const br = routing.backendRequest!
  return {
    ...first, result: 'delivered', deliveredTo: u.deliveredTo, serverSees: u.serverSees, rulesWalked: base.rulesWalked + up.rulesWalked,
    ingress: { controller: proxyKey, decision, status: 200, upstream }, gateway: gatewayTrace(200, reason), http: http(200),
    summary: msg('trace.gatewayProxied', {
      request: requestLine(request), from: req.from, gateway: gw.key, listener: routing.listener ?? '-', route: routing.rule!.route, rule: routing.rule!.index,
      backend: backend ?? '-', proxy: proxyKey, sent: `${br.method} ${br.path}${queryText(br.query)}`, pod: u.deliveredTo.pod ?? '', ip: u.deliveredTo.ip, port: u.deliveredTo.port,
      seenIp: u.serverSees.ip, seenPort: u.serverSees.port,
    }),
  }
}
