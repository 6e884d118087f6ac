/** Each core filter, weighted backendRefs, ReferenceGrant (granted, too narrow, revoked), 500 and 503. */
import { describe, expect, it } from 'vitest'
import { finishWith } from '../../../src/engine/gateway/route.js'
import { rewritePath, modifyHeaders } from '../../../src/engine/gateway/filters.js'
import { answer, gateway, httpRoute, lab, request, route } from '../../support/gatewayLab.js'

const HTTP = '    - { name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }\n'
const withRule = (ruleYaml: string, ns = 'infra'): string => httpRoute('r', `  parentRefs: [{ name: gw, namespace: infra }]\n  rules:\n${ruleYaml}`, ns)

describe('filters', () => {
  it('RequestHeaderModifier: set replaces, add appends with a comma, remove deletes (names case-insensitive)', () => {
    const m = lab(gateway(HTTP) + withRule(`    - filters:
        - type: RequestHeaderModifier
          requestHeaderModifier:
            set: [{ name: X-Header-Set, value: set-overwrites-values }]
            add: [{ name: X-Header-Add, value: add-appends-values }]
            remove: [X-Header-Remove]
      backendRefs: [{ name: v1, port: 8080 }]
`))
    const a = answer(m, request('/', null, { headers: [['x-header-set', 'old'], ['X-Header-Add', 'some'], ['x-header-remove', 'gone'], ['Keep', 'me']] }))
    expect(a.status).toBe(200)
    expect(a.routing.backendRequest!.headers).toEqual([['x-header-set', 'set-overwrites-values'], ['X-Header-Add', 'some,add-appends-values'], ['Keep', 'me']])
    expect(a.routing.filters[0]!.before.headers).toHaveLength(4)
  })
  it('modifyHeaders adds a header that was absent', () => {
    expect(modifyHeaders([], { set: [{ name: 'A', value: '1' }], add: [{ name: 'B', value: '2' }], remove: [] })).toEqual([['A', '1'], ['B', '2']])
  })
  it('RequestRedirect: 302 by default, Location from the filter and the request, well-known ports left out', () => {
    const m = lab(gateway(HTTP) + withRule(`    - matches: [{ path: { type: PathPrefix, value: /scheme } }]
      filters: [{ type: RequestRedirect, requestRedirect: { scheme: https } }]
    - matches: [{ path: { type: PathPrefix, value: /host } }]
      filters: [{ type: RequestRedirect, requestRedirect: { hostname: example.org, statusCode: 301 } }]
    - matches: [{ path: { type: PathPrefix, value: /port } }]
      filters: [{ type: RequestRedirect, requestRedirect: { port: 8083 } }]
    - matches: [{ path: { type: PathPrefix, value: /full } }]
      filters: [{ type: RequestRedirect, requestRedirect: { path: { type: ReplaceFullPath, replaceFullPath: /full-path-replacement } } }]
    - matches: [{ path: { type: PathPrefix, value: /prefix/one } }]
      filters: [{ type: RequestRedirect, requestRedirect: { path: { type: ReplacePrefixMatch, replacePrefixMatch: /one } } }]
`))
    const loc = (path: string, host: string | null = 'a.example.com'): [number, string | null] => { const a = answer(m, request(path, host)); return [a.status, a.routing.location] }
    expect(loc('/scheme')).toEqual([302, 'https://a.example.com/scheme'])
    expect(loc('/host/x')).toEqual([301, 'http://example.org/host/x'])
    expect(loc('/port')).toEqual([302, 'http://a.example.com:8083/port'])
    expect(loc('/full/x?a=1')).toEqual([302, 'http://a.example.com/full-path-replacement?a=1'])
    expect(loc('/prefix/one/two')).toEqual([302, 'http://a.example.com/one/two'])
    // No Host: the Gateway's own address.
    const gwAddr = m.gatewayApi.gateways[0]!.address
    expect(loc('/scheme', null)).toEqual([302, `https://${gwAddr}/scheme`])
  })
  it('URLRewrite: ReplaceFullPath, ReplacePrefixMatch element-wise, hostname', () => {
    const m = lab(gateway(HTTP) + withRule(`    - matches: [{ path: { type: PathPrefix, value: /prefix/one } }]
      filters: [{ type: URLRewrite, urlRewrite: { path: { type: ReplacePrefixMatch, replacePrefixMatch: /one } } }]
      backendRefs: [{ name: v1, port: 8080 }]
    - matches: [{ path: { type: PathPrefix, value: /strip-prefix } }]
      filters: [{ type: URLRewrite, urlRewrite: { path: { type: ReplacePrefixMatch, replacePrefixMatch: / } } }]
      backendRefs: [{ name: v1, port: 8080 }]
    - matches: [{ path: { type: PathPrefix, value: /full } }]
      filters: [{ type: URLRewrite, urlRewrite: { hostname: one.example.org, path: { type: ReplaceFullPath, replaceFullPath: /one } } }]
      backendRefs: [{ name: v1, port: 8080 }]
`))
    const br = (path: string): { path: string; host: string | null } => { const b = answer(m, request(path, 'a.example.com')).routing.backendRequest!; return { path: b.path, host: b.host } }
    expect(br('/prefix/one/two')).toEqual({ path: '/one/two', host: 'a.example.com' })
    expect(br('/prefix/one')).toEqual({ path: '/one', host: 'a.example.com' })
    expect(br('/strip-prefix/three')).toEqual({ path: '/three', host: 'a.example.com' })
    expect(br('/strip-prefix')).toEqual({ path: '/', host: 'a.example.com' })
    expect(br('/full/path')).toEqual({ path: '/one', host: 'one.example.org' })
    expect(rewritePath('/prefix/one/', { type: 'ReplacePrefixMatch', value: '/one' }, '/prefix/one')).toBe('/one/')
  })
  it('ResponseHeaderModifier: recorded for the answer, the request unchanged', () => {
    const m = lab(gateway(HTTP) + withRule(`    - filters: [{ type: ResponseHeaderModifier, responseHeaderModifier: { set: [{ name: X-Resp, value: v }] } }]
      backendRefs: [{ name: v1, port: 8080 }]
`))
    const a = answer(m, request('/', null, { headers: [['A', 'b']] }))
    expect(a.routing.responseHeaders).toEqual([['X-Resp', 'v']])
    expect(a.routing.backendRequest!.headers).toEqual([['A', 'b']])
  })
})

