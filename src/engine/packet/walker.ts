/**
 * One packet's journey, one hop per step: socket → routing in the sender's netns → veth →
 * bridge (FDB, br_netfilter hooks, bridged DNAT and hairpin) → host IP input (nat PREROUTING,
 * routing decision, filter FORWARD/INPUT, nat POSTROUTING with conntrack) → VXLAN encapsulation
 * or a host-gw route → the node network → the other node → … → the destination socket, or a
 * drop, reject, RST, TTL expiry or missing route. `step` is pure over its state; the packet
 * machine (packetMachine.ts) drives it.
 * Reference: ../shared/design/cni-dataplane.md §3–§5, §8.
 */
import { formatIpv4, isIpv4, parseIpv4 } from '../../model/addr/ipv4.js'
import { formatSaveRule } from '../../model/netfilter/formatSave.js'
import type { CtState, Rule, TableName } from '../../model/netfilter/types.js'
import { VXLAN_PORT, VXLAN_VNI } from '../../model/node/nodeState.js'
import { formatBridgeFdb, formatIpNeigh } from '../../model/show/iproute2.js'
import { traverse, type NfContext, type NfPacket, type NfResult } from '../netfilter/evaluate.js'
import { nftablesHop } from '../nftables/walkerHop.js'
import { ConntrackTables, formatConn, type ConnEntry, type Tuple } from '../net/conntrack.js'
import { routeGet } from '../net/routing.js'
import { isLocalTo, type Netns, type World } from '../net/world.js'
import { evaluatePolicies, type Direction } from '../policy/networkPolicy.js'
import type { Choice, Decision, Ethernet, Hop, Packet, Place } from '../trace/types.js'

/** The packet as the engine carries it: addresses as numbers, plus kernel-side state. */
export interface Pkt {
  readonly src: number
  readonly dst: number
  readonly sport: number
  readonly dport: number
  readonly proto: 'tcp' | 'udp' | 'icmp'
  readonly ttl: number
  readonly mark: number
  readonly flags?: string
  readonly payload?: string
  readonly eth?: Ethernet
  readonly outer?: Packet['outer']
}

/** Conntrack state of the packet while it crosses one node. */
interface CtNote {
  readonly node: string
  readonly orig: Tuple
  readonly entry: ConnEntry | null
  readonly dir: 'orig' | 'reply'
  readonly dnat: boolean
  /** A raw-table NOTRACK rule matched: no conntrack entry, no nat table. */
  readonly untracked?: boolean
}

export type Stage =
  | { readonly k: 'egress'; readonly ns: Netns }
  | { readonly k: 'xmit'; readonly ns: Netns; readonly dev: string; readonly nexthop: number; readonly ct: CtNote | null }
  | { readonly k: 'bridge'; readonly node: string; readonly inPort: string }
  | { readonly k: 'ipin'; readonly ns: Netns; readonly dev: string; readonly ct: CtNote | null }
  | { readonly k: 'wire'; readonly from: Netns; readonly nexthop: number }
  | { readonly k: 'local'; readonly ns: Netns; readonly ct: CtNote | null }
  | { readonly k: 'end'; readonly outcome: 'delivered' | 'refused' | 'timeout' | 'ttl-exceeded' | 'no-route'; readonly reason: string; readonly at: Place }

export interface WalkState {
  readonly stage: Stage
  readonly pkt: Pkt
  readonly hops: readonly Hop[]
  readonly steps: number
  readonly rulesWalked: number
}

/** What a walk shares across its packets: choices, randomness, conntrack, affinity. */
export interface WalkEnv {
  readonly world: World
  readonly conntrack: ConntrackTables
  readonly choices: Choice[]
  readonly rng: () => number
  /** Pin the endpoint `statistic` picks: an IP, IP:port or pod name. */
  readonly pick?: string | undefined
  /** The same for DNS queries: which CoreDNS replica kube-proxy sends them to. */
  readonly dnsPick?: string | undefined
  /** Whether this walk carries a DNS query (its choices are labelled so). */
  readonly phase?: 'dns' | 'connection'
}

export const MAX_STEPS = 200

export function packetView(p: Pkt): Packet {
  const out: { -readonly [K in keyof Packet]: Packet[K] } = {
    src: formatIpv4(p.src), dst: formatIpv4(p.dst), ttl: p.ttl, proto: p.proto, sport: p.sport, dport: p.dport,
  }
  if (p.eth) out.eth = p.eth
  if (p.flags) out.flags = p.flags
  if (p.payload) out.payload = p.payload
  if (p.outer) out.outer = p.outer
  return out
}

const ip = formatIpv4
const ep = (a: number, port: number): string => `${ip(a)}:${port}`
const tupleOf = (p: Pkt): Tuple => ({ proto: p.proto, src: p.src, sport: p.sport, dst: p.dst, dport: p.dport })

export function startWalk(ns: Netns, pkt: Pkt): WalkState {
  return { stage: { k: 'egress', ns }, pkt, hops: [], steps: 0, rulesWalked: 0 }
}

export function isDone(s: WalkState): boolean {
  return s.stage.k === 'end'
}

/** Advances the packet by one hop. */
export function step(env: WalkEnv, s: WalkState): WalkState {
  const st = s.stage
  if (st.k === 'end') return s
  if (s.steps >= MAX_STEPS) {
    const at = 'ns' in st ? st.ns.place : { kind: 'underlay' as const }
    return end(s, 'ttl-exceeded', `the trace stopped after ${MAX_STEPS} hops: the packet is looping (last seen at ${describePlace(at)})`, at)
  }
  const next = { ...s, steps: s.steps + 1 }
  switch (st.k) {
    case 'egress': return egress(env, next, st.ns)
    case 'xmit': return xmit(env, next, st.ns, st.dev, st.nexthop, st.ct)
    case 'bridge': return bridgeIn(env, next, st.node, st.inPort)
    case 'ipin': return ipInput(env, next, st.ns, st.dev, st.ct)
    case 'wire': return wire(env, next, st.from, st.nexthop)
    case 'local': return localIn(env, next, st.ns, st.ct)
  }
}

