/**
 * A node's links, routes, neighbours, FDB and sysctls taken from the earlier model's state of
 * the node (nodeBase.ts) must be what a derivation from scratch gives, over random what-ifs that
 * scale, drain (new node objects, pods moved), change traffic policies and delete pods; the
 * rules written beside them must print the same iptables-save text.
 */
import { describe, expect, it } from 'vitest'
import { loadText, randomWhatIfs } from '../../support/randomWhatIfs.js'
import { generateCluster } from '../../../bench/generate.js'
import type { WhatIfKind } from '../../../src/model/edit/whatIf.js'
import { addressesOf, reloadModel } from '../../../src/model/incremental/reload.js'
import type { Model } from '../../../src/model/model.js'
import { nodeBaseCounters } from '../../../src/model/node/nodeBase.js'
import { deriveNodeState, nodeState } from '../../../src/model/node/nodeState.js'

const KINDS: readonly WhatIfKind[] = ['scale', 'drain', 'etp', 'delete', 'scale']

function expectFresh(model: Model, where: string): void {
  for (const node of model.nodes) {
    const a = nodeState(model, node.name)!
    const b = deriveNodeState(model, node, false)
    const at = `${where}: ${node.name}`
    expect(a.devices, at).toEqual(b.devices)
    expect(a.routes, at).toEqual(b.routes)
    expect(a.neighbors, at).toEqual(b.neighbors)
    expect(a.fdb, at).toEqual(b.fdb)
    expect(a.sysctls, at).toEqual(b.sysctls)
    expect(a.iptablesSave().text, at).toBe(b.iptablesSave().text)
  }
}

function run(text: string, seed: number, steps: number): { reused: number; derived: number } {
  const first = loadText(text)
  expectFresh(first, 'first')
  const before = { ...nodeBaseCounters }
  for (const { step, kind, target, model } of randomWhatIfs(first, text, seed, steps, KINDS)) expectFresh(model, `step ${step} ${kind} ${target}`)
  return { reused: nodeBaseCounters.reused - before.reused, derived: nodeBaseCounters.derived - before.derived }
}

describe('a node\'s base after a what-if', () => {
  it('equals a derivation from scratch over random what-ifs (flannel VXLAN)', () => {
    const c = run(generateCluster(5, 24, { standalonePods: 4, nodePortEvery: 3 }), 7, 24)
    // Most what-ifs leave most nodes alone; a drain or a deleted pod changes some.
    expect(c.reused).toBeGreaterThan(40)
    expect(c.derived).toBeGreaterThan(3)
  })

  it('equals a derivation from scratch with flannel host-gw', () => {
    const text = generateCluster(4, 16, { standalonePods: 3 }).replace('backend: vxlan', 'backend: host-gw')
    const c = run(text, 11, 16)
    expect(c.reused).toBeGreaterThan(8)
  })

  it('derives the base again when the Cluster document changes a setting it is made of', () => {
    // Each edit of the Cluster document changes something a node's links, routes, neighbours
    // or sysctls are made of (MTU, backend, NodeLocal DNSCache, kube-proxy's mode and localhost
    // NodePorts, the DNS Service address): every node must then equal a derivation from scratch.
    const edits: readonly (readonly [string, (t: string) => string])[] = [
      ['mtu', (t) => t.replace('network: { plugin: flannel, backend: vxlan }', 'network: { plugin: flannel, backend: vxlan, mtu: 9000 }')],
      ['host-gw', (t) => t.replace('backend: vxlan', 'backend: host-gw')],
      ['nodeLocalDNS', (t) => t.replace('  serviceCIDR: 10.96.0.0/12\n', '  serviceCIDR: 10.96.0.0/12\n  nodeLocalDNS: { ip: 169.254.20.10 }\n')],
      ['nftables', (t) => t.replace('  serviceCIDR: 10.96.0.0/12\n', '  serviceCIDR: 10.96.0.0/12\n  kubeProxy: { mode: nftables }\n')],
      ['localhostNodePorts', (t) => t.replace('kubeProxy: { mode: nftables }', 'kubeProxy: { mode: iptables, localhostNodePorts: false }')],
      ['dnsServiceIP', (t) => t.replace('  serviceCIDR: 10.96.0.0/12\n', '  serviceCIDR: 10.96.0.0/12\n  dnsServiceIP: 10.96.0.53\n')],
    ]
    let text = generateCluster(4, 10, { standalonePods: 2, nodePortEvery: 3 })
    const first = reloadModel(null, 'x.yaml', text, { limits: false })
    if (!first.ok) throw new Error('did not load')
    let model = first.model
    for (const n of model.nodes) nodeState(model, n.name)
    for (const [what, edit] of edits) {
      const next = edit(text)
      expect(next, what).not.toBe(text)
      const r = reloadModel(model, 'x.yaml', next, { limits: false, keepAddresses: addressesOf(model) })
      if (!r.ok) throw new Error(`${what}: ${r.diagnostics.map((d) => d.message).join('; ')}`)
      model = r.model
      text = next
      expectFresh(model, what)
    }
  })
})
