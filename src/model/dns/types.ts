/**
 * What CoreDNS's kubernetes plugin sees of a cluster (its informer caches) and how it is
 * configured. Both the cluster model and the upstream CoreDNS test vectors map into these
 * shapes, so one implementation answers both. Addresses are text: IPv4 or IPv6.
 */

export interface DnsServicePort {
  readonly name: string
  /** As in the API object: TCP, UDP or SCTP. */
  readonly protocol: string
  readonly port: number
}

export interface DnsService {
  readonly namespace: string
  readonly name: string
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'
  /** `["None"]` for headless; empty for ExternalName. */
  readonly clusterIPs: readonly string[]
  readonly externalName: string | null
  readonly ports: readonly DnsServicePort[]
}

export interface DnsEndpointAddress {
  readonly ip: string
  readonly hostname: string | null
  readonly ready: boolean
  /** Name of the backing pod (targetRef), for `endpoint_pod_names`. */
  readonly podName: string | null
}

/** One EndpointSlice as CoreDNS caches it. */
export interface DnsEndpointSlice {
  readonly namespace: string
  readonly service: string
  readonly addresses: readonly DnsEndpointAddress[]
  readonly ports: readonly DnsServicePort[]
}

export interface DnsPod {
  readonly namespace: string
  readonly name: string
  readonly ip: string
}

export interface DnsView {
  /** Whether a namespace exists (the namespace informer); names compare case-insensitively. */
  readonly namespaceExists: (name: string) => boolean
  readonly services: readonly DnsService[]
  readonly slices: readonly DnsEndpointSlice[]
  readonly pods: readonly DnsPod[]
  /** SOA serial: the controller's last-change time in a real cluster; fixed in the lab. */
  readonly serial: number
  /**
   * An index, where the view has one (the cluster model's): the Services whose namespace and
   * name are `namespace` and `name` (lower case), compared case-insensitively, in `services`
   * order — what filtering `services` gives, without a walk of 10,000 of them per query.
   */
  readonly servicesNamed?: (namespace: string, name: string) => readonly DnsService[]
  /** With servicesNamed: the slices of Service `namespace`/`service` (compared exactly), in `slices` order. */
  readonly slicesOfService?: (namespace: string, service: string) => readonly DnsEndpointSlice[]
}

export type PodsMode = 'disabled' | 'insecure' | 'verified'

/** The `kubernetes` plugin block of a Corefile. */
export interface KubernetesPluginConfig {
  /** Fully qualified, lower case (`cluster.local.`, `in-addr.arpa.`). */
  readonly zones: readonly string[]
  /** The `namespaces` directive; empty = every namespace. */
  readonly namespaces: readonly string[]
  readonly pods: PodsMode
  readonly ttl: number
  readonly ignoreEmptyService: boolean
  /** Zones whose NXDOMAIN goes on to the next plugin; `["."]` for a bare `fallthrough`. */
  readonly fallthrough: readonly string[]
  readonly endpointPodNames: boolean
  /** Addresses CoreDNS itself is bound to (its pod IPs), for `ns.dns.<zone>` and NS answers. */
  readonly localIPs: readonly string[]
}

export type QType = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT' | 'SOA' | 'NS' | 'MX' | 'HINFO'
  | 'ANY' | 'CAA' | 'NAPTR' | 'DS' | 'DNSKEY' | 'SPF' | 'AXFR' | 'IXFR'

/** Every type `dig` takes: what the kubernetes plugin answers, and the rest it answers NODATA/NXDOMAIN/REFUSED. */
export const QTYPES: readonly QType[] = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'NS', 'SOA', 'TXT', 'MX', 'ANY', 'HINFO', 'CAA', 'NAPTR', 'DS', 'DNSKEY', 'SPF', 'AXFR', 'IXFR']

export interface ResourceRecord {
  readonly name: string
  readonly ttl: number
  readonly type: QType
  readonly data: string
}

export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED'

export interface PluginAnswer {
  readonly rcode: Rcode
  readonly answer: readonly ResourceRecord[]
  readonly ns: readonly ResourceRecord[]
  readonly extra: readonly ResourceRecord[]
  /**
   * An ExternalName CNAME whose target is outside the plugin's zones: CoreDNS looks the target
   * up through its own server (normally `forward`) and appends that answer.
   */
  readonly chase?: string
}

/** Zone-file presentation: `owner TTL IN TYPE rdata`. */
export function formatRecord(rr: ResourceRecord): string {
  return `${rr.name} ${rr.ttl} IN ${rr.type} ${rr.data}`
}
