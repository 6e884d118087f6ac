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
})
