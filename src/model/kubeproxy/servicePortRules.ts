/**
 * One service port's chains and rules on one node (pkg/proxy/iptables/proxier.go
 * syncProxyRules, the per-service-port loop), written through a sink so the same code gives
 * kube-proxy's restore arguments, a node's iptables-save lines, or the Rules of one chain.
 * Sources: ../shared/design/kube-proxy.md §3–§6.
 */
import { endpointChain, endpointChains, lowerProtocol, serviceChains, servicePortNameString } from './chainNames.js'
import { RuleBuilder, type BuildMode } from './ruleBuilder.js'
import type { ProxierConfig, ProxyEndpoint, ProxyServicePort } from './types.js'
import { portPolicy } from './portPolicy.js'

/** Where the writer's rules go, and how much of each rule to build. */
export interface RuleSink {
  mode(chain: string): BuildMode
  nat(b: RuleBuilder): void
  filter(b: RuleBuilder): void
  /** A service-specific nat chain the port declares (`:KUBE-SVC-… - [0:0]`). */
  natChain(name: string): void
  /**
   * True when the sink wants only rules of the chains every port writes to (KUBE-SERVICES,
   * KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES, KUBE-PROXY-FIREWALL): the writer stops before the
   * port's own chains (steps 6-10 below write nothing else).
   */
  readonly sharedOnly?: boolean
}

/** Settings of one sync that shape every service port's rules. */
export interface SyncContext {
  readonly cfg: ProxierConfig
  readonly largeCluster: boolean
  readonly localhostNps: boolean
}

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

export const epString = (e: ProxyEndpoint): string => `${e.ip}:${e.port}`

function ruleIn(out: RuleSink, chain: string): RuleBuilder {
  return RuleBuilder.of(chain, out.mode(chain))
}

export function writeServicePort(
  out: RuleSink, ctx: SyncContext, sp: ProxyServicePort, CIP: string,
  cluster: readonly ProxyEndpoint[], local: readonly ProxyEndpoint[], hasAny: boolean,
  sourceRanges: readonly string[], nodeInSourceRange: boolean,
  spn = servicePortNameString(sp.namespace, sp.name, sp.portName),
): void {
  const { cfg, localhostNps } = ctx
  const proto = lowerProtocol(sp.protocol)
  const chains = serviceChains(spn, sp.protocol)

  const { lbVIPs, externalIPs, externallyAccessible, eTPLocal, iTPLocal, usesClusterEndpoints, usesLocalEndpoints } = portPolicy(sp)
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
  const PORT = sp.port

  // 1. cluster IP
  if (hasInternal) {
    out.nat(ruleIn(out, 'KUBE-SERVICES').commentOf(spn, ' cluster IP').proto(proto).dst(CIP).dport(PORT).jump(internalChain))
  } else {
    out.filter(ruleIn(out, 'KUBE-SERVICES').comment(filterComment(spn, hasAny)).proto(proto).dst(CIP).dport(PORT).jump(rejectTarget))
  }
  // 2. external IPs
  for (const e of externalIPs) {
    if (hasAny) out.nat(ruleIn(out, 'KUBE-SERVICES').comment(`${spn} external IP`).proto(proto).dst(e).dport(PORT).jump(chains.ext))
    if (!hasExternal) {
      out.filter(ruleIn(out, 'KUBE-EXTERNAL-SERVICES').comment(filterComment(spn, hasAny)).proto(proto).dst(e).dport(PORT).jump(rejectTarget))
    }
  }
  // 3. load balancer IPs
  for (const l of lbVIPs) {
    if (hasAny) {
      out.nat(ruleIn(out, 'KUBE-SERVICES').comment(`${spn} loadbalancer IP`).proto(proto).dst(l).dport(PORT).jump(usesFW ? chains.fw : chains.ext))
    }
    if (usesFW) {
      out.filter(ruleIn(out, 'KUBE-PROXY-FIREWALL').comment(`${spn} traffic not accepted by ${chains.fw}`).proto(proto).dst(l).dport(PORT).jump('DROP'))
    }
  }
  if (!hasExternal) {
    for (const l of lbVIPs) {
      out.filter(ruleIn(out, 'KUBE-EXTERNAL-SERVICES').comment(filterComment(spn, hasAny)).proto(proto).dst(l).dport(PORT).jump(rejectTarget))
    }
  }
  // 4. NodePort
  if (sp.nodePort !== 0) {
    const NP = sp.nodePort
    if (hasAny) {
      if (localhostNps && cfg.nfacct.localhostNodePorts) {
        out.nat(ruleIn(out, 'KUBE-NODEPORTS').comment(spn).proto(proto).dst('127.0.0.0/8').dport(NP).nfacct('localhost_nps_accepted_pkts').jump(chains.ext))
      }
      out.nat(ruleIn(out, 'KUBE-NODEPORTS').comment(spn).proto(proto).dport(NP).jump(chains.ext))
    }
    if (!hasExternal) {
      out.filter(ruleIn(out, 'KUBE-EXTERNAL-SERVICES').comment(filterComment(spn, hasAny)).addrtype('dst', 'LOCAL').proto(proto).dport(NP).jump(rejectTarget))
    }
  }
  // 5. health check node port
  if (healthCheckPort !== 0) {
    out.filter(ruleIn(out, 'KUBE-NODEPORTS').comment(`${spn} health check node port`).proto('tcp').dport(healthCheckPort).jump('ACCEPT'))
  }

  if (out.sharedOnly) return

  // Service-specific chains.
  if (usesSVC) out.natChain(chains.svc)
  if (usesSVL) out.natChain(chains.svl)
  if (usesExtChain) out.natChain(chains.ext)
  if (usesFW) out.natChain(chains.fw)

  // 6. masquerade off-cluster traffic to the cluster IP
  if (hasInternal) {
    if (cfg.masqueradeAll || cfg.clusterCIDR) {
      const b = ruleIn(out, internalChain).commentOf(spn, ' cluster IP').proto(proto).dst(CIP).dport(PORT)
      if (!cfg.masqueradeAll) b.src(cfg.clusterCIDR!, true)
      out.nat(b.jump('KUBE-MARK-MASQ'))
    }
  }
  // 7. KUBE-EXT
  if (usesExtChain) {
    if (!eTPLocal) {
      out.nat(ruleIn(out, chains.ext).comment(`masquerade traffic for ${spn} external destinations`).jump('KUBE-MARK-MASQ'))
    } else {
      if (cfg.clusterCIDR) {
        out.nat(ruleIn(out, chains.ext).comment(`pod traffic for ${spn} external destinations`).src(cfg.clusterCIDR).jump(chains.svc))
      }
      out.nat(ruleIn(out, chains.ext).comment(`masquerade LOCAL traffic for ${spn} external destinations`).addrtype('src', 'LOCAL').jump('KUBE-MARK-MASQ'))
      out.nat(ruleIn(out, chains.ext).comment(`route LOCAL traffic for ${spn} external destinations`).addrtype('src', 'LOCAL').jump(chains.svc))
    }
    if (hasExternal) out.nat(ruleIn(out, chains.ext).jump(externalPolicyChain))
  }
  // 8. KUBE-FW
  if (usesFW) {
    for (const r of sourceRanges) out.nat(ruleIn(out, chains.fw).comment(`${spn} loadbalancer IP`).src(r).jump(chains.ext))
    if (nodeInSourceRange) {
      for (const l of lbVIPs) out.nat(ruleIn(out, chains.fw).comment(`${spn} loadbalancer IP`).src(l).jump(chains.ext))
    }
    out.nat(ruleIn(out, chains.fw).comment(`other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL`).countOnly())
  }
  // 9. endpoint dispatch
  // Each endpoint's chain name is needed up to three times: hashed once, into an array beside
  // its list (a local endpoint is nearly always one of the cluster list's, whose name it takes).
  const clusterSeps = usesSVC ? endpointChains(spn, sp.protocol, cluster) : NO_NAMES
  const localSeps = usesSVL
    ? local.map((e) => { const i = cluster.indexOf(e); return usesSVC && i >= 0 ? clusterSeps[i]! : endpointChain(spn, sp.protocol, e.ip, e.port) })
    : NO_NAMES
  if (usesSVC) writeDispatch(out, ctx, sp, spn, chains.svc, cluster, clusterSeps)
  if (usesSVL) writeDispatch(out, ctx, sp, spn, chains.svl, local, localSeps)
  // 10. KUBE-SEP per reachable endpoint: the cluster list's, then the local ones not in it.
  if (usesSVC) for (let i = 0; i < cluster.length; i++) writeEndpoint(out, ctx, sp, spn, proto, cluster[i]!, clusterSeps[i]!)
  if (usesSVL) {
    for (let i = 0; i < local.length; i++) {
      const e = local[i]!
      if ((!usesSVC || !cluster.includes(e)) && local.indexOf(e) === i) writeEndpoint(out, ctx, sp, spn, proto, e, localSeps[i]!)
    }
  }
}