export function describePlace(p: Place): string {
  switch (p.kind) {
    case 'pod': return `pod ${p.pod} (on ${p.node})`
    case 'node': return `node ${p.node}`
    case 'external': return `${p.client} (outside the cluster)`
    case 'underlay': return 'the node network'
  }
}

function hop(s: WalkState, h: Omit<Hop, 'before' | 'after'> & { before?: Pkt; after: Pkt }, stage: Stage, walked = 0): WalkState {
  const full: Hop = { ...h, before: packetView(h.before ?? s.pkt), after: packetView(h.after) }
  return { ...s, stage, pkt: h.after, hops: [...s.hops, full], rulesWalked: s.rulesWalked + walked }
}

function end(s: WalkState, outcome: Extract<Stage, { k: 'end' }>['outcome'], reason: string, at: Place): WalkState {
  return { ...s, stage: { k: 'end', outcome, reason, at } }
}

/** One line of `bridge fdb show`, formatted alone (a node's FDB grows with the cluster). */
function fdbLine(fdb: readonly import('../../model/node/types.js').FdbEntry[], index: number): string {
  const e = fdb[index]
  return e ? formatBridgeFdb([e]).trimEnd() : ''
}

function routeDecision(ns: Netns, r: ReturnType<typeof routeGet>): Decision[] {
  return r && !r.local ? [{ what: 'route', view: `${ns.ref} route`, line: r.line, text: r.text }] : []
}

// ---- netfilter -------------------------------------------------------------------------

function ctStates(ct: CtNote | null): CtState[] {
  if (!ct) return ['NEW']
  if (ct.untracked) return ['UNTRACKED']
  if (ct.dir === 'reply' || ct.entry) return ct.dnat ? ['ESTABLISHED', 'DNAT'] : ['ESTABLISHED']
  return ct.dnat ? ['NEW', 'DNAT'] : ['NEW']
}

function nfContext(env: WalkEnv, node: string): NfContext {
  const ns = env.world.nodeNetns(node)
  return {
    isLocal: (a) => isLocalTo(ns, a),
    statistic: (chain, rules, index) => pickStatistic(env, node, chain, rules, index),
  }
}

/** Where a KUBE-SVC branch leads: the DNAT target of the KUBE-SEP chain it jumps to. */
function branchLabel(env: WalkEnv, node: string, r: Rule): string {
  const chain = r.target?.kind === 'jump' ? r.target.chain : ''
  const sep = env.world.nodeState(node).ruleset.get('nat')?.chains.get(chain)?.rules ?? []
  const dnat = sep.find((x) => x.target?.kind === 'DNAT')?.target
  return dnat && dnat.kind === 'DNAT' ? `${ip(dnat.toAddress)}${dnat.toPort !== undefined ? `:${dnat.toPort}` : ''}` : chain
}

const decided = new WeakMap<WalkEnv, Map<string, number>>()

/**
 * The kernel draws a random number per `statistic` rule; the lab makes the whole choice once
 * per chain visit: the branch probabilities are listed, and the caller's pin or the seeded
 * generator decides which branch's rule matches.
 */
function pickStatistic(env: WalkEnv, node: string, chain: string, rules: readonly Rule[], index: number): boolean {
  let perEnv = decided.get(env)
  if (!perEnv) decided.set(env, (perEnv = new Map()))
  let chosen = perEnv.get(`${node}|${chain}`)
  if (chosen === undefined || chosen < 0) {
    const branches: { index: number; probability: number; label: string; chain: string }[] = []
    let remaining = 1
    for (let i = index; i < rules.length; i++) {
      const r = rules[i]!
      const stat = r.matches.find((m) => m.module === 'statistic')
      const p = stat && stat.module === 'statistic' ? stat.probability : 1
      branches.push({ index: i, probability: remaining * p, label: branchLabel(env, node, r), chain: r.target?.kind === 'jump' ? r.target.chain : '' })
      remaining *= 1 - p
      if (!stat) break
    }
    const pin = env.pick ? branches.find((b) => b.label === env.pick || b.label.split(':')[0] === env.pick || podNameOf(env, b.label) === env.pick) : undefined
    let pick = pin
    if (!pick) {
      const r = env.rng()
      let acc = 0
      pick = branches.find((b) => (acc += b.probability) > r) ?? branches[branches.length - 1]!
    }
    env.choices.push({
      at: `${node} nat ${chain}`,
      alternatives: branches.map((b) => ({ label: b.label, chain: b.chain, probability: Number(b.probability.toFixed(6)) })),
      picked: pick.label,
      how: pin ? 'pinned' : branches.length === 1 ? 'only' : 'seeded',
      phase: env.phase ?? 'connection',
    })
    chosen = pick.index
    perEnv.set(`${node}|${chain}`, chosen)
  }
  const hit = index === chosen
  // A later packet of another flow through this chain makes its own choice.
  if (hit) perEnv.set(`${node}|${chain}`, -1)
  return hit
}

function podNameOf(env: WalkEnv, label: string): string | undefined {
  const a = label.split(':')[0]!
  return isIpv4(a) ? env.world.podAt(parseIpv4(a))?.name : undefined
}

