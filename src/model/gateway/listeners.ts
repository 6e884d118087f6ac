/**
 * What the controller says about each listener before any route is looked at: whether the lab
 * (playing Envoy Gateway) can serve its protocol, which route kinds it takes, and whether it
 * conflicts with another listener on the same port. Reasons are the spec's
 * (apis/v1/gateway_types.go ListenerConditionReason).
 */
import type { Condition } from './conditions.js'
import { condition } from './conditions.js'
import { GATEWAY_GROUP, type GatewayListener, type GatewayObject, type RouteGroupKind } from './objects.js'

/** The route kinds a listener takes when allowedRoutes.kinds is empty. */
const KINDS_BY_PROTOCOL: Record<string, readonly string[]> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'], HTTPS: ['HTTPRoute', 'GRPCRoute'], TLS: ['TLSRoute', 'TCPRoute'], TCP: ['TCPRoute'], UDP: ['UDPRoute'],
}

/** Protocols that can share one port: HTTP alone; HTTPS and TLS (SNI tells them apart); TCP alone. UDP is another transport. */
const PORT_FAMILY: Record<string, string> = { HTTP: 'http', HTTPS: 'tls', TLS: 'tls', TCP: 'tcp', UDP: 'udp' }

export interface ListenerVerdict {
  readonly listener: GatewayListener
  readonly supportedKinds: readonly RouteGroupKind[]
  readonly conditions: readonly Condition[]
  /** Accepted and not conflicted: routes may attach and the proxy serves it. */
  readonly valid: boolean
}

export function judgeListeners(gw: GatewayObject): ListenerVerdict[] {
  return gw.listeners.map((l) => {
    const conds: Condition[] = []
    const known = KINDS_BY_PROTOCOL[l.protocol]
    const sameUdp = (m: GatewayListener): boolean => (PORT_FAMILY[m.protocol] === 'udp') === (PORT_FAMILY[l.protocol] === 'udp')
    const first = gw.listeners.find((m) => m.port === l.port && sameUdp(m))
    const conflict = known !== undefined && first !== undefined && first !== l && PORT_FAMILY[first.protocol] !== undefined && PORT_FAMILY[first.protocol] !== PORT_FAMILY[l.protocol]
    const wanted = l.allowedRoutes.kinds
    const supported = known === undefined ? [] : wanted.length === 0
      ? known.map((kind) => ({ group: GATEWAY_GROUP, kind }))
      : wanted.filter((k) => k.group === GATEWAY_GROUP && known.includes(k.kind))
    const badKinds = wanted.filter((k) => !supported.some((s) => s.group === k.group && s.kind === k.kind))
    if (known === undefined) {
      conds.push(condition('Accepted', 'False', 'UnsupportedProtocol', `protocol ${l.protocol} is not served by this controller (HTTP, HTTPS, TLS, TCP, UDP are)`))
    } else conds.push(condition('Accepted', 'True', 'Accepted', `listener ${l.name} is valid`))
    conds.push(badKinds.length
      ? condition('ResolvedRefs', 'False', 'InvalidRouteKinds', `route kinds ${badKinds.map((k) => `${k.group}/${k.kind}`).join(', ')} are not supported on protocol ${l.protocol}`)
      : condition('ResolvedRefs', 'True', 'ResolvedRefs', 'all references resolved'))
    conds.push(conflict
      ? condition('Conflicted', 'True', 'ProtocolConflict', `port ${l.port} is already used by listener ${first!.name} with protocol ${first!.protocol}`)
      : condition('Conflicted', 'False', 'NoConflicts', 'no conflicts'))
    const valid = known !== undefined && !conflict && !(wanted.length > 0 && supported.length === 0)
    conds.push(valid ? condition('Programmed', 'True', 'Programmed', 'sending translated configuration to the proxy') : condition('Programmed', 'False', 'Invalid', 'the listener cannot be served'))
    return { listener: l, supportedKinds: supported, conditions: conds, valid }
  })
}
