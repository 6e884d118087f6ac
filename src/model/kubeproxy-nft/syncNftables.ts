/**
 * kube-proxy's nftables proxier on one node (pkg/proxy/nftables/proxier.go syncProxyRules, one
 * full sync): the fixed table from setupTable.ts, then per service port its map elements and
 * its service-, local-, external-, firewall- and endpoint- chains and affinity sets.
 * Endpoint selection (ready, else serving-terminating; local = on this node) is shared with the
 * iptables proxier. Reference: ../shared/design/kube-proxy-nftables.md §4–§6.
 */
import { cidrContains, isIpv4, parseCidr, parseIpv4 } from '../addr/ipv4.js'
import { byteCompare } from '../netfilter/formatSave.js'
import { FragmentCache, normaliseSourceRange } from '../kubeproxy/syncProxyRules.js'
import { categorize, normalisedEndpoints } from '../kubeproxy/endpoints.js'
import { servicePortNameString } from '../kubeproxy/chainNames.js'
import type { ProxyEndpoint, ProxyInput, ProxyServicePort } from '../kubeproxy/types.js'
import { servicePortKey } from '../kubeproxy/types.js'
import type { NftChain, NftElement, NftRule, NftSet, NftTable, NftVerdict } from '../nftables/types.js'
import { endpointNames, servicePortNames } from './names.js'
import { MARK_MASQ_CHAIN, REJECT_CHAIN, setupTable } from './setupTable.js'
import { portPolicy } from '../kubeproxy/portPolicy.js'

export interface NftProxierOptions {
  /** kube-proxy's --service-cluster-ip-range (drives the unallocated-ClusterIP drop). */
  readonly serviceCIDRs: readonly string[]
}

const goto = (chain: string): NftVerdict => ({ kind: 'goto', chain })
const JUMP_MASQ: NftRule['action'] = { kind: 'verdict', verdict: { kind: 'jump', chain: MARK_MASQ_CHAIN } }

/** Addresses for `nodeport-ips`: local IPv4 addresses inside --nodeport-addresses, loopback skipped. */
export function nodePortIPs(cfg: ProxyInput['config']): string[] | null {
  const cidrs = cfg.nodePortAddresses
  if (cidrs === null || cidrs.includes('0.0.0.0/0')) return null
  const parsed = cidrs.map((c) => parseCidr(c)).flatMap((r) => (r.ok ? [r.cidr] : []))
  return cfg.nodeIPs.filter((ip) => isIpv4(ip) && !ip.startsWith('127.') && parsed.some((c) => cidrContains(c, parseIpv4(ip))))
}

/** One service port's share of the table: map and set elements, chains, affinity sets. */
interface Fragment {
  readonly elements: [string, NftElement][]
  readonly chains: Map<string, NftChain>
  readonly sets: NftSet[]
}

const NO_ENDPOINTS: readonly ProxyEndpoint[] = []
// Per service port and endpoint list (objects a later model keeps when they did not change).
const fragmentCache = new FragmentCache<Fragment>()
const sortedCache = new WeakMap<readonly ProxyServicePort[], ProxyServicePort[]>()

/** Service ports in the order of their names (kube-proxy walks a Go map; the lab sorts), once per list. */
function sortedPorts(list: readonly ProxyServicePort[]): ProxyServicePort[] {
  let sorted = sortedCache.get(list)
  if (!sorted) {
    const keyed = list.map((sp) => ({ sp, k: servicePortNameString(sp.namespace, sp.name, sp.portName) + sp.protocol }))
    keyed.sort((a, b) => byteCompare(a.k, b.k))
    sortedCache.set(list, (sorted = keyed.map((x) => x.sp)))
  }
  return sorted
}

