/**
 * Walks one netfilter hook of one table for one packet, as the kernel does: rules in order,
 * jumps and returns, the chain policy at the end of a built-in chain. Long chains (kube-proxy's
 * KUBE-SERVICES holds a rule per service port) are indexed by destination, protocol and port so
 * a lookup costs the same at 100 or 10,000 services; the walk still reports how many rules the
 * kernel would have evaluated one by one.
 */
import { cidrContains } from '../../model/addr/ipv4.js'
import type { CtState, Match, Rule, Ruleset, TableName } from '../../model/netfilter/types.js'
import { cachedKeyOf, chainIndex, existingIndex, hasIndexed, indexKey } from './chainIndex.js'

export interface NfPacket {
  readonly src: number
  readonly dst: number
  readonly proto: 'tcp' | 'udp' | 'icmp'
  readonly sport: number
  readonly dport: number
  readonly mark: number
  readonly ctstate: readonly CtState[]
  readonly inIface?: string
  readonly outIface?: string
}

export interface NfContext {
  /** addrtype LOCAL: the addresses of this netns. */
  readonly isLocal: (ip: number) => boolean
  /** `-m statistic --mode random`: whether this rule's coin comes up. */
  readonly statistic: (chain: string, rules: readonly Rule[], index: number) => boolean
  /** `-m recent --rcheck`: whether the name holds the packet's source. */
  readonly recentHas?: (name: string, src: number) => boolean
}

export interface MatchedRule {
  readonly table: TableName
  readonly chain: string
  readonly index: number
  readonly rule: Rule
}

export interface NfResult {
  readonly verdict: 'ACCEPT' | 'DROP' | 'REJECT'
  readonly packet: NfPacket
  readonly dnat: { readonly ip: number; readonly port: number | undefined } | null
  readonly masquerade: { readonly randomFully: boolean } | null
  /** Every rule that matched, in order: the jumps that led to the verdict and the verdict. */
  readonly matched: readonly MatchedRule[]
  readonly walked: number
  /** Names `-m recent --set` recorded for this packet's source. */
  readonly recentSet: readonly string[]
  /** A raw-table NOTRACK rule matched: the packet is untracked. */
  readonly notrack?: boolean
}

const INDEX_MIN_RULES = 32

function matchHolds(m: Match, p: NfPacket, ctx: NfContext, chain: string, rules: readonly Rule[], index: number): boolean {
  switch (m.module) {
    case 'comment':
    case 'nfacct':
      return true
    case 'tcp':
    case 'udp':
    case 'sctp':
      if (p.proto !== m.module) return false
      if (m.dport && (p.dport === m.dport.value) === m.dport.negate) return false
      if (m.sport && (p.sport === m.sport.value) === m.sport.negate) return false
      return true
    case 'addrtype':
      if (m.srcType && (m.srcType.value === 'LOCAL' && ctx.isLocal(p.src)) === m.srcType.negate) return false
      if (m.dstType && (m.dstType.value === 'LOCAL' && ctx.isLocal(p.dst)) === m.dstType.negate) return false
      return true
    case 'mark':
      return (((p.mark & m.mask) >>> 0) === ((m.value & m.mask) >>> 0)) !== m.negate
    case 'conntrack':
      return m.ctstate.some((s) => p.ctstate.includes(s)) !== m.negate
    case 'statistic':
      return ctx.statistic(chain, rules, index)
    case 'recent':
      return m.action === 'set' ? true : (ctx.recentHas?.(m.name, p.src) ?? false)
    case 'multiport':
      // xt_multiport needs -p tcp/udp/sctp on the rule (checked by ruleMatches' proto test).
      return p.proto !== 'icmp' && m.dports.includes(p.dport)
  }
}

export function ruleMatches(r: Rule, p: NfPacket, ctx: NfContext, chain: string, rules: readonly Rule[], index: number): boolean {
  if (r.src && cidrContains(r.src.value, p.src) === r.src.negate) return false
  if (r.dst && cidrContains(r.dst.value, p.dst) === r.dst.negate) return false
  if (r.proto && (r.proto.value === p.proto) === r.proto.negate) return false
  if (r.inIface && (p.inIface === r.inIface.value) === r.inIface.negate) return false
  if (r.outIface && (p.outIface === r.outIface.value) === r.outIface.negate) return false
  for (const m of r.matches) if (!matchHolds(m, p, ctx, chain, rules, index)) return false
  return true
}

/**
 * How many lookups a long chain answers by a scan before it is keyed whole, when its index
 * cannot be spliced from the last one (chainIndex.ts) though there is one. A what-if gives the
 * next model a new KUBE-SERVICES (mostly the same Rules, in a new array), and its first trace asks
 * that chain a few times: mostly its index is the last one spliced; when too much changed, a
 * scan that skips rules by their kept keys costs half of keying 11,000 rules, and a chain asked
 * a third time is keyed (and is the next one's base). The first such chain is keyed at once.
 */
