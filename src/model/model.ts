/**
 * The derived cluster: every pod placed and addressed, every Service with its ClusterIP,
 * NodePorts and endpoints. Same input, same model, byte for byte. Per-node dataplane state is
 * derived from this lazily (see node/).
 */
import type { Cidr } from './addr/ipv4.js'
import type { Diagnostic } from './load/diagnostics.js'
import type {
  ClusterSpec, IngressObject, NetworkPolicyObject, NodeSpec, PodTemplate, ServiceObject, ServicePortSpec,
} from './objects.js'
import type { GatewayApiState } from './gateway/state.js'

export type AddonRole = 'coredns' | 'kube-proxy' | 'flannel' | 'ingress-controller' | 'node-local-dns' | 'gateway-proxy'

export interface ModelNode {
  readonly spec: NodeSpec
  readonly name: string
  readonly ip: number
  readonly podCIDR: Cidr
  readonly labels: Readonly<Record<string, string>>
  /** Position in the cluster's node list (stable ordering everywhere). */
  readonly index: number
}

export interface ModelPod {
  readonly namespace: string
  readonly name: string
  readonly template: PodTemplate
  readonly labels: Readonly<Record<string, string>>
  /** null when no node could take it (Pending). */
  readonly nodeName: string | null
  /** null for a Pending pod. For hostNetwork pods, the node IP. */
  readonly ip: number | null
  readonly hostNetwork: boolean
  readonly ready: boolean
  /** A finished pod (Succeeded/Failed): no IP, no endpoint. */
  readonly phase?: 'Succeeded' | 'Failed'
  /** IPv6 addresses of a dual-stack pod: shown, not simulated. */
  readonly ipv6?: readonly string[]
  readonly owner: { readonly kind: string; readonly name: string } | null
  readonly addon: AddonRole | null
  /** 64 hex chars, stable: stands in for the container runtime's sandbox ID. */
  readonly containerId: string
}

export interface ModelEndpoint {
  readonly ip: number
  readonly port: number
  readonly nodeName: string | null
  readonly ready: boolean
  readonly serving: boolean
  readonly terminating: boolean
  readonly hostname: string | null
  /** `ns/name` of the backing pod when known. */
  readonly pod: string | null
}

export interface ModelServicePort {
  readonly spec: ServicePortSpec
  readonly nodePort: number | null
  readonly endpoints: readonly ModelEndpoint[]
}

export interface ModelService {
  readonly obj: ServiceObject
  readonly namespace: string
  readonly name: string
  /** number, 'None' for headless, null for ExternalName. */
  readonly clusterIP: number | 'None' | null
  readonly ports: readonly ModelServicePort[]
  readonly healthCheckNodePort: number | null
  /**
   * Endpoints of a Service without ports (a headless Service that only names its pods): the
   * EndpointSlice controller still lists the addresses, and CoreDNS answers their A records.
   */
  readonly portlessEndpoints?: readonly ModelEndpoint[]
  readonly addon: AddonRole | 'apiserver' | null
}

export interface Model {
  readonly file: string
  readonly cluster: ClusterSpec
  readonly nodes: readonly ModelNode[]
  readonly namespaces: readonly string[]
  readonly pods: readonly ModelPod[]
  readonly services: readonly ModelService[]
  readonly ingresses: readonly IngressObject[]
  /** Gateway API objects with the status the lab's controller computes (the proxies' routing table). */
  readonly gatewayApi: GatewayApiState
  readonly networkPolicies: readonly NetworkPolicyObject[]
  /** Labels of the file's Namespace objects, for NetworkPolicy namespaceSelectors. */
  readonly namespaceLabels?: ReadonlyMap<string, Readonly<Record<string, string>>>
  readonly corefile: string
  readonly diagnostics: readonly Diagnostic[]
}
