/** Each step of the spec's match precedence, listener selection with isolation, and the hostname rules. */
import { describe, expect, it } from 'vitest'
import { hostnameMatches, intersectHostname } from '../../../src/model/gateway/hostnames.js'
import { answer, gateway, httpRoute, lab, request } from '../../support/gatewayLab.js'
import type { GatewayRouting } from '../../../src/engine/gateway/route.js'
import { renderMessage } from '../../../src/i18n/render.js'

/** The precedence step that decided, in English (the engine gives it as a message). */
const tie = (x: { routing: GatewayRouting }): string | null => x.routing.tieBreak && renderMessage(x.routing.tieBreak)

const HTTP = '    - { name: http, port: 80, protocol: HTTP }\n'
const rule = (match: string, backend: string): string => `    - matches: [${match}]\n      backendRefs: [{ name: ${backend}, port: 8080 }]\n`
const one = (name: string, rules: string, extra = '', created?: string): string =>
  httpRoute(name, `  parentRefs: [{ name: gw }]\n${extra}  rules:\n${rules}`, 'infra', created)

describe('match precedence (each step decides only when the ones before tie)', () => {
  it('1: the longest matching non-wildcard hostname', () => {
    const m = lab(gateway(HTTP) + one('wild', rule('{ path: { type: PathPrefix, value: /long/path } }', 'v1'), '  hostnames: ["*.example.com"]\n') + one('exact', rule('{ path: { type: PathPrefix, value: / } }', 'v2'), '  hostnames: [a.example.com]\n'))
    const a = answer(m, request('/long/path', 'a.example.com'))
    expect(a.backend).toBe('infra/v2')
    expect(tie(a)).toBe('the longest matching non-wildcard hostname')
    expect(a.routing.candidates.map((c) => c.route)).toEqual(['infra/exact', 'infra/wild'])
  })
  it('1: then the longest matching hostname among wildcards', () => {
    const m = lab(gateway(HTTP) + one('short', rule('{}', 'v1'), '  hostnames: ["*.example.com"]\n') + one('long', rule('{}', 'v2'), '  hostnames: ["*.b.example.com"]\n'))
    const a = answer(m, request('/', 'x.b.example.com'))
    expect(a.backend).toBe('infra/v2')
    expect(tie(a)).toBe('the longest matching hostname')
    expect(answer(m, request('/', 'x.c.example.com')).backend).toBe('infra/v1')
  })
  it('1: a route that only inherits the listener hostname ranks below one that names the host', () => {
    const m = lab(gateway('    - { name: shop, port: 80, protocol: HTTP, hostname: shop.example.com }\n') + one('a-inherits', rule('{}', 'v1')) + one('b-names', rule('{}', 'v2'), '  hostnames: [shop.example.com]\n'))
    const a = answer(m, request('/', 'shop.example.com'))
    expect([a.backend, tie(a)]).toEqual(['infra/v2', 'the longest matching non-wildcard hostname'])
  })
  it('2: an Exact path beats any prefix, even a longer one', () => {
    const m = lab(gateway(HTTP) + one('r', rule('{ path: { type: PathPrefix, value: /abc } }', 'v1') + rule('{ path: { type: Exact, value: /abc } }', 'v2')))
    const a = answer(m, request('/abc'))
    expect(a.backend).toBe('infra/v2')
    expect(tie(a)).toBe('an Exact path beats a prefix')
  })
  it('3: the longer prefix wins, by whole path elements', () => {
    const m = lab(gateway(HTTP) + one('r', rule('{ path: { type: PathPrefix, value: / } }', 'v1') + rule('{ path: { type: PathPrefix, value: /api } }', 'v2')))
    expect(tie(answer(m, request('/api/x')))).toBe('the longer path value')
    expect(answer(m, request('/api/x')).backend).toBe('infra/v2')
    expect(answer(m, request('/apix')).backend).toBe('infra/v1')
  })
  it('4: a method match beats none; HEAD is not GET', () => {
    const m = lab(gateway(HTTP) + one('r', rule('{ path: { type: PathPrefix, value: / } }', 'v1') + rule('{ path: { type: PathPrefix, value: / }, method: POST }', 'v2')))
    const a = answer(m, request('/', null, { method: 'POST' }))
    expect([a.backend, tie(a)]).toEqual(['infra/v2', 'a method match'])
    expect(answer(m, request('/', null, { method: 'HEAD' })).backend).toBe('infra/v1')
  })
  it('5: more header matches win; header names are case-insensitive, values exact', () => {
    const m = lab(gateway(HTTP) + one('r', rule('{ headers: [{ name: version, value: one }] }', 'v1') + rule('{ headers: [{ name: version, value: one }, { name: color, value: blue }] }', 'v2')))
    const a = answer(m, request('/', null, { headers: [['Version', 'one'], ['COLOR', 'blue']] }))
    expect([a.backend, tie(a)]).toEqual(['infra/v2', 'more header matches'])
    expect(answer(m, request('/', null, { headers: [['version', 'one'], ['color', 'Blue']] })).backend).toBe('infra/v1')
    expect(answer(m, request('/', null, { headers: [['version', 'One']] })).status).toBe(404)
  })
  it('6: more query param matches win; names and values are case-sensitive', () => {
    const m = lab(gateway(HTTP) + one('r', rule('{ queryParams: [{ name: animal, value: whale }] }', 'v1') + rule('{ queryParams: [{ name: animal, value: whale }, { name: color, value: blue }] }', 'v2')))
    const a = answer(m, request('/?animal=whale&color=blue'))
    expect([a.backend, tie(a)]).toEqual(['infra/v2', 'more query param matches'])
    expect(answer(m, request('/?ANIMAL=Whale')).status).toBe(404)
  })
  it('7: the oldest route wins, then the alphabetically first namespace/name', () => {
    const same = rule('{ path: { type: PathPrefix, value: / } }', 'v1')
    const m = lab(gateway(HTTP) + one('a-newer', same.replace('v1', 'v1'), '', '2024-05-02T00:00:00Z') + one('b-older', same.replace('v1', 'v2'), '', '2024-05-01T00:00:00Z'))
    const a = answer(m, request('/x'))
    expect([a.backend, tie(a)]).toEqual(['infra/v2', 'the oldest route (creationTimestamp)'])
    const n = lab(gateway(HTTP) + one('b', same.replace('v1', 'v2')) + one('a', same))
    expect([answer(n, request('/x')).backend, tie(answer(n, request('/x')))]).toEqual(['infra/v1', 'the alphabetically first namespace/name'])
  })
  it('8: inside one route, the first rule in list order', () => {
    const m = lab(gateway(HTTP) + one('r', rule('{ headers: [{ name: a, value: "1" }] }', 'v1') + rule('{ headers: [{ name: b, value: "1" }] }', 'v2')))
    const a = answer(m, request('/', null, { headers: [['a', '1'], ['b', '1']] }))
    expect([a.backend, tie(a)]).toEqual(['infra/v1', 'the first rule in list order'])
  })
  it('404 when nothing matches, and a matched rule without backends is 500, never a fall-through', () => {
    const m = lab(gateway(HTTP) + one('r', rule('{ path: { type: Exact, value: /only } }', 'v1') + '    - matches: [{ path: { type: PathPrefix, value: /broken } }]\n'))
    expect(answer(m, request('/other')).status).toBe(404)
    expect(answer(m, request('/broken/x')).status).toBe(500)
  })
})

