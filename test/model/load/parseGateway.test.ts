/** Gateway API documents: defaults applied, and what the API server rejects reported at the field with a hint. */
import { describe, expect, it } from 'vitest'
import { formatDiagnostic, type Diagnostic } from '../../../src/model/load/diagnostics.js'
import { parseObjects } from '../../../src/model/load/parseObjects.js'
import { readDocuments } from '../../../src/model/load/readDocuments.js'
import type { GatewayObject, ReferenceGrantObject, RouteObject } from '../../../src/model/gateway/objects.js'

function parse(text: string): { objects: ReturnType<typeof parseObjects>['objects']; diagnostics: Diagnostic[] } {
  const read = readDocuments('gw.yaml', text)
  const diagnostics = [...read.diagnostics]
  const parsed = parseObjects(read.docs, diagnostics)
  return { objects: parsed.objects, diagnostics }
}
const errors = (text: string): string[] => parse(text).diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: eg, namespace: infra }
spec:
  gatewayClassName: eg
  listeners:
    - name: http
      port: 80
      protocol: HTTP
`
const route = (spec: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r, namespace: app }
spec:
  parentRefs: [{ name: eg, namespace: infra }]
${spec}`

describe('Gateway API loading', () => {
  it('reads every kind with the API defaults', () => {
    const { objects, diagnostics } = parse(`apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: eg }
spec: { controllerName: gateway.envoyproxy.io/gatewayclass-controller }
---
${GATEWAY}---
${route(`  hostnames: [www.example.com]
  rules:
    - matches: [{ path: { type: Exact, value: /a }, headers: [{ name: X-A, value: "1" }], method: GET }]
      filters: [{ type: RequestHeaderModifier, requestHeaderModifier: { set: [{ name: X-B, value: b }] } }]
      backendRefs: [{ name: web, port: 80, weight: 3 }]
    - backendRefs: [{ name: other, namespace: other, port: 8080 }]
`)}---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: g, namespace: other }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: app }]
  to: [{ group: "", kind: Service }]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: { name: t, namespace: app }
spec:
  parentRefs: [{ name: eg, namespace: infra, sectionName: tcp }]
  rules: [{ backendRefs: [{ name: db, port: 5432 }] }]
`)
    expect(diagnostics).toEqual([])
    const gw = objects.find((o) => o.kind === 'Gateway') as GatewayObject
    expect(gw.listeners[0]).toMatchObject({ name: 'http', port: 80, protocol: 'HTTP', hostname: null, allowedRoutes: { from: 'Same', kinds: [] } })
    const r = objects.find((o) => o.kind === 'HTTPRoute') as RouteObject
    expect(r.parentRefs[0]).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra', name: 'eg', sectionName: null, port: null })
    expect(r.rules[0]!.matches[0]).toEqual({ path: { type: 'Exact', value: '/a' }, headers: [{ type: 'Exact', name: 'X-A', value: '1' }], queryParams: [], method: 'GET' })
    expect(r.rules[0]!.backendRefs[0]).toMatchObject({ group: '', kind: 'Service', namespace: 'app', name: 'web', port: 80, weight: 3 })
    // A rule without matches matches everything: PathPrefix /.
    expect(r.rules[1]!.matches).toEqual([{ path: { type: 'PathPrefix', value: '/' }, headers: [], queryParams: [], method: null }])
    expect(r.rules[1]!.backendRefs[0]).toMatchObject({ namespace: 'other', weight: 1 })
    const g = objects.find((o) => o.kind === 'ReferenceGrant') as ReferenceGrantObject
    expect(g.to).toEqual([{ group: '', kind: 'Service', name: null }])
    const t = objects.find((o) => o.kind === 'TCPRoute') as RouteObject
    expect(t.rules[0]!.matches).toEqual([])
    expect(t.parentRefs[0]!.sectionName).toBe('tcp')
  })

  it('keeps the API default rule for an HTTPRoute without rules', () => {
    const r = parse(route('')).objects[0] as RouteObject
    expect(r.rules).toHaveLength(1)
    expect(r.rules[0]!.matches[0]!.path).toEqual({ type: 'PathPrefix', value: '/' })
    expect(r.rules[0]!.backendRefs).toEqual([])
  })

  const rejected: [string, string, string][] = [
    ['a GatewayClass without controllerName', 'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: { name: x }\nspec: {}\n', 'gw.yaml:4:7: error: GatewayClass has no spec.controllerName (GatewayClass x)'],
    ['a Gateway without listeners', GATEWAY.replace(/  listeners:[\s\S]*/, '  listeners: []\n'), 'error: a Gateway needs at least one listener'],
    ['a listener hostname with a port', GATEWAY.replace('protocol: HTTP', 'protocol: HTTP\n      hostname: www.example.com:80'), 'gw.yaml:10:17: error: hostname "www.example.com:80" is not a valid hostname'],
    ['a listener hostname that is an IP', GATEWAY.replace('protocol: HTTP', 'protocol: HTTP\n      hostname: 10.0.0.1'), 'is an IP address'],
    ['two listeners with one name', GATEWAY + '    - { name: http, port: 81, protocol: HTTP }\n', 'Listener name "http" must be unique within the Gateway'],
    ['two listeners that cannot be told apart', GATEWAY + '    - { name: http2, port: 80, protocol: HTTP }\n', 'Combination of port, protocol and hostname must be unique for each listener'],
    ['HTTPS without tls', GATEWAY.replace('protocol: HTTP', 'protocol: HTTPS'), "tls must be specified for protocols ['HTTPS']"],
    ['tls on HTTP', GATEWAY.replace('protocol: HTTP', 'protocol: HTTP\n      tls: { mode: Terminate }'), "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"],
    ['Selector without a selector', GATEWAY.replace('protocol: HTTP', 'protocol: HTTP\n      allowedRoutes: { namespaces: { from: Selector } }'), 'from: Selector needs a selector'],
    ['an unknown from', GATEWAY.replace('protocol: HTTP', 'protocol: HTTP\n      allowedRoutes: { namespaces: { from: Everyone } }'), 'expected one of Same, All, Selector'],
    ['a relative path', route('  rules: [{ matches: [{ path: { type: PathPrefix, value: api } }] }]\n'), "path \"api\": value must be an absolute path and start with '/'"],
    ['a path with //', route('  rules: [{ matches: [{ path: { type: Exact, value: /a//b } }] }]\n'), "must not contain '//'"],
    ['an unknown method', route('  rules: [{ matches: [{ method: FETCH }] }]\n'), 'method is "FETCH"; expected one of GET'],
    ['a bad header name', route('  rules: [{ matches: [{ headers: [{ name: "x y", value: a }] }] }]\n'), 'header name "x y" is not a valid header name'],
    ['a Service backend without port', route('  rules: [{ backendRefs: [{ name: web }] }]\n'), 'Must have port for Service reference'],
    ['a weight out of range', route('  rules: [{ backendRefs: [{ name: web, port: 80, weight: -1 }] }]\n'), 'weight must be a whole number from 0 to 1000000'],
    ['a redirect with backends', route('  rules: [{ filters: [{ type: RequestRedirect, requestRedirect: { hostname: a.example } }], backendRefs: [{ name: web, port: 80 }] }]\n'), 'RequestRedirect filter must not be used together with backendRefs'],
    ['a redirect and a rewrite', route('  rules: [{ filters: [{ type: RequestRedirect, requestRedirect: { port: 8080 } }, { type: URLRewrite, urlRewrite: { hostname: b.example } }] }]\n'), 'but not both'],
    ['a repeated header modifier', route('  rules: [{ filters: [{ type: RequestHeaderModifier, requestHeaderModifier: {} }, { type: RequestHeaderModifier, requestHeaderModifier: {} }], backendRefs: [{ name: w, port: 80 }] }]\n'), 'RequestHeaderModifier filter cannot be repeated'],
    ['a filter without its field', route('  rules: [{ filters: [{ type: URLRewrite }], backendRefs: [{ name: w, port: 80 }] }]\n'), 'filter.urlRewrite must be specified for URLRewrite filter.type'],
    ['ReplacePrefixMatch on an Exact match', route('  rules: [{ matches: [{ path: { type: Exact, value: /a } }], filters: [{ type: URLRewrite, urlRewrite: { path: { type: ReplacePrefixMatch, replacePrefixMatch: /b } } }], backendRefs: [{ name: w, port: 80 }] }]\n'), 'exactly one PathPrefix match must be specified'],
    ['a redirect status the API does not know', route('  rules: [{ filters: [{ type: RequestRedirect, requestRedirect: { statusCode: 304 } }] }]\n'), 'statusCode 304 is not one of 301, 302, 303, 307, 308'],
    ['two refs to one parent without sectionName', route('  rules: []\n').replace('[{ name: eg, namespace: infra }]', '[{ name: eg, namespace: infra }, { name: eg, namespace: infra }]'), 'sectionName or port must be specified when parentRefs includes 2 or more references to the same parent'],
    ['a route hostname with a wildcard in the middle', route('  hostnames: ["a.*.example.com"]\n'), 'hostname "a.*.example.com" is not a valid hostname'],
    ['a ReferenceGrant without to', 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: { name: g }\nspec:\n  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: app }]\n', 'spec.to needs at least one entry'],
  ]
  it.each(rejected)('rejects %s at the field', (_what, text, expected) => {
    const errs = errors(text)
    expect(errs.join('\n')).toContain(expected)
    for (const e of errs) expect(e).toMatch(/^gw\.yaml:\d+:\d+: error: /)
  })

  it('warns about an apiVersion the API does not serve', () => {
    const d = parse(GATEWAY.replace('gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v9')).diagnostics
    expect(d.map(formatDiagnostic).join('\n')).toContain('apiVersion "gateway.networking.k8s.io/v9" is not known for Gateway; skipped')
  })
})
