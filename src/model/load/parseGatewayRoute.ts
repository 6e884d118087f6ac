/**
 * HTTPRoute (and GRPCRoute, TLSRoute, TCPRoute, UDPRoute) documents with the API server's checks:
 * path values (httproute_types.go's CEL rules on HTTPPathMatch), header and query names, method
 * enum, one filter of each core type, RequestRedirect and URLRewrite never together, a redirect
 * never with backendRefs, ReplacePrefixMatch only with one PathPrefix match, Service refs with a port.
 */
import {
  type BackendRef, type HeaderModifier, type PathModifier, type RouteFilter, type RouteKind, type RouteMatch,
  type RouteObject, type RouteRule, type ValueMatch,
} from '../gateway/objects.js'
import type { FieldReader } from './fieldReader.js'
import { checkMax, parseParentRefs, readGroup, readHostname, readKind, readName } from './parseGateway.js'
import type { Path } from './readDocuments.js'

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const
const REDIRECT_CODES = [301, 302, 303, 307, 308]

/** The CEL rules on HTTPPathMatch.value for Exact and PathPrefix. */
function pathProblem(value: string): string | null {
  if (!value.startsWith('/')) return 'value must be an absolute path and start with \'/\' when type one of [\'Exact\', \'PathPrefix\']'
  for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) if (value.includes(bad)) return `must not contain '${bad}' when type one of ['Exact', 'PathPrefix']`
  if (value.endsWith('/..') || value.endsWith('/.')) return 'must not end with \'/..\' or \'/.\' when type one of [\'Exact\', \'PathPrefix\']'
  return null
}

function valueMatches(r: FieldReader, path: Path, what: 'header' | 'query param'): ValueMatch[] {
  checkMax(r, path, 16, what === 'header' ? 'headers' : 'queryParams')
  const list = r.list(path).map((_, i): ValueMatch => {
    const name = r.string([...path, i, 'name'], '')
    if (!name || !HEADER_NAME.test(name)) r.error([...path, i, 'name'], `${what} name "${name}" is not a valid ${what} name`)
    return { type: r.oneOf([...path, i, 'type'], ['Exact', 'RegularExpression'] as const, 'Exact'), name, value: r.string([...path, i, 'value'], '') }
  })
  // listMapKey=name: header names compare case-insensitively, query names exactly.
  list.forEach((m, i) => {
    const key = (x: ValueMatch): string => (what === 'header' ? x.name.toLowerCase() : x.name)
    if (list.findIndex((x) => key(x) === key(m)) !== i) r.error([...path, i, 'name'], `${what} "${m.name}" is matched twice in one match`)
  })
  return list
}

function parseMatch(r: FieldReader, p: Path): RouteMatch {
  const type = r.oneOf([...p, 'path', 'type'], ['Exact', 'PathPrefix', 'RegularExpression'] as const, 'PathPrefix')
  const value = r.string([...p, 'path', 'value'], '/')
  if (type !== 'RegularExpression') {
    const problem = pathProblem(value)
    if (problem) r.error([...p, 'path', 'value'], `path "${value}": ${problem}`)
  }
  const method = r.has([...p, 'method']) ? r.oneOf([...p, 'method'], METHODS, 'GET') : null
  return { path: { type, value }, headers: valueMatches(r, [...p, 'headers'], 'header'), queryParams: valueMatches(r, [...p, 'queryParams'], 'query param'), method }
}

function headerModifier(r: FieldReader, p: Path): HeaderModifier {
  const pairs = (k: 'set' | 'add'): { name: string; value: string }[] => r.list([...p, k]).map((_, i) => {
    const name = r.string([...p, k, i, 'name'], '')
    if (!HEADER_NAME.test(name)) r.error([...p, k, i, 'name'], `header name "${name}" is not valid`)
    return { name, value: r.string([...p, k, i, 'value'], '') }
  })
  return { set: pairs('set'), add: pairs('add'), remove: r.list([...p, 'remove']).map(String) }
}

function pathModifier(r: FieldReader, p: Path): PathModifier | null {
  if (!r.has(p)) return null
  const type = r.oneOf([...p, 'type'], ['ReplaceFullPath', 'ReplacePrefixMatch'] as const, 'ReplaceFullPath')
  const field = type === 'ReplaceFullPath' ? 'replaceFullPath' : 'replacePrefixMatch'
  if (!r.has([...p, field])) r.error(p, `${field} must be specified when type is set to '${type}'`)
  return { type, value: r.string([...p, field], '/') }
}

const FILTER_FIELDS: Record<string, string> = {
  RequestHeaderModifier: 'requestHeaderModifier', ResponseHeaderModifier: 'responseHeaderModifier', RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite', RequestMirror: 'requestMirror', ExtensionRef: 'extensionRef', CORS: 'cors', ExternalAuth: 'externalAuth',
}

