/**
 * Generates the iptables-restore input kube-proxy (iptables mode) writes in one full sync on
 * one node: the filter and nat chains it owns and their rules, in kube-proxy's write order and
 * argument order. Service ports are taken in canonical (sorted) order where kube-proxy walks a Go
 * map. Sources: ../shared/design/kube-proxy.md §2–§6.
 */
import { cidrContains, isIpv4, parseCidr, parseIpv4 } from '../addr/ipv4.js'
import { byteCompare } from '../netfilter/formatSave.js'
import { endpointChain, serviceChains, servicePortNameString } from './chainNames.js'
import type { ProxyEndpoint, ProxyInput, ProxyServicePort, RestoreInput } from './types.js'
import { servicePortKey } from './types.js'
import { parsedRule, rule as newRule, type KpRule, type RuleBuilder } from './ruleBuilder.js'

const probabilityCache = new Map<number, string>()

/** `%0.10f` of 1/k (computeProbability). */
export function probability(k: number): string {
  let p = probabilityCache.get(k)
  if (p === undefined) {
    p = (1 / k).toFixed(10)
    probabilityCache.set(k, p)
  }
  return p
}

const markHex = (mark: number): string => `0x${mark.toString(16)}`

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

/** Endpoint categories (pkg/proxy/topology.go CategorizeEndpoints), without topology hints. */
export function categorize(eps: readonly ProxyEndpoint[], nodeName: string) {
  const ready = eps.filter((e) => e.ready)
  const servingTerminating = eps.filter((e) => !e.ready && e.serving && e.terminating)
  const cluster = ready.length ? ready : servingTerminating
  const localReady = ready.filter((e) => e.nodeName === nodeName)
  const local = localReady.length ? localReady : servingTerminating.filter((e) => e.nodeName === nodeName)
  return { cluster, local, hasAny: cluster.length > 0 }
}

const epString = (e: ProxyEndpoint): string => `${e.ip}:${e.port}`

/** Dedupe by IP:port (a non-terminating copy wins) and sort byte-wise (endpointslicecache.go). */
export function normaliseEndpoints(eps: readonly ProxyEndpoint[]): ProxyEndpoint[] {
  const byKey = new Map<string, ProxyEndpoint>()
  for (const raw of eps) {
    // Leading zeros ("10.180.00.001") are normalised as the endpoint slice cache does.
    const e = /(^|\.)0\d/.test(raw.ip) ? { ...raw, ip: raw.ip.split('.').map((o) => String(Number(o))).join('.') } : raw
    const prev = byKey.get(epString(e))
    if (!prev || (prev.terminating && !e.terminating)) byKey.set(epString(e), e)
  }
  return [...byKey.values()].sort((a, b) => byteCompare(epString(a), epString(b)))
}

export function countEndpoints(input: ProxyInput): number {
  let n = 0
  for (const eps of input.endpoints.values()) n += eps.length
  return n
}

interface Fragment {
  readonly natChains: string[]
  readonly natRules: KpRule[]
  readonly filterRules: KpRule[]
}

const EMPTY_FRAGMENT: Fragment = { natChains: [], natRules: [], filterRules: [] }
const NO_ENDPOINTS: readonly ProxyEndpoint[] = []
const NO_RANGES: readonly string[] = []
/** Per service port, its fragments by signature: nearly always one, so a short list. */
const fragmentCache = new WeakMap<ProxyServicePort, { key: string; fragment: Fragment }[]>()
const normalisedCache = new WeakMap<readonly ProxyEndpoint[], ProxyEndpoint[]>()
const sortedCache = new WeakMap<readonly ProxyServicePort[], ProxyServicePort[]>()

/** A service port's endpoints normalised once per endpoint list, for both proxiers and every node. */
export function normalisedEndpoints(raw: readonly ProxyEndpoint[]): ProxyEndpoint[] {
  let n = normalisedCache.get(raw)
  if (!n) normalisedCache.set(raw, (n = normaliseEndpoints(raw)))
  return n
}

