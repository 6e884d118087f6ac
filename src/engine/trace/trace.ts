/**
 * One exchange from a source to a target: the DNS lookup the source's resolver makes (each
 * query a UDP packet to its nameserver, through kube-proxy to a CoreDNS pod), then the first
 * packet of the connection hop by hop, then the reply back through conntrack; returned as a
 * plain-data Trace.
 */
import { formatIpv4, isIpv4, parseIpv4 } from '../../model/addr/ipv4.js'
import { hashUint32 } from '../../model/hash/digest.js'
import type { QType } from '../../model/dns/types.js'
import { formatRecord } from '../../model/dns/types.js'
import type { Model } from '../../model/model.js'
import { podState } from '../../model/node/podState.js'
import { formatResolvConf } from '../../model/node/resolvConf.js'
import { parseResolvConf, walkSearchList, type CandidateOutcome } from '../dns/stubResolver.js'
import { coreDnsAnswer, upstreamAnswer, type DnsReply } from '../dns/servers.js'
import { directAnswer } from '../dns/whoAnswers.js'
import { ConntrackTables } from '../net/conntrack.js'
import { routeGet } from '../net/routing.js'
import { worldOf, type Netns, type World } from '../net/world.js'
import { runPacket } from '../packet/packetMachine.js'
import { describePlace, startWalk, type Pkt, type WalkEnv, type WalkState } from '../packet/walker.js'
import { msg, type Message } from '../messages/catalog.js'
import { parseSource, parseTarget, type Source } from './request.js'
import { backendEndpoints, routeIngress } from '../ingress/route.js'
import type { Choice, Decision, DnsQueryRecord, Hop, L4, Trace, TraceResult } from './types.js'
import { throughGateway, type HttpOptions } from './throughGateway.js'
import { throughGatewayL4 } from './throughGatewayL4.js'
import { ipv6Target, traceNotes } from './notes.js'

export interface TraceRequest {
  readonly from: string
  readonly to: string
  readonly proto?: L4
  /** Pin the endpoint picked by kube-proxy's random rules: an IP, IP:port or pod name. */
  readonly pick?: string
  /** Seed of the generator behind unpinned choices (default 1). */
  readonly seed?: number
  /** Pin the CoreDNS replica the DNS queries reach: an IP, IP:port or pod name. */
  readonly pickDns?: string
  /** For http:// targets: the method and extra headers (`Name: value`) the client sends. */
  readonly http?: HttpOptions
}

/** mulberry32: a small seeded generator, so a trace is reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ip = formatIpv4

export function sourceNetns(w: World, src: Source): Netns {
  switch (src.kind) {
    case 'pod': return w.podNetns(src.pod)
    case 'node': return w.nodeNetns(src.node)
    case 'external': return w.externalNetns(w.externals.find((e) => e.name === src.client)!)
  }
}

export function resolvConfOf(model: Model, src: Source): string {
  if (src.kind === 'pod') return podState(model, src.pod)!.resolvConf
  return formatResolvConf(model.cluster.nodeResolvConf)
}

/** Ephemeral source port: stable per source and target, inside Linux's default 32768-60999. */
function ephemeralPort(from: string, to: string, salt: number): number {
  return 32768 + (hashUint32(`${from}>${to}#${salt}`) % (60999 - 32768 + 1))
}

export interface LookupResult {
  readonly ip: number | null
  readonly queries: DnsQueryRecord[]
  readonly nxdomain: boolean
  readonly failure: Message | null
}

/**
 * The resolver's walk in glibc's order: each candidate name asked as every type in `types`
 * (getaddrinfo sends an A and an AAAA query per candidate).
 */
