/**
 * A Trace is plain data: what the engine predicts for one exchange, hop by hop, with the
 * packet before and after each hop and the route, FDB entry, iptables rule, conntrack entry or
 * DNS record that decided it. The CLI prints it, the browser animates it, verify checks it.
 * Prose is never English here: explanations, summaries and reasons are messages (a code and
 * parameters, src/engine/messages/catalog.ts) that a shell renders in its language (src/i18n).
 */
import type { Message } from '../messages/catalog.js'

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
  | 'deliver' | 'drop' | 'reject' | 'rst' | 'ttl-exceeded' | 'no-route' | 'dns' | 'loopback' | 'policy' | 'proxy'

/** The line of a `show` view that decided a hop, so the UI can highlight it. */
export interface Decision {
  readonly what: 'route' | 'fdb' | 'neigh' | 'iptables' | 'nftables' | 'conntrack' | 'dns' | 'listener' | 'ingress' | 'policy' | 'gateway'
  /** The `show` view holding it: `node/node1 iptables`, `pod/default/web-1 route`, `dns`. */
  readonly view: string
  /** 1-based line in that view's text; 0 when the decision has no line of its own. */
  readonly line: number
  /** The line as the tool prints it; empty for a prose decision, which carries `message`. */
  readonly text: string
  /** For decisions that are not a tool's line (a listener, an Ingress rule, a NetworkPolicy). */
  readonly message?: Message
}

/**
 * The stages of the kernel's path a packet machine walks (src/engine/packet/packetMachine.ts):
 * the socket's send and route lookup, a node's own packets' OUTPUT hooks, the routing decision,
 * INPUT / FORWARD / POSTROUTING, PREROUTING (conntrack and nat, also as br_netfilter on a
 * bridge), the bridge's FDB, a device transmitting (veth, the node's eth0, a bridge port),
 * VXLAN encapsulation and decapsulation, the node network, and the destination socket.
 */
export type PacketStage =
  | 'send' | 'output' | 'routing' | 'input' | 'forward' | 'postrouting' | 'prerouting' | 'bridge'
  | 'egress' | 'encapsulation' | 'wire' | 'decapsulation' | 'delivery'

export type NfHook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING'

/** A netfilter hook a hop is at, and what the packet went through there, in kernel order. */
export interface HookVisit {
  readonly hook: NfHook
  /** The tables walked at this hop (`raw`, `nat`, `filter`) and `conntrack` where it looked up, translated or confirmed the flow. */
  readonly tables: readonly ('raw' | 'conntrack' | 'nat' | 'filter')[]
  /** Run by br_netfilter for a frame crossing a bridge (bridge-nf-call-iptables=1). */
  readonly bridged: boolean
}

export interface Hop {
  /** The stage the packet machine was in when this hop happened. */
  readonly stage: PacketStage
  readonly place: Place
  readonly device?: string
  readonly kind: HopKind
  /** For netfilter hops: `nat PREROUTING`, `filter FORWARD`, ... */
  readonly hook?: string
  /** For netfilter and conntrack hops: the hook and the tables, as data (the hook map reads it). */
  readonly netfilter?: HookVisit
  readonly before: Packet
  readonly after: Packet
  readonly decidedBy: readonly Decision[]
  readonly explanation: Message
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
  readonly answeredBy: Message
  /** The CoreDNS pod that got the query (after kube-proxy's DNAT); null when none did. */
  readonly server: Message | null
  /** The query packet's journey to the server (empty when the server is outside the lab). */
  readonly hops: readonly Hop[]
}

export interface PathResult {
  readonly hops: readonly Hop[]
  readonly outcome: 'delivered' | 'refused' | 'timeout' | 'ttl-exceeded' | 'no-route'
  readonly reason: Message
  /** The packet as it arrived (delivered) or where it stopped. */
  readonly final: Packet
  readonly at: Place
}

export interface Trace {
  readonly request: { readonly from: string; readonly to: string; readonly proto: L4 }
  readonly result: TraceResult
  readonly summary: Message
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
  readonly notes?: readonly Message[]
  /**
   * When the target is an L7 proxy (the ingress controller or a Gateway's proxy): the rule that
   * picked the backend and the proxy's own connection to it (deliveredTo and serverSees then
   * describe that backend). For a Gateway, `gateway` holds the proxy's decision in detail.
   */
  readonly ingress: {
    readonly controller: string
    readonly decision: Decision
    /** HTTP status the client gets: 200 when proxied, 404 no rule, 503 no endpoints, 502 unreachable. */
    readonly status: number
    readonly upstream: { readonly hops: readonly Hop[]; readonly reply: { readonly hops: readonly Hop[] } | null; readonly segments: Trace['segments'] } | null
  } | null
  /** When the target is a Gateway's proxy: listener, candidate matches, filters, backends (engine/trace/throughGateway.ts). */
  readonly gateway?: import('./gatewayTypes.js').GatewayTrace
  /** The HTTP exchange's outcome, for URL targets through a Gateway. */
  readonly http?: import('./gatewayTypes.js').HttpOutcome
}
