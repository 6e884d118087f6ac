/**
 * What a Gateway's proxy decides for one HTTP request: the listener (step A), the winning
 * (route, rule, match) with the precedence step that decided (B, C), the rule's filters in order,
 * and the weighted backendRefs the proxy picks from. 404 when no listener or match, 500 when the
 * winning rule has no usable backend (it never falls through to another rule), 3xx for redirects.
 */
import type { Model, ModelEndpoint } from '../../model/model.js'
import type { GatewayState, RouteState } from '../../model/gateway/state.js'
import type { BackendRef, RouteObject } from '../../model/gateway/objects.js'
import { msg, type Message } from '../messages/catalog.js'
import { applyFilters, type FilterStep } from './filters.js'
import { candidates, decidingStep, matchText, pickListener } from './match.js'
import type { HttpRequest } from './request.js'

export interface BackendOption {
  /** `namespace/Service` as the choice labels it. */
  readonly label: string
  readonly ref: BackendRef
  readonly weight: number
  readonly probability: number
  readonly problem: { readonly reason: string; readonly message: string } | null
}

export interface GatewayRouting {
  readonly gateway: string
  readonly listener: string | null
  readonly listenerWhy: Message
  /** Matching (route, rule, match) in precedence order; the first one wins. */
  readonly candidates: readonly { readonly route: string; readonly rule: number; readonly match: number; readonly text: string; readonly hostname: string | null }[]
  /** The precedence step that put the winner ahead of the runner-up. */
  readonly tieBreak: Message | null
  readonly rule: { readonly route: string; readonly index: number } | null
  readonly filters: readonly FilterStep[]
  /** Decided without a backend (404, 500, a redirect); null when a backend is to be picked. */
  readonly status: number | null
  readonly reason: Message
  readonly location: string | null
  readonly backends: readonly BackendOption[]
  /** The request as the backend receives it (after the filters). */
  readonly backendRequest: HttpRequest | null
  readonly responseHeaders: HttpRequest['headers']
}

const key = (r: RouteObject): string => `${r.namespace}/${r.name}`

export function gatewayOf(model: Model, gatewayKey: string): GatewayState | undefined {
  return model.gatewayApi.gateways.find((g) => g.key === gatewayKey)
}

function routeState(model: Model, route: RouteObject): RouteState | undefined {
  return model.gatewayApi.routes.find((r) => r.route === route)
}

export function routeHttp(model: Model, gw: GatewayState, port: number, req: HttpRequest): GatewayRouting {
  const base = { gateway: gw.key, candidates: [], tieBreak: null, rule: null, filters: [], location: null, backends: [], backendRequest: null, responseHeaders: [] }
  const picked = pickListener(gw, port, req)
  if (!picked.listener) return { ...base, listener: null, listenerWhy: picked.why, status: 404, reason: msg('gw.answer404', { why: picked.why }) }
  const l = picked.listener
  const dropped = (route: RouteObject, i: number): boolean => routeState(model, route)?.rules[i]?.unsupported != null
  const cands = candidates(l, req, dropped)
  const listed = cands.map((c) => ({ route: key(c.route), rule: c.ruleIndex, match: c.matchIndex, text: matchText(c.match), hostname: c.hostname }))
  const common = { ...base, listener: l.listener.name, listenerWhy: picked.why, candidates: listed }
  if (cands.length === 0) {
    return { ...common, status: 404, reason: msg('gw.noMatch', { routes: l.routes.length, listener: l.listener.name, method: req.method, path: req.path }) }
  }
  const win = cands[0]!
  const tieBreak = cands.length > 1 ? decidingStep(win, cands[1]!) : null
  const rs = routeState(model, win.route)!
  const rule = rs.rules[win.ruleIndex]!
  const ruleRef = { route: key(win.route), index: win.ruleIndex }
  const applied = applyFilters(rule.rule.filters, req, { listenerPort: port, matchedPrefix: win.match.path.type === 'PathPrefix' ? win.match.path.value : null, gatewayAddress: gw.address ?? '' })
  const winText = msg('gw.rule', { kind: win.route.kind, route: key(win.route), rule: win.ruleIndex, match: matchText(win.match) })
  const decided = { ...common, tieBreak, rule: ruleRef, filters: applied.steps, responseHeaders: applied.responseHeaders }
  if (applied.redirect) {
    return { ...decided, status: applied.redirect.status, location: applied.redirect.location, reason: msg('gw.redirects', { rule: winText, status: applied.redirect.status, location: applied.redirect.location }) }
  }
  const total = rule.backends.reduce((n, b) => n + b.ref.weight, 0)
  const backends: BackendOption[] = rule.backends.map((b) => ({
    label: `${b.ref.namespace}/${b.ref.name}`, ref: b.ref, weight: b.ref.weight, probability: total ? b.ref.weight / total : 0, problem: b.problem,
  }))
  if (rule.backends.length === 0) return { ...decided, status: 500, reason: msg('gw.noBackendRefs', { rule: winText }) }
  if (total === 0) return { ...decided, backends, status: 500, reason: msg('gw.zeroWeights', { rule: winText }) }
  return { ...decided, backends, backendRequest: applied.request, status: null, reason: winText }
}

/** The ready endpoints behind a backendRef's Service port (the proxy reads EndpointSlices, not the ClusterIP). */
export function refEndpoints(model: Model, ref: BackendRef): ModelEndpoint[] {
  const svc = model.services.find((s) => s.namespace === ref.namespace && s.name === ref.name)
  const sp = svc?.ports.find((p) => p.spec.port === ref.port)
  return (sp?.endpoints ?? []).filter((e) => e.ready)
}

/** The outcome once the weighted choice is made: 500 for an invalid backend, 503 for one without ready endpoints. */
export function finishWith(model: Model, routing: GatewayRouting, option: BackendOption): { status: number; reason: Message; endpoints: ModelEndpoint[] } {
  if (option.problem) return { status: 500, reason: msg('gw.backendInvalid', { backend: option.label, reason: option.problem.reason, message: option.problem.message, share: (option.probability * 100).toFixed(1) }), endpoints: [] }
  const eps = refEndpoints(model, option.ref)
  if (eps.length === 0) return { status: 503, reason: msg('gw.backendNoEndpoints', { backend: option.label, port: option.ref.port ?? '-' }), endpoints: [] }
  return { status: 200, reason: msg('gw.backendChosen', { rule: routing.reason, backend: option.label, port: option.ref.port ?? '-' }), endpoints: eps }
}
