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
function normaliseSourceRange(text: string): string | null {
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
function categorize(eps: readonly ProxyEndpoint[], nodeName: string) {
  const ready = eps.filter((e) => e.ready)
  const servingTerminating = eps.filter((e) => !e.ready && e.serving && e.terminating)
  const cluster = ready.length ? ready : servingTerminating
  const localReady = ready.filter((e) => e.nodeName === nodeName)
  const local = localReady.length ? localReady : servingTerminating.filter((e) => e.nodeName === nodeName)
  return { cluster, local, hasAny: cluster.length > 0 }
}

const epString = (e: ProxyEndpoint): string => `${e.ip}:${e.port}`

/** Dedupe by IP:port (a non-terminating copy wins) and sort byte-wise (endpointslicecache.go). */
function normaliseEndpoints(eps: readonly ProxyEndpoint[]): ProxyEndpoint[] {
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

export function syncProxyRules(input: ProxyInput): RestoreInput {
  const cfg = input.config
  const M = markHex(cfg.masqueradeMark)
  const largeCluster = countEndpoints(input) > cfg.largeClusterEndpointsThreshold
  const localhostNps = cfg.localhostNodePorts

  const filterChains = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']
  const natChains = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']
  const filterRules: string[][] = []
  const natRules: string[][] = []

  natRules.push(['-A', 'KUBE-POSTROUTING', '-m', 'mark', '!', '--mark', `${M}/${M}`, '-j', 'RETURN'])
  natRules.push(['-A', 'KUBE-POSTROUTING', '-j', 'MARK', '--xor-mark', M])
  natRules.push([
    '-A', 'KUBE-POSTROUTING', '-m', 'comment', '--comment', 'kubernetes service traffic requiring SNAT', '-j', 'MASQUERADE',
    ...(cfg.hasRandomFully ? ['--random-fully'] : []),
  ])
  natRules.push(['-A', 'KUBE-MARK-MASQ', '-j', 'MARK', '--or-mark', M])

  if (localhostNps) {
    filterChains.push('KUBE-FIREWALL')
    filterRules.push([
      '-A', 'KUBE-FIREWALL', '-m', 'comment', '--comment', 'block incoming localnet connections',
      '-d', '127.0.0.0/8', '!', '-s', '127.0.0.0/8', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP',
    ])
  }

  const ports = [...input.servicePorts].sort((a, b) =>
    byteCompare(servicePortNameString(a.namespace, a.name, a.portName), servicePortNameString(b.namespace, b.name, b.portName)),
  )
  for (const sp of ports) {
    writeServicePort(sp, input.endpoints.get(servicePortKey(sp.namespace, sp.name, sp.portName, sp.protocol)) ?? [])
  }

  // The NodePort dispatch must be the last rule of nat KUBE-SERVICES.
  const npComment = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain'
  if (cfg.nodePortAddresses === null) {
    natRules.push(['-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', npComment, '-m', 'addrtype', '--dst-type', 'LOCAL',
      ...(localhostNps ? [] : ['!', '-d', '127.0.0.0/8']), '-j', 'KUBE-NODEPORTS'])
  } else {
    for (const ip of nodePortIPs()) {
      natRules.push(['-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', npComment, '-d', ip, '-j', 'KUBE-NODEPORTS'])
    }
  }

  if (!cfg.conntrackTCPLiberal) {
    filterRules.push(['-A', 'KUBE-FORWARD', '-m', 'conntrack', '--ctstate', 'INVALID',
      ...(cfg.nfacct.ctStateInvalid ? ['-m', 'nfacct', '--nfacct-name', 'ct_state_invalid_dropped_pkts'] : []), '-j', 'DROP'])
  }
  filterRules.push(['-A', 'KUBE-FORWARD', '-m', 'comment', '--comment', 'kubernetes forwarding rules', '-m', 'mark', '--mark', `${M}/${M}`, '-j', 'ACCEPT'])
  filterRules.push(['-A', 'KUBE-FORWARD', '-m', 'comment', '--comment', 'kubernetes forwarding conntrack rule', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'])

  return { filter: { chains: filterChains, rules: filterRules }, nat: { chains: natChains, rules: natRules, deletes: [] } }

  function nodePortIPs(): string[] {
    const cidrs = (cfg.nodePortAddresses ?? []).map((c) => parseCidr(c)).flatMap((r) => (r.ok ? [r.cidr] : []))
    return cfg.nodeIPs.filter(
      (ip) => isIpv4(ip) && cidrs.some((c) => cidrContains(c, parseIpv4(ip))) && (localhostNps || !ip.startsWith('127.')),
    )
  }

  function writeServicePort(sp: ProxyServicePort, rawEndpoints: readonly ProxyEndpoint[]): void {
    if (sp.type === 'ExternalName' || sp.clusterIP === null) return
    const spn = servicePortNameString(sp.namespace, sp.name, sp.portName)
    const proto = sp.protocol.toLowerCase()
    const P = ['-m', proto, '-p', proto]
    const chains = serviceChains(spn, sp.protocol)
    const eps = normaliseEndpoints(rawEndpoints)
    const { cluster, local, hasAny } = categorize(eps, cfg.nodeName)

    const lbVIPs = sp.loadBalancerIngress.filter((i) => i.ip && isIpv4(i.ip) && i.ipMode !== 'Proxy').map((i) => i.ip)
    const externalIPs = sp.externalIPs.filter(isIpv4)
    const sourceRanges = sp.loadBalancerSourceRanges.map(normaliseSourceRange).filter((r): r is string => r !== null)
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
    const CIP = sp.clusterIP
    const PORT = String(sp.port)

    // 1. cluster IP
    if (hasInternal) {
      natRules.push(['-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', `${spn} cluster IP`, ...P, '-d', CIP, '--dport', PORT, '-j', internalChain])
    } else {
      filterRules.push(['-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', filterComment, ...P, '-d', CIP, '--dport', PORT, '-j', rejectTarget])
    }
    // 2. external IPs
    for (const e of externalIPs) {
      if (hasAny) natRules.push(['-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', `${spn} external IP`, ...P, '-d', e, '--dport', PORT, '-j', chains.ext])
      if (!hasExternal) {
        filterRules.push(['-A', 'KUBE-EXTERNAL-SERVICES', '-m', 'comment', '--comment', filterComment, ...P, '-d', e, '--dport', PORT, '-j', rejectTarget])
      }
    }
    // 3. load balancer IPs
    for (const l of lbVIPs) {
      if (hasAny) {
        natRules.push(['-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', `${spn} loadbalancer IP`, ...P, '-d', l, '--dport', PORT, '-j', usesFW ? chains.fw : chains.ext])
      }
      if (usesFW) {
        filterRules.push(['-A', 'KUBE-PROXY-FIREWALL', '-m', 'comment', '--comment', `${spn} traffic not accepted by ${chains.fw}`, ...P, '-d', l, '--dport', PORT, '-j', 'DROP'])
      }
    }
    if (!hasExternal) {
      for (const l of lbVIPs) {
        filterRules.push(['-A', 'KUBE-EXTERNAL-SERVICES', '-m', 'comment', '--comment', filterComment, ...P, '-d', l, '--dport', PORT, '-j', rejectTarget])
      }
    }
    // 4. NodePort
    if (sp.nodePort !== 0) {
      const NP = String(sp.nodePort)
      if (hasAny) {
        if (localhostNps && cfg.nfacct.localhostNodePorts) {
          natRules.push(['-A', 'KUBE-NODEPORTS', '-m', 'comment', '--comment', spn, ...P, '-d', '127.0.0.0/8', '--dport', NP,
            '-m', 'nfacct', '--nfacct-name', 'localhost_nps_accepted_pkts', '-j', chains.ext])
        }
        natRules.push(['-A', 'KUBE-NODEPORTS', '-m', 'comment', '--comment', spn, ...P, '--dport', NP, '-j', chains.ext])
      }
      if (!hasExternal) {
        filterRules.push(['-A', 'KUBE-EXTERNAL-SERVICES', '-m', 'comment', '--comment', filterComment, '-m', 'addrtype', '--dst-type', 'LOCAL', ...P, '--dport', NP, '-j', rejectTarget])
      }
    }
    // 5. health check node port
    if (healthCheckPort !== 0) {
      filterRules.push(['-A', 'KUBE-NODEPORTS', '-m', 'comment', '--comment', `${spn} health check node port`, '-m', 'tcp', '-p', 'tcp', '--dport', String(healthCheckPort), '-j', 'ACCEPT'])
    }

    // Service-specific chains.
    if (usesSVC) natChains.push(chains.svc)
    if (usesSVL) natChains.push(chains.svl)
    if (usesExtChain) natChains.push(chains.ext)
    if (usesFW) natChains.push(chains.fw)

    // 6. masquerade off-cluster traffic to the cluster IP
    if (hasInternal) {
      const base = ['-A', internalChain, '-m', 'comment', '--comment', `${spn} cluster IP`, ...P, '-d', CIP, '--dport', PORT]
      if (cfg.masqueradeAll) natRules.push([...base, '-j', 'KUBE-MARK-MASQ'])
      else if (cfg.clusterCIDR) natRules.push([...base, '!', '-s', cfg.clusterCIDR, '-j', 'KUBE-MARK-MASQ'])
    }
    // 7. KUBE-EXT
    if (usesExtChain) {
      if (!eTPLocal) {
        natRules.push(['-A', chains.ext, '-m', 'comment', '--comment', `masquerade traffic for ${spn} external destinations`, '-j', 'KUBE-MARK-MASQ'])
      } else {
        if (cfg.clusterCIDR) {
          natRules.push(['-A', chains.ext, '-m', 'comment', '--comment', `pod traffic for ${spn} external destinations`, '-s', cfg.clusterCIDR, '-j', chains.svc])
        }
        natRules.push(['-A', chains.ext, '-m', 'comment', '--comment', `masquerade LOCAL traffic for ${spn} external destinations`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', 'KUBE-MARK-MASQ'])
        natRules.push(['-A', chains.ext, '-m', 'comment', '--comment', `route LOCAL traffic for ${spn} external destinations`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', chains.svc])
      }
      if (hasExternal) natRules.push(['-A', chains.ext, '-j', externalPolicyChain])
    }
    // 8. KUBE-FW
    if (usesFW) {
      const base = ['-A', chains.fw, '-m', 'comment', '--comment', `${spn} loadbalancer IP`]
      for (const r of sourceRanges) natRules.push([...base, '-s', r, '-j', chains.ext])
      const nodeIP = isIpv4(cfg.nodeIP) ? parseIpv4(cfg.nodeIP) : null
      if (nodeIP !== null && sourceRanges.some((r) => { const c = parseCidr(r); return c.ok && cidrContains(c.cidr, nodeIP) })) {
        for (const l of lbVIPs) natRules.push([...base, '-s', l, '-j', chains.ext])
      }
      natRules.push(['-A', chains.fw, '-m', 'comment', '--comment', `other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL`])
    }
    // 9. endpoint dispatch
    const sepOf = (e: ProxyEndpoint): string => endpointChain(spn, sp.protocol, epString(e))
    const writeDispatch = (chain: string, list: readonly ProxyEndpoint[]): void => {
      const comment = (e: ProxyEndpoint): string[] => (largeCluster ? [] : ['-m', 'comment', '--comment', `${spn} -> ${epString(e)}`])
      if (sp.sessionAffinity === 'ClientIP') {
        for (const e of list) {
          natRules.push(['-A', chain, ...comment(e), '-m', 'recent', '--name', sepOf(e), '--rcheck', '--seconds', String(sp.sessionAffinityTimeoutSeconds), '--reap', '-j', sepOf(e)])
        }
      }
      list.forEach((e, i) => {
        const stat = i < list.length - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', probability(list.length - i)] : []
        natRules.push(['-A', chain, ...comment(e), ...stat, '-j', sepOf(e)])
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
      const comment = largeCluster ? [] : ['-m', 'comment', '--comment', spn]
      natRules.push(['-A', sep, ...comment, '-s', e.ip, '-j', 'KUBE-MARK-MASQ'])
      const affinity = sp.sessionAffinity === 'ClientIP' ? ['-m', 'recent', '--name', sep, '--set'] : []
      natRules.push(['-A', sep, ...comment, ...affinity, ...P, '-j', 'DNAT', '--to-destination', epString(e)])
    }
  }
}
