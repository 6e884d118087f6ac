/**
 * Generates the iptables-restore input kube-proxy (iptables mode) writes in one full sync on
 * one node: the filter and nat chains it owns and their rules, in kube-proxy's write order and
 * argument order. Service ports are taken in canonical (sorted) order where kube-proxy walks a Go
 * map. Sources: ../shared/design/kube-proxy.md §2–§6.
 */
import { cidrContains, isIpv4, parseCidr, parseIpv4 } from '../addr/ipv4.js'
import { byteCompare } from '../netfilter/formatSave.js'
import { mergeByName, mergeWalking, type EntryPositions } from './entrySplice.js'
import { servicePortNameString } from './chainNames.js'
import type { ProxyEndpoint, ProxyInput, ProxyServicePort, RestoreInput } from './types.js'
import { servicePortKey } from './types.js'
import { objectSlot } from './objectSlot.js'
import { fixedRules, type FixedRules } from './fixedRules.js'
import type { BuildMode, KpRule, RuleBuilder } from './ruleBuilder.js'
import { writeServicePort, type RuleSink, type SyncContext } from './servicePortRules.js'

export { probability } from './servicePortRules.js'
import { categorize, clusterEndpoints, countEndpoints, normaliseEndpoints, NO_ENDPOINTS } from './endpoints.js'
export { fixedRules, type FixedRules } from './fixedRules.js'

/** Normalises a source range the way kube-proxy's service info does (trim, clear host bits). */
export function normaliseSourceRange(text: string): string | null {
  const t = text.trim()
  const slash = t.indexOf('/')
  if (slash < 0) return null
  const addr = t.slice(0, slash).split('.').map((o) => String(Number(o))).join('.')
  const len = Number(t.slice(slash + 1))
  if (!isIpv4(addr) || !Number.isInteger(len) || len < 0 || len > 32) return null
  const base = (parseIpv4(addr) & (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0)) >>> 0
  return `${[24, 16, 8, 0].map((s) => (base >>> s) & 255).join('.')}/${len}`
}

/** A port list in write order, and where each of them is in the list (for ProxyInput.portEndpoints). */
interface SortedPorts {
  readonly sorted: ProxyServicePort[]
  readonly order: number[]
}

const sortedCache = new WeakMap<readonly ProxyServicePort[], SortedPorts>()
const endpointCounts = new WeakMap<ProxyInput['endpoints'], number>()


/**
 * What is kept per service port object, in one record: its name, its endpoints as last
 * normalised, and each fragment cache's fragments (a slot per cache). A first node meets 10,000
 * new ports, and a WeakMap entry costs far more to add than to read: one per port, not four.
 */
interface PortMemo {
  name: string | undefined
  raw: readonly ProxyEndpoint[] | undefined
  eps: readonly ProxyEndpoint[] | undefined
  readonly slots: (PortFragments<unknown> | undefined)[]
}

/** Each port object's record, in a private slot of the object (no WeakMap entry: objectSlot.ts). */
const memos = objectSlot<PortMemo>()

function memoOf(sp: ProxyServicePort): PortMemo {
  let m = memos.get(sp)
  if (!m) memos.set(sp, (m = { name: undefined, raw: undefined, eps: undefined, slots: [undefined, undefined, undefined] }))
  return m
}

function portName(sp: ProxyServicePort): string {
  const m = memoOf(sp)
  return (m.name ??= servicePortNameString(sp.namespace, sp.name, sp.portName))
}

/** normalisedEndpoints, remembered in the port's record (its endpoint list is nearly always the same object). */
function portEndpoints(sp: ProxyServicePort, raw: readonly ProxyEndpoint[]): readonly ProxyEndpoint[] {
  const m = memoOf(sp)
  if (m.raw !== raw || !m.eps) {
    m.eps = normaliseEndpoints(raw)
    m.raw = raw
  }
  return m.eps
}

/** Service ports in the order of their names (kube-proxy walks a Go map; the lab sorts). */
function sortedPorts(ports: readonly ProxyServicePort[]): SortedPorts {
  let sorted = sortedCache.get(ports)
  if (!sorted) {
    const named = ports.map((sp, i) => ({ sp, name: portName(sp), i }))
    named.sort((a, b) => byteCompare(a.name, b.name))
    sortedCache.set(ports, (sorted = { sorted: named.map((n) => n.sp), order: named.map((n) => n.i) }))
    if (named.every((n, i) => i === 0 || named[i - 1]!.name !== n.name)) uniquelyNamedLists.add(sorted.sorted)
  }
  return sorted
}

/** Port lists and entry lists whose names strictly increase (no two ports of one name). */
const uniquelyNamedLists = new WeakSet<readonly unknown[]>()