export function lookup(
  model: Model, w: World, env: WalkEnv, src: Source, srcNs: Netns, name: string, label: string, types: readonly QType[] = ['A', 'AAAA'],
): LookupResult {
  const conf = parseResolvConf(resolvConfOf(model, src))
  const queries: DnsQueryRecord[] = []
  let found: number | null = null
  let failure: Message | null = null
  const server = conf.nameservers[0]
  if (!server) return { ip: null, queries, nxdomain: false, failure: msg('dns.noNameserver') }
  // A nameserver that is not an IPv4 address cannot be reached in the lab's IPv4 model.
  const serverIp = isIpv4(server) ? parseIpv4(server) : null
  const viaCoreDns = serverIp !== null && serverIp === model.cluster.dnsServiceIP
  let n = 0
  const ask = (fqdn: string): CandidateOutcome => {
    let best: CandidateOutcome = 'nxdomain'
    for (const type of types) {
      n++
      let where: Message = msg('dns.by.upstream', { server })
      let hops: readonly Hop[] = []
      let reply: DnsReply
      if (viaCoreDns) {
        const r = routeGet(srcNs, serverIp)
        const q: Pkt = { src: r?.src ?? 0, dst: serverIp, sport: ephemeralPort(label, fqdn, n), dport: 53, proto: 'udp', ttl: 64, mark: 0, payload: `DNS query ${type} ${fqdn}` }
        const walk = runPacket({ ...env, pick: env.dnsPick, phase: 'dns' }, startWalk(srcNs, q))
        hops = walk.hops
        if (walk.stage.k !== 'end' || walk.stage.outcome !== 'delivered') {
          failure = msg('dns.notReached', { name: fqdn, reason: walk.stage.k === 'end' ? walk.stage.reason : msg('end.unfinished') })
          queries.push({ name: fqdn, type: type as DnsQueryRecord['type'], rcode: 'TIMEOUT', answers: [], authority: [], answeredBy: msg('dns.by.nobody'), server: null, hops })
          return 'timeout'
        }
        where = walk.stage.at.kind === 'pod' ? msg('name', { name: walk.stage.at.pod }) : describePlace(walk.stage.at)
        if (walk.stage.at.kind === 'node' && model.cluster.nodeLocalDNS) {
          // NodeLocal DNSCache's NOTRACK rules delivered the query to the node's own cache.
          const local = nodeLocalDns(model, w, env, walk.stage.at.node, fqdn, type, n)
          hops = [...hops, ...local.hops]
          where = local.server
          reply = local.reply
        } else reply = coreDnsAnswer(model, fqdn, type)
      } else {
        const direct = directAnswer(model, server, fqdn, type)
        if (direct === null) {
          failure = msg('dns.noServerAt', { server })
          queries.push({ name: fqdn, type: type as DnsQueryRecord['type'], rcode: 'TIMEOUT', answers: [], authority: [], answeredBy: msg('dns.by.nobody'), server: null, hops })
          return 'timeout'
        }
        reply = direct
      }
      queries.push({
        name: fqdn, type: type as DnsQueryRecord['type'], rcode: reply.rcode, answers: reply.answer.map(formatRecord), authority: reply.authority.map(formatRecord),
        answeredBy: reply.answeredBy, server: where, hops,
      })
      const a = reply.answer.find((rr) => rr.type === 'A')
      if (type === 'A' && a && found === null && isIpv4(a.data)) found = parseIpv4(a.data)
      if (reply.answer.length) best = 'answer'
      else if (reply.rcode === 'NOERROR' && best !== 'answer') best = 'nodata'
      else if (reply.rcode === 'SERVFAIL' && best === 'nxdomain') best = 'servfail'
    }
    return best
  }
  const steps = walkSearchList(conf, name, ask)
  const answered = steps.some((s) => s.outcome === 'answer')
  return { ip: answered ? found : null, queries, nxdomain: !answered && failure === null, failure }
}

/**
 * NodeLocal DNSCache on `node` got the query (its NOTRACK rules kept kube-proxy from DNATing
 * it). A cache miss for a cluster name goes to CoreDNS over TCP through the kube-dns-upstream
 * Service; any other name goes straight to the node's upstream server, never reaching CoreDNS.
 */
