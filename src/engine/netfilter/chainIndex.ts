/**
 * The index of a long chain's rules by exact destination, protocol and port (kube-proxy's
 * KUBE-SERVICES: a `-d VIP/32 -p P --dport N` rule per service port), which lets firstMatch
 * evaluate only the rules that can match, in the kernel's order. A what-if gives the next model
 * a new KUBE-SERVICES array that is mostly the same Rule objects as the last one's: its index
 * is the last array's index with the changed stretch replaced (the arrays compared from both
 * ends, pointer by pointer) instead of 11,000 rules keyed again; after a few such splices the
 * chain is keyed afresh.
 */
import type { Rule } from '../../model/netfilter/types.js'

/** Positions of a chain's rules that may match a packet, ascending. */
export interface ChainIndex {
  /** How many splices lie between it and a full index (0: full). */
  readonly depth: number
  /** The rules selected by exact destination/protocol/port `key` (indexKey). */
  keyed(key: string): readonly number[]
  /** Every rule without a key: always evaluated. */
  readonly others: readonly number[]
}

export function indexKey(dst: number, proto: string, dport: number): string {
  return `${dst}|${proto}|${dport}`
}

/** A rule is indexable when all it asks beyond a comment is `-d IP/32 -p P --dport N`. */
function keyOf(r: Rule): string | null {
  if (!r.dst || r.dst.negate || r.dst.value.prefixLength !== 32 || !r.proto || r.proto.negate || r.src || r.inIface || r.outIface) return null
  let dport: number | null = null
  for (const m of r.matches) {
    if (m.module === 'comment') continue
    if ((m.module === 'tcp' || m.module === 'udp' || m.module === 'sctp') && m.dport && !m.dport.negate && !m.sport) {
      dport = m.dport.value
      continue
    }
    return null
  }
  return dport === null ? null : indexKey(r.dst.value.base, r.proto.value, dport)
}

/**
 * Each rule's index key, kept per Rule: kube-proxy's rules are shared by every node and by the
 * models after a what-if, so a key is made (and hashed) once.
 */
const ruleKeys = new WeakMap<Rule, string | null>()

export function cachedKeyOf(r: Rule): string | null {
  let k = ruleKeys.get(r)
  if (k === undefined) ruleKeys.set(r, (k = keyOf(r)))
  return k
}

const NONE: readonly number[] = []

/** Every rule of `rules[from..to)` keyed (positions are indexes of `rules`). */
class FullIndex implements ChainIndex {
  readonly depth = 0
  readonly byKey = new Map<string, number[]>()
  readonly others: number[] = []
  constructor(rules: readonly Rule[], from = 0, to = rules.length) {
    for (let i = from; i < to; i++) {
      const k = cachedKeyOf(rules[i]!)
      if (k === null) this.others.push(i)
      else {
        const list = this.byKey.get(k)
        if (list) list.push(i)
        else this.byKey.set(k, [i])
      }
    }
  }

  keyed(key: string): readonly number[] {
    return this.byKey.get(key) ?? NONE
  }
}

/**
 * The index of an earlier array whose rules before `head` and from `oldTail` on are this
 * array's (the latter `shift` places further), and the stretch between keyed on its own.
 */
class SplicedIndex implements ChainIndex {
  readonly others: readonly number[]
  readonly depth: number
  constructor(private readonly base: ChainIndex, private readonly head: number, private readonly oldTail: number, private readonly shift: number, private readonly middle: FullIndex) {
    this.others = this.merge(base.others, middle.others)
    this.depth = base.depth + 1
  }

  keyed(key: string): readonly number[] {
    const before = this.base.keyed(key)
    const mid = this.middle.byKey.get(key) ?? NONE
    return before.length ? this.merge(before, mid) : mid
  }

  /** The base's positions outside the replaced stretch, moved, with the stretch's own between. */
  private merge(base: readonly number[], mid: readonly number[]): number[] {
    const out: number[] = []
    let k = 0
    for (; k < base.length && base[k]! < this.head; k++) out.push(base[k]!)
    for (const i of mid) out.push(i)
    for (; k < base.length; k++) if (base[k]! >= this.oldTail) out.push(base[k]! + this.shift)
    return out
  }
}

/** A base leaving at most this many rules to key is taken without comparing the others. */
const GOOD_ENOUGH = 16

