/**
 * A service port's traffic policies as both of kube-proxy's proxiers read them at the top of
 * their per-port loop (pkg/proxy/iptables/proxier.go and pkg/proxy/nftables/proxier.go,
 * syncProxyRules): the addresses that reach it from outside the cluster, whether
 * externalTrafficPolicy / internalTrafficPolicy are Local, and which endpoint sets its chains use.
 */
import { isIpv4 } from '../addr/ipv4.js'
import type { ProxyServicePort } from './types.js'

export interface PortPolicy {
  /** LoadBalancer ingress IPs kube-proxy programs (ipMode Proxy ones are the load balancer's to handle). */
  readonly lbVIPs: readonly string[]
  readonly externalIPs: readonly string[]
  readonly externallyAccessible: boolean
  readonly eTPLocal: boolean
  readonly iTPLocal: boolean
  readonly usesClusterEndpoints: boolean
  readonly usesLocalEndpoints: boolean
}

const NONE: readonly string[] = []

export function portPolicy(sp: ProxyServicePort): PortPolicy {
  const lbVIPs = sp.loadBalancerIngress.length === 0 ? NONE : sp.loadBalancerIngress.filter((i) => i.ip && isIpv4(i.ip) && i.ipMode !== 'Proxy').map((i) => i.ip)
  const externalIPs = sp.externalIPs.length === 0 ? NONE : sp.externalIPs.filter(isIpv4)
  const externallyAccessible = sp.nodePort !== 0 || lbVIPs.length > 0 || externalIPs.length > 0
  // ExternallyAccessible / ExternalPolicyLocal (pkg/api/v1/service/util.go): a LoadBalancer or
  // NodePort Service, or any Service with externalIPs, is reached from outside, so its
  // externalTrafficPolicy applies.
  const apiExternal = sp.type === 'LoadBalancer' || sp.type === 'NodePort' || externalIPs.length > 0
  const eTPLocal = apiExternal && sp.externalTrafficPolicy === 'Local'
  const iTPLocal = sp.internalTrafficPolicy === 'Local'
  // Without load balancer or external IPs (nearly every port), the policy is one of eight shared
  // objects (it is only read): not an object per port on every sync.
  if (lbVIPs === NONE && externalIPs === NONE) {
    const k = (externallyAccessible ? 4 : 0) + (eTPLocal ? 2 : 0) + (iTPLocal ? 1 : 0)
    return (PLAIN[k] ??= policyOf(lbVIPs, externalIPs, externallyAccessible, eTPLocal, iTPLocal))
  }
  return policyOf(lbVIPs, externalIPs, externallyAccessible, eTPLocal, iTPLocal)
}

const PLAIN: (PortPolicy | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]

function policyOf(lbVIPs: readonly string[], externalIPs: readonly string[], externallyAccessible: boolean, eTPLocal: boolean, iTPLocal: boolean): PortPolicy {
  return {
    lbVIPs, externalIPs, externallyAccessible, eTPLocal, iTPLocal,
    usesClusterEndpoints: !iTPLocal || externallyAccessible,
    usesLocalEndpoints: iTPLocal || (eTPLocal && externallyAccessible),
  }
}