/** Service ports in the order of their names (kube-proxy walks a Go map; the lab sorts). */
function sortedPorts(ports: readonly ProxyServicePort[]): ProxyServicePort[] {
  let sorted = sortedCache.get(ports)
  if (!sorted) {
    const named = ports.map((sp) => ({ sp, name: servicePortNameString(sp.namespace, sp.name, sp.portName) }))
    named.sort((a, b) => byteCompare(a.name, b.name))
    sortedCache.set(ports, (sorted = named.map((n) => n.sp)))
  }
  return sorted
}

/** Every setting that shapes a service port's rules the same way on all nodes. */
function clusterWideKey(cfg: ProxyInput['config'], largeCluster: boolean): string {
  return JSON.stringify([
    cfg.clusterCIDR, cfg.masqueradeMark, cfg.masqueradeAll, cfg.localhostNodePorts, cfg.nfacct, largeCluster,
  ])
}

/**
 * `withArgs: false` leaves out the restore arguments (the text kube-proxy hands to
 * iptables-restore) and builds only the rules and their iptables-save lines: what a node's
 * state needs, for less work on 100k-rule nodes. The restore text needs the arguments.
 */
export function syncProxyRules(input: ProxyInput, opts: { withArgs?: boolean } = {}): RestoreInput {
  const withArgs = opts.withArgs ?? true
  const rule = (chain: string): RuleBuilder => newRule(chain, withArgs)
  const cfg = input.config
  const M = markHex(cfg.masqueradeMark)
  const largeCluster = countEndpoints(input) > cfg.largeClusterEndpointsThreshold
  const localhostNps = cfg.localhostNodePorts

  const filterChains = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']
  const natChains = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']
  const filterRules: KpRule[] = []
  const natRules: KpRule[] = []
  // The fixed rules below are few per node, so they are written as arguments and parsed.
  const fixedNat = (tokens: string[]): void => void natRules.push(parsedRule(tokens))
  const fixedFilter = (tokens: string[]): void => void filterRules.push(parsedRule(tokens))

  fixedNat(['-A', 'KUBE-POSTROUTING', '-m', 'mark', '!', '--mark', `${M}/${M}`, '-j', 'RETURN'])
  fixedNat(['-A', 'KUBE-POSTROUTING', '-j', 'MARK', '--xor-mark', M])
  fixedNat([
    '-A', 'KUBE-POSTROUTING', '-m', 'comment', '--comment', 'kubernetes service traffic requiring SNAT', '-j', 'MASQUERADE',
    ...(cfg.hasRandomFully ? ['--random-fully'] : []),
  ])
  fixedNat(['-A', 'KUBE-MARK-MASQ', '-j', 'MARK', '--or-mark', M])

  if (localhostNps) {
    filterChains.push('KUBE-FIREWALL')
    fixedFilter([
      '-A', 'KUBE-FIREWALL', '-m', 'comment', '--comment', 'block incoming localnet connections',
      '-d', '127.0.0.0/8', '!', '-s', '127.0.0.0/8', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP',
    ])
  }

  const cfgKey = `${clusterWideKey(cfg, largeCluster)}|${withArgs}`
  const nodeIP = isIpv4(cfg.nodeIP) ? parseIpv4(cfg.nodeIP) : null
  for (const sp of sortedPorts(input.servicePorts)) {
    const rawEndpoints = input.endpoints.get(servicePortKey(sp.namespace, sp.name, sp.portName, sp.protocol)) ?? NO_ENDPOINTS
    const f = servicePortFragment(sp, rawEndpoints, cfgKey)
    for (const c of f.natChains) natChains.push(c)
    for (const r of f.natRules) natRules.push(r)
    for (const r of f.filterRules) filterRules.push(r)
  }

  // The NodePort dispatch must be the last rule of nat KUBE-SERVICES.
  const npComment = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain'
  if (cfg.nodePortAddresses === null) {
    fixedNat(['-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', npComment, '-m', 'addrtype', '--dst-type', 'LOCAL',
      ...(localhostNps ? [] : ['!', '-d', '127.0.0.0/8']), '-j', 'KUBE-NODEPORTS'])
  } else {
    for (const ip of nodePortIPs()) {
      fixedNat(['-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', npComment, '-d', ip, '-j', 'KUBE-NODEPORTS'])
    }
  }

  if (!cfg.conntrackTCPLiberal) {
    fixedFilter(['-A', 'KUBE-FORWARD', '-m', 'conntrack', '--ctstate', 'INVALID',
      ...(cfg.nfacct.ctStateInvalid ? ['-m', 'nfacct', '--nfacct-name', 'ct_state_invalid_dropped_pkts'] : []), '-j', 'DROP'])
  }
  fixedFilter(['-A', 'KUBE-FORWARD', '-m', 'comment', '--comment', 'kubernetes forwarding rules', '-m', 'mark', '--mark', `${M}/${M}`, '-j', 'ACCEPT'])
  fixedFilter(['-A', 'KUBE-FORWARD', '-m', 'comment', '--comment', 'kubernetes forwarding conntrack rule', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'])

  return { filter: { chains: filterChains, rules: filterRules }, nat: { chains: natChains, rules: natRules, deletes: [] } }

  function nodePortIPs(): string[] {
    const cidrs = (cfg.nodePortAddresses ?? []).map((c) => parseCidr(c)).flatMap((r) => (r.ok ? [r.cidr] : []))
    return cfg.nodeIPs.filter(
      (ip) => isIpv4(ip) && cidrs.some((c) => cidrContains(c, parseIpv4(ip))) && (localhostNps || !ip.startsWith('127.')),
    )
  }

  /**
   * One service port's chains and rules on this node. Most of it is the same on every node; it
   * differs only through the node's local endpoints (traffic policy Local) and, for source-range
   * firewalls, whether the node's IP is inside a range. Fragments are cached per service port
   * under that signature, so the second node of a big cluster reuses the first node's work.
   */
  function servicePortFragment(sp: ProxyServicePort, rawEndpoints: readonly ProxyEndpoint[], cfgKey: string): Fragment {
    if (sp.type === 'ExternalName' || sp.clusterIP === null) return EMPTY_FRAGMENT
    const eps = normalisedEndpoints(rawEndpoints)
    const { cluster, local, hasAny } = categorize(eps, cfg.nodeName)
    const sourceRanges = sp.loadBalancerSourceRanges.length ? sp.loadBalancerSourceRanges.map(normaliseSourceRange).filter((r): r is string => r !== null) : NO_RANGES
    const nodeInSourceRange = nodeIP !== null && sourceRanges.some((r) => { const c = parseCidr(r); return c.ok && cidrContains(c.cidr, nodeIP) })
    const localSig = sp.externalTrafficPolicy === 'Local' || sp.internalTrafficPolicy === 'Local' ? local.map((e) => eps.indexOf(e)).join(',') : ''
    const key = `${cfgKey}|${localSig}|${nodeInSourceRange}`
    let perPort = fragmentCache.get(sp)
    if (!perPort) fragmentCache.set(sp, (perPort = []))
    const hit = perPort.find((f) => f.key === key)
    if (hit) return hit.fragment
    const fragment: Fragment = { natChains: [], natRules: [], filterRules: [] }
    writeServicePort(fragment, sp, sp.clusterIP, eps, cluster, local, hasAny, sourceRanges, nodeInSourceRange)
    perPort.push({ key, fragment })
    return fragment
  }

  function writeServicePort(
    out: Fragment, sp: ProxyServicePort, CIP: string, eps: readonly ProxyEndpoint[],
    cluster: readonly ProxyEndpoint[], local: readonly ProxyEndpoint[], hasAny: boolean,
    sourceRanges: readonly string[], nodeInSourceRange: boolean,
  ): void {
    const { natChains, natRules, filterRules } = out
    const spn = servicePortNameString(sp.namespace, sp.name, sp.portName)
    const proto = sp.protocol.toLowerCase() as 'tcp' | 'udp' | 'sctp'
    const chains = serviceChains(spn, sp.protocol)

    const lbVIPs = sp.loadBalancerIngress.filter((i) => i.ip && isIpv4(i.ip) && i.ipMode !== 'Proxy').map((i) => i.ip)
    const externalIPs = sp.externalIPs.filter(isIpv4)
    const externallyAccessible = sp.nodePort !== 0 || lbVIPs.length > 0 || externalIPs.length > 0
    const apiExternal = sp.type === 'LoadBalancer' || sp.type === 'NodePort' || externalIPs.length > 0
    const eTPLocal = apiExternal && sp.externalTrafficPolicy === 'Local'
    const iTPLocal = sp.internalTrafficPolicy === 'Local'
    const usesClusterEndpoints = !iTPLocal || externallyAccessible
    const usesLocalEndpoints = iTPLocal || (eTPLocal && externallyAccessible)
    const hasInternal = hasAny && !(iTPLocal && local.length === 0)
    const hasExternal = hasAny && !(eTPLocal && local.length === 0)
    const internalChain = iTPLocal ? chains.svl : chains.svc
    const externalPolicyChain = eTPLocal ? chains.svl : chains.svc
    const usesExtChain = hasAny && externallyAccessible
    const usesFW = hasAny && lbVIPs.length > 0 && sourceRanges.length > 0
    const usesSVC = cluster.length > 0 && usesClusterEndpoints
    const usesSVL = local.length > 0 && usesLocalEndpoints
    const healthCheckPort = sp.type === 'LoadBalancer' && eTPLocal ? sp.healthCheckNodePort : 0
    const rejectTarget = hasAny ? 'DROP' : 'REJECT'
    const filterComment = hasAny ? `${spn} has no local endpoints` : `${spn} has no endpoints`
    const PORT = sp.port

    // 1. cluster IP
    if (hasInternal) {
      natRules.push(rule('KUBE-SERVICES').comment(`${spn} cluster IP`).proto(proto).dst(CIP).dport(PORT).jump(internalChain))
    } else {
      filterRules.push(rule('KUBE-SERVICES').comment(filterComment).proto(proto).dst(CIP).dport(PORT).jump(rejectTarget))
    }
    // 2. external IPs
    for (const e of externalIPs) {
      if (hasAny) natRules.push(rule('KUBE-SERVICES').comment(`${spn} external IP`).proto(proto).dst(e).dport(PORT).jump(chains.ext))
      if (!hasExternal) {
        filterRules.push(rule('KUBE-EXTERNAL-SERVICES').comment(filterComment).proto(proto).dst(e).dport(PORT).jump(rejectTarget))
      }
    }
    // 3. load balancer IPs
    for (const l of lbVIPs) {
      if (hasAny) {
        natRules.push(rule('KUBE-SERVICES').comment(`${spn} loadbalancer IP`).proto(proto).dst(l).dport(PORT).jump(usesFW ? chains.fw : chains.ext))
      }
      if (usesFW) {
        filterRules.push(rule('KUBE-PROXY-FIREWALL').comment(`${spn} traffic not accepted by ${chains.fw}`).proto(proto).dst(l).dport(PORT).jump('DROP'))
      }
    }
    if (!hasExternal) {
      for (const l of lbVIPs) {
        filterRules.push(rule('KUBE-EXTERNAL-SERVICES').comment(filterComment).proto(proto).dst(l).dport(PORT).jump(rejectTarget))
      }
    }
    // 4. NodePort
    if (sp.nodePort !== 0) {
      const NP = sp.nodePort
      if (hasAny) {
        if (localhostNps && cfg.nfacct.localhostNodePorts) {
          natRules.push(rule('KUBE-NODEPORTS').comment(spn).proto(proto).dst('127.0.0.0/8').dport(NP).nfacct('localhost_nps_accepted_pkts').jump(chains.ext))
        }
        natRules.push(rule('KUBE-NODEPORTS').comment(spn).proto(proto).dport(NP).jump(chains.ext))
      }
      if (!hasExternal) {
        filterRules.push(rule('KUBE-EXTERNAL-SERVICES').comment(filterComment).addrtype('dst', 'LOCAL').proto(proto).dport(NP).jump(rejectTarget))
      }
    }
    // 5. health check node port
    if (healthCheckPort !== 0) {
      filterRules.push(rule('KUBE-NODEPORTS').comment(`${spn} health check node port`).proto('tcp').dport(healthCheckPort).jump('ACCEPT'))
    }

    // Service-specific chains.
    if (usesSVC) natChains.push(chains.svc)
    if (usesSVL) natChains.push(chains.svl)
    if (usesExtChain) natChains.push(chains.ext)
    if (usesFW) natChains.push(chains.fw)

    // 6. masquerade off-cluster traffic to the cluster IP
    if (hasInternal) {
      const base = (): RuleBuilder => rule(internalChain).comment(`${spn} cluster IP`).proto(proto).dst(CIP).dport(PORT)
      if (cfg.masqueradeAll) natRules.push(base().jump('KUBE-MARK-MASQ'))
      else if (cfg.clusterCIDR) natRules.push(base().src(cfg.clusterCIDR, true).jump('KUBE-MARK-MASQ'))
    }
    // 7. KUBE-EXT
    if (usesExtChain) {
      if (!eTPLocal) {
        natRules.push(rule(chains.ext).comment(`masquerade traffic for ${spn} external destinations`).jump('KUBE-MARK-MASQ'))
      } else {
        if (cfg.clusterCIDR) {
          natRules.push(rule(chains.ext).comment(`pod traffic for ${spn} external destinations`).src(cfg.clusterCIDR).jump(chains.svc))
        }
        natRules.push(rule(chains.ext).comment(`masquerade LOCAL traffic for ${spn} external destinations`).addrtype('src', 'LOCAL').jump('KUBE-MARK-MASQ'))
        natRules.push(rule(chains.ext).comment(`route LOCAL traffic for ${spn} external destinations`).addrtype('src', 'LOCAL').jump(chains.svc))
      }
      if (hasExternal) natRules.push(rule(chains.ext).jump(externalPolicyChain))
    }
    // 8. KUBE-FW
    if (usesFW) {
      const base = (): RuleBuilder => rule(chains.fw).comment(`${spn} loadbalancer IP`)
      for (const r of sourceRanges) natRules.push(base().src(r).jump(chains.ext))
      if (nodeInSourceRange) {
        for (const l of lbVIPs) natRules.push(base().src(l).jump(chains.ext))
      }
      natRules.push(rule(chains.fw).comment(`other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL`).countOnly())
    }
    // 9. endpoint dispatch
    // Each endpoint's chain name is needed up to three times; hash it once.
    const sepNames = new Map<ProxyEndpoint, string>()
    const sepOf = (e: ProxyEndpoint): string => {
      let n = sepNames.get(e)
      if (n === undefined) sepNames.set(e, (n = endpointChain(spn, sp.protocol, epString(e))))
      return n
    }
    const writeDispatch = (chain: string, list: readonly ProxyEndpoint[]): void => {
      const start = (e: ProxyEndpoint): RuleBuilder => (largeCluster ? rule(chain) : rule(chain).comment(`${spn} -> ${epString(e)}`))
      if (sp.sessionAffinity === 'ClientIP') {
        for (const e of list) natRules.push(start(e).recentCheck(sepOf(e), sp.sessionAffinityTimeoutSeconds).jump(sepOf(e)))
      }
      list.forEach((e, i) => {
        const b = start(e)
        if (i < list.length - 1) b.probability(probability(list.length - i))
        natRules.push(b.jump(sepOf(e)))
      })
    }
    if (usesSVC) writeDispatch(chains.svc, cluster)
    if (usesSVL) writeDispatch(chains.svl, local)
    // 10. KUBE-SEP per reachable endpoint
    const reachable = [...(usesSVC ? cluster : [])]
    if (usesSVL) for (const e of local) if (!reachable.includes(e)) reachable.push(e)
    for (const e of reachable) {
      const sep = sepOf(e)
      natChains.push(sep)
      const start = (): RuleBuilder => (largeCluster ? rule(sep) : rule(sep).comment(spn))
      natRules.push(start().src(e.ip).jump('KUBE-MARK-MASQ'))
      const dnat = start()
      if (sp.sessionAffinity === 'ClientIP') dnat.recentSet(sep)
      natRules.push(dnat.proto(proto).dnat(e.ip, e.port))
    }
  }
}