const SCANS_BEFORE_INDEX = 2
const scans = new WeakMap<readonly Rule[], number>()

/**
 * The first rule at or after `from` that matches, and how many rules the kernel evaluated.
 * The index is found by table and chain name too (the last full one is the next model's base).
 */
function firstMatch(rules: readonly Rule[], from: number, p: NfPacket, ctx: NfContext, chain: string, table: TableName): { index: number; walked: number } {
  if (rules.length < INDEX_MIN_RULES) {
    for (let i = from; i < rules.length; i++) if (ruleMatches(rules[i]!, p, ctx, chain, rules, i)) return { index: i, walked: i - from + 1 }
    return { index: -1, walked: rules.length - from }
  }
  const indexAs = `${table} ${chain}`
  let ix = existingIndex(rules, indexAs)
  if (!ix) {
    const asked = scans.get(rules) ?? 0
    if (asked < SCANS_BEFORE_INDEX && hasIndexed(indexAs)) {
      scans.set(rules, asked + 1)
      // The rules the index would give: those without a key, and those whose key is the packet's.
      const want = indexKey(p.dst, p.proto, p.dport)
      for (let i = from; i < rules.length; i++) {
        const k = cachedKeyOf(rules[i]!)
        if (k !== null && k !== want) continue
        if (ruleMatches(rules[i]!, p, ctx, chain, rules, i)) return { index: i, walked: i - from + 1 }
      }
      return { index: -1, walked: rules.length - from }
    }
    ix = chainIndex(rules, indexAs)
  }
  const keyed = ix.keyed(indexKey(p.dst, p.proto, p.dport))
  const others = ix.others
  // Merge the two sorted position lists, evaluating only from `from` on.
  let a = 0
  let b = 0
  while (a < keyed.length || b < others.length) {
    const i = b >= others.length || (a < keyed.length && keyed[a]! < others[b]!) ? keyed[a++]! : others[b++]!
    if (i < from) continue
    if (ruleMatches(rules[i]!, p, ctx, chain, rules, i)) return { index: i, walked: i - from + 1 }
  }
  return { index: -1, walked: rules.length - from }
}

const MAX_JUMPS = 10_000

export function traverse(ruleset: Ruleset, table: TableName, hook: string, packet: NfPacket, ctx: NfContext): NfResult {
  let p = packet
  const matched: MatchedRule[] = []
  const recentSet: string[] = []
  let walked = 0
  let notrack = false
  const t = ruleset.get(table)
  const builtin = t?.chains.get(hook)
  // The walk's result: only the verdict and what the last rule did differ between endings.
  const done = (verdict: NfResult['verdict'], extra: Partial<Pick<NfResult, 'packet' | 'dnat' | 'masquerade'>> = {}): NfResult =>
    ({ verdict, packet: p, dnat: null, masquerade: null, matched, walked, recentSet, notrack, ...extra })
  if (!t || !builtin) return done('ACCEPT')
  const policy = (): NfResult => done(builtin.policy === 'DROP' ? 'DROP' : 'ACCEPT')
  const stack: { chain: string; next: number }[] = []
  let chain = hook
  let pos = 0
  for (let jumps = 0; jumps < MAX_JUMPS; jumps++) {
    const rules = t.chains.get(chain)?.rules ?? []
    const { index, walked: w } = firstMatch(rules, pos, p, ctx, chain, table)
    walked += w
    if (index < 0) {
      const back = stack.pop()
      if (!back) return policy()
      chain = back.chain
      pos = back.next
      continue
    }
    const rule = rules[index]!
    matched.push({ table, chain, index, rule })
    for (const m of rule.matches) if (m.module === 'recent' && m.action === 'set') recentSet.push(m.name)
    const target = rule.target
    if (!target) { pos = index + 1; continue }
    switch (target.kind) {
      case 'jump':
        stack.push({ chain, next: index + 1 })
        chain = target.chain
        pos = 0
        continue
      case 'RETURN': {
        const back = stack.pop()
        if (!back) return policy()
        chain = back.chain
        pos = back.next
        continue
      }
      case 'MARK':
        p = { ...p, mark: (((p.mark & ~target.mask) ^ target.value) >>> 0) }
        pos = index + 1
        continue
      case 'NOTRACK':
        // Not a verdict: the walk goes on with the packet marked untracked.
        notrack = true
        pos = index + 1
        continue
      case 'ACCEPT':
      case 'DROP':
        return done(target.kind)
      case 'REJECT':
        return done('REJECT')
      case 'DNAT':
        return done('ACCEPT', { packet: { ...p, dst: target.toAddress, dport: target.toPort ?? p.dport }, dnat: { ip: target.toAddress, port: target.toPort } })
      case 'MASQUERADE':
        return done('ACCEPT', { masquerade: { randomFully: target.randomFully } })
    }
  }
  throw new Error(`netfilter walk of ${table} ${hook} did not end after ${MAX_JUMPS} jumps (a jump loop)`)
}