/** Whether these entries (SyncPlan.ports) have no two ports of one name. */
export const uniquelyNamed = (entries: readonly PortEntry[]): boolean => uniquelyNamedLists.has(entries)

function totalEndpoints(input: ProxyInput): number {
  let n = endpointCounts.get(input.endpoints)
  if (n === undefined) endpointCounts.set(input.endpoints, (n = countEndpoints(input)))
  return n
}

const interned = new Map<string, string>()

/** One string object per distinct settings key, so comparing two keys is a pointer compare. */
function intern(key: string): string {
  let k = interned.get(key)
  if (k === undefined) {
    if (interned.size > 1000) interned.clear()
    interned.set(key, (k = key))
  }
  return k
}

/** Every setting that shapes a service port's rules the same way on all nodes. */
function clusterWideKey(cfg: ProxyInput['config'], largeCluster: boolean): string {
  return JSON.stringify([
    cfg.clusterCIDR, cfg.masqueradeMark, cfg.masqueradeAll, cfg.localhostNodePorts, cfg.nfacct, largeCluster,
  ])
}

/**
 * What one service port's rules depend on, on this node. Most of it is the same on every node;
 * it differs only through the node's local endpoints (traffic policy Local) and, for
 * source-range firewalls, whether the node's IP is inside a range.
 */
export interface PortView {
  readonly ctx: SyncContext
  readonly sp: ProxyServicePort
  /** Its name (`ns/name:port`), as the write order was sorted by. */
  readonly spn: string
  readonly clusterIP: string
  readonly cluster: readonly ProxyEndpoint[]
  readonly local: readonly ProxyEndpoint[]
  readonly hasAny: boolean
  readonly sourceRanges: readonly string[]
  readonly nodeInSourceRange: boolean
}

/** Writes a port's rules into a sink. */
export function writePort(out: RuleSink, v: PortView): void {
  writeServicePort(out, v.ctx, v.sp, v.clusterIP, v.cluster, v.local, v.hasAny, v.sourceRanges, v.nodeInSourceRange, v.spn)
}

/** A port's fragments for one endpoint list: the first inline (nearly always the only one). */
interface PortFragments<F> {
  readonly raw: readonly ProxyEndpoint[]
  readonly key: string
  readonly fragment: F
  more: { readonly key: string; readonly fragment: F }[] | null
}

/**
 * Per service port, its fragments (one per mode's cache) by the endpoint list they were written
 * from and a signature of the node-dependent inputs: nearly always one, so a short list. The
 * raw endpoint list is compared by identity, so a model whose service port object is kept while
 * its endpoints changed (an incremental rebuild) never gets a stale fragment.
 */
export class FragmentCache<F> {
  private static caches = 0
  /** This cache's slot in each port's record. */
  private readonly slot: number

  constructor() {
    this.slot = FragmentCache.caches++
  }

  get(sp: ProxyServicePort, raw: readonly ProxyEndpoint[], key: string, build: () => F): F {
    return this.find(sp, raw, key) ?? this.add(sp, raw, key, build())
  }

  /** The fragment cached for the port, endpoint list and key, if any. */
  find(sp: ProxyServicePort, raw: readonly ProxyEndpoint[], key: string): F | undefined {
    const perPort = memos.get(sp)?.slots[this.slot] as PortFragments<F> | undefined
    if (!perPort || perPort.raw !== raw) return undefined
    if (perPort.key === key) return perPort.fragment
    if (perPort.more) for (const e of perPort.more) if (e.key === key) return e.fragment
    return undefined
  }

  /** Caches a fragment just built (find answered undefined for it); returns it. */
  add(sp: ProxyServicePort, raw: readonly ProxyEndpoint[], key: string, fragment: F): F {
    const memo = memoOf(sp)
    const perPort = memo.slots[this.slot] as PortFragments<F> | undefined
    if (!perPort || perPort.raw !== raw) memo.slots[this.slot] = { raw, key, fragment, more: null }
    else (perPort.more ??= []).push({ key, fragment })
    return fragment
  }
}

const NO_RANGES: readonly string[] = []

export interface PortEntry {
  readonly sp: ProxyServicePort
  readonly raw: readonly ProxyEndpoint[]
  readonly eps: readonly ProxyEndpoint[]
}

const portEntries = new WeakMap<readonly ProxyServicePort[], { endpoints: ProxyInput['endpoints']; entries: PortEntry[] }>()

/**
 * How a port list was made from an earlier one: those ports taken out, these put in (a Service
 * an edit changed is both). The proxy input of a model made by a what-if says so (see
 * node/proxyInput.ts), so its write order is the earlier one merged with the new ports instead
 * of 10,000 ports sorted again.
 */
export interface PortListChange {
  readonly from: readonly ProxyServicePort[]
  readonly fromEndpoints: ProxyInput['endpoints']
  readonly removed: ReadonlySet<ProxyServicePort>
  readonly added: readonly ProxyServicePort[]
}

