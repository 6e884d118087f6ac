/**
 * Which nftables base chains run together with an iptables(-nft) table at one hook, and in
 * what order. Every base chain of a hook, nftables' or iptables-nft's, is called in priority
 * order (iptables' tables sit at fixed ones: raw -300, nat PREROUTING/OUTPUT -100 = dstnat,
 * filter 0, nat POSTROUTING 100 = srcnat); at equal priority the chain registered first goes
 * first, and the lab puts iptables (set up with the node) before kube-proxy's table. A drop or
 * reject ends the hook; the first nat chain that rewrites an address sets up the mapping and
 * the later nat chains of that hook are skipped, as the kernel's NAT core does.
 * The engine's walker asks per (iptables table, hook); the nftables chains whose priority
 * falls into that table's slot run with it: kube-proxy's pre-DNAT filter chains (-110) with
 * nat PREROUTING/OUTPUT.
 */
import type { TableName } from '../../model/netfilter/types.js'
import type { NftChain, NftHook, NftTable } from '../../model/nftables/types.js'

const IPT_PRIORITY: Record<TableName, number> = { raw: -300, mangle: -150, nat: -100, filter: 0 }

export function iptablesPriority(table: TableName, hook: string): number {
  return table === 'nat' && (hook === 'POSTROUTING' || hook === 'INPUT') ? 100 : IPT_PRIORITY[table]
}

/** The priority slot (lo, hi] of nftables chains evaluated with this iptables table's walk. */
function slot(table: TableName, hook: string): [number, number] {
  const p = iptablesPriority(table, hook)
  if (table === 'raw') return [-Infinity, p]
  if (table === 'mangle') return [-300, p]
  if (table === 'nat' && p < 0) return [-150, p]
  if (table === 'filter') return [-100, 99]
  return [99, Infinity]
}

/** Base chains per table, found once: a table of 10,000 services holds some 30,000 chains. */
const baseChains = new WeakMap<NftTable, NftChain[]>()

export function nftBaseChainsFor(t: NftTable, table: TableName, hook: string): NftChain[] {
  let bases = baseChains.get(t)
  if (!bases) baseChains.set(t, (bases = [...t.chains.values()].filter((c) => c.hook)))
  const h = hook.toLowerCase() as NftHook['hook']
  const [lo, hi] = slot(table, hook)
  return bases
    .filter((c) => c.hook!.hook === h && c.hook!.priority > lo && c.hook!.priority <= hi)
    .sort((a, b) => a.hook!.priority - b.hook!.priority)
}