describe('backends', () => {
  it('weights split per rule by weight / sum; weight 0 never gets traffic', () => {
    const m = lab(gateway(HTTP) + withRule('    - backendRefs: [{ name: v1, port: 8080, weight: 70 }, { name: v2, port: 8080, weight: 30 }, { name: v3, port: 8080, weight: 0 }]\n'))
    const r = route(m, request('/'))
    expect(r.backends.map((b) => [b.label, b.probability])).toEqual([['infra/v1', 0.7], ['infra/v2', 0.3], ['infra/v3', 0]])
  })
  it('all weights 0: 500', () => {
    const m = lab(gateway(HTTP) + withRule('    - backendRefs: [{ name: v1, port: 8080, weight: 0 }]\n'))
    expect(answer(m, request('/')).status).toBe(500)
  })
  it('an invalid backend gets 500 for its share only', () => {
    const m = lab(gateway(HTTP) + withRule('    - backendRefs: [{ name: v1, port: 8080, weight: 1 }, { name: missing, port: 8080, weight: 1 }]\n'))
    const r = route(m, request('/'))
    expect(r.backends.map((b) => [b.label, finishWith(m, r, b).status, b.probability])).toEqual([['infra/v1', 200, 0.5], ['infra/missing', 500, 0.5]])
  })
  it('a Service without ready endpoints: 503', () => {
    const m = lab(gateway(HTTP) + withRule('    - backendRefs: [{ name: empty, port: 8080 }]\n'))
    expect(answer(m, request('/')).status).toBe(503)
  })
  it('another kind than Service: 500 (InvalidKind)', () => {
    const m = lab(gateway(HTTP) + withRule('    - backendRefs: [{ group: example.com, kind: Bucket, name: b }]\n'))
    expect(answer(m, request('/')).status).toBe(500)
  })
})

describe('ReferenceGrant', () => {
  const cross = gateway(HTTP) + withRule('    - backendRefs: [{ name: db, namespace: other, port: 8080 }]\n')
  const grant = (to: string): string => `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: allow, namespace: other }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: infra }]
  to: [${to}]
`
  it('without a grant the cross-namespace backend is refused: 500', () => {
    expect(answer(lab(cross), request('/')).status).toBe(500)
  })
  it('a grant for all Services, or for that one by name, allows it: 200', () => {
    expect(answer(lab(cross + grant('{ group: "", kind: Service }')), request('/'))).toMatchObject({ status: 200, backend: 'other/db' })
    expect(answer(lab(cross + grant('{ group: "", kind: Service, name: db }')), request('/'))).toMatchObject({ status: 200, backend: 'other/db' })
  })
  it('a grant for another name, another kind of referrer, or revoked: 500 again', () => {
    expect(answer(lab(cross + grant('{ group: "", kind: Service, name: web }')), request('/')).status).toBe(500)
    expect(answer(lab(cross + grant('{ group: "", kind: Service }').replace('kind: HTTPRoute', 'kind: GRPCRoute')), request('/')).status).toBe(500)
    // Revoking = the same cluster without the grant.
    const granted = lab(cross + grant('{ group: "", kind: Service }'))
    const revoked = lab(cross)
    expect([answer(granted, request('/')).status, answer(revoked, request('/')).status]).toEqual([200, 500])
  })
})
