/** What a trace through a Gateway's proxy records besides the packets: the L7 decision as data. */
import type { FilterStep } from '../gateway/filters.js'
import type { Message } from '../messages/catalog.js'
import type { GatewayRouting } from '../gateway/route.js'

/** An HTTP request as JSON shows it: query and headers as objects. */
export interface HttpRequestView {
  readonly method: string
  readonly host: string | null
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>
}

export interface GatewayTrace {
  /** `namespace/name` of the Gateway and the proxy pod that took the connection. */
  readonly gateway: string
  readonly proxy: string
  readonly listener: string | null
  readonly listenerWhy: Message
  /** The HTTP request as the proxy read it; null on a TCP or UDP listener. */
  readonly request: HttpRequestView | null
  /** HTTP: each match as its spec fields (`PathPrefix /api, method GET`); TCP/UDP: which route carries traffic. */
  readonly candidates: readonly (Omit<GatewayRouting['candidates'][number], 'text'> & { readonly text: string | Message })[]
  readonly tieBreak: Message | null
  readonly rule: GatewayRouting['rule']
  readonly filters: readonly (Omit<FilterStep, 'before' | 'after'> & { readonly before: HttpRequestView; readonly after: HttpRequestView })[]
  readonly backends: readonly { readonly label: string; readonly port: number | null; readonly weight: number; readonly probability: number; readonly problem: string | null }[]
  readonly status: number
  readonly reason: Message
  readonly location: string | null
  readonly responseHeaders: Readonly<Record<string, string>>
}

export interface HttpOutcome {
  /** The status code the client gets. */
  readonly status: number
  /** `namespace/Service` of the chosen backendRef, or null. */
  readonly backend: string | null
  readonly location: string | null
  readonly backendRequest: Omit<HttpRequestView, 'host'> & { readonly host: string | null } | null
  readonly rule: { readonly route: string; readonly index: number } | null
}
