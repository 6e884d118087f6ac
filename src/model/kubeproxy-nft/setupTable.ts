/**
 * The fixed part of kube-proxy's `kube-proxy` table (setupNFTables): base chains and their
 * hooks, the dispatch and check chains, the masquerade chains, and the empty sets and maps the
 * per-service part fills. Reference: ../shared/design/kube-proxy-nftables.md §1–§4.
 */
import type { NftChain, NftHook, NftMatch, NftRule, NftSet, NftTable } from '../nftables/types.js'

export const TABLE_NAME = 'kube-proxy'
export const MARK_MASQ_CHAIN = 'mark-for-masquerade'
export const REJECT_CHAIN = 'reject-chain'

export interface SetupOptions {
  readonly masqueradeMark: number
  /** The service CIDRs kube-proxy knows; empty leaves out the "unallocated ClusterIPs" drop. */
  readonly serviceCIDRs: readonly string[]
  /** Addresses for `nodeport-ips`; null = every local address (`fib daddr type local`). */
  readonly nodePortIPs: readonly string[] | null
}

const jump = (chain: string): NftRule['action'] => ({ kind: 'verdict', verdict: { kind: 'jump', chain } })
const NEW: NftMatch = { kind: 'ct-state', state: 'new' }
const NOT_LOOPBACK: NftMatch = { kind: 'addr', field: 'daddr', negate: true, value: { kind: 'prefix', text: '127.0.0.0/8' } }

export function setupTable(opts: SetupOptions): NftTable {
  const chains = new Map<string, NftChain>()
  const sets = new Map<string, NftSet>()
  const chain = (name: string, rules: NftRule[], hook?: NftHook, comment?: string): void => {
    chains.set(name, { name, rules, ...(hook ? { hook } : {}), ...(comment !== undefined ? { comment } : {}) })
  }
  const base = (name: string, type: NftHook['type'], hook: NftHook['hook'], priority: number, rules: NftRule[]): void =>
    chain(name, rules, { type, hook, priority })

  // Base chains: filter before DNAT for the source-range firewall, filter after DNAT for the
  // no-endpoint checks (reject was not allowed in prerouting before kernel 5.9), nat for DNAT/SNAT.
  base('filter-prerouting-pre-dnat', 'filter', 'prerouting', -110, [{ matches: [NEW], action: jump('firewall-check') }])
  base('filter-output-pre-dnat', 'filter', 'output', -110, [{ matches: [NEW], action: jump('firewall-check') }])
  base('filter-input', 'filter', 'input', 0, [
    { matches: [NEW], action: jump('nodeport-endpoints-check') }, { matches: [NEW], action: jump('service-endpoints-check') },
  ])
  base('filter-forward', 'filter', 'forward', 0, [
    { matches: [NEW], action: jump('service-endpoints-check') }, { matches: [NEW], action: jump('cluster-ips-check') },
  ])
  base('filter-output', 'filter', 'output', 0, [
    { matches: [NEW], action: jump('service-endpoints-check') }, { matches: [NEW], action: jump('cluster-ips-check') },
  ])
  base('nat-prerouting', 'nat', 'prerouting', -100, [{ matches: [], action: jump('services') }])
  base('nat-output', 'nat', 'output', -100, [{ matches: [], action: jump('services') }])
  base('nat-postrouting', 'nat', 'postrouting', 100, [{ matches: [], action: jump('masquerading') }])

  const npAll = opts.nodePortIPs === null
  const npDest: NftMatch[] = npAll
    ? [{ kind: 'fib-local', field: 'daddr' }, NOT_LOOPBACK]
    : [{ kind: 'addr', field: 'daddr', negate: false, value: { kind: 'set', name: 'nodeport-ips' } }]
  chain('services', [
    { matches: [], action: { kind: 'vmap', key: 'daddr.l4proto.dport', map: 'service-ips' } },
    { matches: npDest, action: { kind: 'vmap', key: 'l4proto.dport', map: 'service-nodeports' } },
  ])
  chain('service-endpoints-check', [{ matches: [], action: { kind: 'vmap', key: 'daddr.l4proto.dport', map: 'no-endpoint-services' } }])
  chain('nodeport-endpoints-check', [{
    matches: npAll ? [NOT_LOOPBACK] : npDest, action: { kind: 'vmap', key: 'l4proto.dport', map: 'no-endpoint-nodeports' },
  }])
  chain(REJECT_CHAIN, [{ matches: [], action: { kind: 'verdict', verdict: { kind: 'reject' } } }], undefined,
    'helper for @no-endpoint-services / @no-endpoint-nodeports')
  const clusterIpsCheck: NftRule[] = [{
    matches: [{ kind: 'addr', field: 'daddr', negate: false, value: { kind: 'set', name: 'cluster-ips' } }],
    action: { kind: 'verdict', verdict: { kind: 'reject' } }, comment: 'Reject traffic to invalid ports of ClusterIPs',
  }]
  if (opts.serviceCIDRs.length) {
    clusterIpsCheck.push({
      matches: [{ kind: 'addr', field: 'daddr', negate: false, value: { kind: 'anon', items: opts.serviceCIDRs } }],
      action: { kind: 'verdict', verdict: { kind: 'drop' } }, comment: 'Drop traffic to unallocated ClusterIPs',
    })
  }
  chain('cluster-ips-check', clusterIpsCheck)
  chain('firewall-check', [{ matches: [], action: { kind: 'vmap', key: 'daddr.l4proto.dport', map: 'firewall-ips' } }])
  const M = opts.masqueradeMark
  chain(MARK_MASQ_CHAIN, [{ matches: [], action: { kind: 'mark-or', mark: M } }])
  chain('masquerading', [
    { matches: [{ kind: 'mark-clear', mark: M }], action: { kind: 'verdict', verdict: { kind: 'return' } } },
    { matches: [], action: { kind: 'mark-xor', mark: M } },
    { matches: [], action: { kind: 'masquerade', fullyRandom: true } },
  ])

  const set = (s: Omit<NftSet, 'elements'>): void => void sets.set(s.name, { ...s, elements: [] })
  set({ name: 'cluster-ips', kind: 'set', keyType: ['ipv4_addr'], comment: 'Active ClusterIPs' })
  if (!npAll) set({ name: 'nodeport-ips', kind: 'set', keyType: ['ipv4_addr'], comment: 'IPs that accept NodePort traffic' })
  const addrProtoPort = ['ipv4_addr', 'inet_proto', 'inet_service'] as const
  set({ name: 'firewall-ips', kind: 'map', keyType: addrProtoPort, comment: 'destinations that are subject to LoadBalancerSourceRanges' })
  set({ name: 'no-endpoint-nodeports', kind: 'map', keyType: ['inet_proto', 'inet_service'], comment: 'vmap to drop or reject packets to service nodeports with no endpoints' })
  set({ name: 'no-endpoint-services', kind: 'map', keyType: addrProtoPort, comment: 'vmap to drop or reject packets to services with no endpoints' })
  set({ name: 'service-ips', kind: 'map', keyType: addrProtoPort, comment: 'ClusterIP, ExternalIP and LoadBalancer IP traffic' })
  set({ name: 'service-nodeports', kind: 'map', keyType: ['inet_proto', 'inet_service'], comment: 'NodePort traffic' })
  for (const ip of opts.nodePortIPs ?? []) sets.get('nodeport-ips')!.elements.push({ key: [ip] })

  return { family: 'ip', name: TABLE_NAME, comment: 'rules for kube-proxy', sets, chains }
}
