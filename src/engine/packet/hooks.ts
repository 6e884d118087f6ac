/**
 * The netfilter hooks as one packet meets them on a node: the raw table and conntrack, nat
 * PREROUTING/OUTPUT (kube-proxy's DNAT, with the `statistic` endpoint choice), filter
 * FORWARD/INPUT/OUTPUT and nat POSTROUTING (MASQUERADE, conntrack confirm), each recorded as a
 * hop with the hook and tables it went through. A new rule engine (nftables) plugs in at `nfHop`.
 * Reference: ../shared/design/cni-dataplane.md §4 (the order of hooks), kube-proxy's
 * pkg/proxy/iptables/proxier.go (the chains it walks).
 */
import { isIpv4, parseIpv4 } from '../../model/addr/ipv4.js'
import { formatSaveRule } from '../../model/netfilter/formatSave.js'
import type { CtState, Rule, TableName } from '../../model/netfilter/types.js'
import { msg, type Message } from '../messages/catalog.js'
import { traverse, type NfContext, type NfPacket, type NfResult } from '../netfilter/evaluate.js'
import { formatConn, type ConnEntry } from '../net/conntrack.js'
import { nftablesHop } from '../nftables/walkerHop.js'
import { isLocalTo } from '../net/world.js'
import type { Decision, HookVisit, NfHook, Place } from '../trace/types.js'
import { end, ep, hop, ip, tupleOf, type CtNote, type Pkt, type WalkEnv, type WalkState } from './walkState.js'

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

