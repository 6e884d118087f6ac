/** TCPRoute and UDPRoute: the proxy forwards the connection by weight, the oldest route on a listener carries traffic. */
import { describe, expect, it } from 'vitest'
import { renderMessage } from '../../../src/i18n/render.js'
import { trace } from '../../../src/engine/trace/trace.js'
import { gateway, lab } from '../../support/gatewayLab.js'

const route = (kind: string, name: string, listener: string, backends: string, created: string): string => `---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: ${kind}
metadata: { name: ${name}, namespace: infra, creationTimestamp: "${created}" }
spec:
  parentRefs: [{ name: gw, sectionName: ${listener} }]
  rules: [{ backendRefs: [${backends}] }]
`
const UDP_BACKEND = `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: dns, namespace: infra }
spec:
  replicas: 1
  selector: { matchLabels: { app: dns } }
  template:
    metadata: { labels: { app: dns } }
    spec: { containers: [{ name: d, image: d, ports: [{ containerPort: 5353, protocol: UDP }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: dns, namespace: infra }
spec: { selector: { app: dns }, ports: [{ port: 53, targetPort: 5353, protocol: UDP }] }
`
const LISTENERS = '    - { name: db, port: 5432, protocol: TCP }\n    - { name: dns, port: 53, protocol: UDP }\n    - { name: lonely, port: 6000, protocol: TCP }\n'

describe('TCPRoute and UDPRoute traffic', () => {
  const m = lab(gateway(LISTENERS) + UDP_BACKEND
    + route('TCPRoute', 'newer', 'db', '{ name: v3, port: 8080 }', '2024-02-01T00:00:00Z')
    + route('TCPRoute', 'older', 'db', '{ name: v1, port: 8080, weight: 3 }, { name: v2, port: 8080, weight: 1 }', '2024-01-01T00:00:00Z')
    + route('UDPRoute', 'dns', 'dns', '{ name: dns, port: 53 }', '2024-01-01T00:00:00Z'))
  const address = m.gatewayApi.gateways[0]!.address!
  const run = (to: string, proto: 'tcp' | 'udp' = 'tcp', pick?: string) => {
    const r = trace(m, { from: 'external/laptop', to, proto, ...(pick ? { pick } : {}) })
    if (!r.ok) throw new Error(renderMessage(r.error))
    return r.trace
  }
  it('attaches both TCPRoutes, but only the oldest carries traffic, split 75/25 by weight', () => {
    expect(m.gatewayApi.gateways[0]!.listeners.find((l) => l.listener.name === 'db')!.attachedRoutes).toBe(2)
    const t = run(`${address}:5432`)
    expect(t.gateway!.candidates.map((c) => c.route)).toEqual(['infra/older', 'infra/newer'])
    const c = t.choices.find((x) => x.at.includes('backendRef of'))!
    expect(c.alternatives.map((a) => [a.label, a.probability])).toEqual([['infra/v1', 0.75], ['infra/v2', 0.25]])
    expect(t.result).toBe('delivered')
    expect(t.hops.at(-1)!.kind).toBe('proxy')
  })
  it('--pick namespace/Service pins the weighted choice; the backend sees the proxy pod', () => {
    const proxyIp = m.pods.find((p) => p.addon === 'gateway-proxy')!.ip!
    const t = run(`${address}:5432`, 'tcp', 'infra/v2')
    expect(t.deliveredTo!.pod).toMatch(/^infra\/v2-/)
    expect(t.serverSees!.ip).toBe([proxyIp >>> 24, (proxyIp >>> 16) & 255, (proxyIp >>> 8) & 255, proxyIp & 255].join('.'))
  })
  it('UDP datagrams go through the UDPRoute', () => {
    const t = run(`${address}:53`, 'udp')
    expect(t.result).toBe('delivered')
    expect(t.deliveredTo!.pod).toMatch(/^infra\/dns-/)
  })
  it('a TCP listener without routes: the proxy closes the connection', () => {
    const t = run(`${address}:6000`)
    expect(t.result).toBe('refused')
    expect(renderMessage(t.summary)).toContain('no TCPRoute is attached to listener lonely')
  })
})
