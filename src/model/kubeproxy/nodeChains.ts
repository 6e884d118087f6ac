/**
 * kube-proxy's chains in one node's ruleset, built from per-service-port fragments held as
 * iptables-save text. A fragment is written once per service port (and node-dependent
 * signature, see SyncPlan.key) and shared by every node and every later model that keeps the
 * same service port and endpoint objects, so after an edit only the changed Services are
 * rewritten (what KEP-3453's partial sync does for kube-proxy). The Rules of a chain are built
 * only when something walks or inspects it, by running the same writer for that chain alone.
 */
import { composedChain, rulePart, type ChainPart } from '../netfilter/composedChain.js'
import { formatSaveRule } from '../netfilter/formatSave.js'
import { fragmentCounters, TextFragment } from './textFragment.js'
import { ChainTable, type ChainBlock, type SortedListing } from '../netfilter/chainTable.js'
import { ensureTable } from '../netfilter/ruleset.js'
import { applyKubeProxyJumps } from './applyToRuleset.js'
import type { Chain, Ruleset } from '../netfilter/types.js'
import { LayeredIndex } from '../layeredIndex.js'
import { appendPortParts, layoutAfter, layoutOf, type PortLayout } from './portLayout.js'
import { newIndexOf, spliceList } from './entrySplice.js'
import { fixedRulesKey } from './fixedRules.js'
import { entriesChange, FragmentCache, fixedRules, SyncPlan, uniquelyNamed, type PortEntry } from './syncProxyRules.js'
import type { ProxyInput, ProxyServicePort } from './types.js'
import { isPortChainName } from './chainNames.js'
import { listingOf, listingOrder, type ListingOrder } from './chainListing.js'
import { ownChainCounts, rulesBeforeName, type OwnChainCounts } from './ruleSums.js'

/** How much work fragments have cost, for tests and the benchmark (textFragment.ts counts them). */
export { fragmentCounters }

type Fragment = Pick<TextFragment, 'natChains' | 'segments' | 'ownChains' | 'listed' | 'ownRuleCount'>

const EMPTY: Fragment = { natChains: [], segments: [], ownChains: () => [], listed: () => '', ownRuleCount: () => 0 }
const textFragments = new FragmentCache<TextFragment>()

const hasNoIP = (sp: ProxyServicePort): boolean => sp.type === 'ExternalName' || sp.clusterIP === null

function fragmentFor(plan: SyncPlan, { sp, raw, eps }: PortEntry, key: string): Fragment {
  if (hasNoIP(sp)) return EMPTY
  const withIP = sp as ProxyServicePort & { clusterIP: string }
  // find, then add: no closure made per port and node when the fragment is cached.
  return textFragments.find(sp, raw, key) ?? textFragments.add(sp, raw, key, new TextFragment(plan.view(withIP, eps)))
}

/**
 * The fragment a port has on every node with no endpoint of its own and outside its source
 * ranges (the key of such a node is the settings key alone): the one most nodes share.
 */
function clusterWideFragment(plan: SyncPlan, { sp, raw, eps }: PortEntry): Fragment {
  if (hasNoIP(sp)) return EMPTY
  const withIP = sp as ProxyServicePort & { clusterIP: string }
  return textFragments.find(sp, raw, plan.cfgKey) ?? textFragments.add(sp, raw, plan.cfgKey, new TextFragment(plan.clusterWideView(withIP, eps)))
}

/**
 * Per model (its port list) and settings, shared by the nodes: each port's cluster-wide fragment
 * (in entry order) and the index of chain name → port entry over them. After a what-if, the
 * earlier model's index with the changed ports' names taken out and put in. The index is null
 * when two ports declare the same chain (then each node's map holds them as a restore would
 * leave them).
 */
interface SharedChains {
  readonly fragments: readonly Fragment[]
  /**
   * Undefined until something looks a chain up by name (indexOf): ports of distinct names
   * declare distinct chains (a chain's hash input starts with its port's name, and the names and
   * protocols the API server accepts cannot run on into another port's), so a listing, which only
   * walks the chains, does not pay for a 40k-name map.
   */
  index: LayeredIndex<PortEntry> | null | undefined
  readonly entries: readonly PortEntry[]
  /** The ports' parts of the shared chains, laid out when the first node asks (portLayout.ts). */
  layout: PortLayout | null
  /** The last model's, when these entries were spliced from its (its layout is spliced too). */
  last: SharedChains | null
  /** The fragments' own chains in name order, made when a node without node-specific ports is listed. */
  listing?: ListingOrder
  /** The fragments' own chains' names and rule counts, made when a rule's line number is first asked (ruleSums.ts). */
  counts?: OwnChainCounts
}