const NO_NAMES: readonly string[] = []

/** The comment of a port's filter rules (REJECT/DROP): made only for a port that writes one, not per port. */
const filterComment = (spn: string, hasAny: boolean): string => hasAny ? `${spn} has no local endpoints` : `${spn} has no endpoints`

/** An endpoint's KUBE-SEP chain: masquerade traffic from itself, then DNAT to it. */
function writeEndpoint(out: RuleSink, ctx: SyncContext, sp: ProxyServicePort, spn: string, proto: 'tcp' | 'udp' | 'sctp', e: ProxyEndpoint, sep: string): void {
  const { largeCluster } = ctx
  out.natChain(sep)
  const masq = RuleBuilder.of(sep, out.mode(sep))
  if (!largeCluster) masq.comment(spn)
  out.nat(masq.src(e.ip).jump('KUBE-MARK-MASQ'))
  const dnat = RuleBuilder.of(sep, out.mode(sep))
  if (!largeCluster) dnat.comment(spn)
  if (sp.sessionAffinity === 'ClientIP') dnat.recentSet(sep)
  out.nat(dnat.proto(proto).dnat(e.ip, e.port))
}

/** KUBE-SVC / KUBE-SVL: (affinity checks, then) one probability rule per endpoint. */
function writeDispatch(
  out: RuleSink, ctx: SyncContext, sp: ProxyServicePort, spn: string, chain: string,
  list: readonly ProxyEndpoint[], seps: readonly string[],
): void {
  const mode = out.mode(chain)
  if (sp.sessionAffinity === 'ClientIP') {
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!
      const b = RuleBuilder.of(chain, mode)
      if (!ctx.largeCluster) b.comment(`${spn} -> ${epString(e)}`)
      const sep = seps[i]!
      out.nat(b.recentCheck(sep, sp.sessionAffinityTimeoutSeconds).jump(sep))
    }
  }
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!
    const b = RuleBuilder.of(chain, mode)
    if (!ctx.largeCluster) b.comment(`${spn} -> ${epString(e)}`)
    if (i < list.length - 1) b.probability(probability(list.length - i))
    out.nat(b.jump(seps[i]!))
  }
}
