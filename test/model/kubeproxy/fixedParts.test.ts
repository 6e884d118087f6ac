/**
 * kube-proxy's fixed rules are kept per config (nodeChains.ts), so a node's chains in the next
 * model of a lineage end with the same Rule objects (what the netfilter walk's spliced index
 * needs) and still print exactly what a fresh derivation prints.
 */
import { describe, expect, it } from 'vitest'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { whatIfEdit } from '../../../src/model/edit/whatIf.js'
import { addressesOf, knownPieces, reloadModel } from '../../../src/model/incremental/reload.js'
import { nodeState } from '../../../src/model/node/nodeState.js'
import type { Model } from '../../../src/model/model.js'
import { generateDump } from '../../../bench/generateDump.js'
import { WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'
import { fixedRules, fixedRulesKey } from '../../../src/model/kubeproxy/fixedRules.js'
import type { ProxierConfig } from '../../../src/model/kubeproxy/types.js'

const lastRule = (m: Model, node: string, table: 'nat' | 'filter', chain: string) => nodeState(m, node)!.ruleset.get(table)!.chains.get(chain)!.rules.at(-1)

describe("kube-proxy's fixed rules across the models of a lineage", () => {
  it('are the same Rules after a what-if, and every node prints what a full derivation prints', () => {
    const text = generateDump({ nodes: 4, services: 20 }) + WHAT_IF_OBJECTS
    const first = reloadModel(null, 'dump.yaml', text, { limits: false })
    if (!first.ok) throw new Error('no load')
    let model = first.model
    let cur = text
    for (const [kind, target, value] of [['scale', 'default/web', 5], ['etp', 'default/web', 0], ['drain', 'worker-0002', 0]] as const) {
      const e = whatIfEdit(kind, target, value, cur, knownPieces(model) ?? undefined)
      const keep = addressesOf(model)
      const next = reloadModel(model, 'dump.yaml', e.text, { limits: false, keepAddresses: keep, change: { before: cur, ...e.change } })
      const full = loadModel('dump.yaml', e.text, { limits: false, keepAddresses: keep })
      if (!next.ok || !full.ok) throw new Error(`${kind} did not load`)
      for (const n of next.model.nodes) {
        expect(lastRule(next.model, n.name, 'nat', 'KUBE-SERVICES'), `${kind} ${n.name}`).toBe(lastRule(model, n.name, 'nat', 'KUBE-SERVICES'))
        expect(lastRule(next.model, n.name, 'nat', 'KUBE-POSTROUTING')).toBe(lastRule(model, n.name, 'nat', 'KUBE-POSTROUTING'))
        expect(nodeState(next.model, n.name)!.iptablesSave().text, `${kind} ${n.name}`).toBe(nodeState(full.model, n.name)!.iptablesSave().text)
      }
      model = next.model
      cur = e.text
    }
  })

  it('are kept by what fixedRules reads: nodes that differ only in name and addresses share them', () => {
    const base: ProxierConfig = {
      nodeName: 'node1', nodeIP: '192.168.49.2', nodeIPs: ['192.168.49.2', '10.244.0.1'], clusterCIDR: '10.244.0.0/16', masqueradeMark: 0x4000, masqueradeAll: false,
      localhostNodePorts: true, nodePortAddresses: null, hasRandomFully: true, conntrackTCPLiberal: false, nfacct: { ctStateInvalid: false, localhostNodePorts: false }, largeClusterEndpointsThreshold: 1000,
    }
    const same: Partial<ProxierConfig>[] = [{ nodeName: 'node2' }, { nodeIP: '192.168.49.3', nodeIPs: ['192.168.49.3'] }, { clusterCIDR: null }, { masqueradeAll: true },
      { largeClusterEndpointsThreshold: 5 }, { nfacct: { ctStateInvalid: false, localhostNodePorts: true } }]
    for (const d of same) {
      const c = { ...base, ...d }
      expect(fixedRulesKey(c), JSON.stringify(d)).toBe(fixedRulesKey(base))
      expect(JSON.stringify(fixedRules(c)), JSON.stringify(d)).toBe(JSON.stringify(fixedRules(base)))
    }
    const apart: Partial<ProxierConfig>[] = [{ masqueradeMark: 0x8000 }, { localhostNodePorts: false }, { hasRandomFully: false }, { conntrackTCPLiberal: true },
      { nfacct: { ctStateInvalid: true, localhostNodePorts: false } }, { nodePortAddresses: ['192.168.49.0/24'] }]
    for (const d of apart) {
      const c = { ...base, ...d }
      expect(fixedRulesKey(c), JSON.stringify(d)).not.toBe(fixedRulesKey(base))
      expect(JSON.stringify(fixedRules(c)), JSON.stringify(d)).not.toBe(JSON.stringify(fixedRules(base)))
    }
    // With nodePortAddresses the node's own addresses pick the NodePort dispatch rules: part of the key.
    const picked = { ...base, nodePortAddresses: ['192.168.49.0/24'] }
    expect(fixedRulesKey({ ...picked, nodeIPs: ['192.168.49.3'] })).not.toBe(fixedRulesKey(picked))
    // In one model every node has the same fixed Rule objects.
    const m = loadModel('dump.yaml', generateDump({ nodes: 4, services: 5 }), { limits: false })
    if (!m.ok) throw new Error('no load')
    const rules = m.model.nodes.map((n) => lastRule(m.model, n.name, 'nat', 'KUBE-POSTROUTING'))
    for (const r of rules) expect(r).toBe(rules[0])
  })
})
