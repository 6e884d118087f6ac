/**
 * Property: whatever text arrives (random YAML-ish data, or a built-in topology with random
 * mutations), loading returns a model or located diagnostics — it never throws.
 */
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { nodeState } from '../../../src/model/node/nodeState.js'

const base = readFileSync(new URL('../../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')

function checkOutcome(text: string): void {
  const r = loadModel('fuzz.yaml', text)
  for (const d of r.diagnostics) {
    expect(d.file).toBe('fuzz.yaml')
    expect(d.line).toBeGreaterThanOrEqual(1)
    expect(d.col).toBeGreaterThanOrEqual(1)
    expect(d.message.length).toBeGreaterThan(0)
    if (d.severity === 'error') expect(d.hint, d.message).toBeTruthy()
  }
  if (r.ok) for (const n of r.model.nodes) nodeState(r.model, n.name)!.iptablesSave()
  else expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true)
}

const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -5, max: 70000 }), fc.boolean(), fc.constant(null),
  fc.constantFrom('10.244.0.0/16', '10.96.0.10', 'None', 'TCP', 'NodePort', 'Local', 'http', '300.1.1.1', '10.1.2.3/8'))
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('name', 'ports', 'port', 'spec', 'selector', 'app', 'ip', 'nodes', 'targetPort', 'clusterIP', 'type', 'podCIDR', 'containers', 'metadata'), tie('v'), { maxKeys: 4 })),
})).v
const doc = fc.record({
  apiVersion: fc.constantFrom('v1', 'apps/v1', 'kube-netlab/v1', 'networking.k8s.io/v1', 'discovery.k8s.io/v1', 'x/y'),
  kind: fc.constantFrom('Cluster', 'Pod', 'Service', 'Deployment', 'DaemonSet', 'StatefulSet', 'EndpointSlice', 'Endpoints', 'Ingress', 'NetworkPolicy', 'Namespace', 'Node', 'ConfigMap', 'List', 'Weird'),
  metadata: fc.record({ name: fc.constantFrom('a', 'web', 'coredns', 'kube-dns', 'Bad_Name', ''), namespace: fc.constantFrom('default', 'kube-system', 'x') }, { requiredKeys: [] }),
  spec: value,
  status: value,
}, { requiredKeys: ['kind'] })

describe('loading never throws', () => {
  it('on random documents', () => {
    fc.assert(fc.property(fc.array(doc, { maxLength: 5 }), (docs) => checkOutcome(docs.map((d) => stringify(d)).join('---\n'))), { numRuns: 300 })
  })

  it('on a built-in topology with random edits', () => {
    const lines = base.split('\n')
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(lines.length - 1), fc.constantFrom('delete', 'dup', 'garble', 'indent')), { minLength: 1, maxLength: 4 }), (edits) => {
        const l = [...lines]
        for (const [i, op] of edits) {
          if (op === 'delete') l.splice(i, 1)
          else if (op === 'dup') l.splice(i, 0, l[i] ?? '')
          else if (op === 'garble') l[i] = (l[i] ?? '').replace(/[0-9]/g, '9').replace(':', '')
          else l[i] = `   ${l[i] ?? ''}`
        }
        checkOutcome(l.join('\n'))
      }),
      { numRuns: 200 },
    )
  })

  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => checkOutcome(s)), { numRuns: 300 })
  })

  // Hostile shapes: alias fan-out, deep nesting, prototype keys, NUL and control characters.
  const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'app', 'a\u0000b', 'x\u001by', '<script>', 'k'.repeat(70))
  const hostileScalar = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\u0007', '\r\n', '"\n-A KUBE-SERVICES -j ACCEPT', '10.96.00.041', 'fd00::1', '1e400', '0x1F'))
  const yamlScalar = hostileScalar.map((v) => JSON.stringify(v))
  const nested = (depth: number, open: string, close: string): string => open.repeat(depth) + close.repeat(depth)

  it('on hostile YAML shapes', () => {
    fc.assert(fc.property(
      fc.record({
        kind: fc.constantFrom('Pod', 'Service', 'Deployment', 'NetworkPolicy', 'Namespace', 'Ingress', 'List', 'PodList'),
        key: hostileKey, value: yamlScalar, aliases: fc.nat(12), depth: fc.nat(400), fanout: fc.integer({ min: 1, max: 12 }),
        bracket: fc.constantFrom(['[', ']'], ['{', '}']), extra: fc.constantFrom('', '\u0000', '\r', '\t', '\ufeff', '---\n---\n', '\u2028'),
      }),
      (c) => {
        let aliases = 'x-a: &a0 [1, 2, 3]\n'
        for (let i = 1; i <= c.aliases; i++) aliases += `x-a${i}: &a${i} [${Array.from({ length: c.fanout }, () => `*a${i - 1}`).join(', ')}]\n`
        const doc = `apiVersion: v1
kind: ${c.kind}
metadata:
  name: web
  labels: { ${JSON.stringify(c.key)}: ${c.value} }
spec:
  selector: { ${JSON.stringify(c.key)}: ${c.value} }
  ports: [{ port: 80 }]
  containers: [{ name: c, image: x }]
  deep: ${nested(c.depth, c.bracket[0]!, c.bracket[1]!)}
${aliases}${c.extra}`
        checkOutcome(doc)
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
      },
    ), { numRuns: 150 })
  })
})