function nodeLocalDns(model: Model, w: World, env: WalkEnv, node: string, fqdn: string, type: QType, n: number): { reply: DnsReply; hops: readonly Hop[]; server: Message } {
  const agent = model.pods.find((p) => p.addon === 'node-local-dns' && p.nodeName === node)
  const agentName = agent ? `${agent.namespace}/${agent.name}` : `node-local-dns on ${node}`
  const agentText: Message = agent ? msg('name', { name: agentName }) : msg('dns.agent.onNode', { node })
  const domain = model.cluster.clusterDomain.toLowerCase()
  const lower = fqdn.toLowerCase()
  const clusterName = lower === `${domain}.` || lower.endsWith(`.${domain}.`) || lower.endsWith('.in-addr.arpa.') || lower.endsWith('.ip6.arpa.')
  if (!clusterName) {
    const up = upstreamAnswer(model, fqdn, type)
    return { reply: { ...up, answeredBy: msg('dns.by.nodeLocalForward', { agent: agentText, up: up.answeredBy }) }, hops: [], server: agentText }
  }
  const upstreamSvc = model.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns-upstream')
  if (!upstreamSvc || typeof upstreamSvc.clusterIP !== 'number') {
    return { reply: { rcode: 'SERVFAIL', answer: [], authority: [], answeredBy: msg('dns.by.nodeLocalNoUpstream', { agent: agentText }) }, hops: [], server: agentText }
  }
  const ns = w.nodeNetns(node)
  const r = routeGet(ns, upstreamSvc.clusterIP)
  const q: Pkt = { src: r?.src ?? 0, dst: upstreamSvc.clusterIP, sport: ephemeralPort(agentName, fqdn, n), dport: 53, proto: 'tcp', ttl: 64, mark: 0, flags: 'SYN', payload: `DNS query ${type} ${fqdn} (TCP, forwarded by node-local-dns)` }
  const walk = runPacket({ ...env, pick: env.dnsPick, phase: 'dns' }, startWalk(ns, q))
  if (walk.stage.k !== 'end' || walk.stage.outcome !== 'delivered') {
    return { reply: { rcode: 'SERVFAIL', answer: [], authority: [], answeredBy: msg('dns.by.nodeLocalUnreachable', { agent: agentText, reason: walk.stage.k === 'end' ? walk.stage.reason : '' }) }, hops: walk.hops, server: agentText }
  }
  const core = walk.stage.at.kind === 'pod' ? msg('name', { name: walk.stage.at.pod }) : describePlace(walk.stage.at)
  const reply = coreDnsAnswer(model, fqdn, type)
  return { reply: { ...reply, answeredBy: msg('dns.by.nodeLocalTcp', { agent: agentText, core, by: reply.answeredBy }) }, hops: walk.hops, server: msg('dns.server.via', { agent: agentText, core }) }
}

export type TraceOutcome = { ok: true; trace: Trace } | { ok: false; error: Message; hint?: Message }

export function trace(model: Model, req: TraceRequest): TraceOutcome {
  const v6 = ipv6Target(req.to)
  if (v6) return { ok: false, error: msg('req.ipv6', { address: v6 }), hint: msg('hint.ipv4Instead') }
  const out = traceIpv4(model, req)
  if (!out.ok) return out
  const notes = traceNotes(model, out.trace)
  return notes.length ? { ok: true, trace: { ...out.trace, notes } } : out
}

