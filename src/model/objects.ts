/**
 * The Kubernetes objects and the lab's Cluster document after parsing: only the fields that
 * change networking, with defaults applied. Each keeps where it came from for error messages.
 */
import type { Cidr } from './addr/ipv4.js'
import type { SourceDoc } from './load/readDocuments.js'
import type { GatewayApiObject } from './gateway/objects.js'

export interface Origin {
  readonly doc: SourceDoc
}

export type NetworkPlugin = 'flannel' | 'bridge'
export type FlannelBackend = 'vxlan' | 'host-gw'

export interface KubeProxySettings {
  /** kube-proxy's backend: iptables mode's KUBE-* chains, or nftables mode's `kube-proxy` table. */
  readonly mode: 'iptables' | 'nftables'
  readonly masqueradeAll: boolean
  readonly localhostNodePorts: boolean
  readonly nodePortAddresses: readonly string[] | null
  readonly randomFully: boolean
  /** Whether the kernel has nfacct, so kube-proxy adds its counting matches. */
  readonly nfacct: boolean
  readonly masqueradeBit: number
}

export interface Taint {
  readonly key: string
  readonly value: string
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute'
}

export interface NodeSpec {
  readonly name: string
  readonly ip: number
  readonly podCIDR: Cidr | null
  readonly controlPlane: boolean
  readonly labels: Readonly<Record<string, string>>
  readonly taints: readonly Taint[]
  readonly unschedulable: boolean
  readonly origin?: Origin
}

export interface ExternalClient {
  readonly name: string
  readonly ip: number
  /** Names the upstream DNS server (outside the cluster) answers with this host's IP. */
  readonly dnsNames: readonly string[]
}

export interface ClusterSpec {
  readonly name: string
  readonly clusterDomain: string
  readonly podCIDR: Cidr
  readonly serviceCIDR: Cidr
  readonly dnsServiceIP: number
  readonly nodePortRange: readonly [number, number]
  /**
   * `policy`: who enforces NetworkPolicy. flannel and the bridge plugin do not; `calico` stands
   * for a policy agent next to them (Canal: flannel networking, Calico's felix for policy).
   */
  readonly network: { readonly plugin: NetworkPlugin; readonly backend: FlannelBackend | null; readonly mtu: number; readonly policy: 'none' | 'calico' }
  readonly kubeProxy: KubeProxySettings
  readonly nodes: readonly NodeSpec[]
  readonly externalClients: readonly ExternalClient[]
  /** The L2 network the nodes' eth0 sit on. */
  readonly underlay: { readonly cidr: Cidr; readonly gateway: number }
  /** The node's own /etc/resolv.conf, which dnsPolicy Default and CoreDNS's forward use. */
  readonly nodeResolvConf: { readonly nameservers: readonly string[]; readonly searches: readonly string[]; readonly options: readonly string[] }
  /** Trace cases of this topology: what `kube-netlab verify` checks against the kernel by default. */
  readonly cases: readonly { readonly name: string; readonly from: string; readonly to: string; readonly proto: 'tcp' | 'udp'; readonly pick: string | null }[]
  /** NodeLocal DNSCache: a caching DNS agent on every node, bound to this link-local IP and the kube-dns ClusterIP. */
  readonly nodeLocalDNS: { readonly ip: number } | null
  readonly origin?: Origin
}

export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>
  readonly matchExpressions: readonly { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values: readonly string[] }[]
}

export interface ContainerPort {
  readonly name: string | null
  readonly containerPort: number
  readonly protocol: 'TCP' | 'UDP' | 'SCTP'
  /** The node port the CNI portmap plugin forwards to this container port, when set. */
  readonly hostPort?: number
}

export interface Container {
  readonly name: string
  readonly image: string
  readonly ports: readonly ContainerPort[]
}

export interface Toleration {
  readonly key: string | null
  readonly operator: 'Equal' | 'Exists'
  readonly value: string
  readonly effect: string | null
}

export interface NodeSelectorRequirement {
  readonly key: string
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt'
  readonly values: readonly string[]
}

export interface PodTemplate {
  readonly labels: Readonly<Record<string, string>>
  readonly annotations: Readonly<Record<string, string>>
  readonly nodeName: string | null
  readonly nodeSelector: Readonly<Record<string, string>>
  /** requiredDuringScheduling node affinity: OR of terms, each an AND of requirements. */
  readonly requiredNodeAffinity: readonly (readonly NodeSelectorRequirement[])[] | null
  readonly tolerations: readonly Toleration[]
  readonly hostNetwork: boolean
  readonly dnsPolicy: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None'
  readonly dnsConfig: { readonly nameservers: readonly string[]; readonly searches: readonly string[]; readonly options: readonly { name: string; value?: string }[] } | null
  readonly hostname: string | null
  readonly subdomain: string | null
  readonly containers: readonly Container[]
}