function nfHop(
  env: WalkEnv, node: string, table: TableName, hook: string, p: Pkt, ct: CtNote | null, inIface?: string, outIface?: string,
): { res: NfResult; decisions: Decision[] } {
  const nfp: NfPacket = {
    src: p.src, dst: p.dst, proto: p.proto, sport: p.sport, dport: p.dport, mark: p.mark, ctstate: ctStates(ct),
    ...(inIface ? { inIface } : {}), ...(outIface ? { outIface } : {}),
  }
  const nft = nftablesHop(env, node, table, hook, nfp, nfContext(env, node))
  if (nft) return nft
  const state = env.world.nodeState(node)
  const res = traverse(state.ruleset, table, hook, nfp, nfContext(env, node))
  const saved = state.iptablesSave()
  const decisions = res.matched.map((m): Decision => ({
    what: 'iptables', view: `node/${node} iptables`, line: saved.lineOf(m.table, m.rule) ?? 0, text: formatSaveRule(m.rule),
  }))
  return { res, decisions }
}

/**
 * A packet entering a node's IP layer (or br_netfilter's PREROUTING): conntrack lookup, then
 * nat PREROUTING/OUTPUT for a new flow or the reply's destination restored for a known one.
 */
function natIn(env: WalkEnv, s: WalkState, node: string, hook: 'PREROUTING' | 'OUTPUT', place: Place, device: string | undefined, inIface?: string):
  { s: WalkState; p: Pkt; ct: CtNote; verdict: NfResult['verdict'] } {
  const p = s.pkt
  // The raw table comes before conntrack: NOTRACK takes the packet out of it (and of nat).
  if (env.world.nodeState(node).ruleset.get('raw')?.chains.get(hook)?.rules.length) {
    const { res, decisions } = nfHop(env, node, 'raw', hook, p, null, inIface)
    if (res.notrack) {
      const s2 = hop(s, {
        place, ...(device ? { device } : {}), kind: 'netfilter', hook: `raw ${hook}`, after: p, decidedBy: decisions, rulesWalked: res.walked,
        explanation: `raw ${hook}: NOTRACK — connection tracking skips this packet, so no nat rule (no kube-proxy DNAT) applies to it.`,
      }, s.stage, res.walked)
      return { s: s2, p, ct: { node, orig: tupleOf(p), entry: null, dir: 'orig', dnat: false, untracked: true }, verdict: res.verdict }
    }
  }
  const found = env.conntrack.find(node, tupleOf(p))
  if (found) {
    const { entry, dir } = found
    let after = p
    if (dir === 'reply' && entry.snat) after = { ...p, dst: entry.orig.src, dport: entry.orig.sport }
    const ct: CtNote = { node, orig: entry.orig, entry, dir, dnat: entry.dnat }
    const changed = after !== p
    const s2 = hop(s, {
      place, ...(device ? { device } : {}), kind: 'conntrack', hook: `conntrack (${hook})`, after,
      decidedBy: [{ what: 'conntrack', view: `node/${node} conntrack`, line: 0, text: formatConn(entry) }],
      explanation: changed
        ? `A reply of a tracked connection: conntrack restores the destination to ${ep(after.dst, after.dport)} (undoing the source NAT); no nat rule is walked.`
        : `A ${dir === 'reply' ? 'reply' : 'later packet'} of a tracked connection: conntrack knows it, so the nat table is not walked.`,
    }, s.stage)
    return { s: s2, p: after, ct, verdict: 'ACCEPT' }
  }
  const { res, decisions } = nfHop(env, node, 'nat', hook, p, null, inIface)
  const after: Pkt = { ...p, dst: res.packet.dst, dport: res.packet.dport, mark: res.packet.mark }
  const ct: CtNote = { node, orig: tupleOf(p), entry: null, dir: 'orig', dnat: res.dnat !== null }
  const s2 = hop(s, {
    place, ...(device ? { device } : {}), kind: 'netfilter', hook: `nat ${hook}`, after, decidedBy: decisions, rulesWalked: res.walked,
    explanation: res.dnat
      ? `First packet of a new connection: kube-proxy's rules pick ${ep(after.dst, after.dport)} and DNAT rewrites the destination; conntrack remembers it for the replies.`
      : `First packet of a new connection walks nat ${hook}; no rule changes its destination.`,
  }, s.stage, res.walked)
  return { s: s2, p: after, ct, verdict: res.verdict }
}

/** filter FORWARD / INPUT / OUTPUT. */
function filterHook(env: WalkEnv, s: WalkState, node: string, hook: 'FORWARD' | 'INPUT' | 'OUTPUT', place: Place, ct: CtNote | null, inIface?: string, outIface?: string):
  { s: WalkState; verdict: NfResult['verdict']; rule: string } {
  const { res, decisions } = nfHop(env, node, 'filter', hook, s.pkt, ct, inIface, outIface)
  const last = res.matched[res.matched.length - 1]
  const s2 = hop(s, {
    place, kind: res.verdict === 'ACCEPT' ? 'netfilter' : res.verdict === 'DROP' ? 'drop' : 'reject', hook: `filter ${hook}`,
    after: s.pkt, decidedBy: decisions, rulesWalked: res.walked,
    explanation: res.verdict === 'ACCEPT'
      ? `filter ${hook} lets it through${last ? ` (${last.chain})` : ' (no rule matched; policy ACCEPT)'}.`
      : res.verdict === 'REJECT'
        ? `filter ${hook} REJECTs it (${last?.chain}): the kernel answers with ICMP port unreachable, so the client sees "connection refused".`
        : `filter ${hook} DROPs it (${last?.chain}): nothing answers, so the client waits until it times out.`,
  }, s.stage, res.walked)
  return { s: s2, verdict: res.verdict, rule: last ? formatSaveRule(last.rule) : '' }
}