export function syncNftables(input: ProxyInput, opts: NftProxierOptions): NftTable {
  const cfg = input.config
  const table = setupTable({ masqueradeMark: cfg.masqueradeMark, serviceCIDRs: opts.serviceCIDRs, nodePortIPs: nodePortIPs(cfg) })
  const nodeIP = isIpv4(cfg.nodeIP) ? parseIpv4(cfg.nodeIP) : null
  // Position of each key per set: a key added twice (several ports of one ClusterIP in
  // cluster-ips) is one element, as in the kernel.
  const positions = new Map<string, Map<string, number>>()
  const ports = sortedPorts(input.servicePorts)
  const cfgKey = JSON.stringify([cfg.clusterCIDR, cfg.masqueradeAll, cfg.masqueradeMark])
  let frag: Fragment = { elements: [], chains: new Map(), sets: [] }
  for (const sp of ports) {
    if (sp.type === 'ExternalName' || sp.clusterIP === null) continue
    const raw = input.endpoints.get(servicePortKey(sp.namespace, sp.name, sp.portName, sp.protocol)) ?? NO_ENDPOINTS
    const eps = normalisedEndpoints(raw)
    const cat = categorize(eps, cfg.nodeName)
    // Most of a service port's objects are the same on every node; they differ only through
    // the node's local endpoints (traffic policy Local) and whether the node is inside a
    // source range. Fragments are cached under that signature and shared between nodes.
    const sourceRanges = sp.loadBalancerSourceRanges.map(normaliseSourceRange).filter((r): r is string => r !== null)
    const nodeInRange = nodeIP !== null && sourceRanges.some((r) => { const c = parseCidr(r); return c.ok && cidrContains(c.cidr, nodeIP) })
    const localSig = sp.externalTrafficPolicy === 'Local' || sp.internalTrafficPolicy === 'Local' ? cat.local.map((e) => eps.indexOf(e)).join(',') : ''
    const key = `${cfgKey}|${localSig}|${nodeInRange}`
    const hit = fragmentCache.get(sp, raw, key, () => {
      frag = { elements: [], chains: new Map(), sets: [] }
      writeServicePort(sp, eps, cat, sourceRanges, nodeInRange)
      return frag
    })
    for (const [set, e] of hit.elements) addElement(set, e)
    for (const c of hit.chains.values()) table.chains.set(c.name, c)
    for (const st of hit.sets) table.sets.set(st.name, st)
  }
  return table

  function addElement(set: string, e: NftElement): void {
    const s = table.sets.get(set)!
    let pos = positions.get(set)
    if (!pos) positions.set(set, (pos = new Map()))
    const key = e.key.join(' . ')
    const i = pos.get(key)
    if (i !== undefined) s.elements[i] = e
    else pos.set(key, s.elements.push(e) - 1)
  }
  function element(set: string, e: NftElement): void {
    frag.elements.push([set, e])
  }
  function chain(name: string): NftChain {
    let c = frag.chains.get(name)
    if (!c) frag.chains.set(name, (c = { name, rules: [] }))
    return c
  }

  function writeServicePort(
    sp: ProxyServicePort, eps: readonly ProxyEndpoint[], cat: ReturnType<typeof categorize>, sourceRanges: readonly string[], nodeInRange: boolean,
  ): void {
    const CIP = sp.clusterIP!
    const proto = sp.protocol.toLowerCase()
    const port = String(sp.port)
    const spn = servicePortNameString(sp.namespace, sp.name, sp.portName)
    const names = servicePortNames(sp.namespace, sp.name, sp.protocol, sp.portName)
    const { cluster, local, hasAny } = cat

    const { lbVIPs, externalIPs, externallyAccessible, eTPLocal, iTPLocal, usesClusterEndpoints, usesLocalEndpoints } = portPolicy(sp)
    const usesClusterChain = cluster.length > 0 && usesClusterEndpoints
    const usesLocalChain = local.length > 0 && usesLocalEndpoints
    const hasInternal = hasAny && !(iTPLocal && local.length === 0)
    const hasExternal = hasAny && !(eTPLocal && local.length === 0)
    const internalChain = iTPLocal ? names.local : names.service
    const externalPolicyChain = eTPLocal ? names.local : names.service
    const usesExternalChain = hasAny && externallyAccessible
    const internalVerdict: NftVerdict = hasAny ? { kind: 'drop' } : goto(REJECT_CHAIN)
    const externalVerdict: NftVerdict = hasAny ? { kind: 'drop' } : goto(REJECT_CHAIN)
    const reachable = usesLocalEndpoints ? (usesClusterEndpoints ? [...cluster, ...local.filter((e) => !cluster.includes(e))] : local) : cluster
    const affinity = sp.sessionAffinity === 'ClientIP'
    const epNames = new Map(reachable.map((e) => [e, endpointNames(sp.namespace, sp.name, sp.protocol, sp.portName, e.ip, e.port)]))
    const epName = (e: ProxyEndpoint) => epNames.get(e) ?? endpointNames(sp.namespace, sp.name, sp.protocol, sp.portName, e.ip, e.port)

    element('cluster-ips', { key: [CIP] })
    if (hasInternal) element('service-ips', { key: [CIP, proto, port], verdict: goto(internalChain) })
    else element('no-endpoint-services', { key: [CIP, proto, port], comment: spn, verdict: internalVerdict })

    for (const ip of externalIPs) {
      if (hasAny) element('service-ips', { key: [ip, proto, port], verdict: goto(names.external) })
      if (!hasExternal) element('no-endpoint-services', { key: [ip, proto, port], comment: spn, verdict: externalVerdict })
    }

    const usesFirewall = lbVIPs.length > 0 && sourceRanges.length > 0
    if (usesFirewall) {
      const allowFromNode = nodeInRange
      chain(names.firewall).rules.push({
        matches: [{ kind: 'addr', field: 'saddr', negate: true, value: { kind: 'anon', items: [...sourceRanges, ...(allowFromNode ? lbVIPs : [])] } }],
        action: { kind: 'verdict', verdict: { kind: 'drop' } },
      })
    }
    for (const ip of lbVIPs) {
      if (hasAny) element('service-ips', { key: [ip, proto, port], verdict: goto(names.external) })
      if (usesFirewall) element('firewall-ips', { key: [ip, proto, port], verdict: goto(names.firewall) })
    }
    if (!hasExternal) for (const ip of lbVIPs) element('no-endpoint-services', { key: [ip, proto, port], comment: spn, verdict: externalVerdict })

    if (sp.nodePort !== 0) {
      const np = String(sp.nodePort)
      if (hasAny) element('service-nodeports', { key: [proto, np], verdict: goto(names.external) })
      if (!hasExternal) element('no-endpoint-nodeports', { key: [proto, np], comment: spn, verdict: externalVerdict })
    }

    // Chains are created before their rules so that the order of chain creation stays that of kube-proxy.
    if (usesClusterChain) chain(names.service)
    if (usesLocalChain) chain(names.local)
    if (usesExternalChain) chain(names.external)

    if (hasInternal) {
      const daddr = { kind: 'addr', field: 'daddr', negate: false, value: { kind: 'prefix', text: CIP } } as const
      if (cfg.masqueradeAll) chain(internalChain).rules.push({ matches: [daddr], action: JUMP_MASQ })
      else if (cfg.clusterCIDR) {
        chain(internalChain).rules.push({
          matches: [daddr, { kind: 'addr', field: 'saddr', negate: true, value: { kind: 'prefix', text: cfg.clusterCIDR } }], action: JUMP_MASQ,
        })
      }
    }

    if (usesExternalChain) {
      const ext = chain(names.external).rules
      if (!eTPLocal) ext.push({ matches: [], action: JUMP_MASQ })
      else {
        if (cfg.clusterCIDR) {
          ext.push({
            matches: [{ kind: 'addr', field: 'saddr', negate: false, value: { kind: 'prefix', text: cfg.clusterCIDR } }],
            action: { kind: 'verdict', verdict: goto(names.service) }, comment: 'short-circuit pod traffic',
          })
        }
        ext.push({ matches: [{ kind: 'fib-local', field: 'saddr' }], action: JUMP_MASQ, comment: 'masquerade local traffic' })
        ext.push({ matches: [{ kind: 'fib-local', field: 'saddr' }], action: { kind: 'verdict', verdict: goto(names.service) }, comment: 'short-circuit local traffic' })
      }
      if (hasExternal) ext.push({ matches: [], action: { kind: 'verdict', verdict: goto(externalPolicyChain) } })
    }

    if (affinity) {
      for (const e of reachable) {
        const name = epName(e).affinitySet
        frag.sets.push({ name, kind: 'set', keyType: ['ipv4_addr'], flags: ['dynamic', 'timeout'], timeout: sp.sessionAffinityTimeoutSeconds, elements: [] })
      }
    }

    const dispatch = (chainName: string, list: readonly ProxyEndpoint[]): void => {
      const rules = chain(chainName).rules
      if (affinity) {
        for (const e of list) {
          rules.push({
            matches: [{ kind: 'addr', field: 'saddr', negate: false, value: { kind: 'set', name: epName(e).affinitySet } }],
            action: { kind: 'verdict', verdict: goto(epName(e).chain) },
          })
        }
      }
      rules.push({ matches: [], action: { kind: 'numgen', targets: list.map((e) => epName(e).chain) } })
    }
    if (usesClusterChain) dispatch(names.service, cluster)
    if (usesLocalChain) dispatch(names.local, local)

    for (const e of reachable) {
      const n = epName(e)
      const rules = chain(n.chain).rules
      rules.push({ matches: [{ kind: 'addr', field: 'saddr', negate: false, value: { kind: 'prefix', text: e.ip } }], action: JUMP_MASQ })
      if (affinity) rules.push({ matches: [], action: { kind: 'update-saddr', set: n.affinitySet } })
      rules.push({ matches: [{ kind: 'l4proto', proto }], action: { kind: 'dnat', ip: e.ip, port: e.port } })
    }
  }
}
