/**
 * Structured iptables rules. A rule is parsed from the arguments a program hands to
 * `iptables-restore` and can be printed back the way `iptables-save` prints it; the engine
 * evaluates the same structure, so what is shown is what is walked.
 */
import type { Cidr } from '../addr/ipv4.js'

export type TableName = 'mangle' | 'raw' | 'filter' | 'nat'

export interface Negatable<T> {
  readonly value: T
  readonly negate: boolean
}

export type L4Proto = 'tcp' | 'udp' | 'sctp' | 'icmp'

export type CtState = 'INVALID' | 'NEW' | 'RELATED' | 'ESTABLISHED' | 'UNTRACKED' | 'SNAT' | 'DNAT'
export type AddrType = 'LOCAL' | 'UNICAST' | 'BROADCAST' | 'MULTICAST'

export type Match =
  | { readonly module: 'comment'; readonly comment: string }
  | {
      readonly module: 'tcp' | 'udp' | 'sctp'
      readonly sport?: Negatable<number>
      readonly dport?: Negatable<number>
    }
  | { readonly module: 'addrtype'; readonly srcType?: Negatable<AddrType>; readonly dstType?: Negatable<AddrType> }
  | { readonly module: 'mark'; readonly value: number; readonly mask: number; readonly negate: boolean }
  | { readonly module: 'conntrack'; readonly ctstate: readonly CtState[]; readonly negate: boolean }
  | { readonly module: 'statistic'; readonly probability: number }
  | {
      readonly module: 'recent'
      readonly name: string
      readonly action: 'set' | 'rcheck'
      readonly seconds?: number
      readonly reap: boolean
    }
  | { readonly module: 'nfacct'; readonly name: string }
  /** xt_multiport with --dports (the CNI portmap plugin's entry rules): up to 15 ports. */
  | { readonly module: 'multiport'; readonly dports: readonly number[] }

export type Target =
  | { readonly kind: 'jump'; readonly chain: string }
  | { readonly kind: 'ACCEPT' | 'DROP' | 'RETURN' }
  /** raw table: the packet skips connection tracking (and so every nat rule). */
  | { readonly kind: 'NOTRACK' }
  | { readonly kind: 'REJECT'; readonly rejectWith: string }
  | { readonly kind: 'DNAT'; readonly toAddress: number; readonly toPort?: number }
  | { readonly kind: 'MASQUERADE'; readonly randomFully: boolean }
  | { readonly kind: 'MARK'; readonly value: number; readonly mask: number }

export interface Rule {
  readonly chain: string
  readonly src?: Negatable<Cidr>
  readonly dst?: Negatable<Cidr>
  readonly inIface?: Negatable<string>
  readonly outIface?: Negatable<string>
  readonly proto?: Negatable<L4Proto>
  readonly matches: readonly Match[]
  /** Absent for a rule that only counts (kube-proxy's KUBE-FW "other traffic" rule). */
  readonly target?: Target
  /**
   * The line `iptables-save` prints for this rule, when whoever wrote the rule already had it
   * (kube-proxy's generated rules, shared by every node). formatSaveRule prints it as is.
   */
  readonly saveText?: string
}

export interface Chain {
  readonly name: string
  /** Built-in chains have a policy; user chains have none ("-"). */
  readonly policy: 'ACCEPT' | 'DROP' | null
  readonly rules: Rule[]
}

export interface Table {
  readonly name: TableName
  readonly chains: Map<string, Chain>
}

/** One netns's netfilter state: the tables that exist in it. */
export type Ruleset = Map<TableName, Table>

export const BUILTIN_CHAINS: Record<TableName, readonly string[]> = {
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
}