/**
 * nat POSTROUTING for a new flow (MASQUERADE to the egress device's address) or the reply's
 * source restored for a known one; then the conntrack entry is confirmed.
 */
function natOut(env: WalkEnv, s: WalkState, node: string, place: Place, outDev: string, ct: CtNote | null): { s: WalkState; p: Pkt } {
  const p = s.pkt
  if (ct?.untracked) return { s, p }
  if (ct && (ct.entry || ct.dir === 'reply')) {
    const entry = ct.entry!
    let after = p
    if (ct.dir === 'reply' && entry.dnat) after = { ...p, src: entry.orig.dst, sport: entry.orig.dport }
    if (after === p) return { s, p }
    const s2 = hop(s, {
      place, device: outDev, kind: 'conntrack', hook: 'conntrack (POSTROUTING)', after,
      decidedBy: [{ what: 'conntrack', view: `node/${node} conntrack`, line: 0, text: formatConn(entry) }],
      explanation: `Reply of a DNATed connection: conntrack rewrites the source back to ${ep(after.src, after.sport)}, the address the client connected to.`,
    }, s.stage)
    return { s: s2, p: after }
  }
  const { res, decisions } = nfHop(env, node, 'nat', 'POSTROUTING', p, ct, undefined, outDev)
  let after: Pkt = { ...p, mark: res.packet.mark }
  let why = `nat POSTROUTING: no rule rewrites the source.`
  if (res.masquerade) {
    const dev = env.world.nodeState(node).devices.find((d) => d.name === outDev)
    const addr = dev?.addresses[0]?.ip ?? p.src
    const sport = res.masquerade.randomFully ? 1024 + Math.floor(env.rng() * 64511) : p.sport
    after = { ...after, src: addr, sport }
    why = `MASQUERADE rewrites the source to ${ip(addr)}, the address of ${outDev}, the device the packet leaves by${res.masquerade.randomFully ? ` (port picked at random: --random-fully)` : ''}.`
  }
  const orig = ct?.orig ?? tupleOf(p)
  const entry: ConnEntry = {
    orig, reply: { proto: p.proto, src: after.dst, sport: after.dport, dst: after.src, dport: after.sport },
    dnat: ct?.dnat ?? false, snat: after.src !== orig.src || after.sport !== orig.sport,
  }
  env.conntrack.add(node, entry)
  const s2 = hop(s, { place, device: outDev, kind: 'netfilter', hook: 'nat POSTROUTING', after, decidedBy: decisions, rulesWalked: res.walked, explanation: `${why} conntrack records the connection.` }, s.stage, res.walked)
  return { s: s2, p: after }
}

// ---- NetworkPolicy ---------------------------------------------------------------------

const isReplyPacket = (p: Pkt): boolean => p.flags === 'SYN-ACK' || p.flags === 'reply'

/**
 * A NetworkPolicy check for a new connection. With a policy agent (network.policy: calico) a
 * denied packet is dropped here; without one the policies exist but nothing enforces them, and
 * the hop says so.
 */
function policyCheck(env: WalkEnv, s: WalkState, pod: import('../../model/model.js').ModelPod, direction: Direction, place: Place, device: string): WalkState | 'pass' {
  const p = s.pkt
  if (isReplyPacket(p)) return 'pass'
  const model = env.world.model
  const peer = direction === 'ingress' ? p.src : p.dst
  const v = evaluatePolicies(model, pod, direction, peer, p.dport, p.proto)
  if (!v.isolated) return 'pass'
  const enforced = model.cluster.network.policy === 'calico'
  const decidedBy: Decision[] = [{ what: 'policy', view: '', line: 0, text: v.reason }]
  if (v.allowed) {
    return hop(s, { place, device, kind: 'policy', hook: `NetworkPolicy ${direction}`, after: p, decidedBy, explanation: `${v.reason}${enforced ? '' : ' (not enforced: the network plugin ignores NetworkPolicy)'}.` }, s.stage)
  }
  if (!enforced) {
    return hop(s, { place, device, kind: 'policy', hook: `NetworkPolicy ${direction}`, after: p, decidedBy, explanation: `${v.reason} — but ${model.cluster.network.plugin} does not enforce NetworkPolicy, so nothing stops the packet.` }, s.stage)
  }
  return end(hop(s, { place, device, kind: 'drop', hook: `NetworkPolicy ${direction}`, after: p, decidedBy, explanation: `${v.reason}: the policy agent drops it (no reply, so the client times out).` }, s.stage), 'timeout', `denied by NetworkPolicy: ${v.reason}`, place)
}

// ---- stages ----------------------------------------------------------------------------

