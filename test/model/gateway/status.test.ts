/** Every status reason the lab's controller reports, and the proxy infrastructure it deploys. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import type { Model } from '../../../src/model/model.js'
import { gateway, httpRoute, lab, LAB } from '../../support/gatewayLab.js'

const parent = (m: Model, route = 'r', i = 0): Record<string, string> =>
  Object.fromEntries(m.gatewayApi.routes.find((r) => r.route.name === route)!.parents[i]!.conditions.map((c) => [c.type, `${c.status}/${c.reason}`]))
const gw = (m: Model, name = 'gw'): Record<string, string> => Object.fromEntries(m.gatewayApi.gateways.find((g) => g.gateway.name === name)!.conditions.map((c) => [c.type, `${c.status}/${c.reason}`]))
const listener = (m: Model, l: string): Record<string, string> =>
  Object.fromEntries(m.gatewayApi.gateways[0]!.listeners.find((x) => x.listener.name === l)!.conditions.map((c) => [c.type, `${c.status}/${c.reason}`]))

const HTTP = '    - { name: http, port: 80, protocol: HTTP, hostname: "*.example.com" }\n'
const r = (spec: string, ns = 'infra', name = 'r'): string => httpRoute(name, spec, ns)
const BACKEND = '  rules: [{ backendRefs: [{ name: v1, port: 8080 }] }]\n'

describe('route status reasons', () => {
  it.each([
    ['Accepted', r(`  parentRefs: [{ name: gw }]\n${BACKEND}`), { Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs' }],
    ['NoMatchingParent (sectionName)', r(`  parentRefs: [{ name: gw, sectionName: http1 }]\n${BACKEND}`), { Accepted: 'False/NoMatchingParent' }],
    ['NoMatchingParent (port)', r(`  parentRefs: [{ name: gw, port: 81 }]\n${BACKEND}`), { Accepted: 'False/NoMatchingParent' }],
    ['NoMatchingParent (sectionName and port disagree)', r(`  parentRefs: [{ name: gw, sectionName: http, port: 81 }]\n${BACKEND}`), { Accepted: 'False/NoMatchingParent' }],
    ['NotAllowedByListeners (another namespace on Same)', r(`  parentRefs: [{ name: gw, namespace: infra }]\n${BACKEND}`, 'app'), { Accepted: 'False/NotAllowedByListeners' }],
    ['NoMatchingListenerHostname', r(`  parentRefs: [{ name: gw }]\n  hostnames: [www.example.org]\n${BACKEND}`), { Accepted: 'False/NoMatchingListenerHostname' }],
    ['BackendNotFound (no Service)', r('  parentRefs: [{ name: gw }]\n  rules: [{ backendRefs: [{ name: nope, port: 8080 }] }]\n'), { Accepted: 'True/Accepted', ResolvedRefs: 'False/BackendNotFound' }],
    ['BackendNotFound (no such port)', r('  parentRefs: [{ name: gw }]\n  rules: [{ backendRefs: [{ name: v1, port: 9999 }] }]\n'), { ResolvedRefs: 'False/BackendNotFound' }],
    ['InvalidKind', r('  parentRefs: [{ name: gw }]\n  rules: [{ backendRefs: [{ group: example.com, kind: Bucket, name: b }] }]\n'), { Accepted: 'True/Accepted', ResolvedRefs: 'False/InvalidKind' }],
    ['RefNotPermitted', r('  parentRefs: [{ name: gw }]\n  rules: [{ backendRefs: [{ name: db, namespace: other, port: 8080 }] }]\n'), { Accepted: 'True/Accepted', ResolvedRefs: 'False/RefNotPermitted' }],
    ['UnsupportedValue (every rule a RegularExpression)', r('  parentRefs: [{ name: gw }]\n  rules: [{ matches: [{ path: { type: RegularExpression, value: "/v[0-9]+" } }], backendRefs: [{ name: v1, port: 8080 }] }]\n'), { Accepted: 'False/UnsupportedValue' }],
    ['PartiallyInvalid (one rule a RegularExpression)', r('  parentRefs: [{ name: gw }]\n  rules:\n    - { matches: [{ headers: [{ type: RegularExpression, name: a, value: "b.*" }] }], backendRefs: [{ name: v1, port: 8080 }] }\n    - { backendRefs: [{ name: v2, port: 8080 }] }\n'), { Accepted: 'True/Accepted', PartiallyInvalid: 'True/UnsupportedValue' }],
    ['Pending (no such Gateway)', r(`  parentRefs: [{ name: nowhere }]\n${BACKEND}`), { Accepted: 'Unknown/Pending' }],
  ] as const)('%s', (_what, yaml, want) => {
    expect(parent(lab(gateway(HTTP) + yaml))).toMatchObject(want)
  })

  it('NotAllowedByListeners: an HTTPRoute on a TLS-only listener, or a kind the listener does not list', () => {
    const tls = '    - { name: tls, port: 443, protocol: TLS, hostname: "*.example.com", tls: { mode: Passthrough } }\n'
    expect(parent(lab(gateway(tls) + r(`  parentRefs: [{ name: gw }]\n${BACKEND}`)))).toMatchObject({ Accepted: 'False/NotAllowedByListeners' })
    const grpcOnly = '    - { name: http, port: 80, protocol: HTTP, allowedRoutes: { kinds: [{ kind: GRPCRoute }] } }\n'
    expect(parent(lab(gateway(grpcOnly) + r(`  parentRefs: [{ name: gw }]\n${BACKEND}`)))).toMatchObject({ Accepted: 'False/NotAllowedByListeners' })
  })

  it('allowedRoutes All and Selector admit other namespaces; Selector by namespace labels, including kubernetes.io/metadata.name', () => {
    const all = '    - { name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }\n'
    expect(parent(lab(gateway(all) + r(`  parentRefs: [{ name: gw, namespace: infra }]\n${BACKEND}`, 'app')))).toMatchObject({ Accepted: 'True/Accepted' })
    const sel = (labels: string): string => `    - { name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { ${labels} } } } } }\n`
    expect(parent(lab(gateway(sel('team: app')) + r(`  parentRefs: [{ name: gw, namespace: infra }]\n${BACKEND}`, 'app')))).toMatchObject({ Accepted: 'True/Accepted' })
    expect(parent(lab(gateway(sel('team: app')) + r(`  parentRefs: [{ name: gw, namespace: infra }]\n${BACKEND}`, 'other')))).toMatchObject({ Accepted: 'False/NotAllowedByListeners' })
    expect(parent(lab(gateway(sel('kubernetes.io/metadata.name: other')) + r(`  parentRefs: [{ name: gw, namespace: infra }]\n${BACKEND}`, 'other')))).toMatchObject({ Accepted: 'True/Accepted' })
  })

  it('attachedRoutes counts accepted routes per listener, a route once per listener', () => {
    const two = '    - { name: a, port: 80, protocol: HTTP, hostname: a.example.com }\n    - { name: b, port: 80, protocol: HTTP, hostname: b.example.com }\n'
    const m = lab(gateway(two)
      + r(`  parentRefs: [{ name: gw }]\n${BACKEND}`, 'infra', 'both')
      + r(`  parentRefs: [{ name: gw, sectionName: a }, { name: gw, sectionName: b }]\n  hostnames: [a.example.com]\n${BACKEND}`, 'infra', 'a-only')
      + r(`  parentRefs: [{ name: gw, sectionName: a }]\n  hostnames: [c.example.com]\n${BACKEND}`, 'infra', 'rejected'))
    expect(m.gatewayApi.gateways[0]!.listeners.map((l) => [l.listener.name, l.attachedRoutes])).toEqual([['a', 2], ['b', 1]])
    expect(parent(m, 'a-only', 1)).toMatchObject({ Accepted: 'False/NoMatchingListenerHostname' })
  })
})

describe('Gateway and listener status', () => {
  it('a programmed Gateway gets an address from the pool, a proxy Deployment and a LoadBalancer Service with eTP Local', () => {
    const m = lab(gateway(HTTP))
    const g = m.gatewayApi.gateways[0]!
    expect(gw(m)).toEqual({ Accepted: 'True/Accepted', Programmed: 'True/Programmed' })
    expect(g.address).toBe('192.168.49.240')
    expect(g.proxy).toMatch(/^envoy-infra-gw-[0-9a-f]{8}$/)
    const svc = m.services.find((s) => s.name === g.proxy)!
    expect(svc.namespace).toBe('envoy-gateway-system')
    expect(svc.obj).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', loadBalancerIngress: [{ ip: '192.168.49.240' }] })
    expect(svc.ports.map((p) => [p.spec.port, p.spec.targetPort, p.endpoints.length])).toEqual([[80, 10080, 1]])
    const pod = m.pods.find((p) => p.addon === 'gateway-proxy')!
    expect(pod.labels).toMatchObject({ 'gateway.envoyproxy.io/owning-gateway-name': 'gw', 'gateway.envoyproxy.io/owning-gateway-namespace': 'infra' })
  })
  it('the proxy name is Envoy Gateway\'s: envoy-<ns>-<name>-<sha256(ns/name)[:8]>', () => {
    const m = loadModel('x.yaml', LAB + gateway(HTTP).replace('name: gw, namespace: infra', 'name: eg, namespace: default'))
    expect(m.ok && m.model.gatewayApi.gateways[0]!.proxy).toBe('envoy-default-eg-e41e7b31')
  })
  it('spec.addresses is honoured; one outside the node network is AddressNotAssigned', () => {
    const ask = (ip: string): string => gateway(HTTP).replace('  listeners:', `  addresses: [{ type: IPAddress, value: ${ip} }]\n  listeners:`)
    expect(lab(ask('192.168.49.250')).gatewayApi.gateways[0]!.address).toBe('192.168.49.250')
    const m = lab(ask('10.9.9.9'))
    expect(gw(m)).toMatchObject({ Programmed: 'False/AddressNotAssigned' })
    expect(m.pods.some((p) => p.addon === 'gateway-proxy')).toBe(false)
  })
  it('no GatewayClass in the file: Pending, no proxy', () => {
    const m = lab(gateway(HTTP).replace('gatewayClassName: eg', 'gatewayClassName: elsewhere'))
    expect(gw(m)).toEqual({ Accepted: 'Unknown/Pending', Programmed: 'Unknown/Pending' })
    expect(m.gatewayApi.gateways[0]!.address).toBeNull()
  })
  it('listener reasons: UnsupportedProtocol, InvalidRouteKinds, ProtocolConflict; Gateway ListenersNotValid', () => {
    const m = lab(gateway(`${HTTP}    - { name: quic, port: 443, protocol: example.com/QUIC }
    - { name: tcp80, port: 80, protocol: TCP }
    - { name: kinds, port: 8080, protocol: HTTP, allowedRoutes: { kinds: [{ kind: TCPRoute }] } }
`))
    expect(listener(m, 'http')).toMatchObject({ Accepted: 'True/Accepted', Conflicted: 'False/NoConflicts', Programmed: 'True/Programmed' })
    expect(listener(m, 'quic')).toMatchObject({ Accepted: 'False/UnsupportedProtocol' })
    expect(listener(m, 'tcp80')).toMatchObject({ Conflicted: 'True/ProtocolConflict', Programmed: 'False/Invalid' })
    expect(listener(m, 'kinds')).toMatchObject({ ResolvedRefs: 'False/InvalidRouteKinds' })
    expect(gw(m)).toMatchObject({ Accepted: 'True/ListenersNotValid', Programmed: 'True/Programmed' })
  })
})

describe('validate warnings', () => {
  it('reports routes and Gateways the controller would not serve, at the field, with a hint', () => {
    const r = loadModel('gw.yaml', LAB + gateway(HTTP).replace('gatewayClassName: eg', 'gatewayClassName: elsewhere')
      + httpRoute('r', '  parentRefs: [{ name: gw, sectionName: nope }]\n  rules: [{ backendRefs: [{ name: gone, port: 8080 }] }]\n', 'infra')
      + gateway(HTTP, 'ok') + httpRoute('s', '  parentRefs: [{ name: ok, sectionName: nope }]\n  rules: [{ backendRefs: [{ name: gone, port: 8080 }] }]\n', 'infra'))
    if (!r.ok) throw new Error('does not load')
    const w = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.line}: ${d.message} | ${d.hint}`)
    expect(w.join('\n')).toContain('Programmed=Unknown (Pending): GatewayClass elsewhere is not in the file')
    expect(w.join('\n')).toContain('Accepted=False (NoMatchingParent) on infra/ok: no listener of Gateway infra/ok matches sectionName nope | requests for this route get 404')
    expect(w.join('\n')).toContain('ResolvedRefs=False (BackendNotFound) on infra/ok: Service infra/gone not found')
  })
  it('the gateway-api topology loads without warnings', () => {
    const r = loadModel('gateway-api.yaml', readFileSync(new URL('../../../topologies/gateway-api.yaml', import.meta.url), 'utf8'))
    expect(r.diagnostics).toEqual([])
  })
})
