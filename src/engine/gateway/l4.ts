/**
 * TCPRoute and UDPRoute on a Gateway's TCP/UDP listener (apis/v1alpha2/{tcproute,udproute}_types.go):
 * no matches, the connection goes to the rule's backendRefs by weight. When several routes attach
 * to one listener, only the oldest (creationTimestamp, then namespace/name) carries traffic, as the
 * conformance suite expects (gateway-api TCPRoute tests); an invalid backend or one without ready
 * endpoints makes the proxy refuse the connection.
 */
import type { GatewayState } from '../../model/gateway/state.js'
import type { Model } from '../../model/model.js'
import { msg, type Message } from '../messages/catalog.js'
import type { BackendOption } from './route.js'

export interface L4Routing {
  readonly gateway: string
  readonly listener: string | null
  readonly listenerWhy: Message
  /** Routes attached to the listener, the one carrying traffic first. */
  readonly routes: readonly string[]
  readonly rule: { readonly route: string; readonly index: number } | null
  readonly backends: readonly BackendOption[]
  /** Why the connection is refused; null when a backend is to be picked. */
  readonly refused: Message | null
}

export function routeL4(model: Model, gw: GatewayState, port: number, proto: 'tcp' | 'udp'): L4Routing | null {
  const protocol = proto === 'udp' ? 'UDP' : 'TCP'
  const l = gw.listeners.find((x) => x.valid && x.listener.port === port && x.listener.protocol === protocol)
  if (!l) return null
  const kind = proto === 'udp' ? 'UDPRoute' : 'TCPRoute'
  const attached = l.routes.map((a) => a.route).filter((r) => r.kind === kind)
    .sort((a, b) => (a.creationTimestamp ?? '').localeCompare(b.creationTimestamp ?? '') || `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))
  const base = { gateway: gw.key, listener: l.listener.name, listenerWhy: msg('gw.l4.listener', { listener: l.listener.name, port, protocol }), routes: attached.map((r) => `${r.namespace}/${r.name}`) }
  const route = attached[0]
  if (!route) return { ...base, rule: null, backends: [], refused: msg('gw.l4.noRoute', { kind, listener: l.listener.name }) }
  const rs = model.gatewayApi.routes.find((r) => r.route === route)!
  const rule = rs.rules[0]
  const total = rule ? rule.backends.reduce((n, b) => n + b.ref.weight, 0) : 0
  const backends: BackendOption[] = (rule?.backends ?? []).map((b) => ({
    label: `${b.ref.namespace}/${b.ref.name}`, ref: b.ref, weight: b.ref.weight, probability: total ? b.ref.weight / total : 0, problem: b.problem,
  }))
  const ruleRef = { route: `${route.namespace}/${route.name}`, index: 0 }
  if (total === 0) return { ...base, rule: ruleRef, backends, refused: msg('gw.l4.noWeight', { kind, route: ruleRef.route }) }
  return { ...base, rule: ruleRef, backends, refused: null }
}
