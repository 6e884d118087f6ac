/**
 * Step A and B/C of Gateway API HTTP routing (apis/v1/httproute_types.go, HTTPRouteRule and
 * HTTPRouteMatch docs; conformance httproute-matching, -path-match-order, -method-matching,
 * -query-param-matching, -header-matching, gateway-http-listener-isolation): pick the listener
 * by port and the most specific hostname, collect every (route, rule, match) that fits the
 * request, and order them by the spec's precedence, remembering which step decided.
 */
import { hostOnly, hostnameMatches, isWildcard, listenerSpecificity } from '../../model/gateway/hostnames.js'
import type { RouteMatch, RouteObject } from '../../model/gateway/objects.js'
import type { GatewayState, ListenerState } from '../../model/gateway/state.js'
import { msg, type Message } from '../messages/catalog.js'
import { headerValue, type HttpRequest } from './request.js'

export interface ListenerChoice {
  readonly listener: ListenerState
  readonly why: Message
}

/** Step A: the listener on the dialed port whose hostname fits the Host best. */
export function pickListener(gw: GatewayState, port: number, req: HttpRequest): ListenerChoice | { readonly listener: null; readonly why: Message } {
  const onPort = gw.listeners.filter((l) => l.valid && l.listener.port === port && (l.listener.protocol === 'HTTP' || l.listener.protocol === 'HTTPS'))
  if (onPort.length === 0) return { listener: null, why: msg('gw.listener.none', { gateway: gw.key, port }) }
  const host = req.host === null ? null : hostOnly(req.host)
  const fits = onPort.filter((l) => l.listener.hostname === null || (host !== null && hostnameMatches(l.listener.hostname, host)))
  if (fits.length === 0) return { listener: null, why: msg('gw.listener.noHost', { port, host: host ?? msg('gw.noHost'), hostnames: onPort.map((l) => l.listener.hostname ?? '*').join(', ') }) }
  const best = [...fits].sort((a, b) => listenerSpecificity(b.listener.hostname) - listenerSpecificity(a.listener.hostname))[0]!
  const h = best.listener.hostname
  const kind = h === null ? msg('gw.listener.catchAll') : isWildcard(h) ? msg('gw.listener.wildcard', { hostname: h }) : msg('gw.listener.exact', { hostname: h })
  const why = { listener: best.listener.name, port, protocol: best.listener.protocol, kind }
  return { listener: best, why: fits.length > 1 ? msg('gw.listener.pickedOfMany', { ...why, fits: fits.map((l) => l.listener.name).join(', ') }) : msg('gw.listener.picked', why) }
}

function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix.replace(/\/+$/, '')
  return p === '' || path === p || path.startsWith(`${p}/`)
}

/** Why a single match fits the request, or null. */
export function matchFits(m: RouteMatch, req: HttpRequest): boolean {
  if (m.path.type === 'Exact' && m.path.value !== req.path) return false
  if (m.path.type === 'PathPrefix' && !prefixMatches(m.path.value, req.path)) return false
  if (m.path.type === 'RegularExpression') return false
  if (m.method !== null && m.method !== req.method) return false
  for (const h of m.headers) if (headerValue(req, h.name) !== h.value) return false
  for (const q of m.queryParams) if (!req.query.some(([k, v]) => k === q.name && v === q.value)) return false
  return true
}

export function matchText(m: RouteMatch): string {
  const parts = [`${m.path.type} ${m.path.value}`]
  if (m.method) parts.push(`method ${m.method}`)
  for (const h of m.headers) parts.push(`header ${h.name}: ${h.value}`)
  for (const q of m.queryParams) parts.push(`query ${q.name}=${q.value}`)
  return parts.join(', ')
}

export interface Candidate {
  readonly route: RouteObject
  readonly ruleIndex: number
  readonly matchIndex: number
  readonly match: RouteMatch
  /** The route hostname the Host matched; null = the route serves any host. */
  readonly hostname: string | null
}

/** The precedence steps in order; each returns <0 when `a` wins. */
const STEPS: readonly { readonly name: Message; readonly cmp: (a: Candidate, b: Candidate) => number }[] = [
  { name: msg('gw.tie.exactHostname'), cmp: (a, b) => exactLen(b.hostname) - exactLen(a.hostname) },
  { name: msg('gw.tie.hostname'), cmp: (a, b) => (b.hostname?.length ?? 0) - (a.hostname?.length ?? 0) },
  { name: msg('gw.tie.exactPath'), cmp: (a, b) => Number(b.match.path.type === 'Exact') - Number(a.match.path.type === 'Exact') },
  { name: msg('gw.tie.pathLength'), cmp: (a, b) => b.match.path.value.length - a.match.path.value.length },
  { name: msg('gw.tie.method'), cmp: (a, b) => Number(b.match.method !== null) - Number(a.match.method !== null) },
  { name: msg('gw.tie.headers'), cmp: (a, b) => b.match.headers.length - a.match.headers.length },
  { name: msg('gw.tie.query'), cmp: (a, b) => b.match.queryParams.length - a.match.queryParams.length },
  { name: msg('gw.tie.oldest'), cmp: (a, b) => (a.route.creationTimestamp ?? '').localeCompare(b.route.creationTimestamp ?? '') },
  { name: msg('gw.tie.alphabetical'), cmp: (a, b) => `${a.route.namespace}/${a.route.name}`.localeCompare(`${b.route.namespace}/${b.route.name}`) },
  { name: msg('gw.tie.ruleOrder'), cmp: (a, b) => a.ruleIndex - b.ruleIndex },
  { name: msg('gw.tie.matchOrder'), cmp: (a, b) => a.matchIndex - b.matchIndex },
]

function exactLen(h: string | null): number {
  return h !== null && !isWildcard(h) ? h.length : 0
}

export function comparePrecedence(a: Candidate, b: Candidate): number {
  for (const s of STEPS) {
    const d = s.cmp(a, b)
    if (d !== 0) return d
  }
  return 0
}

/** The precedence step that puts `a` ahead of `b`, as a message. */
export function decidingStep(a: Candidate, b: Candidate): Message {
  for (const s of STEPS) if (s.cmp(a, b) !== 0) return s.name
  return msg('gw.tie.identical')
}

/**
 * Step B and C on one listener: the matching (route, rule, match) triples, best first. Rules the
 * controller dropped are skipped; a route whose hostnames do not cover the Host is skipped.
 */
export function candidates(listener: ListenerState, req: HttpRequest, dropped: (route: RouteObject, rule: number) => boolean): Candidate[] {
  const host = req.host === null ? null : hostOnly(req.host)
  const out: Candidate[] = []
  for (const a of listener.routes) {
    if (a.route.kind !== 'HTTPRoute') continue
    let hostname: string | null = null
    if (a.hostnames.length) {
      const hits = host === null ? [] : a.hostnames.filter((h) => hostnameMatches(h, host))
      if (hits.length === 0) continue
      // Only hostnames the route itself specifies rank it (HTTPRouteSpec.Hostnames: "precedence must
      // be given to rules from the HTTPRoute with the largest number of characters in a matching
      // hostname"); one without hostnames that inherits the listener's has none and ranks last.
      if (a.route.hostnames.length) hostname = [...hits].sort((x, y) => exactLen(y) - exactLen(x) || y.length - x.length)[0]!
    }
    a.route.rules.forEach((rule, ruleIndex) => {
      if (dropped(a.route, ruleIndex)) return
      rule.matches.forEach((match, matchIndex) => {
        if (matchFits(match, req)) out.push({ route: a.route, ruleIndex, matchIndex, match, hostname })
      })
    })
  }
  return out.sort(comparePrecedence)
}