function traceIpv4(model: Model, req: TraceRequest): TraceOutcome {
  const w = worldOf(model)
  const src = parseSource(model, req.from)
  if (!src.ok) return src
  const tgt = parseTarget(req.to)
  if (!tgt.ok) return tgt
  const proto: L4 = req.proto ?? 'tcp'
  const env: WalkEnv = { world: w, conntrack: new ConntrackTables(), choices: [] as Choice[], rng: seeded(req.seed ?? 1), ...(req.pick ? { pick: req.pick } : {}), ...(req.pickDns ? { dnsPick: req.pickDns } : {}) }
  const srcNs = sourceNetns(w, src.value)
  const request = { from: req.from, to: req.to, proto }

  let dstIp: number
  let dns: DnsQueryRecord[] = []
  const target = tgt.value
  if (target.kind === 'ip') dstIp = target.ip
  else {
    const host = target.kind === 'name' ? target.name : target.host
    if (isIpv4(host)) dstIp = parseIpv4(host)
    else {
      const l = lookup(model, w, env, src.value, srcNs, host, req.from)
      dns = l.queries
      if (l.ip === null) {
        const result: TraceResult = l.failure ? 'timeout' : 'nxdomain'
        return { ok: true, trace: emptyTrace(request, result, l.failure ?? msg('trace.nxdomain', { host }), dns, env.choices) }
      }
      dstIp = l.ip
    }
  }
  const port = target.port
  const r = routeGet(srcNs, dstIp)
  const payload = target.kind === 'url' ? `HTTP GET ${target.path} Host: ${target.host}` : undefined
  const first: Pkt = {
    src: r?.src ?? 0, dst: dstIp, sport: ephemeralPort(req.from, req.to, 0), dport: port, proto, ttl: 64, mark: 0,
    ...(proto === 'tcp' ? { flags: 'SYN' } : {}), ...(payload ? { payload } : {}),
  }
  const leg = connect(w, env, srcNs, first)
  const base = { request, dns, hops: leg.hops, choices: env.choices, rulesWalked: leg.rulesWalked }
  if (leg.outcome !== 'delivered' || !leg.delivered) {
    return { ok: true, trace: { ...base, result: leg.outcome, summary: leg.reason, deliveredTo: null, serverSees: null, reply: leg.reply, segments: [], ingress: null } }
  }
  const d = leg.delivered
  const controller = d.at.kind === 'pod' ? w.pod(d.at.pod) : undefined
  if (target.kind === 'url' && controller?.addon === 'ingress-controller') {
    return { ok: true, trace: throughIngress(model, w, env, req, target.host, target.path, leg, base) }
  }
  // A Gateway's proxy: a TCP/UDP listener forwards the connection, an HTTP listener routes the request.
  const l4 = controller?.addon === 'gateway-proxy' ? throughGatewayL4(model, w, env, { connect, ephemeralPort }, req, proto, leg, base) : null
  if (l4) return { ok: true, trace: l4 }
  if (target.kind === 'url' && controller?.addon === 'gateway-proxy') {
    return { ok: true, trace: throughGateway(model, w, env, { connect, ephemeralPort }, req, { host: target.host, path: target.path, isIp: isIpv4(target.host) }, leg, base) }
  }
  const summary = msg('trace.delivered', {
    proto: proto.toUpperCase(), to: req.to, from: req.from, who: d.deliveredTo.pod ?? d.deliveredTo.node ?? describePlace(d.at),
    ip: d.deliveredTo.ip, port: d.deliveredTo.port, seenIp: d.serverSees.ip, seenPort: d.serverSees.port,
  })
  return {
    ok: true,
    trace: { ...base, result: leg.outcome, summary: leg.outcome === 'delivered' ? summary : leg.reason, deliveredTo: d.deliveredTo, serverSees: d.serverSees, reply: leg.reply, segments: leg.segments, ingress: null },
  }
}

interface Leg {
  readonly outcome: TraceResult
  readonly reason: Message
  readonly hops: readonly Hop[]
  readonly reply: { readonly hops: readonly Hop[] } | null
  readonly rulesWalked: number
  readonly segments: Trace['segments']
  readonly delivered: {
    readonly at: import('./types.js').Place
    readonly deliveredTo: NonNullable<Trace['deliveredTo']>
    readonly serverSees: NonNullable<Trace['serverSees']>
  } | null
}