const sharedChains = new WeakMap<readonly PortEntry[], Map<string, SharedChains>>()

function shared(plan: SyncPlan, entries: readonly PortEntry[]): SharedChains {
  let perKey = sharedChains.get(entries)
  if (!perKey) sharedChains.set(entries, (perKey = new Map()))
  const hit = perKey.get(plan.cfgKey)
  if (hit) return hit
  const change = entriesChange(entries)
  const last = change ? sharedChains.get(change.from)?.get(plan.cfgKey) : undefined
  // After a what-if, the last model's list with the edited ports spliced (entrySplice.ts).
  const fragments: Fragment[] = change?.at && last
    ? spliceList(last.fragments, change.at, (j) => clusterWideFragment(plan, change.added[j]!))
    : entries.map((e) => clusterWideFragment(plan, e))
  // The last model's index, if it was made, with the edited ports' names taken out and put in.
  const before = last?.index
  const index = change && before ? before.next(namesOf(plan, change.removed), namesOf(plan, change.added))
    : uniquelyNamed(entries) ? undefined : indexOver(entries, fragments, true)
  // One step back at most: the last one's own link is dropped, so no chain of models is kept.
  if (last) last.last = null
  const s: SharedChains = { fragments, index, entries, layout: null, last: change?.at && last ? last : null }
  perKey.set(plan.cfgKey, s)
  return s
}

/**
 * Chain name → port over the ports' cluster-wide fragments (one plain loop: 40k names at 10,000
 * Services); with `check`, null when two ports declare one chain.
 */
function indexOver(entries: readonly PortEntry[], fragments: readonly Fragment[], check: boolean): LayeredIndex<PortEntry> | null {
  fragmentCounters.indexed++
  const map = new Map<string, PortEntry>()
  for (let i = 0; i < entries.length; i++) {
    for (const name of fragments[i]!.natChains) {
      if (check && map.has(name)) return null
      map.set(name, entries[i]!)
    }
  }
  return LayeredIndex.of(map)
}

/** The model's chain index, made on first use (see SharedChains.index). */
function indexOf(common: SharedChains): LayeredIndex<PortEntry> | null {
  if (common.index === undefined) common.index = indexOver(common.entries, common.fragments, false)
  return common.index
}

/** The chain names the ports' cluster-wide fragments declare, with their port. */
function namesOf(plan: SyncPlan, entries: readonly PortEntry[]): [string, PortEntry][] {
  const names: [string, PortEntry][] = []
  for (const e of entries) for (const name of clusterWideFragment(plan, e).natChains) names.push([name, e])
  return names
}

/**
 * Per model (its port list) and settings: for a chain name, how many rules the ports'
 * cluster-wide chains named before it hold — what an `iptables-save` line number needs, without
 * sorting 40k names. After a what-if, the earlier model's count with the changed ports' taken
 * out and put in (a trace after an edit asks for the same chains as the one before it).
 */
const rulesBeforeCache = new WeakMap<readonly PortEntry[], Map<string, Map<string, number>>>()

function sumsOf(entries: readonly PortEntry[], cfgKey: string, make: boolean): Map<string, number> | undefined {
  let perKey = rulesBeforeCache.get(entries)
  if (!perKey) {
    if (!make) return undefined
    rulesBeforeCache.set(entries, (perKey = new Map()))
  }
  let sums = perKey.get(cfgKey)
  if (!sums && make) perKey.set(cfgKey, (sums = new Map()))
  return sums
}

function ownRulesBefore(f: Fragment, name: string): number {
  let n = 0
  const own = f.natChains
  for (let i = 0; i < own.length; i++) if (own[i]! < name) n += f.ownRuleCount(i)
  return n
}

function clusterWideRulesBefore(plan: SyncPlan, entries: readonly PortEntry[], common: SharedChains, name: string): number {
  const sums = sumsOf(entries, plan.cfgKey, true)!
  let n = sums.get(name)
  if (n !== undefined) return n
  const change = entriesChange(entries)
  const earlier = change ? sumsOf(change.from, plan.cfgKey, false)?.get(name) : undefined
  if (change && earlier !== undefined) {
    n = earlier
    for (const e of change.removed) n -= ownRulesBefore(clusterWideFragment(plan, e), name)
    for (const e of change.added) n += ownRulesBefore(clusterWideFragment(plan, e), name)
  } else {
    // The model's cluster-wide fragments' own chains and their rule counts, flat (ruleSums.ts).
    n = rulesBeforeName((common.counts ??= ownChainCounts(common.fragments)), name)
  }
  sums.set(name, n)
  return n
}

/**
 * One node's per-port chains, in write order: found by name through the shared index (for the
 * ports whose fragment here is the cluster-wide one) or in a small map of the node's own
 * (traffic policy Local, source ranges).
 */