const portListChanges = new WeakMap<readonly ProxyServicePort[], PortListChange>()

export function notePortListChange(ports: readonly ProxyServicePort[], change: PortListChange): void {
  portListChanges.set(ports, change)
}

/** The entries a port list's entries were merged from, and which were dropped and added. */
export interface EntriesChange {
  readonly from: readonly PortEntry[]
  readonly removed: readonly PortEntry[]
  readonly added: readonly PortEntry[]
  /** Where they were in `from` and are in the new entries (ascending), when the merge found them by name. */
  readonly at?: EntryPositions
}

const entriesChanges = new WeakMap<readonly PortEntry[], EntriesChange>()

export const entriesChange = (entries: readonly PortEntry[]): EntriesChange | undefined => entriesChanges.get(entries)

function entryOf(sp: ProxyServicePort, endpoints: ProxyInput['endpoints']): PortEntry {
  return entryWith(sp, endpoints.get(servicePortKey(sp.namespace, sp.name, sp.portName, sp.protocol)) ?? NO_ENDPOINTS)
}

const entryWith = (sp: ProxyServicePort, raw: readonly ProxyEndpoint[]): PortEntry => ({ sp, raw, eps: portEndpoints(sp, raw) })

/**
 * The earlier entries without the removed ports, merged with the added ones in name order; null
 * when the earlier entries are not at hand or two ports share a name (then the order of the
 * full sort, which keeps list order for equal names, is not the merge's).
 */
function mergedEntries(change: PortListChange, endpoints: ProxyInput['endpoints']): { entries: PortEntry[]; delta: EntriesChange } | null {
  const before = portEntries.get(change.from)
  if (!before || before.endpoints !== change.fromEndpoints) return null
  const added = change.added.map((sp) => ({ entry: entryOf(sp, endpoints), name: portName(sp) }))
  added.sort((a, b) => byteCompare(a.name, b.name))
  const found = uniquelyNamedLists.has(before.entries) ? mergeByName(before.entries, change.removed, added, portName) : undefined
  return found !== undefined ? found : mergeWalking(before.entries, change.removed, added, portName)
}

/** The settings of one sync on one node, and each service port's view from it. */
export class SyncPlan {
  readonly ctx: SyncContext
  readonly cfgKey: string
  private readonly nodeIP: number | null

  constructor(readonly input: ProxyInput, mode: BuildMode) {
    const cfg = input.config
    const largeCluster = totalEndpoints(input) > cfg.largeClusterEndpointsThreshold
    this.ctx = { cfg, largeCluster, localhostNps: cfg.localhostNodePorts }
    this.cfgKey = intern(`${clusterWideKey(cfg, largeCluster)}|${mode}`)
    this.nodeIP = isIpv4(cfg.nodeIP) ? parseIpv4(cfg.nodeIP) : null
  }

  /** Service ports in write order with their endpoints (raw, and normalised), kept per input. */
  ports(): readonly PortEntry[] {
    const { servicePorts, endpoints } = this.input
    let hit = portEntries.get(servicePorts)
    if (!hit || hit.endpoints !== endpoints) {
      const change = portListChanges.get(servicePorts)
      const merged = change ? mergedEntries(change, endpoints) : null
      const sorted = merged ? null : sortedPorts(servicePorts)
      // Each port's list by its place in the input when the input gives them so, else by key.
      const byPlace = this.input.portEndpoints?.length === servicePorts.length ? this.input.portEndpoints : undefined
      const entries = merged ? merged.entries
        : byPlace ? sorted!.sorted.map((sp, k) => entryWith(sp, byPlace[sorted!.order[k]!]!))
        : sorted!.sorted.map((sp) => entryOf(sp, endpoints))
      if (merged) entriesChanges.set(entries, merged.delta)
      if (merged || uniquelyNamedLists.has(sorted!.sorted)) uniquelyNamedLists.add(entries)
      portEntries.set(servicePorts, (hit = { endpoints, entries }))
    }
    return hit.entries
  }

  /** The cache key of a port's fragment on this node; the view is computed only when needed. */
  key(sp: ProxyServicePort, eps: readonly ProxyEndpoint[]): string {
    const nodeLocal = sp.externalTrafficPolicy === 'Local' || sp.internalTrafficPolicy === 'Local'
    // (mayDifferByNode below must stay true whenever this can differ from cfgKey.)
    const localSig = nodeLocal ? categorize(eps, this.ctx.cfg.nodeName).local.map((e) => eps.indexOf(e)).join(',') : ''
    const inRange = sp.loadBalancerSourceRanges.length ? this.inSourceRange(sourceRangesOf(sp)) : false
    // Most ports look the same from every node: their key is the (interned) settings key itself.
    return localSig || inRange ? `${this.cfgKey}|${localSig}|${inRange}` : this.cfgKey
  }