/** Splices on splices before a chain is keyed afresh (each lookup walks them all). */
const MAX_DEPTH = 8

const indexes = new WeakMap<readonly Rule[], ChainIndex>()
/**
 * Per table and chain, the last arrays indexed, most recent first: the bases of the next
 * arrays'. Several, because nodes whose chains differ have arrays of their own (a trace asks the
 * source node's and CoreDNS's node's; nodes whose KUBE-SERVICES is the same parts share one,
 * src/model/netfilter/sharedRules.ts), each the best base of that chain in the next model.
 */
const lastIndexed = new Map<string, { readonly rules: readonly Rule[]; readonly index: ChainIndex }[]>()
const BASES = 8
/**
 * Chains kept, least recently indexed out first: long KUBE-SVC chains of every trace and an old
 * cluster's KUBE-SERVICES would otherwise stay alive here for good.
 */
const CHAINS = 64
/** Arrays too unlike the last indexed one to splice (not compared again). */
const unlike = new WeakSet<readonly Rule[]>()

/** How indexes were made: for tests. */
export const chainIndexCounters = { full: 0, spliced: 0 }

/** The index of `rules` when there is one or it can be spliced from the last one cheaply; else null. */
export function existingIndex(rules: readonly Rule[], chain: string): ChainIndex | null {
  const ix = indexes.get(rules)
  if (ix) return ix
  if (unlike.has(rules)) return null
  // The base with the fewest changed rules (another node's chain in the same model differs in
  // its last rules, the same node's in the last model in the what-if's ports).
  const bases = lastIndexed.get(chain) ?? []
  const m = rules.length
  let best: { base: (typeof bases)[number]; head: number; tail: number } | null = null
  for (const base of bases) {
    if (base.index.depth >= MAX_DEPTH) continue
    // Compared until the first difference from each end: an unlike base costs a few steps.
    const old = base.rules
    const n = old.length
    const lim = Math.min(n, m)
    let head = 0
    while (head < lim && old[head] === rules[head]) head++
    let tail = 0
    while (tail < lim - head && old[n - 1 - tail] === rules[m - 1 - tail]) tail++
    if (!best || head + tail > best.head + best.tail || (head + tail === best.head + best.tail && base.index.depth < best.base.index.depth)) best = { base, head, tail }
    // Few enough rules left to key: any such base gives the same answers (positions), though
    // maybe a deeper index than a later base would (re-keyed whole sooner, at MAX_DEPTH), and
    // comparing the other bases' 11,000 rules each (most recent first) cost more than keying
    // these (~8 ms per what-if).
    if (m - head - tail <= GOOD_ENOUGH) break
  }
  // A few changed rules (a what-if's Service ports) in one stretch: key only those.
  if (best && m - best.tail - best.head <= Math.max(64, m >> 4)) {
    const { base, head, tail } = best
    chainIndexCounters.spliced++
    const n = base.rules.length
    const spliced = new SplicedIndex(base.index, head, n - tail, m - n, new FullIndex(rules, head, m - tail))
    indexes.set(rules, spliced)
    remember(chain, rules, spliced)
    return spliced
  }
  unlike.add(rules)
  return null
}

/** `rules` and its index as the newest base (bases spliced as deep as they may be are dropped). */
function remember(chain: string, rules: readonly Rule[], index: ChainIndex): void {
  const bases = (lastIndexed.get(chain) ?? []).filter((b) => b.index.depth < MAX_DEPTH)
  bases.unshift({ rules, index })
  if (bases.length > BASES) bases.length = BASES
  lastIndexed.delete(chain)
  lastIndexed.set(chain, bases)
  if (lastIndexed.size > CHAINS) lastIndexed.delete(lastIndexed.keys().next().value!)
}

/** Whether a chain of this table and name was indexed before (a base for the next one's). */
export const hasIndexed = (chain: string): boolean => lastIndexed.has(chain)

/** The index of `rules`, keying every rule when it cannot be spliced from the last one. */
export function chainIndex(rules: readonly Rule[], chain: string): ChainIndex {
  const ix = existingIndex(rules, chain)
  if (ix) return ix
  chainIndexCounters.full++
  const full = new FullIndex(rules)
  indexes.set(rules, full)
  remember(chain, rules, full)
  return full
}
