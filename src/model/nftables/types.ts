/**
 * An nftables table as data: sets, maps, chains and rules in a small structured form that both
 * the renderers (knftables' `add …` lines, `nft list table`) and the packet engine read. Only
 * the expressions kube-proxy's nftables proxier writes are modelled.
 * Reference: ../shared/design/kube-proxy-nftables.md §2–§5, §10.
 */

export type NftFamily = 'ip' | 'ip6'

/** A verdict as written in a rule or as a verdict-map value. */
export type NftVerdict =
  | { readonly kind: 'jump' | 'goto'; readonly chain: string }
  | { readonly kind: 'drop' | 'reject' | 'return' | 'accept' }

/** The value side of an address match. */
export type NftAddrValue =
  | { readonly kind: 'prefix'; readonly text: string }
  | { readonly kind: 'set'; readonly name: string }
  /** An anonymous set written `{ a , b }`; kube-proxy keeps the braces even for one item. */
  | { readonly kind: 'anon'; readonly items: readonly string[] }

export type NftMatch =
  | { readonly kind: 'ct-state'; readonly state: 'new' }
  | { readonly kind: 'addr'; readonly field: 'saddr' | 'daddr'; readonly negate: boolean; readonly value: NftAddrValue }
  | { readonly kind: 'fib-local'; readonly field: 'saddr' | 'daddr' }
  | { readonly kind: 'l4proto'; readonly proto: string }
  /** `mark and M == 0`: the masquerade bit is clear. */
  | { readonly kind: 'mark-clear'; readonly mark: number }

/** The key a verdict-map lookup builds from the packet. */
export type NftLookupKey = 'daddr.l4proto.dport' | 'l4proto.dport'

export type NftAction =
  | { readonly kind: 'verdict'; readonly verdict: NftVerdict }
  | { readonly kind: 'vmap'; readonly key: NftLookupKey; readonly map: string }
  | { readonly kind: 'numgen'; readonly targets: readonly string[] }
  | { readonly kind: 'mark-or' | 'mark-xor'; readonly mark: number }
  | { readonly kind: 'masquerade'; readonly fullyRandom: boolean }
  | { readonly kind: 'dnat'; readonly ip: string; readonly port: number }
  | { readonly kind: 'update-saddr'; readonly set: string }

export interface NftRule {
  readonly matches: readonly NftMatch[]
  readonly action: NftAction
  readonly comment?: string
}

export interface NftHook {
  readonly type: 'filter' | 'nat'
  readonly hook: 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting'
  readonly priority: number
}

export interface NftChain {
  readonly name: string
  readonly hook?: NftHook
  readonly comment?: string
  readonly rules: NftRule[]
}

/** A key type word of a set or map (nft's data types). */
export type NftKeyType = 'ipv4_addr' | 'ipv6_addr' | 'inet_proto' | 'inet_service'

export interface NftElement {
  /** One string per concatenated key part, as written (`172.30.0.41`, `tcp`, `80`). */
  readonly key: readonly string[]
  readonly comment?: string
  readonly verdict?: NftVerdict
}

export interface NftSet {
  readonly name: string
  /** `set` holds keys; `map` maps keys to verdicts. */
  readonly kind: 'set' | 'map'
  readonly keyType: readonly NftKeyType[]
  readonly flags?: readonly ('dynamic' | 'timeout' | 'interval')[]
  /** Seconds. */
  readonly timeout?: number
  readonly comment?: string
  /** In the order they were added. */
  readonly elements: NftElement[]
}

export interface NftTable {
  readonly family: NftFamily
  readonly name: string
  readonly comment?: string
  /** Sets and maps by name. */
  readonly sets: Map<string, NftSet>
  readonly chains: Map<string, NftChain>
}
