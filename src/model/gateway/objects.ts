/**
 * Gateway API objects (gateway.networking.k8s.io) after parsing, with the API's defaults applied:
 * GatewayClass, Gateway, the route kinds and ReferenceGrant. Field meanings follow
 * apis/v1/{gateway,httproute,shared,referencegrant}_types.go of kubernetes-sigs/gateway-api.
 */
import type { LabelSelector, Origin } from '../objects.js'

export const GATEWAY_GROUP = 'gateway.networking.k8s.io'

export interface GatewayClassObject {
  readonly kind: 'GatewayClass'
  readonly name: string
  readonly controllerName: string
  readonly origin?: Origin
}

export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TLS' | 'TCP' | 'UDP'

export interface RouteGroupKind {
  readonly group: string
  readonly kind: string
}

export interface GatewayListener {
  readonly name: string
  readonly port: number
  /** HTTP, HTTPS, TLS, TCP, UDP, or an implementation-specific protocol the API server also accepts. */
  readonly protocol: ListenerProtocol | (string & {})
  readonly hostname: string | null
  readonly allowedRoutes: {
    readonly from: 'Same' | 'All' | 'Selector'
    readonly selector: LabelSelector | null
    /** Empty: the protocol decides (HTTP/HTTPS take HTTPRoute and GRPCRoute, TLS takes TLSRoute, ...). */
    readonly kinds: readonly RouteGroupKind[]
  }
  readonly tlsMode: 'Terminate' | 'Passthrough' | null
}

export interface GatewayObject {
  readonly kind: 'Gateway'
  readonly namespace: string
  readonly name: string
  readonly gatewayClassName: string
  readonly listeners: readonly GatewayListener[]
  /** spec.addresses of type IPAddress: the addresses the user asks for. */
  readonly addresses: readonly string[]
  readonly creationTimestamp: string | null
  readonly origin?: Origin
}

export interface ParentRef {
  readonly group: string
  readonly kind: string
  readonly namespace: string
  readonly name: string
  readonly sectionName: string | null
  readonly port: number | null
}

export interface BackendRef {
  readonly group: string
  readonly kind: string
  readonly namespace: string
  readonly name: string
  readonly port: number | null
  readonly weight: number
}

export interface PathMatch {
  readonly type: 'Exact' | 'PathPrefix' | 'RegularExpression'
  readonly value: string
}

export interface ValueMatch {
  readonly type: 'Exact' | 'RegularExpression'
  readonly name: string
  readonly value: string
}

export interface RouteMatch {
  readonly path: PathMatch
  readonly headers: readonly ValueMatch[]
  readonly queryParams: readonly ValueMatch[]
  readonly method: string | null
}

export interface HeaderModifier {
  readonly set: readonly { readonly name: string; readonly value: string }[]
  readonly add: readonly { readonly name: string; readonly value: string }[]
  readonly remove: readonly string[]
}

export interface PathModifier {
  readonly type: 'ReplaceFullPath' | 'ReplacePrefixMatch'
  readonly value: string
}

export type RouteFilter =
  | { readonly type: 'RequestHeaderModifier' | 'ResponseHeaderModifier'; readonly modifier: HeaderModifier }
  | {
      readonly type: 'RequestRedirect'
      readonly scheme: 'http' | 'https' | null
      readonly hostname: string | null
      readonly path: PathModifier | null
      readonly port: number | null
      readonly statusCode: number
    }
  | { readonly type: 'URLRewrite'; readonly hostname: string | null; readonly path: PathModifier | null }
  /** RequestMirror, CORS, ExternalAuth, ExtensionRef: loaded and shown, not simulated. */
  | { readonly type: 'Other'; readonly name: string }

export interface RouteRule {
  readonly name: string | null
  readonly matches: readonly RouteMatch[]
  readonly filters: readonly RouteFilter[]
  readonly backendRefs: readonly BackendRef[]
}

export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute' | 'UDPRoute'

export interface RouteObject {
  readonly kind: RouteKind
  readonly namespace: string
  readonly name: string
  readonly creationTimestamp: string | null
  readonly parentRefs: readonly ParentRef[]
  readonly hostnames: readonly string[]
  /** HTTPRoute rules; for GRPCRoute the matches are left empty (only service/method shown); TCP/UDP rules have no matches. */
  readonly rules: readonly RouteRule[]
  readonly origin?: Origin
}

export interface ReferenceGrantObject {
  readonly kind: 'ReferenceGrant'
  readonly namespace: string
  readonly name: string
  readonly from: readonly { readonly group: string; readonly kind: string; readonly namespace: string }[]
  readonly to: readonly { readonly group: string; readonly kind: string; readonly name: string | null }[]
  readonly origin?: Origin
}

export type GatewayApiObject = GatewayClassObject | GatewayObject | RouteObject | ReferenceGrantObject

export const ROUTE_KINDS: readonly RouteKind[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']

/** apiVersions the API server serves for each kind (standard and experimental channels). */
export const GATEWAY_API_VERSIONS: Record<string, readonly string[]> = {
  GatewayClass: [`${GATEWAY_GROUP}/v1`, `${GATEWAY_GROUP}/v1beta1`],
  Gateway: [`${GATEWAY_GROUP}/v1`, `${GATEWAY_GROUP}/v1beta1`],
  HTTPRoute: [`${GATEWAY_GROUP}/v1`, `${GATEWAY_GROUP}/v1beta1`],
  GRPCRoute: [`${GATEWAY_GROUP}/v1`],
  TLSRoute: [`${GATEWAY_GROUP}/v1alpha2`, `${GATEWAY_GROUP}/v1alpha3`],
  TCPRoute: [`${GATEWAY_GROUP}/v1alpha2`],
  UDPRoute: [`${GATEWAY_GROUP}/v1alpha2`],
  ReferenceGrant: [`${GATEWAY_GROUP}/v1beta1`, `${GATEWAY_GROUP}/v1alpha2`],
}