class PortChains implements ChainBlock {
  constructor(
    private readonly plan: SyncPlan,
    private readonly entries: readonly PortEntry[],
    private readonly frags: readonly Fragment[],
    private readonly common: SharedChains,
    private readonly nodeLocal: Map<string, Chain>,
    /** The ports whose fragment on this node is not the cluster-wide one, with that fragment. */
    private readonly nodeSpecific: readonly (readonly [PortEntry, Fragment])[],
    readonly size: number,
  ) {}

  rulesBefore(name: string): number {
    let n = clusterWideRulesBefore(this.plan, this.entries, this.common, name)
    for (const [e, f] of this.nodeSpecific) n += ownRulesBefore(f, name) - ownRulesBefore(clusterWideFragment(this.plan, e), name)
    return n
  }

  get(name: string): Chain | undefined {
    const own = this.nodeLocal.get(name)
    if (own) return own
    // The other programs' chains (flannel's, the CNI plugins') are asked for by name as they
    // are set: those are not port chains, and need no index.
    if (!isPortChainName(name)) return undefined
    const e = indexOf(this.common)!.get(name)
    if (e === undefined || this.plan.key(e.sp, e.eps) !== this.plan.cfgKey) return undefined
    for (const c of clusterWideFragment(this.plan, e).ownChains()) if (c.name === name) return c
    return undefined
  }

  forEach(fn: (c: Chain) => void): void {
    // Indexed: run once per node's listing, over 10,000 ports, mostly before V8 optimises it.
    const frags = this.frags
    for (let i = 0; i < frags.length; i++) {
      const f = frags[i]!
      if (!f.natChains.length) continue
      const own = f.ownChains()
      for (let j = 0; j < own.length; j++) fn(own[j]!)
    }
  }

  /** For a listing: the model's order when this node has the cluster-wide fragments, else its own (chainListing.ts). */
  sortedListing(): SortedListing {
    const frags = this.frags
    const order = frags === this.common.fragments ? (this.common.listing ??= listingOrder(frags)) : listingOrder(frags)
    return listingOf(order, frags)
  }
}

/**
 * Writes kube-proxy's filter and nat chains into a node's ruleset as one full sync with
 * `--noflush` leaves them: each declared chain holds exactly the rules written to it, in write
 * order (applyKubeProxy does the same from a RestoreInput, rule by rule). Chains are set in the
 * order the restore declares them, so the tables list them as the kernel's restore creates them;
 * the per-port chains are a block of the nat table found by name on demand (see PortChains).
 */
export function applyKubeProxyChains(rs: Ruleset, input: ProxyInput): void {
  const { fixed, head, tail } = fixedParts(input.config)
  const plan = new SyncPlan(input, 'text')
  applyKubeProxyJumps(rs, input.config)
  const tables = { filter: ensureTable(rs, 'filter').chains, nat: ensureTable(rs, 'nat').chains }
  // A chain line of the restore creates the chain or empties it; its rules follow. The shared
  // chains are set first (declaration order) and filled as the ports are walked.
  const parts = { filter: new Map<string, ChainPart[]>(), nat: new Map<string, ChainPart[]>() }
  for (const table of ['filter', 'nat'] as const) {
    for (const c of table === 'filter' ? fixed.filterChains : fixed.natChains) {
      const list: ChainPart[] = []
      parts[table].set(c, list)
      tables[table].set(c, composedChain(c, list))
    }
  }
  const add = (table: 'filter' | 'nat', chain: string, part: ChainPart): void => {
    const list = parts[table].get(chain)
    // kube-proxy declares every chain it writes to; a rule for another chain would be a bug here.
    if (!list) throw new Error(`kube-proxy wrote to undeclared ${table} chain ${chain}`)
    list.push(part)
  }
  const addFixed = ([table, chain, part]: FixedPart): void => add(table, chain, part)
  head.forEach(addFixed)
  const nat = tables.nat
  const entries = plan.ports()
  const common = nat instanceof ChainTable ? shared(plan, entries) : null
  if (common && common.index !== null) {
    setPortChains(plan, entries, common, nat as ChainTable, (table, chain) => {
      const list = parts[table].get(chain)
      if (!list) throw new Error(`kube-proxy wrote to undeclared ${table} chain ${chain}`)
      return list
    })
  } else {
    // Two ports declaring one chain (or a plain map): each port's chains set in turn.
    for (const e of entries) {
      const f = fragmentFor(plan, e, plan.key(e.sp, e.eps))
      for (const seg of f.segments) if (!seg.own) add(seg.table, seg.chain, seg)
      for (const c of f.ownChains()) nat.set(c.name, c)
    }
  }
  tail.forEach(addFixed)
}

