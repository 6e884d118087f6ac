/** Hostile input never hurts: every case ends in a located error (or loads correctly) within bounded time. */
import { describe, expect, it } from 'vitest'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { formatDiagnostic } from '../../../src/model/load/diagnostics.js'
import { nodeState } from '../../../src/model/node/nodeState.js'

const SVC = 'apiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { clusterIP: 10.96.0.50, ports: [{ port: 80 }] }\n'

function timed(text: string) {
  const t0 = performance.now()
  const r = loadModel('evil.yaml', text)
  return { r, ms: performance.now() - t0, lines: r.diagnostics.map(formatDiagnostic) }
}

describe('hostile YAML', () => {
  it('an alias bomb is a located error, not a ReferenceError', () => {
    let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: lol }\ndata:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    let prev = 'a'
    for (const n of 'bcdefghi') { text += `  ${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]\n`; prev = n }
    const { r, ms, lines } = timed(text)
    expect(r.ok).toBe(false)
    expect(lines[0]).toMatch(/^evil\.yaml:1:1: error: the document's YAML aliases expand too far .*an alias bomb\n {2}hint: /)
    expect(ms).toBeLessThan(10_000)
  })

  it('deep flow nesting is a located error before the parser recurses', () => {
    const { r, ms, lines } = timed(`apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`)
    expect(r.ok).toBe(false)
    expect(lines[0]).toMatch(/^evil\.yaml:4:\d+: error: the YAML nests more than 100 levels deep here/)
    expect(lines[0]).toContain('hint:')
    expect(ms).toBeLessThan(10_000)
  })

  it('deep block nesting likewise', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`
    const { r, lines } = timed(text)
    expect(r.ok).toBe(false)
    expect(lines[0]).toMatch(/^evil\.yaml:\d+:\d+: error: the YAML nests more than 100 levels deep/)
  })

  it('a UTF-16 file says it is UTF-16', () => {
    const utf16 = Buffer.from(`\ufeff${SVC}`, 'utf16le').toString('utf8')
    const { r, lines } = timed(utf16)
    expect(r.ok).toBe(false)
    expect(lines[0]).toMatch(/^evil\.yaml:1:1: error: the file looks UTF-16 encoded; the lab \(like kubectl\) reads UTF-8\n {2}hint: convert it/)
  })

  it('a NUL byte is located', () => {
    const { r, lines } = timed(`${SVC}# x\u0000y\n`)
    expect(r.ok).toBe(false)
    expect(lines[0]).toMatch(/^evil\.yaml:5:4: error: the file contains a NUL byte/)
  })

  it('a BOM and CRLF line ends are fine', () => {
    const { r } = timed(`\ufeff${SVC.replace(/\n/g, '\r\n')}`)
    expect(r.ok && r.model.services.some((s) => s.name === 'a')).toBe(true)
  })

  it('prototype keys are plain keys in labels and selectors', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector:
    matchLabels: { app: web }
    matchExpressions: [{ key: constructor, operator: DoesNotExist }]
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: c, image: x, ports: [{ containerPort: 80 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: by-constructor }
spec: { selector: { constructor: x }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: by-tostring }
spec: { selector: { toString: y }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: q, labels: { toString: y, hasOwnProperty: z } }
spec: { containers: [{ name: c, image: x }] }
`
    const { r, lines } = timed(text)
    if (!r.ok) throw new Error(lines.join('\n'))
    expect(r.model.pods.filter((p) => p.name.startsWith('web-'))).toHaveLength(1)
    expect(r.model.services.find((s) => s.name === 'by-constructor')!.ports[0]!.endpoints).toEqual([])
    expect(r.model.services.find((s) => s.name === 'by-tostring')!.ports[0]!.endpoints.map((e) => e.pod)).toEqual(['default/q'])
  })

  it('__proto__ as a label key is the API server\'s invalid key, not a prototype change', () => {
    const { r, lines } = timed('apiVersion: v1\nkind: Pod\nmetadata: { name: q, labels: { __proto__: x } }\nspec: { containers: [{ name: c, image: x }] }\n')
    expect(r.ok).toBe(false)
    expect(lines[0]).toMatch(/^evil\.yaml:3:\d+: error: metadata\.labels: Invalid value: "__proto__": name part must consist of alphanumeric characters/)
    expect(({} as Record<string, unknown>)['x']).toBeUndefined()
  })

  it('10,000 objects load or fail within bounded time', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata: { name: s${i} }\nspec: { ports: [{ port: 80 }] }\n`).join('---\n')
    const { r, ms } = timed(text)
    expect(r.ok).toBe(true)
    if (r.ok) nodeState(r.model, r.model.nodes[0]!.name)!.iptablesSave()
    expect(ms).toBeLessThan(10_000)
  })
})