function parseFilter(r: FieldReader, p: Path): RouteFilter {
  const type = r.oneOf(p.concat('type'), Object.keys(FILTER_FIELDS), 'RequestHeaderModifier')
  const field = FILTER_FIELDS[type]!
  if (!r.has([...p, field])) r.error(p, `filter.${field} must be specified for ${type} filter.type`)
  for (const [t, f] of Object.entries(FILTER_FIELDS)) if (t !== type && r.has([...p, f])) r.error([...p, f], `filter.${f} must be nil if the filter.type is not ${t}`)
  const q: Path = [...p, field]
  switch (type) {
    case 'RequestHeaderModifier': case 'ResponseHeaderModifier':
      return { type, modifier: headerModifier(r, q) }
    case 'RequestRedirect': {
      const statusCode = r.int([...q, 'statusCode'], 302)
      if (!REDIRECT_CODES.includes(statusCode)) r.error([...q, 'statusCode'], `statusCode ${statusCode} is not one of ${REDIRECT_CODES.join(', ')}`)
      return {
        type, statusCode,
        scheme: r.has([...q, 'scheme']) ? r.oneOf([...q, 'scheme'], ['http', 'https'] as const, 'http') : null,
        hostname: r.has([...q, 'hostname']) ? readHostname(r, [...q, 'hostname']) : null,
        path: pathModifier(r, [...q, 'path']),
        port: r.has([...q, 'port']) ? r.int([...q, 'port'], 80, 1, 65535) : null,
      }
    }
    case 'URLRewrite':
      return { type, hostname: r.has([...q, 'hostname']) ? readHostname(r, [...q, 'hostname']) : null, path: pathModifier(r, [...q, 'path']) }
    default:
      return { type: 'Other', name: type }
  }
}

function parseBackendRefs(r: FieldReader, p: Path, ns: string): BackendRef[] {
  return r.list(p).map((_, i): BackendRef => {
    const q: Path = [...p, i]
    const group = readGroup(r, [...q, 'group'], '')
    const kind = readKind(r, [...q, 'kind'], 'Service')
    const port = r.has([...q, 'port']) ? r.int([...q, 'port'], 0, 1, 65535) : null
    if (group === '' && kind === 'Service' && port === null) r.error(q, 'Must have port for Service reference', 'add port: <the Service port>')
    return { group, kind, namespace: r.string([...q, 'namespace'], ns), name: readName(r, [...q, 'name'], `backendRefs[${i}].name`), port, weight: r.int([...q, 'weight'], 1, 0, 1_000_000) }
  })
}

function parseRule(r: FieldReader, kind: RouteKind, ns: string, i: number): RouteRule {
  const p: Path = ['spec', 'rules', i]
  const http = kind === 'HTTPRoute'
  if (http) checkMax(r, [...p, 'matches'], 64, `rules[${i}].matches`)
  const matches = http ? (r.has([...p, 'matches']) ? r.list([...p, 'matches']).map((_, j) => parseMatch(r, [...p, 'matches', j])) : [parseMatch(r, [...p, 'matches', 0])]) : []
  const filters = http ? r.list([...p, 'filters']).map((_, j) => parseFilter(r, [...p, 'filters', j])) : []
  const backendRefs = parseBackendRefs(r, [...p, 'backendRefs'], ns)
  if (http) {
    const types = filters.map((f) => (f.type === 'Other' ? f.name : f.type))
    for (const t of ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite']) {
      if (types.filter((x) => x === t).length > 1) r.error([...p, 'filters'], `${t} filter cannot be repeated`)
    }
    if (types.includes('RequestRedirect') && types.includes('URLRewrite')) r.error([...p, 'filters'], 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both')
    if (types.includes('RequestRedirect') && backendRefs.length) r.error([...p, 'filters'], 'RequestRedirect filter must not be used together with backendRefs', 'a redirect answers the client itself; drop the backendRefs or the redirect')
    for (const f of filters) {
      const pm = f.type === 'RequestRedirect' || f.type === 'URLRewrite' ? f.path : null
      if (pm?.type === 'ReplacePrefixMatch' && (matches.length !== 1 || matches[0]!.path.type !== 'PathPrefix')) {
        r.error([...p, 'filters'], `When using ${f.type} filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified`)
      }
    }
  }
  return { name: r.string([...p, 'name'], null), matches, filters, backendRefs }
}

export function parseRoute(r: FieldReader, kind: RouteKind, namespace: string, name: string): RouteObject {
  const parentRefs = parseParentRefs(r, namespace)
  const withHostnames = kind === 'HTTPRoute' || kind === 'GRPCRoute' || kind === 'TLSRoute'
  if (!withHostnames && r.has(['spec', 'hostnames'])) r.error(['spec', 'hostnames'], `${kind} has no hostnames field`)
  checkMax(r, ['spec', 'hostnames'], 16, 'spec.hostnames')
  checkMax(r, ['spec', 'rules'], 16, 'spec.rules')
  const hostnames = withHostnames ? r.list(['spec', 'hostnames']).flatMap((_, i) => readHostname(r, ['spec', 'hostnames', i]) ?? []) : []
  const hasRules = r.has(['spec', 'rules'])
  // An HTTPRoute without rules gets the API default: one rule matching PathPrefix / (no backends).
  const rules = hasRules ? r.list(['spec', 'rules']).map((_, i) => parseRule(r, kind, namespace, i)) : kind === 'HTTPRoute' ? [parseRule(r, kind, namespace, 0)] : []
  if (!hasRules && kind !== 'HTTPRoute' && kind !== 'GRPCRoute') r.error(['spec'], `${kind} needs at least one rule`)
  if (kind === 'HTTPRoute') {
    const total = rules.reduce((n, rule) => n + rule.matches.length, 0)
    if (total > 128) r.error(['spec', 'rules'], `While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128 (got ${total})`)
  }
  return { kind, namespace, name, creationTimestamp: r.string(['metadata', 'creationTimestamp'], null), parentRefs, hostnames, rules, origin: { doc: r.doc } }
}