  /** Whether key() can be other than cfgKey on some node: a traffic policy Local or source ranges. */
  mayDifferByNode(sp: ProxyServicePort): boolean {
    return sp.externalTrafficPolicy === 'Local' || sp.internalTrafficPolicy === 'Local' || sp.loadBalancerSourceRanges.length > 0
  }

  /**
   * The view of a node with no endpoint of the port's and outside its source ranges: the one
   * most nodes share (see nodeChains.ts), without sorting out anyone's local endpoints.
   */
  clusterWideView(sp: ProxyServicePort & { clusterIP: string }, eps: readonly ProxyEndpoint[]): PortView {
    const cluster = clusterEndpoints(eps)
    return this.portView(sp, cluster, NO_ENDPOINTS, cluster.length > 0, false)
  }

  view(sp: ProxyServicePort & { clusterIP: string }, eps: readonly ProxyEndpoint[]): PortView {
    const { cluster, local, hasAny } = categorize(eps, this.ctx.cfg.nodeName)
    return this.portView(sp, cluster, local, hasAny, true)
  }

  /** A port's view with these endpoints; `fromNode`: whether this node's address is checked against its source ranges. */
  private portView(sp: ProxyServicePort & { clusterIP: string }, cluster: PortView['cluster'], local: PortView['local'], hasAny: boolean, fromNode: boolean): PortView {
    const sourceRanges = sp.loadBalancerSourceRanges.length ? sourceRangesOf(sp) : NO_RANGES
    return { ctx: this.ctx, sp, spn: portName(sp), clusterIP: sp.clusterIP, cluster, local, hasAny, sourceRanges, nodeInSourceRange: fromNode && this.inSourceRange(sourceRanges) }
  }

  private inSourceRange(ranges: readonly string[]): boolean {
    const ip = this.nodeIP
    return ip !== null && ranges.some((r) => { const c = parseCidr(r); return c.ok && cidrContains(c.cidr, ip) })
  }
}

function sourceRangesOf(sp: ProxyServicePort): string[] {
  return sp.loadBalancerSourceRanges.map(normaliseSourceRange).filter((r): r is string => r !== null)
}

/** A service port's rules as kube-proxy's restore input lists them. */
interface KpFragment {
  readonly natChains: string[]
  readonly natRules: KpRule[]
  readonly filterRules: KpRule[]
}

class KpSink implements RuleSink {
  readonly fragment: KpFragment = { natChains: [], natRules: [], filterRules: [] }
  constructor(private readonly buildMode: 'args' | 'rule') {}
  mode(): BuildMode { return this.buildMode }
  nat(b: RuleBuilder): void { this.fragment.natRules.push(b.kpRule()) }
  filter(b: RuleBuilder): void { this.fragment.filterRules.push(b.kpRule()) }
  natChain(name: string): void { this.fragment.natChains.push(name) }
}

const EMPTY_FRAGMENT: KpFragment = { natChains: [], natRules: [], filterRules: [] }
const kpFragments = new FragmentCache<KpFragment>()

/**
 * The restore input of one full sync. `withArgs: false` leaves out the restore arguments and
 * builds only the rules and their iptables-save lines.
 */
export function syncProxyRules(input: ProxyInput, opts: { withArgs?: boolean } = {}): RestoreInput {
  const mode = (opts.withArgs ?? true) ? 'args' : 'rule'
  const fixed = fixedRules(input.config)
  const plan = new SyncPlan(input, mode)
  const filterRules: KpRule[] = []
  const natRules: KpRule[] = []
  const natChains = fixed.natChains.slice()
  const addFixed = (f: FixedRules['head'][number]): void => void (f.table === 'nat' ? natRules : filterRules).push(f.rule)
  fixed.head.forEach(addFixed)
  for (const e of plan.ports()) {
    const f = servicePortFragment(plan, e, mode)
    for (const c of f.natChains) natChains.push(c)
    for (const r of f.natRules) natRules.push(r)
    for (const r of f.filterRules) filterRules.push(r)
  }
  fixed.tail.forEach(addFixed)
  return { filter: { chains: fixed.filterChains, rules: filterRules }, nat: { chains: natChains, rules: natRules, deletes: [] } }
}

function servicePortFragment(plan: SyncPlan, { sp, raw, eps }: PortEntry, mode: 'args' | 'rule'): KpFragment {
  if (sp.type === 'ExternalName' || sp.clusterIP === null) return EMPTY_FRAGMENT
  const withIP = sp as ProxyServicePort & { clusterIP: string }
  return kpFragments.get(sp, raw, plan.key(sp, eps), () => {
    const sink = new KpSink(mode)
    writePort(sink, plan.view(withIP, eps))
    return sink.fragment
  })
}