/** One connection: the first packet to the server socket, then the reply back to the client. */
function connect(w: World, env: WalkEnv, srcNs: Netns, first: Pkt): Leg {
  const proto = first.proto as L4
  const fwd = runPacket(env, startWalk(srcNs, first))
  const stage = fwd.stage
  if (stage.k !== 'end') throw new Error('packet walk did not finish')
  if (stage.outcome !== 'delivered') {
    return { outcome: stage.outcome, reason: stage.reason, hops: fwd.hops, reply: null, rulesWalked: fwd.rulesWalked, segments: [], delivered: null }
  }
  const arrived = fwd.pkt
  const at = stage.at
  const deliveredTo = {
    ...(at.kind === 'pod' ? { pod: at.pod } : {}),
    ...(at.kind === 'node' ? { node: at.node } : {}),
    ...(at.kind === 'pod' ? containerOf(w, at.pod, arrived.dport, proto) : {}),
    ip: ip(arrived.dst), port: arrived.dport,
  }
  const serverSees = { ip: ip(arrived.src), port: arrived.sport }
  // The reply: from the server socket back to the peer it saw, translated by conntrack.
  const back: Pkt = {
    src: arrived.dst, dst: arrived.src, sport: arrived.dport, dport: arrived.sport, proto, ttl: 64, mark: 0,
    flags: proto === 'tcp' ? 'SYN-ACK' : 'reply',
  }
  const rep: WalkState = runPacket(env, startWalk(w.netnsOf(at), back))
  const repStage = rep.stage
  const okReply = repStage.k === 'end' && repStage.outcome === 'delivered' && rep.pkt.src === first.dst && rep.pkt.sport === first.dport
  const clientView = `${ip(first.src)}:${first.sport} → ${ip(first.dst)}:${first.dport}`
  const serverView = `${ip(arrived.src)}:${arrived.sport} → ${ip(arrived.dst)}:${arrived.dport}`
  const segments = proto === 'tcp'
    ? [
        { name: 'SYN', client: clientView, server: serverView },
        { name: 'SYN-ACK', client: flip(clientView), server: flip(serverView) },
        { name: 'ACK', client: clientView, server: serverView },
        { name: first.payload ? 'request (HTTP GET)' : 'request', client: clientView, server: serverView },
        { name: 'response', client: flip(clientView), server: flip(serverView) },
      ]
    : [{ name: 'datagram', client: clientView, server: serverView }, { name: 'reply', client: flip(clientView), server: flip(serverView) }]
  const outcome: TraceResult = okReply ? 'delivered' : repStage.k === 'end' && repStage.outcome !== 'delivered' ? repStage.outcome : 'timeout'
  const lost = repStage.k === 'end' ? repStage.reason : ''
  const reason = okReply
    ? msg('trace.ok')
    : repStage.k === 'end' && repStage.outcome === 'delivered'
      ? msg('trace.replyWrongSource', { reason: lost, from: `${ip(rep.pkt.src)}:${rep.pkt.sport}`, expected: `${ip(first.dst)}:${first.dport}` })
      : msg('trace.replyLost', { reason: lost })
  return { outcome, reason, hops: fwd.hops, reply: { hops: rep.hops }, rulesWalked: fwd.rulesWalked, segments, delivered: { at, deliveredTo, serverSees } }
}

/**
 * The ingress controller is a proxy: it reads the HTTP request, picks a backend by the Ingress
 * rules, and opens a new connection of its own straight to one of the Service's endpoints (it
 * balances over the endpoints itself; the ClusterIP is not used).
 */
