/** A request traced through a Gateway: both connections, the proxy's decision hop, `http`, choices and what the backend sees. */
import { describe, expect, it } from 'vitest'
import { renderMessage } from '../../../src/i18n/render.js'
import { trace } from '../../../src/engine/trace/trace.js'
import { loadBuiltin } from '../../support/topologies.js'

const model = loadBuiltin('gateway-api')
const gw = model.gatewayApi.gateways[0]!
const proxyPod = model.pods.find((p) => p.addon === 'gateway-proxy')!
const ipOf = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')

function run(to: string, http?: { method?: string; headers?: string[] }, pick?: string) {
  const r = trace(model, { from: 'external/student-pc', to, ...(http ? { http } : {}), ...(pick ? { pick } : {}) })
  if (!r.ok) throw new Error(renderMessage(r.error))
  return r.trace
}

describe('trace through the gateway-api topology\'s Gateway', () => {
  it('the Gateway is programmed at 192.168.10.240 with its Envoy pod', () => {
    expect([gw.address, gw.programmed]).toEqual(['192.168.10.240', true])
    expect(proxyPod.namespace).toBe('envoy-gateway-system')
  })
  it('client → LB IP → node → kube-proxy DNAT → proxy pod (client IP kept by eTP Local), then the proxy to the endpoint', () => {
    const t = run('http://192.168.10.240/another')
    const deliver = t.hops.find((h) => h.kind === 'deliver')!
    expect(deliver.after.dst).toBe(ipOf(proxyPod.ip!))
    expect(deliver.after.src).toBe('192.168.10.100')
    expect(t.hops.some((h) => h.hook === 'nat PREROUTING' && h.after.dport === 10080)).toBe(true)
    const decision = t.hops.at(-1)!
    expect(decision.kind).toBe('proxy')
    expect(decision.after.src).toBe(ipOf(proxyPod.ip!))
    expect(decision.after.dst).toBe('10.233.117.155')
    expect(t.http).toEqual({ status: 200, backend: 'default/nginx-nodeport', location: null, rule: { route: 'default/course-route', index: 1 }, backendRequest: { method: 'GET', host: null, path: '/another', query: {}, headers: {} } })
    expect(t.serverSees!.ip).toBe(ipOf(proxyPod.ip!))
    expect(t.deliveredTo!.pod).toBe('default/podnet-02')
    expect(renderMessage(t.gateway!.tieBreak!)).toBe('the longer path value')
    expect(t.ingress!.upstream!.hops.at(-1)!.kind).toBe('deliver')
  })
  it('the weighted choice is one entry of choices whose alternatives are the backendRefs', () => {
    const t = run('http://192.168.10.240/')
    const c = t.choices.find((x) => x.at.includes('backendRef of'))!
    expect(c.alternatives).toEqual([{ label: 'default/t-service', chain: '', probability: 1 }])
    expect(t.http!.backend).toBe('default/t-service')
    expect(t.deliveredTo!.pod).toMatch(/^default\/webserver-/)
  })
  it('--pick pins the endpoint the proxy connects to', () => {
    const eps = model.services.find((s) => s.name === 't-service')!.ports[0]!.endpoints.map((e) => ipOf(e.ip))
    for (const ep of eps) expect(run('http://192.168.10.240/', undefined, ep).deliveredTo!.ip).toBe(ep)
  })
  it('a redirect ends at the proxy with its status and Location', () => {
    const t = run('http://192.168.10.240/old', { headers: ['Host: course.example.com'] })
    expect(t.http).toMatchObject({ status: 301, backend: null, location: 'http://course.example.com/another' })
    expect(t.ingress!.upstream).toBeNull()
    expect(t.deliveredTo!.pod).toBe(`${proxyPod.namespace}/${proxyPod.name}`)
  })
  it('without the Host header the route with hostnames is not a candidate: /old goes to the catch-all route', () => {
    expect(run('http://192.168.10.240/old').http).toMatchObject({ status: 200, backend: 'default/t-service' })
  })
  it('filters change what the backend receives; the method is passed on', () => {
    const t = run('http://192.168.10.240/tagged?x=1', { method: 'post', headers: ['Host: course.example.com', 'X-Course: old'] })
    expect(t.http!.backendRequest).toEqual({ method: 'POST', host: 'course.example.com', path: '/tagged', query: { x: '1' }, headers: { 'X-Course': 'gateway-api' } })
    expect(t.gateway!.filters[0]!.before.headers).toEqual({ 'X-Course': 'old' })
  })
  it('a listener port the Gateway does not have is refused by kube-proxy (no Service port)', () => {
    expect(run('http://192.168.10.240:9090/').result).not.toBe('delivered')
  })
  it('an http:// URL on the TCP listener is forwarded without HTTP routing (TCPRoute)', () => {
    const t = run('http://192.168.10.240:8080/another')
    expect(t.http).toBeUndefined()
    expect(t.gateway!.rule).toEqual({ route: 'default/course-tcp', index: 0 })
    expect(t.deliveredTo!.pod).toMatch(/^default\/webserver-/)
  })
  it('the same path through the Ingress reaches the same Service', () => {
    const viaIngress = trace(model, { from: 'external/student-pc', to: 'http://192.168.10.11:32486/another' })
    expect(viaIngress.ok && viaIngress.trace.deliveredTo!.pod).toBe('default/podnet-02')
  })
})
