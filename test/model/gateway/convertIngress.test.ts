/** convert-ingress: ingress2gateway's naming and grouping, and the converted objects route like the Ingress. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { routeIngress } from '../../../src/engine/ingress/route.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { convertIngresses, nameFromHost } from '../../../src/model/gateway/convertIngress.js'
import { gatewayOf, routeHttp } from '../../../src/engine/gateway/route.js'
import { loadBuiltin } from '../../support/topologies.js'
import { LAB } from '../../support/gatewayLab.js'

describe('convert-ingress', () => {
  it('names like ingress2gateway', () => {
    expect(nameFromHost('')).toBe('all-hosts')
    expect(nameFromHost('*.example.com')).toBe('example-com')
    expect(nameFromHost('shop.example.com')).toBe('shop-example-com')
  })

  it('gives the golden output for the gateway-api topology', () => {
    const text = convertIngresses(loadBuiltin('gateway-api')).objects.map((o) => stringify(o)).join('---\n')
    const file = new URL('../../golden/files/gateway-api/convert-ingress.yaml', import.meta.url)
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) { mkdirSync(new URL('.', file), { recursive: true }); writeFileSync(file, text) }
    expect(text).toBe(readFileSync(file, 'utf8'))
  })

  const ingresses = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: shop, namespace: infra }
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: v1, port: { number: 8080 } } } }
          - { path: /api, pathType: ImplementationSpecific, backend: { service: { name: v2, port: { number: 8080 } } } }
          - { path: /api/health, pathType: Exact, backend: { service: { name: v3, port: { number: 8080 } } } }
    - http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: v3, port: { number: 8080 } } } }
`
  it('groups by host into listeners and routes, and the result routes every path like the Ingress', () => {
    const src = loadModel('in.yaml', LAB + ingresses)
    if (!src.ok) throw new Error('does not load')
    const conv = convertIngresses(src.model)
    expect(conv.objects.map((o) => `${o['kind']} ${(o['metadata'] as { name: string }).name}`)).toEqual(['Gateway nginx', 'HTTPRoute shop-all-hosts', 'HTTPRoute shop-shop-example-com'])
    expect((conv.objects[0]!['spec'] as { listeners: unknown[] }).listeners).toEqual([
      { name: 'http', port: 80, protocol: 'HTTP' }, { name: 'shop-example-com-http', hostname: 'shop.example.com', port: 80, protocol: 'HTTP' },
    ])
    const converted = `${LAB.replace('name: eg }\nspec: { controllerName', 'name: nginx }\nspec: { controllerName')}${ingresses}---\n${conv.objects.map((o) => stringify(o)).join('---\n')}`
    const m = loadModel('conv.yaml', converted)
    if (!m.ok) throw new Error(m.diagnostics.map((d) => d.message).join('; '))
    const gw = gatewayOf(m.model, 'infra/nginx')!
    for (const [host, path] of [['shop.example.com', '/'], ['shop.example.com', '/api/x'], ['shop.example.com', '/api/health'], ['shop.example.com', '/apix'], ['other.example.com', '/anything']] as const) {
      const viaIngress = routeIngress(m.model, host, path).backend?.service
      const viaGateway = routeHttp(m.model, gw, 80, { scheme: 'http', method: 'GET', host, path, query: [], headers: [] }).backends[0]?.ref.name
      expect(viaGateway, `${host}${path}`).toBe(viaIngress)
    }
  })
})