describe('listener selection', () => {
  const listeners = `    - { name: exact, port: 80, protocol: HTTP, hostname: a.example.com }
    - { name: wild, port: 80, protocol: HTTP, hostname: "*.example.com" }
    - { name: any, port: 80, protocol: HTTP }
    - { name: other-port, port: 8080, protocol: HTTP }
`
  const routes = httpRoute('on-exact', '  parentRefs: [{ name: gw, sectionName: exact }]\n  rules: [{ backendRefs: [{ name: v1, port: 8080 }] }]\n')
    + httpRoute('on-wild', '  parentRefs: [{ name: gw, sectionName: wild }]\n  rules: [{ matches: [{ path: { type: PathPrefix, value: /wild } }], backendRefs: [{ name: v2, port: 8080 }] }]\n')
    + httpRoute('on-any', '  parentRefs: [{ name: gw, sectionName: any }]\n  rules: [{ matches: [{ path: { type: PathPrefix, value: /empty-hostname } }], backendRefs: [{ name: v3, port: 8080 }] }]\n')
  const m = lab(gateway(listeners) + routes)
  it.each([
    ['a.example.com', '/', 'exact', 200, 'infra/v1'],
    ['A.Example.com:80', '/', 'exact', 200, 'infra/v1'],
    ['b.example.com', '/wild/x', 'wild', 200, 'infra/v2'],
    ['c.b.example.com', '/wild', 'wild', 200, 'infra/v2'],
    // Isolation: the wildcard listener takes the request; the catch-all's route is not considered.
    ['bar.example.com', '/empty-hostname', 'wild', 404, null],
    ['example.com', '/empty-hostname', 'any', 200, 'infra/v3'],
    [null, '/empty-hostname', 'any', 200, 'infra/v3'],
  ] as const)('Host %s %s → listener %s, %i', (host, path, listener, status, backend) => {
    const a = answer(m, request(path, host))
    expect(a.routing.listener).toBe(listener)
    expect([a.status, a.backend]).toEqual([status, backend])
  })
  it('a port without an HTTP listener is 404', () => {
    expect(renderMessage(answer(m, request('/'), 81).routing.listenerWhy)).toContain('no HTTP listener on port 81')
  })
})

describe('hostnames', () => {
  it.each([
    ['a.example.com', 'a.example.com', true], ['*.example.com', 'a.example.com', true], ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false], ['a.example.com', 'b.example.com', false], ['*.example.com', 'A.EXAMPLE.COM:8080', true],
  ] as const)('%s matches %s: %s', (p, h, ok) => expect(hostnameMatches(p, h)).toBe(ok))
  it.each([
    ['a.example.com', null, 'a.example.com'], ['a.example.com', 'a.example.com', 'a.example.com'], ['a.example.com', 'b.example.com', null],
    ['a.example.com', '*.example.com', 'a.example.com'], ['*.example.com', 'a.example.com', 'a.example.com'], ['*.example.com', '*.b.example.com', '*.b.example.com'],
    ['*.b.example.com', '*.example.com', '*.b.example.com'], ['*.example.com', '*.example.org', null], ['example.com', '*.example.com', null],
  ] as const)('route %s ∩ listener %s = %s', (r, l, want) => expect(intersectHostname(r, l)).toBe(want))
})