/** One table at one hook on a node: the rules walked and the lines of iptables-save that matched. */
function nfHop(
  env: WalkEnv, node: string, table: TableName, hook: NfHook, p: Pkt, ct: CtNote | null, inIface?: string, outIface?: string,
): { res: NfResult; decisions: Decision[] } {
  const nfp: NfPacket = {
    src: p.src, dst: p.dst, proto: p.proto, sport: p.sport, dport: p.dport, mark: p.mark, ctstate: ctStates(ct),
    ...(inIface ? { inIface } : {}), ...(outIface ? { outIface } : {}),
  }
  // kube-proxy in nftables mode: its base chains of this hook walk with the iptables table, by priority.
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

const visit = (hook: NfHook, tables: HookVisit['tables'], bridged: boolean): HookVisit => ({ hook, tables, bridged })

/**
 * A packet entering a node's IP layer (or br_netfilter's PREROUTING): conntrack lookup, then
 * nat PREROUTING/OUTPUT for a new flow or the reply's destination restored for a known one.
 */
export function natIn(env: WalkEnv, s: WalkState, node: string, hook: 'PREROUTING' | 'OUTPUT', place: Place, device: string | undefined, inIface: string | undefined, bridged: boolean):
  { s: WalkState; p: Pkt; ct: CtNote; verdict: NfResult['verdict'] } {
  const p = s.pkt
  // The raw table comes before conntrack: NOTRACK takes the packet out of it (and of nat).
  const raw = !!env.world.nodeState(node).ruleset.get('raw')?.chains.get(hook)?.rules.length
  if (raw) {
    const { res, decisions } = nfHop(env, node, 'raw', hook, p, null, inIface)
    if (res.notrack) {
      const s2 = hop(s, {
        place, ...(device ? { device } : {}), kind: 'netfilter', hook: `raw ${hook}`, netfilter: visit(hook, ['raw'], bridged),
        after: p, decidedBy: decisions, rulesWalked: res.walked, explanation: msg('hop.raw.notrack', { hook }),
      }, s.stage, res.walked)
      return { s: s2, p, ct: { node, orig: tupleOf(p), entry: null, dir: 'orig', dnat: false, untracked: true }, verdict: res.verdict }
    }
  }
  const before: HookVisit['tables'] = raw ? ['raw', 'conntrack'] : ['conntrack']
  const found = env.conntrack.find(node, tupleOf(p))
  if (found) {
    const { entry, dir } = found
    let after = p
    if (dir === 'reply' && entry.snat) after = { ...p, dst: entry.orig.src, dport: entry.orig.sport }
    const ct: CtNote = { node, orig: entry.orig, entry, dir, dnat: entry.dnat }
    const changed = after !== p
    const s2 = hop(s, {
      place, ...(device ? { device } : {}), kind: 'conntrack', hook: `conntrack (${hook})`, netfilter: visit(hook, before, bridged), after,
      decidedBy: [{ what: 'conntrack', view: `node/${node} conntrack`, line: 0, text: formatConn(entry) }],
      explanation: changed
        ? msg('hop.ct.restoreDst', { to: ep(after.dst, after.dport) })
        : msg(dir === 'reply' ? 'hop.ct.knownReply' : 'hop.ct.knownLater'),
    }, s.stage)
    return { s: s2, p: after, ct, verdict: 'ACCEPT' }
  }
  const { res, decisions } = nfHop(env, node, 'nat', hook, p, null, inIface)
  const after: Pkt = { ...p, dst: res.packet.dst, dport: res.packet.dport, mark: res.packet.mark }
  const ct: CtNote = { node, orig: tupleOf(p), entry: null, dir: 'orig', dnat: res.dnat !== null }
  const s2 = hop(s, {
    place, ...(device ? { device } : {}), kind: 'netfilter', hook: `nat ${hook}`, netfilter: visit(hook, [...before, 'nat'], bridged),
    after, decidedBy: decisions, rulesWalked: res.walked,
    explanation: res.dnat ? msg('hop.nat.dnat', { to: ep(after.dst, after.dport) }) : msg('hop.nat.none', { hook }),
  }, s.stage, res.walked)
  return { s: s2, p: after, ct, verdict: res.verdict }
}

/** filter FORWARD / INPUT / OUTPUT. */
export function filterHook(
  env: WalkEnv, s: WalkState, node: string, hook: 'FORWARD' | 'INPUT' | 'OUTPUT', place: Place, ct: CtNote | null, inIface: string | undefined, outIface: string | undefined, bridged: boolean,
): { s: WalkState; verdict: NfResult['verdict']; rule: string } {
  const { res, decisions } = nfHop(env, node, 'filter', hook, s.pkt, ct, inIface, outIface)
  const last = res.matched[res.matched.length - 1]
  const s2 = hop(s, {
    place, kind: res.verdict === 'ACCEPT' ? 'netfilter' : res.verdict === 'DROP' ? 'drop' : 'reject', hook: `filter ${hook}`,
    netfilter: visit(hook, ['filter'], bridged), after: s.pkt, decidedBy: decisions, rulesWalked: res.walked,
    explanation: res.verdict === 'ACCEPT'
      ? (last ? msg('hop.filter.accept', { hook, chain: last.chain }) : msg('hop.filter.acceptPolicy', { hook }))
      : msg(res.verdict === 'REJECT' ? 'hop.filter.reject' : 'hop.filter.drop', { hook, chain: String(last?.chain) }),
  }, s.stage, res.walked)
  return { s: s2, verdict: res.verdict, rule: last ? formatSaveRule(last.rule) : '' }
}

/** The reply of a DNATed connection gets its source back (at POSTROUTING, or at INPUT for the node's own). */
export function ctRestoreSource(s: WalkState, node: string, place: Place, device: string | undefined, hook: 'POSTROUTING' | 'INPUT', entry: ConnEntry, bridged: boolean): WalkState {
  const after = { ...s.pkt, src: entry.orig.dst, sport: entry.orig.dport }
  return hop(s, {
    place, ...(device ? { device } : {}), kind: 'conntrack', hook: `conntrack (${hook})`, netfilter: visit(hook, ['conntrack'], bridged), after,
    decidedBy: [{ what: 'conntrack', view: `node/${node} conntrack`, line: 0, text: formatConn(entry) }],
    explanation: msg('hop.ct.restoreSrc', { to: ep(after.src, after.sport) }),
  }, s.stage)
}

/**
 * nat POSTROUTING for a new flow (MASQUERADE to the egress device's address) or the reply's
 * source restored for a known one; then the conntrack entry is confirmed.
 */
export function natOut(env: WalkEnv, s: WalkState, node: string, place: Place, outDev: string, ct: CtNote | null, bridged: boolean): { s: WalkState; p: Pkt } {
  const p = s.pkt
  if (ct?.untracked) return { s, p }
  if (ct && (ct.entry || ct.dir === 'reply')) {
    const entry = ct.entry!
    if (!(ct.dir === 'reply' && entry.dnat)) return { s, p }
    const s2 = ctRestoreSource(s, node, place, outDev, 'POSTROUTING', entry, bridged)
    return { s: s2, p: s2.pkt }
  }
  const { res, decisions } = nfHop(env, node, 'nat', 'POSTROUTING', p, ct, undefined, outDev)
  let after: Pkt = { ...p, mark: res.packet.mark }
  let why: Message = msg('hop.snat.none')
  if (res.masquerade) {
    const dev = env.world.nodeState(node).devices.find((d) => d.name === outDev)
    const addr = dev?.addresses[0]?.ip ?? p.src
    const sport = res.masquerade.randomFully ? 1024 + Math.floor(env.rng() * 64511) : p.sport
    after = { ...after, src: addr, sport }
    why = msg(res.masquerade.randomFully ? 'hop.snat.masqueradeRandom' : 'hop.snat.masquerade', { addr: ip(addr), dev: outDev })
  }
  const orig = ct?.orig ?? tupleOf(p)
  const entry: ConnEntry = {
    orig, reply: { proto: p.proto, src: after.dst, sport: after.dport, dst: after.src, dport: after.sport },
    dnat: ct?.dnat ?? false, snat: after.src !== orig.src || after.sport !== orig.sport,
  }
  env.conntrack.add(node, entry)
  const s2 = hop(s, {
    place, device: outDev, kind: 'netfilter', hook: 'nat POSTROUTING', netfilter: visit('POSTROUTING', ['nat', 'conntrack'], bridged),
    after, decidedBy: decisions, rulesWalked: res.walked, explanation: why,
  }, s.stage, res.walked)
  return { s: s2, p: after }
}

/** A filter verdict other than ACCEPT ends the walk: REJECT is refused, DROP a timeout. */
export function blocked(s: WalkState, verdict: NfResult['verdict'], place: Place, rule: string): WalkState {
  return verdict === 'REJECT'
    ? end(s, 'refused', msg('end.rejectedBy', { rule }), place)
    : end(s, 'timeout', msg('end.droppedBy', { rule }), place)
}