function egress(env: WalkEnv, s: WalkState, ns: Netns): WalkState {
  const place = ns.place
  const r = routeGet(ns, s.pkt.dst)
  if (!r) return end(hop(s, { place, kind: 'no-route', after: s.pkt, decidedBy: [], explanation: `${describePlace(place)} has no route to ${ip(s.pkt.dst)}: the socket gets "network unreachable".` }, s.stage), 'no-route', `no route to ${ip(s.pkt.dst)} from ${describePlace(place)}`, place)
  let p = s.pkt
  let s2 = hop(s, {
    place, device: r.dev, kind: r.local ? 'loopback' : 'route', after: p, decidedBy: routeDecision(ns, r),
    explanation: r.local
      ? `${ip(p.dst)} is an address of this network namespace: the packet stays inside and loops back through lo.`
      : `The socket sends from ${ep(p.src, p.sport)}; the route lookup picks "${r.text}" (${r.route?.via !== undefined ? `via ${ip(r.route.via)}` : 'on-link'}).`,
  }, s.stage)
  if (place.kind !== 'node') {
    if (r.local) return { ...s2, stage: { k: 'local', ns, ct: null } }
    return { ...s2, stage: { k: 'xmit', ns, dev: r.dev, nexthop: r.nexthop, ct: null } }
  }
  // A node's own packet: nat OUTPUT (ClusterIPs), filter OUTPUT, then reroute after DNAT.
  const node = place.node
  const n = natIn(env, s2, node, 'OUTPUT', place, undefined)
  if (n.verdict !== 'ACCEPT') return end(n.s, 'timeout', 'dropped in nat OUTPUT', place)
  s2 = n.s
  p = n.p
  const f = filterHook(env, { ...s2, pkt: p }, node, 'OUTPUT', place, n.ct)
  s2 = f.s
  if (f.verdict !== 'ACCEPT') return blocked(s2, f.verdict, place, f.rule)
  const r2 = p.dst === s.pkt.dst ? r : routeGet(ns, p.dst)
  if (!r2) return end(s2, 'no-route', `no route to ${ip(p.dst)}`, place)
  if (r2.local) {
    s2 = hop(s2, { place, device: 'lo', kind: 'loopback', after: p, decidedBy: [], explanation: `After DNAT the destination ${ip(p.dst)} is local: delivered through lo.` }, s2.stage)
    return { ...s2, stage: { k: 'local', ns, ct: n.ct } }
  }
  if (r2 !== r) s2 = hop(s2, { place, device: r2.dev, kind: 'route', after: p, decidedBy: routeDecision(ns, r2), explanation: `After DNAT the kernel routes again: "${r2.text}".` }, s2.stage)
  const o = natOut(env, { ...s2, pkt: p }, node, place, r2.dev, n.ct)
  return { ...o.s, stage: { k: 'xmit', ns, dev: r2.dev, nexthop: r2.nexthop, ct: null } }
}

function blocked(s: WalkState, verdict: NfResult['verdict'], place: Place, rule: string): WalkState {
  return verdict === 'REJECT'
    ? end(s, 'refused', `rejected by "${rule}" (ICMP port unreachable)`, place)
    : end(s, 'timeout', `dropped by "${rule}"`, place)
}

function xmit(env: WalkEnv, s: WalkState, ns: Netns, dev: string, nexthop: number, _ct: CtNote | null): WalkState {
  const place = ns.place
  const p = s.pkt
  const device = ns.devices.find((d) => d.name === dev)
  if (!device) return end(s, 'no-route', `device ${dev} does not exist in ${describePlace(place)}`, place)
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
      const s2 = hop(s, {
        place, device: 'eth0', kind: 'veth', after: { ...p, eth },
        decidedBy: neigh >= 0 ? [{ what: 'neigh', view: `${ns.ref} neigh`, line: neigh + 1, text: formatIpNeigh([ns.neighbors[neigh]!]).trimEnd() }] : [],
        explanation: `The frame leaves the pod's eth0 for ${target && target.nodeName === node ? `${target.name}'s MAC (on-link, same bridge)` : `the gateway ${ip(nexthop)} (${gwDev?.name ?? 'bridge'}'s MAC)`} and comes out of the host end ${hostEnd.name} on ${node}.`,
      }, { k: 'bridge', node, inPort: hostEnd.name })
      return s2
    }
    case 'bridge': {
      // The host sends into its bridge: FDB lookup of the destination's MAC picks the port.
      if (place.kind !== 'node') break
      return bridgeOut(env, s, place.node, dev, nexthop, null)
    }
    case 'vxlan': return vxlanEncap(env, s, ns, device.name, nexthop)
    case 'ethernet': {
      const mac = w.underlayMac(nexthop)
      if (!mac) {
        return end(hop(s, { place, device: dev, kind: 'drop', after: p, decidedBy: [], explanation: `Nobody on the node network answers ARP for ${ip(nexthop)}: the packet is never sent.` }, s.stage), 'timeout', `no host answers ARP for ${ip(nexthop)}`, place)
      }
      const eth = { src: device.mac, dst: mac }
      if (p.outer) {
        const outer = { ...p.outer, eth }
        return hop(s, { place, device: dev, kind: 'underlay', after: { ...p, outer }, decidedBy: [], explanation: `The encapsulated packet leaves ${dev} toward ${ip(nexthop)} (${mac}).` }, { k: 'wire', from: ns, nexthop })
      }
      return hop(s, { place, device: dev, kind: 'underlay', after: { ...p, eth }, decidedBy: [], explanation: `The frame leaves ${dev} for ${ip(nexthop)} (${mac}) on the node network.` }, { k: 'wire', from: ns, nexthop })
    }
    case 'loopback':
      return { ...s, stage: { k: 'local', ns, ct: null } }
  }
  return end(s, 'no-route', `cannot transmit on ${dev} in ${describePlace(place)}`, place)
}

