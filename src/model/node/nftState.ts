/**
 * A node's nftables state in kube-proxy's nftables mode: the `ip kube-proxy` table kube-proxy
 * wrote, as the kernel lists it back (with the line of every rule and element) and as knftables
 * dumps it. Iptables-mode nodes have none.
 */
import { formatCidr } from '../addr/ipv4.js'
import type { ProxyInput } from '../kubeproxy/types.js'
import { syncNftables } from '../kubeproxy-nft/syncNftables.js'
import type { Model } from '../model.js'
import { dumpTable, loadedOrder } from '../nftables/dump.js'
import { listTable, type ListedTable } from '../nftables/listTable.js'
import type { NftTable } from '../nftables/types.js'

export interface NftNodeState {
  /** In the order the kernel lists it after `nft -f` of {@link dump}. */
  readonly table: NftTable
  readonly listed: ListedTable
  /** knftables' `add …` lines: the input for `nft -f`. */
  readonly dump: string
}

export function nftNodeState(model: Model, input: ProxyInput): NftNodeState {
  const table = loadedOrder(syncNftables(input, { serviceCIDRs: [formatCidr(model.cluster.serviceCIDR)] }))
  let listed: ListedTable | undefined
  let dump: string | undefined
  return {
    table,
    get listed() { return (listed ??= listTable(table)) },
    get dump() { return (dump ??= dumpTable(table)) },
  }
}