export interface PodObject {
  readonly kind: 'Pod'
  readonly namespace: string
  readonly name: string
  readonly template: PodTemplate
  /** From a dump: status.podIP, honoured as is. */
  readonly podIP: number | null
  /** A dual-stack or IPv6 pod's IPv6 addresses (status.podIPs): kept and shown, not simulated. */
  readonly podIPv6?: readonly string[]
  /** status.hostIP of a dump: the node's address, for files without Node objects. */
  readonly hostIP?: number
  /** Set for a pod that has finished: it holds no IP and is no endpoint. */
  readonly phase?: 'Succeeded' | 'Failed'
  readonly ready: boolean
  readonly owner: { readonly kind: string; readonly name: string } | null
  readonly origin?: Origin
}

export interface WorkloadObject {
  readonly kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet'
  readonly namespace: string
  readonly name: string
  readonly replicas: number
  /** StatefulSet spec.serviceName: the headless Service that names its pods. */
  readonly serviceName: string | null
  readonly selector: LabelSelector
  readonly template: PodTemplate
  readonly origin?: Origin
}

export interface ServicePortSpec {
  readonly name: string
  readonly protocol: 'TCP' | 'UDP' | 'SCTP'
  readonly port: number
  readonly targetPort: number | string
  readonly nodePort: number | null
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'

export interface ServiceObject {
  readonly kind: 'Service'
  readonly namespace: string
  readonly name: string
  readonly type: ServiceType
  /** null: allocate; 'None': headless. */
  readonly clusterIP: number | 'None' | null
  /** The IPv6 ClusterIP of a dual-stack Service (spec.clusterIPs): kept and shown, not simulated. */
  readonly clusterIPv6?: readonly string[]
  readonly selector: Readonly<Record<string, string>> | null
  readonly ports: readonly ServicePortSpec[]
  readonly externalName: string | null
  readonly externalTrafficPolicy: 'Cluster' | 'Local'
  readonly internalTrafficPolicy: 'Cluster' | 'Local'
  readonly sessionAffinity: 'None' | 'ClientIP'
  readonly sessionAffinityTimeoutSeconds: number
  readonly externalIPs: readonly string[]
  readonly loadBalancerIngress: readonly { ip: string; ipMode: 'VIP' | 'Proxy' | null }[]
  readonly loadBalancerSourceRanges: readonly string[]
  readonly healthCheckNodePort: number | null
  readonly publishNotReadyAddresses: boolean
  readonly origin?: Origin
}

export interface EndpointSliceObject {
  readonly kind: 'EndpointSlice'
  readonly namespace: string
  readonly name: string
  readonly serviceName: string
  /** Only IPv4 slices feed the dataplane; IPv6 and FQDN slices are read and set aside. */
  readonly addressType?: 'IPv4' | 'IPv6' | 'FQDN'
  readonly ports: readonly { name: string; port: number; protocol: 'TCP' | 'UDP' | 'SCTP' }[]
  readonly endpoints: readonly { addresses: readonly string[]; ready: boolean; serving: boolean; terminating: boolean; nodeName: string | null; hostname: string | null; targetPod: string | null }[]
  readonly origin?: Origin
}

export interface IngressPath {
  readonly path: string
  readonly pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific'
  readonly service: string
  readonly port: number | string
  /** A `resource` backend (an object the controller serves itself, e.g. a storage bucket): no Service. */
  readonly resource?: { readonly apiGroup: string | null; readonly kind: string; readonly name: string }
}

export interface IngressObject {
  readonly kind: 'Ingress'
  readonly namespace: string
  readonly name: string
  readonly ingressClassName: string | null
  readonly defaultBackend: { service: string; port: number | string; resource?: IngressPath['resource'] } | null
  readonly rules: readonly { host: string | null; paths: readonly IngressPath[] }[]
  readonly origin?: Origin
}

export interface NetworkPolicyObject {
  readonly kind: 'NetworkPolicy'
  readonly namespace: string
  readonly name: string
  /** Kept as written; the engine evaluates it. */
  readonly spec: Readonly<Record<string, unknown>>
  readonly origin?: Origin
}

export interface NamespaceObject {
  readonly kind: 'Namespace'
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly origin?: Origin
}

export interface CorefileObject {
  readonly kind: 'Corefile'
  readonly text: string
  readonly origin?: Origin
}

/** The kube-proxy ConfigMap of a dump (kube-system/kube-proxy, data config.conf): its mode. */
export interface KubeProxyConfigObject {
  readonly kind: 'KubeProxyConfig'
  readonly mode: 'iptables' | 'nftables'
  readonly origin?: Origin
}

export type ClusterObject =
  | KubeProxyConfigObject
  | PodObject
  | WorkloadObject
  | ServiceObject
  | EndpointSliceObject
  | IngressObject
  | NetworkPolicyObject
  | NamespaceObject
  | CorefileObject
  | GatewayApiObject