function vxlanEncap(env: WalkEnv, s: WalkState, ns: Netns, dev: string, nexthop: number): WalkState {
  const place = ns.place
  const node = place.kind === 'node' ? place.node : ''
  const st = env.world.nodeState(node)
  const neighIndex = st.neighbors.findIndex((n) => n.ip === nexthop && n.dev === dev)
  const neigh = st.neighbors[neighIndex]
  if (!neigh) return end(s, 'timeout', `no ARP entry for ${ip(nexthop)} on ${dev}`, place)
  const fdbIndex = st.fdb.findIndex((f) => f.dev === dev && f.mac === neigh.lladdr && f.dst !== undefined)
  const fdb = st.fdb[fdbIndex]
  if (!fdb || fdb.dst === undefined) return end(s, 'timeout', `no FDB entry for ${neigh.lladdr} on ${dev}`, place)
  const vtep = st.devices.find((d) => d.name === dev)!
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
      { what: 'fdb', view: `node/${node} fdb`, line: fdbIndex + 1, text: fdbLine(st.fdb, fdbIndex) },
    ],
    explanation: `${dev} wraps the frame in VXLAN (VNI ${VXLAN_VNI}): the permanent ARP entry gives the remote VTEP MAC ${neigh.lladdr}, and the FDB maps it to node ${ip(fdb.dst)}; outer UDP ${outer.sport} → ${VXLAN_PORT}, 50 bytes of headers.`,
  }, s.stage)
  // The outer packet is the node's own: it is routed out of eth0.
  const hostNs = env.world.nodeNetns(node)
  const r = routeGet(hostNs, fdb.dst)
  if (!r) return end(s2, 'no-route', `no route to VTEP ${ip(fdb.dst)}`, place)
  return { ...s2, stage: { k: 'xmit', ns: hostNs, dev: r.dev, nexthop: r.nexthop, ct: null } }
}

function wire(env: WalkEnv, s: WalkState, from: Netns, nexthop: number): WalkState {
  const w = env.world
  const p = s.pkt
  const dstIp = nexthop
  const node = w.nodeAt(dstIp)
  if (node && node.ip === dstIp) {
    const ns = w.nodeNetns(node.name)
    return hop(s, { place: { kind: 'underlay' }, kind: 'underlay', after: p, decidedBy: [], explanation: `The node network carries the frame from ${describePlace(from.place)} to node ${node.name} (${ip(dstIp)}).` }, { k: 'ipin', ns, dev: 'eth0', ct: null })
  }
  const lb = w.loadBalancerNode(dstIp)
  if (lb) {
    const ns = w.nodeNetns(lb.name)
    return hop(s, { place: { kind: 'underlay' }, kind: 'underlay', after: p, decidedBy: [], explanation: `${ip(dstIp)} is a LoadBalancer IP; node ${lb.name} answers ARP for it (L2 announcement, as MetalLB does), so the frame goes to ${lb.name}.` }, { k: 'ipin', ns, dev: 'eth0', ct: null })
  }
  const ext = w.externalAt(dstIp)
  if (ext) {
    const ns = w.externalNetns(ext)
    return hop(s, { place: { kind: 'underlay' }, kind: 'underlay', after: p, decidedBy: [], explanation: `The node network carries the frame to ${ext.name} (${ip(dstIp)}).` }, { k: 'ipin', ns, dev: 'eth0', ct: null })
  }
  if (dstIp === w.model.cluster.underlay.gateway) {
    return end(hop(s, { place: { kind: 'underlay' }, kind: 'underlay', after: p, decidedBy: [], explanation: `The frame goes to the node network's gateway ${ip(dstIp)}, which leads out of the lab: nothing the lab models answers ${ip(p.dst)}.` }, s.stage), 'timeout', `${ip(p.dst)} is beyond the node network's gateway; no modelled host answers`, { kind: 'underlay' })
  }
  return end(s, 'timeout', `nothing on the node network has ${ip(dstIp)}`, { kind: 'underlay' })
}

/** A frame from a pod's veth enters the node's bridge. */
function bridgeIn(env: WalkEnv, s: WalkState, node: string, inPort: string): WalkState {
  const w = env.world
  const ns = w.nodeNetns(node)
  const place: Place = { kind: 'node', node }
  const br = ns.devices.find((d) => d.kind === 'bridge')!
  const p = s.pkt
  const toHost = p.eth?.dst === br.mac
  // br_netfilter: bridged IPv4 runs the iptables hooks (bridge-nf-call-iptables=1).
  const n = natIn(env, s, node, 'PREROUTING', place, br.name, br.name)
  let s2 = n.s
  const q = n.p
  if (n.verdict !== 'ACCEPT') return end(s2, 'timeout', 'dropped in nat PREROUTING', place)
  // Egress policy of the sending pod, on the (post-DNAT) destination, as felix checks it.
  const sender = w.podByHostVeth(node, inPort)
  if (sender && n.ct.dir === 'orig' && !n.ct.entry) {
    const checked = policyCheck(env, { ...s2, pkt: q }, sender, 'egress', place, inPort)
    if (checked !== 'pass') {
      if (checked.stage.k === 'end') return checked
      s2 = checked
    }
  }
  if (toHost) {
    const r = routeGet(ns, q.dst)
    // Bridged DNAT: the new destination is behind the same bridge, so the frame is bridged.
    if (r && !r.local && r.dev === br.name && n.ct.dnat && n.ct.dir === 'orig' && !n.ct.entry) {
      s2 = hop(s2, { place, device: br.name, kind: 'bridge', after: q, decidedBy: routeDecision(ns, r), explanation: `After DNAT the destination ${ip(q.dst)} is behind ${br.name} itself, so br_netfilter bridges the frame to it instead of routing it (bridged DNAT; no TTL decrement).` }, s2.stage)
      return bridgeForward(env, { ...s2, pkt: q }, node, inPort, q.dst, n.ct)
    }
    s2 = hop(s2, { place, device: br.name, kind: 'bridge', after: q, decidedBy: [], explanation: `The frame is addressed to ${br.name}'s own MAC: the bridge hands it up to the node's IP layer.` }, s2.stage)
    return { ...s2, pkt: q, stage: { k: 'ipin', ns, dev: br.name, ct: n.ct } }
  }
  return bridgeForward(env, { ...s2, pkt: q }, node, inPort, q.dst, n.ct)
}

