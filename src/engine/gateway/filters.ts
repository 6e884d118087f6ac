/**
 * The core HTTPRoute filters (apis/v1/httproute_types.go HTTPRouteFilter; conformance
 * httproute-request-header-modifier, -redirect-*, -rewrite-path, -rewrite-host,
 * -response-header-modifier), applied in list order to the request the proxy forwards.
 */
import type { HeaderModifier, PathModifier, RouteFilter } from '../../model/gateway/objects.js'
import { msg, type Message } from '../messages/catalog.js'
import { queryText, type HttpRequest } from './request.js'

type Headers = HttpRequest['headers']

/** set replaces (or adds), add appends to an existing value (`old,new`), remove deletes; names compare case-insensitively. */
export function modifyHeaders(headers: Headers, m: HeaderModifier): Headers {
  let out = [...headers]
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()
  for (const s of m.set) {
    const i = out.findIndex(([k]) => same(k, s.name))
    if (i < 0) out.push([s.name, s.value])
    else out = out.filter(([k], j) => j === i || !same(k, s.name)).map((h) => (same(h[0], s.name) ? [h[0], s.value] as const : h))
  }
  for (const a of m.add) {
    const i = out.findIndex(([k]) => same(k, a.name))
    if (i < 0) out.push([a.name, a.value])
    else out[i] = [out[i]![0], `${out[i]![1]},${a.value}`]
  }
  const removed = new Set(m.remove.map((r) => r.toLowerCase()))
  return out.filter(([k]) => !removed.has(k.toLowerCase()))
}

/**
 * ReplacePrefixMatch swaps the matched prefix element-wise: prefix /prefix/one with /one turns
 * /prefix/one/two into /one/two; with / it strips the prefix (/prefix/one → /).
 */
export function rewritePath(path: string, mod: PathModifier, matchedPrefix: string | null): string {
  if (mod.type === 'ReplaceFullPath') return mod.value
  const prefix = (matchedPrefix ?? '/').replace(/\/+$/, '')
  const rest = path.slice(prefix.length)
  const out = mod.value.replace(/\/+$/, '') + rest
  return out === '' ? '/' : out.startsWith('/') ? out : `/${out}`
}

export interface FilterStep {
  readonly type: string
  readonly text: Message
  readonly before: HttpRequest
  readonly after: HttpRequest
}

export interface FilterResult {
  readonly request: HttpRequest
  readonly steps: readonly FilterStep[]
  readonly redirect: { readonly status: number; readonly location: string } | null
  /** Headers ResponseHeaderModifier sets on the answer (the backend's own headers are not modelled). */
  readonly responseHeaders: Headers
  readonly notSimulated: readonly string[]
}

/** The modifier's own fields (set, add, remove as the API names them), or "no changes". */
function describeModifier(m: HeaderModifier): string | Message {
  return [
    ...m.set.map((s) => `set ${s.name}: ${s.value}`), ...m.add.map((a) => `add ${a.name}: ${a.value}`), ...m.remove.map((r) => `remove ${r}`),
  ].join(', ') || msg('gw.filter.noChanges')
}

/**
 * Redirect Location (HTTPRequestRedirectFilter docs): scheme, hostname, port and path from the
 * filter, the rest from the request; with no port given, the scheme's well-known port when the
 * scheme is set, else the listener's port; the port is left out for http:80 and https:443.
 */
function location(req: HttpRequest, f: Extract<RouteFilter, { type: 'RequestRedirect' }>, listenerPort: number, matchedPrefix: string | null, gatewayAddress: string): string {
  const scheme = f.scheme ?? req.scheme
  const host = f.hostname ?? (req.host === null ? gatewayAddress : req.host.replace(/:\d+$/, ''))
  const port = f.port ?? (f.scheme !== null ? (scheme === 'https' ? 443 : 80) : listenerPort)
  const showPort = !((scheme === 'http' && port === 80) || (scheme === 'https' && port === 443))
  const path = f.path ? rewritePath(req.path, f.path, matchedPrefix) : req.path
  return `${scheme}://${host}${showPort ? `:${port}` : ''}${path}${queryText(req.query)}`
}

export function applyFilters(
  filters: readonly RouteFilter[], req: HttpRequest, ctx: { listenerPort: number; matchedPrefix: string | null; gatewayAddress: string },
): FilterResult {
  let cur = req
  const steps: FilterStep[] = []
  let redirect: FilterResult['redirect'] = null
  let responseHeaders: Headers = []
  const notSimulated: string[] = []
  for (const f of filters) {
    const before = cur
    switch (f.type) {
      case 'RequestHeaderModifier':
        cur = { ...cur, headers: modifyHeaders(cur.headers, f.modifier) }
        steps.push({ type: f.type, text: msg('gw.filter.headers', { changes: describeModifier(f.modifier) }), before, after: cur })
        break
      case 'ResponseHeaderModifier':
        responseHeaders = modifyHeaders(responseHeaders, f.modifier)
        steps.push({ type: f.type, text: msg('gw.filter.response', { changes: describeModifier(f.modifier) }), before, after: cur })
        break
      case 'URLRewrite': {
        const path = f.path ? rewritePath(cur.path, f.path, ctx.matchedPrefix) : cur.path
        cur = { ...cur, path, host: f.hostname ?? cur.host }
        steps.push({ type: f.type, text: msg('gw.filter.rewrite', { what: [f.path ? `${f.path.type} ${f.path.value}` : '', f.hostname ? `hostname ${f.hostname}` : ''].filter(Boolean).join(', ') }), before, after: cur })
        break
      }
      case 'RequestRedirect': {
        const loc = location(cur, f, ctx.listenerPort, ctx.matchedPrefix, ctx.gatewayAddress)
        redirect = { status: f.statusCode, location: loc }
        steps.push({ type: f.type, text: msg('gw.filter.redirect', { status: f.statusCode, location: loc }), before, after: cur })
        break
      }
      case 'Other':
        notSimulated.push(f.name)
        steps.push({ type: f.name, text: msg('gw.filter.notSimulated'), before, after: cur })
        break
    }
  }
  return { request: cur, steps, redirect, responseHeaders, notSimulated }
}
