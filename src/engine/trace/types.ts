/**
 * A Trace is plain data: what the engine predicts for one exchange, hop by hop, with the
 * packet before and after each hop and the route, FDB entry, iptables rule, conntrack entry or
 * DNS record that decided it. The CLI prints it, the browser animates it, verify checks it.
 */

export type L4 = 'tcp' | 'udp' | 'icmp'

export interface Ethernet {
  readonly src: string
  readonly dst: string
}

export interface Packet {
  readonly eth?: Ethernet
  readonly src: string
  readonly dst: string
  readonly ttl: number
  readonly proto: L4
  readonly sport: number
  readonly dport: number
  /** TCP flags of this segment (SYN, SYN-ACK, ...), or the ICMP message. */
  readonly flags?: string
  /** What the payload carries, for people (`DNS query A web.default.svc.cluster.local.`). */
  readonly payload?: string
  /** The VXLAN wrapping while the packet crosses the underlay. */
  readonly outer?: {
    readonly eth: Ethernet
    readonly src: string
    readonly dst: string
    readonly ttl: number
    readonly sport: number
    readonly dport: number
    readonly vni: number
  }
}

/** A network namespace the lab models. */
export type Place =
  | { readonly kind: 'pod'; readonly pod: string; readonly node: string }
  | { readonly kind: 'node'; readonly node: string }
  | { readonly kind: 'external'; readonly client: string }
  | { readonly kind: 'underlay' }

export type HopKind =
  | 'send' | 'route' | 'veth' | 'bridge' | 'netfilter' | 'conntrack' | 'vxlan-encap' | 'underlay' | 'vxlan-decap'
  | 'deliver' | 'drop' | 'reject' | 'rst' | 'ttl-exceeded' | 'no-route' | 'dns' | 'loopback' | 'policy'

/** The line of a `show` view that decided a hop, so the UI can highlight it. */
export interface Decision {
  readonly what: 'route' | 'fdb' | 'neigh' | 'iptables' | 'conntrack' | 'dns' | 'listener' | 'ingress' | 'policy'
  /** The `show` view holding it: `node/node1 iptables`, `pod/default/web-1 route`, `dns`. */
  readonly view: string
  /** 1-based line in that view's text; 0 when the decision has no line of its own. */
  readonly line: number
  readonly text: string
}

export interface Hop {
  readonly place: Place
  readonly device?: string
  readonly kind: HopKind
  /** For netfilter hops: `nat PREROUTING`, `filter FORWARD`, ... */
  readonly hook?: string
  readonly before: Packet
  readonly after: Packet
  readonly decidedBy: readonly Decision[]
  readonly explanation: string
  /** For netfilter hops: rules the kernel evaluates one by one to reach the verdict. */
  readonly rulesWalked?: number
}

export interface ChoiceAlternative {
  /** What this branch leads to (`10.244.1.3:8080`). */
  readonly label: string
  readonly chain: string
  readonly probability: number
}

/** A point where the kernel (or CoreDNS) picks at random; the caller may pin it. */
export interface Choice {
  readonly at: string
  readonly alternatives: readonly ChoiceAlternative[]
  readonly picked: string
  readonly how: 'seeded' | 'pinned' | 'only'
  /** Made for a DNS query, or for the connection itself. */
  readonly phase: 'dns' | 'connection'
}

export type TraceResult = 'delivered' | 'refused' | 'timeout' | 'nxdomain' | 'ttl-exceeded' | 'no-route'

export interface DnsQueryRecord {
  readonly name: string
  readonly type: 'A' | 'AAAA' | 'SRV' | 'PTR'
  readonly rcode: string
  readonly answers: readonly string[]
  readonly authority: readonly string[]
  /** Who answered: the kubernetes plugin, or forward to the upstream server. */
  readonly answeredBy: string
  /** The CoreDNS pod that got the query (after kube-proxy's DNAT). */
  readonly server: string
  /** The query packet's journey to the server (empty when the server is outside the lab). */
  readonly hops: readonly Hop[]
}

export interface PathResult {
  readonly hops: readonly Hop[]
  readonly outcome: 'delivered' | 'refused' | 'timeout' | 'ttl-exceeded' | 'no-route'
  readonly reason: string
  /** The packet as it arrived (delivered) or where it stopped. */
  readonly final: Packet
  readonly at: Place
}

export interface Trace {
  readonly request: { readonly from: string; readonly to: string; readonly proto: L4 }
  readonly result: TraceResult
  readonly summary: string
  readonly deliveredTo: { readonly pod?: string; readonly node?: string; readonly container?: string; readonly ip: string; readonly port: number } | null
  readonly serverSees: { readonly ip: string; readonly port: number } | null
  readonly dns: readonly DnsQueryRecord[]
  readonly hops: readonly Hop[]
  readonly reply: { readonly hops: readonly Hop[] } | null
  /** The TCP exchange in order, each as the client and the server see it. */
  readonly segments: readonly { readonly name: string; readonly client: string; readonly server: string }[]
  readonly choices: readonly Choice[]
  /** iptables rules the kernel evaluated for the first packet, summed over every hook. */
  readonly rulesWalked: number
  /** Assumptions and what is not simulated, as codes (see notes.ts); absent when there are none. */
  readonly notes?: readonly import('./notes.js').TraceNote[]
  /**
   * When the target is the ingress controller: the rule that picked the backend and the
   * controller's own connection to it (deliveredTo and serverSees then describe that backend).
   */
  readonly ingress: {
    readonly controller: string
    readonly decision: Decision
    /** HTTP status the client gets: 200 when proxied, 404 no rule, 503 no endpoints, 502 unreachable. */
    readonly status: number
    readonly upstream: { readonly hops: readonly Hop[]; readonly reply: { readonly hops: readonly Hop[] } | null; readonly segments: Trace['segments'] } | null
  } | null
}