type FixedPart = readonly ['filter' | 'nat', string, ChainPart]

/**
 * kube-proxy's fixed rules as parts, kept by what they are made of (fixedRulesKey): every node
 * whose config gives the same key, in every model, has the same Rule objects there (as it has its
 * ports' fragments'), so a what-if's new KUBE-SERVICES ends with the last one's NodePort dispatch
 * rule and its index is spliced from the last one's (src/engine/netfilter/chainIndex.ts). The
 * least recently used key goes first past 256 (nodePortAddresses makes one per node).
 */
const fixedByConfig = new Map<string, { readonly fixed: ReturnType<typeof fixedRules>; readonly head: readonly FixedPart[]; readonly tail: readonly FixedPart[] }>()
function fixedParts(config: ProxyInput['config']): { readonly fixed: ReturnType<typeof fixedRules>; readonly head: readonly FixedPart[]; readonly tail: readonly FixedPart[] } {
  const key = fixedRulesKey(config)
  let got = fixedByConfig.get(key)
  if (got) {
    fixedByConfig.delete(key)
  } else {
    const fixed = fixedRules(config)
    const part = (f: (typeof fixed.head)[number]): FixedPart => [f.table, f.rule.rule.chain, rulePart(f.rule.rule, formatSaveRule(f.rule.rule))]
    got = { fixed, head: fixed.head.map(part), tail: fixed.tail.map(part) }
    if (fixedByConfig.size >= 256) fixedByConfig.delete(fixedByConfig.keys().next().value!)
  }
  fixedByConfig.set(key, got)
  return got
}

/** The shared chains' layout: the last model's spliced, when these entries were spliced from its. */
function layoutFor(plan: SyncPlan, entries: readonly PortEntry[], common: SharedChains): PortLayout {
  const mayVary = (e: PortEntry): boolean => !hasNoIP(e.sp) && plan.mayDifferByNode(e.sp)
  const change = entriesChange(entries)
  const last = common.last
  // The last layout is used only if some node already laid it out; the chain of lasts ends here.
  common.last = null
  if (!change?.at || !last?.layout) return layoutOf(common.fragments, (i) => mayVary(entries[i]!))
  let removedNat = 0
  for (const e of change.removed) removedNat += clusterWideFragment(plan, e).natChains.length
  const added = change.added.map((e, j) => [change.at!.addedAt[j]!, common.fragments[change.at!.addedAt[j]!]!, mayVary(e)] as const)
  return layoutAfter(last.layout, newIndexOf(change.from.length, change.at), added, removedNat)
}

/**
 * A node's port chains as the block of its nat table, and the ports' parts of the shared chains:
 * the model's layout, with the ports whose fragment on this node is not the cluster-wide one
 * (only those that may differ are asked: SyncPlan.mayDifferByNode) in their place.
 */
function setPortChains(plan: SyncPlan, entries: readonly PortEntry[], common: SharedChains, nat: ChainTable, listOf: (table: 'filter' | 'nat', chain: string) => ChainPart[]): void {
  const cw = common.fragments
  const layout = (common.layout ??= layoutFor(plan, entries, common))
  const specific: [number, Fragment][] = []
  for (const i of layout.variable) {
    const e = entries[i]!
    const key = plan.key(e.sp, e.eps)
    if (key !== plan.cfgKey) specific.push([i, fragmentFor(plan, e, key)])
  }
  appendPortParts(layout, specific, listOf)
  const frags = specific.length ? cw.slice() : cw
  const nodeLocal = new Map<string, Chain>()
  const nodeSpecific: [PortEntry, Fragment][] = []
  let size = layout.natCount
  let declared = 0
  for (const [i, f] of specific) {
    ;(frags as Fragment[])[i] = f
    size += f.natChains.length - cw[i]!.natChains.length
    if (!f.natChains.length) continue
    declared += f.natChains.length
    for (const c of f.ownChains()) nodeLocal.set(c.name, c)
    nodeSpecific.push([entries[i]!, f])
  }
  // A node's own chain named like another port's would make the block ambiguous: set the
  // chains one by one instead (a restore would leave the later one under the first's place).
  // (Never when the index is not made yet: then the ports' names, and so their chains', differ.)
  const clash = common.index !== undefined && [...nodeLocal.keys()].some((n) => { const e = common.index!.get(n); return e !== undefined && plan.key(e.sp, e.eps) === plan.cfgKey })
  if (clash || nodeLocal.size !== declared) {
    for (const f of frags) for (const c of f.ownChains()) nat.set(c.name, c)
  } else {
    nat.setBlock(new PortChains(plan, entries, frags, common, nodeLocal, nodeSpecific, size))
  }
}
