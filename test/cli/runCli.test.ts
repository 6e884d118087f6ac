import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/runCli.js'
import { fakeIo } from '../support/fakeIo.js'

describe('kube-netlab validate', () => {
  it('prints a one-line summary and exits 0 for a built-in topology', () => {
    const f = fakeIo()
    expect(runCli(['validate', 'two-node-flannel-vxlan'], f.io)).toBe(0)
    expect(f.stdout()).toBe('topologies/two-node-flannel-vxlan.yaml: ok — cluster two-node-flannel: 2 nodes, 11 pods, 9 services (flannel vxlan, kube-proxy iptables), 1 warning(s)\n')
    // The warning points at the selector's value in the file.
    const lines = readFileSync(new URL('../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8').split('\n')
    const line = lines.findIndex((l) => l.includes('nothing-has-this-label')) + 1
    const col = lines[line - 1]!.indexOf('{ app: nothing') + 1
    expect(f.stderr()).toContain(`topologies/two-node-flannel-vxlan.yaml:${line}:${col}: warning: selector app=nothing-has-this-label matches no pod`)
  })

  it('prints file:line:col errors and exits 1 for bad input', () => {
    const f = fakeIo({ 'bad.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec:\n  clusterIP: 10.96.0.300\n  ports: [{ port: 80 }]\n' })
    expect(runCli(['validate', 'bad.yaml'], f.io)).toBe(1)
    expect(f.stderr()).toContain('bad.yaml:5:14: error: spec.clusterIP "10.96.0.300" is not an IP address (Service default/s)')
    expect(f.stdout()).toBe('')
  })

  it('gives the located errors as JSON with --json', () => {
    const f = fakeIo({ 'bad.yaml': 'kind: [\n' })
    expect(runCli(['validate', 'bad.yaml', '--json'], f.io)).toBe(1)
    const out = JSON.parse(f.stdout()) as { ok: boolean; diagnostics: { file: string; line: number; severity: string }[] }
    expect(out.ok).toBe(false)
    expect(out.diagnostics[0]).toMatchObject({ file: 'bad.yaml', severity: 'error' })
  })

  it('says what to do when the topology does not exist', () => {
    const f = fakeIo()
    expect(runCli(['validate', 'nope'], f.io)).toBe(1)
    expect(f.stderr()).toContain('no such file or built-in topology "nope"')
  })

  it('exits 2 with usage on an unknown command', () => {
    const f = fakeIo()
    expect(runCli(['frobnicate'], f.io)).toBe(2)
    expect(f.stderr()).toContain('Usage:')
  })
})

describe('kube-netlab show', () => {
  it('prints ip route of a pod exactly', () => {
    const f = fakeIo()
    expect(runCli(['show', 'course-examples', 'pod/default/podnet-02', 'route'], f.io)).toBe(0)
    expect(f.stdout()).toBe(
      'default via 10.233.117.1 dev eth0 \n10.233.64.0/18 via 10.233.117.1 dev eth0 \n10.233.117.0/24 dev eth0 proto kernel scope link src 10.233.117.155 \n',
    )
  })

  it('returns the structured view and the text with --json', () => {
    const f = fakeIo()
    expect(runCli(['show', 'two-node-flannel-vxlan', 'node/node1', 'route', '--json'], f.io)).toBe(0)
    const out = JSON.parse(f.stdout()) as { text: string; data: { dev: string }[] }
    expect(out.text.split('\n')[0]).toBe('default via 192.168.49.1 dev eth0 ')
    expect(out.data.map((r) => r.dev)).toEqual(['eth0', 'cni0', 'flannel.1', 'eth0'])
  })

  it('names the known nodes when the node does not exist', () => {
    const f = fakeIo()
    expect(runCli(['show', 'two-node-flannel-vxlan', 'node/node9', 'addr'], f.io)).toBe(1)
    expect(f.stderr()).toBe('error: no node named "node9"\n  hint: nodes are: node1, node2\n')
  })

  it('sends hostNetwork pods to their node', () => {
    const f = fakeIo()
    const model = 'two-node-flannel-vxlan'
    runCli(['show', model, 'cluster', '--json'], f.io)
    const proxy = (JSON.parse(f.stdout()) as { pods: { namespace: string; name: string }[] }).pods.find((p) => p.name.startsWith('kube-proxy'))!
    const g = fakeIo()
    expect(runCli(['show', model, `pod/${proxy.namespace}/${proxy.name}`, 'route'], g.io)).toBe(1)
    expect(g.stderr()).toContain('uses hostNetwork')
  })
})
