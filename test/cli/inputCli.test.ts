/** CLI edges found while importing real clusters: show's JSON and options, --pick that matches nothing. */
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/runCli.js'
import { fakeIo } from '../support/fakeIo.js'

describe('show cluster --json', () => {
  it('gives the objects, not a text table in a string', () => {
    const f = fakeIo()
    expect(runCli(['show', 'two-node-flannel-vxlan', 'cluster', '--json'], f.io)).toBe(0)
    const v = JSON.parse(f.stdout()) as { kind: string; text?: string; pods: { name: string; ip: string; node: string }[]; services: { name: string; clusterIP: string; ports: { port: number; nodePort: number | null }[]; endpoints: { ip: string; port: number }[] }[] }
    expect(v.kind).toBe('ClusterView')
    expect(v.text).toBeUndefined()
    const web = v.services.find((s) => s.name === 'web')!
    expect(web.clusterIP).toMatch(/^10\.\d+\.\d+\.\d+$/)
    expect(web.ports[0]!.port).toBe(80)
    expect(web.endpoints.length).toBeGreaterThan(0)
    expect(web.endpoints.every((e) => typeof e.port === 'number' && /^10\.244\./.test(e.ip))).toBe(true)
    expect(v.pods.find((p) => p.name === 'client')).toMatchObject({ node: expect.any(String), ip: expect.stringMatching(/^10\.244\./) })
  })
})

describe('show options', () => {
  it('rejects unknown options and extra arguments like trace does', () => {
    for (const argv of [['show', 'two-node-flannel-vxlan', 'cluster', '--wide'], ['show', 'two-node-flannel-vxlan', 'node/node1', 'route', 'extra']]) {
      const f = fakeIo()
      expect(runCli(argv, f.io)).toBe(2)
      expect(f.stderr()).toMatch(/^error: show does not take "(--wide|extra)"\n {2}hint: /)
    }
  })
})

describe('trace --pick', () => {
  it('is an error with a hint when it matches no endpoint', () => {
    const f = fakeIo()
    expect(runCli(['trace', 'two-node-flannel-vxlan', '--from', 'pod/default/client', '--to', 'web:80', '--pick', '10.9.9.9'], f.io)).toBe(1)
    expect(f.stderr()).toMatch(/^error: --pick 10\.9\.9\.9 matches no endpoint of this trace\n {2}hint: pick one of 10\.244\.\d+\.\d+:8080, /)
  })
  it('still pins by IP', () => {
    const f = fakeIo()
    expect(runCli(['trace', 'two-node-flannel-vxlan', '--from', 'pod/default/client', '--to', 'web:80', '--pick', '10.244.1.3'], f.io)).toBe(0)
  })
})

describe('validate', () => {
  it('ends its summary line before the warnings', () => {
    const f = fakeIo({ 'w.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { selector: { app: x }, ports: [{ port: 80 }] }\n' })
    expect(runCli(['validate', 'w.yaml'], f.io)).toBe(0)
    expect(f.stdout()).toMatch(/^w\.yaml: ok — .*warning\(s\)\n$/)
    expect(f.stderr()).toMatch(/^w\.yaml:1:1: warning: no Cluster document; inferred: /)
  })
})
