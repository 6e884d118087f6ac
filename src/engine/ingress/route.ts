/**
 * How the ingress controller (ingress-nginx) picks a backend for an HTTP request: the rules of
 * the Ingresses of its class grouped by host (a rule without host serves any host), then within
 * the host an Exact path wins over Prefix matches and the longest Prefix wins; Prefix matches
 * whole path elements (/foo matches /foo and /foo/bar, not /foobar); ImplementationSpecific is
 * treated as Prefix. No match: the Ingress's defaultBackend, else the controller's 404.
 */
import type { Model, ModelEndpoint } from '../../model/model.js'
import type { IngressObject, IngressPath } from '../../model/objects.js'
import { msg, type Message } from '../messages/catalog.js'

export interface IngressRoute {
  readonly ingress: IngressObject | null
  /** The rule that decided (ingress.rule with the match, or ingress.rule.none), for "decided by". */
  readonly rule: Message
  /** The match alone (host, path, backend), for the trace's summary; null when nothing matched. */
  readonly match: Message | null
  readonly backend: { readonly namespace: string; readonly service: string; readonly port: number | string } | null
  readonly status: 200 | 404 | 503
}

const CLASSES = new Set(['nginx', null])

function hostMatches(ruleHost: string, host: string): boolean {
  const r = ruleHost.toLowerCase()
  const h = host.toLowerCase()
  if (r.startsWith('*.')) {
    const rest = h.slice(h.indexOf('.') + 1)
    return h.includes('.') && rest === r.slice(2)
  }
  return r === h
}

function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix.replace(/\/+$/, '')
  if (p === '') return true
  return path === p || path.startsWith(`${p}/`)
}

export function routeIngress(model: Model, host: string, path: string): IngressRoute {
  const ingresses = model.ingresses.filter((i) => CLASSES.has(i.ingressClassName))
  const hostless = host.replace(/:\d+$/, '')
  const candidates = (specific: boolean): { ing: IngressObject; p: IngressPath; host: string | null }[] =>
    ingresses.flatMap((ing) => ing.rules
      .filter((r) => (specific ? r.host !== null && hostMatches(r.host, hostless) : r.host === null))
      .flatMap((r) => r.paths.map((p) => ({ ing, p, host: r.host }))))
  // A server block for the request's host wins over the catch-all one.
  for (const specific of [true, false]) {
    const list = candidates(specific)
    if (!list.length) continue
    const exact = list.find((c) => c.p.pathType === 'Exact' && c.p.path === path)
    const prefix = list
      .filter((c) => c.p.pathType !== 'Exact' && prefixMatches(c.p.path, path))
      .sort((a, b) => b.p.path.replace(/\/+$/, '').length - a.p.path.replace(/\/+$/, '').length)[0]
    const hit = exact ?? prefix
    if (hit?.p.resource) {
      const res = hit.p.resource
      const match = msg('ingress.match.resource', { host: hit.host ?? '*', path: hit.p.path, pathType: hit.p.pathType, resource: `${res.apiGroup ? `${res.apiGroup}/` : ''}${res.kind} ${res.name}` })
      return { ingress: hit.ing, status: 503, match, rule: msg('ingress.rule', { ingress: `${hit.ing.namespace}/${hit.ing.name}`, match }), backend: null }
    }
    if (hit) {
      const match = msg(exact ? 'ingress.match.exact' : 'ingress.match.prefix', { host: hit.host ?? '*', path: hit.p.path, pathType: hit.p.pathType, backend: `${hit.p.service}:${hit.p.port}` })
      return {
        ingress: hit.ing, status: 200, match,
        rule: msg('ingress.rule', { ingress: `${hit.ing.namespace}/${hit.ing.name}`, match }),
        backend: { namespace: hit.ing.namespace, service: hit.p.service, port: hit.p.port },
      }
    }
  }
  const withDefault = ingresses.find((i) => i.defaultBackend)
  if (withDefault?.defaultBackend?.resource) {
    const res = withDefault.defaultBackend.resource
    const match = msg('ingress.match.defaultResource', { host: hostless, path, resource: `${res.apiGroup ? `${res.apiGroup}/` : ''}${res.kind} ${res.name}` })
    return { ingress: withDefault, status: 503, match, rule: msg('ingress.rule', { ingress: `${withDefault.namespace}/${withDefault.name}`, match }), backend: null }
  }
  if (withDefault?.defaultBackend) {
    const match = msg('ingress.match.default', { host: hostless, path, backend: `${withDefault.defaultBackend.service}:${withDefault.defaultBackend.port}` })
    return {
      ingress: withDefault, status: 200, match,
      rule: msg('ingress.rule', { ingress: `${withDefault.namespace}/${withDefault.name}`, match }),
      backend: { namespace: withDefault.namespace, service: withDefault.defaultBackend.service, port: withDefault.defaultBackend.port },
    }
  }
  return { ingress: null, status: 404, rule: msg('ingress.rule.none', { host: hostless, path }), match: null, backend: null }
}

/** The ready endpoints of a backend (Service and port by number or name); empty when none. */
export function backendEndpoints(model: Model, backend: NonNullable<IngressRoute['backend']>): ModelEndpoint[] {
  const svc = model.services.find((s) => s.namespace === backend.namespace && s.name === backend.service)
  const sp = svc?.ports.find((p) => (typeof backend.port === 'number' ? p.spec.port === backend.port : p.spec.name === backend.port))
  return (sp?.endpoints ?? []).filter((e) => e.ready)
}