function throughIngress(
  model: Model, w: World, env: WalkEnv, req: TraceRequest, host: string, path: string, leg: Leg,
  base: Pick<Trace, 'request' | 'dns' | 'hops' | 'choices' | 'rulesWalked'>,
): Trace {
  const d = leg.delivered!
  const controllerPod = d.at.kind === 'pod' ? d.at.pod : ''
  const route = routeIngress(model, host, path)
  const decision: Decision = { what: 'ingress', view: route.ingress ? `ingress/${route.ingress.namespace}/${route.ingress.name}` : '', line: 0, text: '', message: route.rule }
  const first = { ...base, reply: leg.reply, segments: leg.segments }
  const fail = (summary: Message, status: number): Trace => ({
    ...first, result: 'delivered', summary, deliveredTo: d.deliveredTo, serverSees: d.serverSees,
    ingress: { controller: controllerPod, decision, status, upstream: null },
  })
  if (!route.backend) {
    // A resource backend (not a Service) is served by no one: the controller says so with its status.
    return route.status === 503
      ? fail(msg('trace.ingressUnserved', { controller: controllerPod, rule: route.rule }), 503)
      : fail(msg('trace.ingress404', { controller: controllerPod, rule: route.rule }), 404)
  }
  const endpoints = backendEndpoints(model, route.backend)
  if (endpoints.length === 0) {
    return fail(msg('trace.ingress503', { controller: controllerPod, backend: `${route.backend.namespace}/${route.backend.service}`, rule: route.rule }), 503)
  }
  const labels = endpoints.map((e) => `${ip(e.ip)}:${e.port}`)
  const pinned = req.pick ? labels.findIndex((l) => l === req.pick || l.split(':')[0] === req.pick || w.podAt(endpoints[labels.indexOf(l)]!.ip)?.name === req.pick) : -1
  const index = pinned >= 0 ? pinned : Math.min(endpoints.length - 1, Math.floor(env.rng() * endpoints.length))
  env.choices.push({
    at: `${controllerPod} upstream for ${route.backend.service}:${route.backend.port}`,
    alternatives: labels.map((l) => ({ label: l, chain: '', probability: Number((1 / labels.length).toFixed(6)) })),
    picked: labels[index]!, how: pinned >= 0 ? 'pinned' : labels.length === 1 ? 'only' : 'seeded', phase: 'connection',
  })
  const ep = endpoints[index]!
  const controller = w.pod(controllerPod)!
  const cns = w.podNetns(controller)
  const r = routeGet(cns, ep.ip)
  const upstreamFirst: Pkt = {
    src: r?.src ?? 0, dst: ep.ip, sport: ephemeralPort(controllerPod, labels[index]!, 1), dport: ep.port, proto: 'tcp', ttl: 64, mark: 0,
    flags: 'SYN', payload: `HTTP GET ${path} Host: ${host} (proxied)`,
  }
  const up = connect(w, env, cns, upstreamFirst)
  const upstream = { hops: up.hops, reply: up.reply, segments: up.segments }
  const ing = { controller: controllerPod, decision, status: up.outcome === 'delivered' ? 200 : 502, upstream }
  if (up.outcome !== 'delivered' || !up.delivered) {
    return { ...first, result: up.outcome, summary: msg('trace.ingress502', { endpoint: labels[index]!, reason: up.reason }), deliveredTo: null, serverSees: null, ingress: ing, rulesWalked: base.rulesWalked + up.rulesWalked }
  }
  const u = up.delivered
  return {
    ...first, result: 'delivered', deliveredTo: u.deliveredTo, serverSees: u.serverSees, ingress: ing, rulesWalked: base.rulesWalked + up.rulesWalked,
    summary: msg('trace.ingressProxied', {
      to: req.to, from: req.from, controller: controllerPod, match: route.match ?? route.rule, pod: u.deliveredTo.pod ?? '',
      ip: u.deliveredTo.ip, port: u.deliveredTo.port, seenIp: u.serverSees.ip, seenPort: u.serverSees.port,
    }),
  }
}

function flip(view: string): string {
  const [a, b] = view.split(' → ')
  return `${b} → ${a}`
}

function containerOf(w: World, pod: string, port: number, proto: L4): { container?: string } {
  const l = w.listener({ kind: 'pod', pod, node: '' }, port, proto)
  return l?.container ? { container: l.container } : {}
}

function emptyTrace(request: Trace['request'], result: TraceResult, summary: Message, dns: DnsQueryRecord[], choices: Choice[]): Trace {
  return { request, result, summary, deliveredTo: null, serverSees: null, dns, hops: [], reply: null, segments: [], choices, rulesWalked: 0, ingress: null }
}

