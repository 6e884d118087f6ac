/**
 * kube-proxy's view of the cluster, as its iptables proxier sees it on one node: settings,
 * service ports and endpoints. Both the cluster model and the upstream conformance vectors are
 * mapped into these shapes, so one generator serves both.
 */
import type { KpRule } from './ruleBuilder.js'

export type Protocol = 'TCP' | 'UDP' | 'SCTP'

export interface ProxierConfig {
  readonly nodeName: string
  /** The node's primary IP (loadBalancerSourceRanges "allow from node" check). */
  readonly nodeIP: string
  /** Every local address kube-proxy would find on the node (nodePortAddresses filtering). */
  readonly nodeIPs: readonly string[]
  /** detect-local-mode ClusterCIDR; null means no local detector. */
  readonly clusterCIDR: string | null
  readonly masqueradeMark: number
  readonly masqueradeAll: boolean
  readonly localhostNodePorts: boolean
  /** CIDRs; null = every local address. */
  readonly nodePortAddresses: readonly string[] | null
  readonly hasRandomFully: boolean
  readonly conntrackTCPLiberal: boolean
  readonly nfacct: { readonly ctStateInvalid: boolean; readonly localhostNodePorts: boolean }
  readonly largeClusterEndpointsThreshold: number
}

export interface LoadBalancerIngress {
  readonly ip: string
  readonly ipMode: 'VIP' | 'Proxy' | null
}

export interface ProxyServicePort {
  readonly namespace: string
  readonly name: string
  readonly portName: string
  readonly protocol: Protocol
  readonly port: number
  readonly nodePort: number
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'
  /** null for headless ("None") or unset: kube-proxy skips the port. */
  readonly clusterIP: string | null
  readonly externalIPs: readonly string[]
  readonly loadBalancerIngress: readonly LoadBalancerIngress[]
  readonly loadBalancerSourceRanges: readonly string[]
  readonly externalTrafficPolicy: 'Cluster' | 'Local'
  readonly internalTrafficPolicy: 'Cluster' | 'Local'
  readonly sessionAffinity: 'None' | 'ClientIP'
  readonly sessionAffinityTimeoutSeconds: number
  readonly healthCheckNodePort: number
}

export interface ProxyEndpoint {
  readonly ip: string
  readonly port: number
  readonly nodeName: string | null
  readonly ready: boolean
  readonly serving: boolean
  readonly terminating: boolean
}

export interface ProxyInput {
  readonly config: ProxierConfig
  readonly servicePorts: readonly ProxyServicePort[]
  /** Endpoints per service port, keyed by {@link servicePortKey}. */
  readonly endpoints: ReadonlyMap<string, readonly ProxyEndpoint[]>
  /**
   * Optionally, the list `endpoints` holds for each of servicePorts (same index), so a sync
   * need not make 10,000 keys again to look them up.
   */
  readonly portEndpoints?: readonly (readonly ProxyEndpoint[])[]
}

export const servicePortKey = (namespace: string, name: string, portName: string, protocol: Protocol): string =>
  `${namespace}/${name}:${portName}/${protocol}`

/** One line of kube-proxy's iptables-restore input, before joining. */
export type RestoreLine =
  | { readonly kind: 'chain'; readonly name: string }
  | { readonly kind: 'rule'; readonly tokens: readonly string[] }
  | { readonly kind: 'delete'; readonly name: string }

export interface RestoreInput {
  readonly filter: { readonly chains: string[]; readonly rules: readonly KpRule[] }
  readonly nat: { readonly chains: string[]; readonly rules: readonly KpRule[]; readonly deletes: string[] }
}
