/** A network namespace's derived state, in the vocabulary of iproute2. */
import type { Cidr } from '../addr/ipv4.js'
import type { SavedText } from '../netfilter/formatSave.js'
import type { Ruleset } from '../netfilter/types.js'
import type { NftNodeState } from './nftState.js'

export interface NetDevice {
  readonly ifindex: number
  readonly name: string
  readonly kind: 'loopback' | 'ethernet' | 'veth' | 'bridge' | 'vxlan' | 'dummy'
  readonly mac: string
  readonly mtu: number
  /** Operstate as `ip` prints it: vxlan and lo report UNKNOWN (no carrier reporting). */
  readonly state: 'UP' | 'UNKNOWN' | 'DOWN'
  readonly addresses: readonly { readonly ip: number; readonly prefixLength: number }[]
  readonly master?: string
  /** veth peer: the other end's ifindex, printed as `@ifN`. */
  readonly peerIfindex?: number
  readonly vxlan?: { readonly vni: number; readonly port: number; readonly local: number; readonly dev: string }
  readonly hairpin?: boolean
}

export interface RouteEntry {
  /** null: the default route. */
  readonly dst: Cidr | null
  readonly via?: number
  readonly dev: string
  readonly proto?: 'kernel'
  readonly scope?: 'link' | 'host'
  readonly src?: number
  readonly onlink?: boolean
  readonly metric?: number
}

export interface NeighEntry {
  readonly ip: number
  readonly dev: string
  readonly lladdr: string
  readonly state: 'PERMANENT' | 'REACHABLE'
}

export interface FdbEntry {
  readonly mac: string
  readonly dev: string
  readonly dst?: number
  readonly master?: string
  readonly self: boolean
  readonly permanent: boolean
}

export interface NetnsState {
  readonly devices: readonly NetDevice[]
  /** main table, in the order `ip route` dumps it. */
  readonly routes: readonly RouteEntry[]
  readonly neighbors: readonly NeighEntry[]
}

export interface NodeState extends NetnsState {
  readonly nodeName: string
  readonly fdb: readonly FdbEntry[]
  readonly sysctls: readonly (readonly [string, string])[]
  readonly ruleset: Ruleset
  /** kube-proxy's nftables table in nftables mode; null in iptables mode. */
  readonly nftables: NftNodeState | null
  /** `iptables-save` text with the line of every rule; computed on first use. */
  readonly iptablesSave: () => SavedText
}

export interface PodNetState extends NetnsState {
  readonly pod: string
  readonly resolvConf: string
}