/** Bridged frame (same bridge): FDB lookup, hairpin check, filter FORWARD, nat POSTROUTING, out the port. */
function bridgeForward(env: WalkEnv, s: WalkState, node: string, inPort: string, dst: number, ct: CtNote): WalkState {
  const w = env.world
  const place: Place = { kind: 'node', node }
  const st = w.nodeState(node)
  const target = w.podAt(dst)
  if (!target || target.nodeName !== node) return end(s, 'timeout', `no pod with ${ip(dst)} behind the bridge`, place)
  const mac = w.podMac(target)
  const fdbIndex = st.fdb.findIndex((f) => f.mac === mac && f.master)
  const fdb = st.fdb[fdbIndex]
  if (!fdb) return end(s, 'timeout', `the bridge has not learned ${mac}`, place)
  const fdbText = fdbLine(st.fdb, fdbIndex)
  const outPort = fdb.dev
  const port = st.devices.find((d) => d.name === outPort)
  if (outPort === inPort && !port?.hairpin) {
    return end(hop(s, { place, device: outPort, kind: 'drop', after: s.pkt, decidedBy: [{ what: 'fdb', view: `node/${node} fdb`, line: fdbIndex + 1, text: fdbText }], explanation: `The frame would leave by the port it came in on (${outPort}), and hairpin mode is off on it: the bridge drops it.` }, s.stage), 'timeout', `hairpin: ${outPort} has hairpin mode off`, place)
  }
  let s2 = hop(s, {
    place, device: st.devices.find((d) => d.kind === 'bridge')!.name, kind: 'bridge', after: { ...s.pkt, eth: { src: s.pkt.eth?.src ?? '', dst: mac } },
    decidedBy: [{ what: 'fdb', view: `node/${node} fdb`, line: fdbIndex + 1, text: fdbText }],
    explanation: outPort === inPort
      ? `The FDB maps ${mac} to ${outPort}, the port the frame came in on: hairpin mode on that port lets it go back out (pod → its own Service).`
      : `The bridge's FDB maps ${mac} to port ${outPort}.`,
  }, s.stage)
  const br = st.devices.find((d) => d.kind === 'bridge')!.name
  const f = filterHook(env, s2, node, 'FORWARD', place, ct, br, br)
  s2 = f.s
  if (f.verdict !== 'ACCEPT') return blocked(s2, f.verdict, place, f.rule)
  const o = natOut(env, s2, node, place, br, ct)
  s2 = o.s
  return deliverToPodVeth(env, s2, target, outPort)
}

function deliverToPodVeth(env: WalkEnv, s: WalkState, target: import('../../model/model.js').ModelPod, hostPort: string): WalkState {
  const ns = env.world.podNetns(target)
  const checked = policyCheck(env, s, target, 'ingress', { kind: 'node', node: target.nodeName! }, hostPort)
  if (checked !== 'pass') {
    if (checked.stage.k === 'end') return checked
    s = checked
  }
  return hop(s, { place: ns.place, device: 'eth0', kind: 'veth', after: s.pkt, decidedBy: [], explanation: `Out of ${hostPort} into ${target.name}'s eth0.` }, { k: 'ipin', ns, dev: 'eth0', ct: null })
}

/** The host sends a routed packet out of its bridge toward `nexthop`. */
function bridgeOut(env: WalkEnv, s: WalkState, node: string, brName: string, nexthop: number, _ct: CtNote | null): WalkState {
  const w = env.world
  const place: Place = { kind: 'node', node }
  const st = w.nodeState(node)
  const target = w.podAt(nexthop)
  if (!target || target.nodeName !== node) {
    return end(hop(s, { place, device: brName, kind: 'drop', after: s.pkt, decidedBy: [], explanation: `No pod on ${brName} answers ARP for ${ip(nexthop)}.` }, s.stage), 'timeout', `no pod has ${ip(nexthop)} on ${node}`, place)
  }
  const mac = w.podMac(target)
  const fdbIndex = st.fdb.findIndex((f) => f.mac === mac && f.master)
  const fdb = st.fdb[fdbIndex]!
  const br = st.devices.find((d) => d.name === brName)!
  const after = { ...s.pkt, eth: { src: br.mac, dst: mac } }
  const s2 = hop(s, {
    place, device: brName, kind: 'bridge', after,
    decidedBy: [{ what: 'fdb', view: `node/${node} fdb`, line: fdbIndex + 1, text: fdbLine(st.fdb, fdbIndex) }],
    explanation: `${brName} resolves ${ip(nexthop)} to ${mac} and its FDB sends the frame out of port ${fdb.dev}.`,
  }, s.stage)
  return deliverToPodVeth(env, s2, target, fdb.dev)
}

