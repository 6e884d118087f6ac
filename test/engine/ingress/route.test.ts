import { describe, expect, it } from 'vitest'
import { routeIngress } from '../../../src/engine/ingress/route.js'
import type { Model } from '../../../src/model/model.js'
import type { IngressObject } from '../../../src/model/objects.js'

const ing = (name: string, rules: IngressObject['rules'], defaultBackend: IngressObject['defaultBackend'] = null, ingressClassName: string | null = 'nginx'): IngressObject =>
  ({ kind: 'Ingress', namespace: 'shop', name, ingressClassName, defaultBackend, rules })

const model = (ingresses: IngressObject[]): Model => ({ ingresses } as unknown as Model)

describe('Ingress rule matching (ingress-nginx)', () => {
  const m = model([
    ing('a', [
      { host: 'shop.example.com', paths: [
        { path: '/', pathType: 'Prefix', service: 'front', port: 80 },
        { path: '/api', pathType: 'Prefix', service: 'api', port: 8080 },
        { path: '/api/v2', pathType: 'Prefix', service: 'api-v2', port: 8080 },
        { path: '/api/health', pathType: 'Exact', service: 'health', port: 'http' },
      ] },
      { host: '*.example.com', paths: [{ path: '/', pathType: 'Prefix', service: 'wild', port: 80 }] },
      { host: null, paths: [{ path: '/static', pathType: 'ImplementationSpecific', service: 'static', port: 80 }] },
    ]),
  ])
  it.each([
    ['shop.example.com', '/', 'front'],
    ['shop.example.com', '/api', 'api'],
    ['shop.example.com', '/api/', 'api'],
    ['shop.example.com', '/apix', 'front'],
    ['shop.example.com', '/api/v2/items', 'api-v2'],
    ['shop.example.com', '/api/health', 'health'],
    ['shop.example.com', '/api/health/x', 'api'],
    ['SHOP.example.com:8080', '/api', 'api'],
    ['blog.example.com', '/x', 'wild'],
    ['a.b.example.com', '/static/x', 'static'],
    ['10.0.0.1', '/static', 'static'],
  ])('%s%s → %s', (host, path, service) => {
    expect(routeIngress(m, host, path).backend?.service).toBe(service)
  })

  it('answers 404 when nothing matches and there is no defaultBackend; uses defaultBackend otherwise', () => {
    expect(routeIngress(m, '10.0.0.1', '/nope')).toMatchObject({ status: 404, backend: null })
    const withDefault = model([ing('d', [], { service: 'fallback', port: 80 })])
    expect(routeIngress(withDefault, 'x', '/nope')).toMatchObject({ status: 200, backend: { service: 'fallback' } })
  })

  it('ignores Ingresses of another class', () => {
    expect(routeIngress(model([ing('t', [{ host: null, paths: [{ path: '/', pathType: 'Prefix', service: 's', port: 80 }] }], null, 'traefik')]), 'x', '/').status).toBe(404)
  })
})
