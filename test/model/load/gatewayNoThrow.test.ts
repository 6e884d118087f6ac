/**
 * Property: Gateway API input of any shape loads into a model or located diagnostics, never a
 * throw; and when it loads, tracing the Gateway's URL and printing its status never throws either.
 */
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { trace } from '../../../src/engine/trace/trace.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { formatGatewayView, gatewayApiJson } from '../../../src/model/show/gatewayView.js'

const base = readFileSync(new URL('../../../topologies/gateway-api.yaml', import.meta.url), 'utf8')

function checkOutcome(text: string): void {
  const r = loadModel('fuzz.yaml', text)
  for (const d of r.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1)
    expect(d.message.length).toBeGreaterThan(0)
  }
  if (!r.ok) { expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true); return }
  formatGatewayView(r.model)
  JSON.stringify(gatewayApiJson(r.model.gatewayApi))
  for (const g of r.model.gatewayApi.gateways) {
    if (!g.address || !r.model.cluster.externalClients[0]) continue
    for (const l of g.listeners) {
      const to = l.listener.protocol === 'HTTP' ? `http://${g.address}:${l.listener.port}/another?a=1` : `${g.address}:${l.listener.port}`
      trace(r.model, { from: `external/${r.model.cluster.externalClients[0].name}`, to, proto: l.listener.protocol === 'UDP' ? 'udp' : 'tcp', http: { headers: ['Host: course.example.com'] } })
    }
  }
}

const scalar = fc.oneof(fc.string({ maxLength: 10 }), fc.integer({ min: -5, max: 70000 }), fc.boolean(), fc.constant(null),
  fc.constantFrom('/', '/a', 'a//b', '*.example.com', 'example.com', 'HTTP', 'TCP', 'Same', 'All', 'Selector', 'PathPrefix', 'Exact', 'RegularExpression', 'Service', 'eg', 'web', 'RequestRedirect', 'URLRewrite', 'ReplacePrefixMatch'))
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom(
    'name', 'port', 'protocol', 'hostname', 'hostnames', 'listeners', 'parentRefs', 'rules', 'matches', 'path', 'type', 'value', 'filters',
    'backendRefs', 'weight', 'allowedRoutes', 'namespaces', 'from', 'kinds', 'sectionName', 'gatewayClassName', 'controllerName', 'to', 'headers',
    'requestRedirect', 'urlRewrite', 'requestHeaderModifier', 'set', 'add', 'remove', 'statusCode', 'replacePrefixMatch', 'tls', 'namespace',
  ), tie('v'), { maxKeys: 4 })),
})).v
const doc = fc.record({
  apiVersion: fc.constantFrom('gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1', 'gateway.networking.k8s.io/v1alpha2'),
  kind: fc.constantFrom('GatewayClass', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'ReferenceGrant'),
  metadata: fc.record({ name: fc.constantFrom('eg', 'course-gateway', 'r', 'Bad_Name', ''), namespace: fc.constantFrom('default', 'x') }, { requiredKeys: [] }),
  spec: value,
}, { requiredKeys: ['kind'] })

describe('Gateway API input never throws', () => {
  it('random Gateway API documents added to the gateway-api topology', () => {
    fc.assert(fc.property(fc.array(doc, { maxLength: 4 }), (docs) => checkOutcome(`${base}---\n${docs.map((d) => stringify(d)).join('---\n')}`)), { numRuns: 150 })
  })
  it('the gateway-api topology with random edits', () => {
    const lines = base.split('\n')
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(lines.length - 1), fc.constantFrom('delete', 'dup', 'garble')), { minLength: 1, maxLength: 3 }), (edits) => {
        const l = [...lines]
        for (const [i, op] of edits) {
          if (op === 'delete') l.splice(i, 1)
          else if (op === 'dup') l.splice(i, 0, l[i] ?? '')
          else l[i] = (l[i] ?? '').replace(/[0-9]/g, '9').replace(':', '')
        }
        checkOutcome(l.join('\n'))
      }),
      { numRuns: 100 },
    )
  })
})
