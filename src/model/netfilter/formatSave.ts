/**
 * Prints rules and whole rulesets exactly as `iptables-save` (iptables 1.8.9, nf_tables) does:
 * address/interface/protocol options first, matches in the order given, the target last;
 * host addresses gain /32, comments are always quoted, MARK shortcuts become --set-xmark.
 */
import { formatCidr, formatIpv4 } from '../addr/ipv4.js'
import type { Negatable, Match, Rule, Ruleset, Table, TableName, Target } from './types.js'
import { BUILTIN_CHAINS } from './types.js'
import { pendingText } from './composedChain.js'

const neg = (n: Negatable<unknown>): string => (n.negate ? '! ' : '')
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`

/** xtables_save_string: bare when purely [A-Za-z0-9_-], else double-quoted with \ and " escaped. */
export function saveString(value: string): string {
  // A character loop rather than a regex and no memo: most comments are unique to a service.
  let bare = value.length > 0
  for (let i = 0; bare && i < value.length; i++) {
    const c = value.charCodeAt(i)
    bare = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45
  }
  if (bare) return value
  return value.indexOf('\\') < 0 && value.indexOf('"') < 0 ? `"${value}"` : `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`
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

function orderedChains(table: Table): string[] {
  const builtins = BUILTIN_CHAINS[table.name]
  const builtin = builtins.filter((c) => table.chains.has(c))
  const user: string[] = []
  for (const c of table.chains.keys()) if (!builtins.includes(c)) user.push(c)
  // The default sort compares UTF-16 code units: byte order for every name without characters
  // above U+D7FF, and chain names are ASCII in practice (kube-proxy, CNI plugins, flannel).
  user.sort()
  return builtin.length ? [...builtin, ...user] : user
}

export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** One table's chains in save order and where each chain's rules start in the text. */
interface TableLayout {
  readonly chains: readonly string[]
  /** Per chain of `chains`, the 1-based text line of its first rule (its rules follow). */
  readonly firstLines: Int32Array
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
  // The layout (where each chain's rules start) is all a trace needs for its "decided by" line
  // numbers; the 15 MB text of a 10,000-Service node is joined only when someone reads it.
  let line = 0
  const layouts = new Map<TableName, TableLayout & { pending: ({ texts: readonly string[]; count: number } | null)[] }>()
  for (const name of TABLE_ORDER) {
    const table = ruleset.get(name)
    if (!table) continue
    const chains = orderedChains(table)
    const firstLines = new Int32Array(chains.length)
    const pending: ({ texts: readonly string[]; count: number } | null)[] = new Array(chains.length)
    line += 1 + chains.length
    for (let i = 0; i < chains.length; i++) {
      const p = (pending[i] = pendingText(table.chains.get(chains[i]!)!))
      const count = p ? p.count : table.chains.get(chains[i]!)!.rules.length
      if (!count) continue
      firstLines[i] = line + 1
      line += count
    }
    line += 1
    layouts.set(name, { chains, firstLines, pending })
  }
  let text: string | undefined
  const join = (): string => {
    // Every line or run of lines, joined once at the end: the large texts are copied only once.
    const pieces: string[] = []
    for (const [name, { chains, firstLines, pending }] of layouts) {
      const table = ruleset.get(name)!
      pieces.push(`*${name}`)
      for (const c of chains) pieces.push(`:${c} ${table.chains.get(c)!.policy ?? '-'} [0:0]`)
      for (let i = 0; i < chains.length; i++) {
        if (!firstLines[i]) continue
        const p = pending[i]
        if (p) for (const t of p.texts) pieces.push(t)
        else for (const r of table.chains.get(chains[i]!)!.rules) pieces.push(formatSaveRule(r))
      }
      pieces.push('COMMIT')
    }
    if (pieces.length) pieces.push('')
    return pieces.join('\n')
  }
  // Where each chain starts, and each rule's position in its chain, indexed on first use
  // (KUBE-SERVICES holds 10k+ rules; most chains are never asked about). Looked up per packet
  // step, so without building a key string.
  let firstRuleLine: Map<TableName, Map<string, number>> | null = null
  const positions = new Map<readonly Rule[], Map<Rule, number>>()
  return {
    get text() { return (text ??= join()) },
    lineOf(table, rule) {
      if (!firstRuleLine) {
        firstRuleLine = new Map()
        for (const [t, l] of layouts) {
          const m = new Map<string, number>()
          l.chains.forEach((c, i) => { if (l.firstLines[i]) m.set(c, l.firstLines[i]!) })
          firstRuleLine.set(t, m)
        }
      }
      const first = firstRuleLine.get(table)?.get(rule.chain)
      if (first === undefined) return undefined
      const rules = ruleset.get(table)?.chains.get(rule.chain)?.rules ?? []
      let pos = positions.get(rules)
      if (!pos) {
        pos = new Map(rules.map((r, i) => [r, i]))
        positions.set(rules, pos)
      }
      const index = pos.get(rule)
      return index === undefined ? undefined : first + index
    },
  }
}