/** IP input in a netns: local delivery, or (on a node) forwarding. */
function ipInput(env: WalkEnv, s: WalkState, ns: Netns, dev: string, ctIn: CtNote | null): WalkState {
  const place = ns.place
  let p = s.pkt
  if (place.kind !== 'node') {
    if (isLocalTo(ns, p.dst)) return { ...s, stage: { k: 'local', ns, ct: null } }
    return end(hop(s, { place, device: dev, kind: 'drop', after: p, decidedBy: [], explanation: `${describePlace(place)} does not forward packets for ${ip(p.dst)}.` }, s.stage), 'timeout', `${describePlace(place)} dropped a packet for ${ip(p.dst)}`, place)
  }
  const node = place.node
  let s2 = s
  // VXLAN: UDP 8472 to this node is the vxlan driver's socket, which unwraps the inner frame.
  if (p.outer && p.outer.dst === ip(env.world.node(node).ip)) {
    const inner: Pkt = { ...p, outer: undefined }
    const { outer: _o, ...rest } = inner
    const st = env.world.nodeState(node)
    const vtep = st.devices.find((d) => d.kind === 'vxlan')!
    s2 = hop(s, { place, device: vtep.name, kind: 'vxlan-decap', after: rest, decidedBy: [], explanation: `UDP ${VXLAN_PORT} to ${ip(env.world.node(node).ip)} belongs to ${vtep.name} (VNI ${VXLAN_VNI}): the outer headers come off and the inner frame enters ${node} on ${vtep.name}.` }, s.stage)
    return { ...s2, stage: { k: 'ipin', ns, dev: vtep.name, ct: null } }
  }
  let ct = ctIn
  if (!ct) {
    const n = natIn(env, s2, node, 'PREROUTING', place, dev, dev)
    s2 = n.s
    p = n.p
    ct = n.ct
    if (n.verdict !== 'ACCEPT') return end(s2, 'timeout', 'dropped in nat PREROUTING', place)
  }
  const r = routeGet(ns, p.dst)
  if (!r) return end(hop({ ...s2, pkt: p }, { place, kind: 'no-route', after: p, decidedBy: [], explanation: `${node} has no route to ${ip(p.dst)}.` }, s2.stage), 'no-route', `${node} has no route to ${ip(p.dst)}`, place)
  if (r.local) {
    s2 = hop({ ...s2, pkt: p }, { place, device: r.dev, kind: 'route', after: p, decidedBy: [], explanation: `${ip(p.dst)} is one of ${node}'s own addresses: local delivery.` }, s2.stage)
    const f = filterHook(env, s2, node, 'INPUT', place, ct, dev)
    if (f.verdict !== 'ACCEPT') return blocked(f.s, f.verdict, place, f.rule)
    let s3 = f.s
    // A reply to a DNATed connection of this node's own: the source goes back at INPUT.
    if (ct && ct.dir === 'reply' && ct.entry?.dnat) {
      const entry = ct.entry
      const after = { ...p, src: entry.orig.dst, sport: entry.orig.dport }
      s3 = hop({ ...s3, pkt: p }, {
        place, kind: 'conntrack', hook: 'conntrack (INPUT)', after,
        decidedBy: [{ what: 'conntrack', view: `node/${node} conntrack`, line: 0, text: formatConn(entry) }],
        explanation: `Reply of a DNATed connection: conntrack rewrites the source back to ${ep(after.src, after.sport)}, the address the client connected to.`,
      }, s3.stage)
    }
    return { ...s3, stage: { k: 'local', ns, ct } }
  }
  if (p.ttl <= 1) {
    return end(hop({ ...s2, pkt: p }, { place, device: dev, kind: 'ttl-exceeded', after: p, decidedBy: routeDecision(ns, r), explanation: `TTL reached 0 at ${node}: the packet is dropped and ICMP "time exceeded" goes back to ${ip(p.src)}.` }, s2.stage), 'ttl-exceeded', `TTL exceeded at ${node} (routing loop?)`, place)
  }
  const fwd: Pkt = { ...p, ttl: p.ttl - 1 }
  s2 = hop({ ...s2, pkt: p }, { place, device: r.dev, kind: 'route', after: fwd, decidedBy: routeDecision(ns, r), explanation: `${node} forwards it (ip_forward=1; TTL ${p.ttl} → ${fwd.ttl}): "${r.text}".` }, s2.stage)
  const f = filterHook(env, s2, node, 'FORWARD', place, ct, dev, r.dev)
  if (f.verdict !== 'ACCEPT') return blocked(f.s, f.verdict, place, f.rule)
  const o = natOut(env, f.s, node, place, r.dev, ct)
  return { ...o.s, stage: { k: 'xmit', ns, dev: r.dev, nexthop: r.nexthop, ct: null } }
}

function localIn(env: WalkEnv, s: WalkState, ns: Netns, ct: CtNote | null): WalkState {
  const place = ns.place
  const p = s.pkt
  if (place.kind === 'node' && ct && !ct.entry && ct.dir === 'orig' && !ct.untracked) {
    // Confirm the conntrack entry of a locally delivered new flow (no POSTROUTING on INPUT).
    env.conntrack.add(place.node, { orig: ct.orig, reply: { proto: p.proto, src: p.dst, sport: p.dport, dst: p.src, dport: p.sport }, dnat: ct.dnat, snat: false })
  }
  const listening = p.flags === 'SYN-ACK' || p.payload?.startsWith('DNS answer') || p.flags === 'reply'
    ? { who: describePlace(place) }
    : env.world.listener(place, p.dport, p.proto)
  if (!listening) {
    const tcp = p.proto === 'tcp'
    return end(hop(s, {
      place, kind: tcp ? 'rst' : 'reject', after: p, decidedBy: [],
      explanation: tcp
        ? `Nothing listens on ${p.proto} port ${p.dport} in ${describePlace(place)}: the kernel answers the SYN with RST, so the client sees "connection refused".`
        : `Nothing listens on UDP port ${p.dport}: the kernel answers with ICMP port unreachable.`,
    }, s.stage), 'refused', `nothing listens on ${ep(p.dst, p.dport)}/${p.proto} in ${describePlace(place)}`, place)
  }
  return end(hop(s, {
    place, kind: 'deliver', after: p, decidedBy: [{ what: 'listener', view: '', line: 0, text: `${p.proto} ${ep(p.dst, p.dport)} ← ${listening.who}${'container' in listening && listening.container ? ` (container ${listening.container})` : ''}` }],
    explanation: `Delivered to the socket of ${listening.who}${'container' in listening && listening.container ? ` (container ${listening.container})` : ''}, which sees the peer ${ep(p.src, p.sport)}.`,
  }, s.stage), 'delivered', `delivered to ${listening.who}`, place)
}
