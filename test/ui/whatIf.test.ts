import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadModel } from '../../src/model/derive/buildModel.js'
import { applyWhatIf, whatIfTargets } from '../../src/ui/whatIf.js'

const text = readFileSync(new URL('../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
const load = (t: string) => {
  const r = loadModel('whatif.yaml', t)
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics.slice(0, 2)))
  return r.model
}

describe('what-ifs as YAML edits', () => {
  it('lists targets from the file', () => {
    expect(whatIfTargets('scale', text).map(([v]) => v)).toEqual(['default/web', 'default/echo', 'default/db'])
    expect(whatIfTargets('drain', text).map(([v]) => v)).toEqual(['node1', 'node2'])
    expect(whatIfTargets('delete', text).map(([v]) => v)).toEqual(['default/client'])
  })
  it('scales, drains, flips externalTrafficPolicy, adds a deny-all policy and deletes a pod — the result still loads', () => {
    expect(load(applyWhatIf('scale', 'default/web', 0, text)).pods.filter((p) => p.name.startsWith('web-'))).toHaveLength(0)
    expect(load(applyWhatIf('scale', 'default/web', 4, text)).pods.filter((p) => p.name.startsWith('web-'))).toHaveLength(4)
    expect(load(applyWhatIf('drain', 'node2', 0, text)).pods.filter((p) => p.nodeName === 'node2' && !p.hostNetwork)).toEqual([])
    const flipped = load(applyWhatIf('etp', 'default/echo-local', 0, text)).services.find((s) => s.name === 'echo-local')!
    expect(flipped.obj.externalTrafficPolicy).toBe('Cluster')
    expect(load(applyWhatIf('deny', 'default', 0, text)).networkPolicies.map((p) => p.name)).toContain('deny-all-ingress')
    expect(load(applyWhatIf('delete', 'default/client', 0, text)).pods.some((p) => p.name === 'client')).toBe(false)
  })
  it('switches kube-proxy between iptables and nftables mode and back', () => {
    expect(whatIfTargets('proxy-mode', text)).toEqual([['nftables', 'kube-proxy → nftables mode']])
    const nft = applyWhatIf('proxy-mode', 'nftables', 0, text)
    expect(load(nft).cluster.kubeProxy.mode).toBe('nftables')
    expect(whatIfTargets('proxy-mode', nft).map(([v]) => v)).toEqual(['iptables'])
    expect(load(applyWhatIf('proxy-mode', 'iptables', 0, nft)).cluster.kubeProxy.mode).toBe('iptables')
    // A Cluster document without kubeProxy gets one.
    const bare = text.replace('  kubeProxy: { mode: iptables }\n', '')
    expect(load(applyWhatIf('proxy-mode', 'nftables', 0, bare)).cluster.kubeProxy.mode).toBe('nftables')
  })
})
