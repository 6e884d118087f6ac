/**
 * Prints rules and whole rulesets exactly as `iptables-save` (iptables 1.8.9, nf_tables) does:
 * address/interface/protocol options first, matches in the order given, the target last;
 * host addresses gain /32, comments are always quoted, MARK shortcuts become --set-xmark.
 */
import { formatCidr, formatIpv4 } from '../addr/ipv4.js'
import type { Chain, Negatable, Match, Rule, Ruleset, Table, TableName, Target } from './types.js'
import { ChainTable, type SortedListing } from './chainTable.js'
import { BUILTIN_CHAINS } from './types.js'
import { appendPendingText, ruleCount } from './composedChain.js'

const neg = (n: Negatable<unknown>): string => (n.negate ? '! ' : '')
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`

/** xtables_save_string: bare when purely [A-Za-z0-9_-], else double-quoted with \ and " escaped. */
export function saveString(value: string): string {
  const q = saveQuoting(value)
  if (q === BARE) return value
  return q === QUOTED ? `"${value}"` : `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`
}

/** How saveString prints a value: as it is, in quotes, or in quotes with \ and " escaped. */
export const BARE = 0
export const QUOTED = 1
export const ESCAPED = 2

/** Which of BARE, QUOTED, ESCAPED saveString(value) is, without making the string. */
export function saveQuoting(value: string): number {
  // A character loop rather than a regex and no memo: most comments are unique to a service.
  let bare = value.length > 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === 92 || c === 34) return ESCAPED
    if (bare) bare = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45
  }
  return bare ? BARE : QUOTED
}

function formatMatch(m: Match): string {
  switch (m.module) {
    case 'comment':
      return `-m comment --comment ${saveString(m.comment)}`
    case 'tcp':
    case 'udp':
    case 'sctp': {
      let s = `-m ${m.module}`
      if (m.sport) s += ` ${neg(m.sport)}--sport ${m.sport.value}`
      if (m.dport) s += ` ${neg(m.dport)}--dport ${m.dport.value}`
      return s
    }
    case 'addrtype': {
      let s = '-m addrtype'
      if (m.srcType) s += ` ${neg(m.srcType)}--src-type ${m.srcType.value}`
      if (m.dstType) s += ` ${neg(m.dstType)}--dst-type ${m.dstType.value}`
      return s
    }
    case 'mark':
      return `-m mark ${m.negate ? '! ' : ''}--mark ${hex(m.value)}${m.mask === 0xffffffff ? '' : `/${hex(m.mask)}`}`
    case 'conntrack':
      return `-m conntrack ${m.negate ? '! ' : ''}--ctstate ${m.ctstate.join(',')}`
    case 'statistic':
      return `-m statistic --mode random --probability ${m.probability.toFixed(11)}`
    case 'recent': {
      const secs = m.seconds !== undefined ? ` --seconds ${m.seconds}` : ''
      const action = m.action === 'set' ? '--set' : `--rcheck${secs}${m.reap ? ' --reap' : ''}`
      return `-m recent ${action} --name ${m.name} --mask 255.255.255.255 --rsource`
    }
    case 'nfacct':
      // iptables 1.8.9 prints two spaces here (observed on the kernel).
      return `-m nfacct --nfacct-name  ${m.name}`
    case 'multiport':
      // iptables-save prints the short option whatever was written (--destination-ports → --dports).
      return `-m multiport --dports ${m.dports.join(',')}`
  }
}

function formatTarget(t: Target): string {
  switch (t.kind) {
    case 'jump':
      return `-j ${t.chain}`
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
    case 'NOTRACK':
      return `-j ${t.kind}`
    case 'REJECT':
      return `-j REJECT --reject-with ${t.rejectWith}`
    case 'DNAT':
      return `-j DNAT --to-destination ${formatIpv4(t.toAddress)}${t.toPort !== undefined ? `:${t.toPort}` : ''}`
    case 'MASQUERADE':
      return `-j MASQUERADE${t.randomFully ? ' --random-fully' : ''}`
    case 'MARK':
      return `-j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`
  }
}

/** One `-A` line as iptables-save prints it. */
export function formatSaveRule(r: Rule): string {
  if (r.saveText !== undefined) return r.saveText
  let s = `-A ${r.chain}`
  if (r.src) s += ` ${neg(r.src)}-s ${formatCidr(r.src.value)}`
  if (r.dst) s += ` ${neg(r.dst)}-d ${formatCidr(r.dst.value)}`
  if (r.inIface) s += ` ${neg(r.inIface)}-i ${r.inIface.value}`
  if (r.outIface) s += ` ${neg(r.outIface)}-o ${r.outIface.value}`
  if (r.proto) s += ` ${neg(r.proto)}-p ${r.proto.value}`
  for (const m of r.matches) s += ` ${formatMatch(m)}`
  if (r.target) s += ` ${formatTarget(r.target)}`
  return s
}

export interface SavedText {
  readonly text: string
  /**
   * 1-based line number of a rule of this ruleset in `text` (undefined for a rule it does not
   * hold). Computed on demand from where each chain's rules start: a per-rule index would cost
   * more than the text itself on a 100k-rule node.
   */
  readonly lineOf: (table: TableName, rule: Rule) => number | undefined
}

// The order iptables-save (1.8, nf_tables) prints tables in, whatever order they were made in.
const TABLE_ORDER: readonly TableName[] = ['mangle', 'raw', 'filter', 'nat']

/**
 * A table's `:chain` lines and rule lines as iptables-save lists them, appended to `pieces`
 * (joined with "\n" later): the built-in chains in their fixed order, then the user chains
 * sorted. Read in one pass (a 40k-chain table is not asked for each name again); the names are
 * sorted as plain strings (the engine's own comparison, no comparator call per pair), and the
 * user chains' lines are one join when none has a policy (a user chain never does).
 */
function appendTable(pieces: string[], table: Table): void {
  const builtins = BUILTIN_CHAINS[table.name]
  const builtin: (Chain | undefined)[] = builtins.map(() => undefined)
  let names: string[] = []
  const byName = new Map<string, Chain>()
  let policies = false
  const each = (name: string, chain: Chain): void => {
    const b = builtins.indexOf(name)
    if (b >= 0) builtin[b] = chain
    else {
      names.push(name)
      byName.set(name, chain)
      if (chain.policy !== null) policies = true
    }
  }
  // A block of chains that lists itself sorted (kube-proxy's 40k port chains): the other user
  // chains are sorted and merged with it.
  let block: SortedListing | null = null
  if (table.chains instanceof ChainTable) {
    block = table.chains.sortedBlock(each)
    if (!block) table.chains.eachChain(each)
  } else for (const [name, chain] of table.chains) each(name, chain)
  // Code-unit order (the default sort of strings): byte order for every name without characters
  // above U+D7FF, and chain names are ASCII in practice (kube-proxy, CNI plugins, flannel).
  names.sort()
  // A user chain, or (ChainBlock.sortedListing) the text of one not made yet, which has no policy.
  let chains: (Chain | string)[] = names.map((n) => byName.get(n)!)
  if (block) [names, chains] = merged(names, chains, block)
  const ordered: (Chain | string)[] = []
  builtin.forEach((chain, i) => {
    if (!chain) return
    ordered.push(chain)
    pieces.push(`:${builtins[i]} ${chain.policy ?? '-'} [0:0]`)
  })
  if (!policies && names.length) pieces.push(`:${names.join(' - [0:0]\n:')} - [0:0]`)
  // Indexed loops here and below: this runs a few times per node, mostly before V8 optimises
  // it, where a for-of over 40k chains makes an iterator result per step.
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!
    const chain = chains[i]!
    ordered.push(chain)
    if (policies) pieces.push(`:${name} ${(typeof chain === 'string' ? null : chain.policy) ?? '-'} [0:0]`)
  }
  for (let i = 0; i < ordered.length; i++) {
    const chain = ordered[i]!
    if (typeof chain === 'string') {
      if (chain) pieces.push(chain)
      continue
    }
    if (appendPendingText(chain, pieces)) continue
    const rules = chain.rules
    for (let j = 0; j < rules.length; j++) pieces.push(formatSaveRule(rules[j]!))
  }
}

/** Two lists of chains in name order as one (their names differ: one table holds them). */
function merged(names: readonly string[], chains: readonly (Chain | string)[], block: SortedListing): [string[], (Chain | string)[]] {
  const n = names.length + block.names.length
  const outNames: string[] = new Array(n)
  const outChains: (Chain | string)[] = new Array(n)
  let i = 0
  let j = 0
  for (let k = 0; k < n; k++) {
    if (j >= block.names.length || (i < names.length && names[i]! < block.names[j]!)) {
      outNames[k] = names[i]!
      outChains[k] = chains[i++]!
    } else {
      outNames[k] = block.names[j]!
      outChains[k] = block.chains[j++]!
    }
  }
  return [outNames, outChains]
}

/** How many rules the chains printed before `chainName` in its table hold. */
function rulesBefore(table: Table, chainName: string): number {
  const builtins = BUILTIN_CHAINS[table.name]
  if (table.chains instanceof ChainTable) return table.chains.rulesBefore(chainName, builtins)
  const builtinAt = builtins.indexOf(chainName)
  let n = 0
  for (const [c, ch] of table.chains) {
    const b = builtins.indexOf(c)
    if (builtinAt >= 0 ? b >= 0 && b < builtinAt : b >= 0 || c < chainName) n += ruleCount(ch)
  }
  return n
}

function totalRules(table: Table): number {
  let n = 0
  if (table.chains instanceof ChainTable) table.chains.eachChain((_n, c) => void (n += ruleCount(c)))
  else for (const c of table.chains.values()) n += ruleCount(c)
  return n
}

export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The whole `iptables-save` output: tables mangle, filter, nat; built-in chains with policy and
 * counters, then user chains sorted byte-wise; then every rule grouped by chain in that order.
 * The "# Generated by / # Completed on" lines carry a date in real output; the lab leaves them out
 * so output is reproducible. A composed chain whose Rules were never built is printed from its
 * parts' texts (runs of lines written once per service port and shared by every node); other
 * chains from their rules' lines (kube-proxy's rules carry theirs).
 */
export function formatIptablesSave(ruleset: Ruleset): SavedText {
  // The 15 MB text of a 10,000-Service node is laid out (40k chain names sorted) and joined only
  // when someone reads it. A trace needs only the "decided by" line numbers of a few rules:
  // those are counted from the rule counts without sorting (see lineOf).
  let text: string | undefined
  const join = (): string => {
    // Every line or run of lines, joined once at the end: the large texts are copied only once.
    const pieces: string[] = []
    for (const name of TABLE_ORDER) {
      const table = ruleset.get(name)
      if (!table) continue
      pieces.push(`*${name}`)
      appendTable(pieces, table)
      pieces.push('COMMIT')
    }
    if (pieces.length) pieces.push('')
    return pieces.join('\n')
  }
  const firstLines = new Map<TableName, Map<string, number | undefined>>()
  const lines = new Map<Rule, number | undefined>()
  /** Lines before each table's `*name` line: every earlier table's header, chain lines, rules and COMMIT. */
  const startOf = (name: TableName): number => {
    let line = 0
    for (const t of TABLE_ORDER) {
      if (t === name) return line
      const table = ruleset.get(t)
      if (table) line += 2 + table.chains.size + totalRules(table)
    }
    return line
  }
  /**
   * The 1-based line of a chain's first rule (undefined when it has none): its table's start,
   * the table's header and chain lines, and the rules of the chains printed before it — built-in
   * chains in their fixed order, then user chains in byte order — summed in one pass, no sort.
   */
  /**
   * The 1-based line of a chain's first rule (undefined when it has none): its table's start,
   * the table's header and chain lines, and the rules of the chains printed before it — built-in
   * chains in their fixed order, then user chains in byte order — summed without sorting.
   */
  const firstLineOf = (name: TableName, chainName: string): number | undefined => {
    let perTable = firstLines.get(name)
    if (!perTable) firstLines.set(name, (perTable = new Map()))
    if (perTable.has(chainName)) return perTable.get(chainName)
    const table = ruleset.get(name)
    const chain = table?.chains.get(chainName)
    let first: number | undefined
    if (table && chain && ruleCount(chain) > 0) first = startOf(name) + 1 + table.chains.size + rulesBefore(table, chainName) + 1
    perTable.set(chainName, first)
    return first
  }
  return {
    get text() { return (text ??= join()) },
    lineOf(table, rule) {
      if (lines.has(rule)) return lines.get(rule)
      const first = firstLineOf(table, rule.chain)
      let line: number | undefined
      if (first !== undefined) {
        // One scan of the chain (KUBE-SERVICES holds 10k+ rules) per rule asked about.
        const index = ruleset.get(table)!.chains.get(rule.chain)!.rules.indexOf(rule)
        line = index < 0 ? undefined : first + index
      }
      lines.set(rule, line)
      return line
    },
  }
}
