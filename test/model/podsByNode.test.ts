/**
 * After a what-if, a node whose pods the edit left alone takes the earlier model's pod lists
 * (podsByNode.ts): they must be exactly what a walk of the new model's pods gives, the same pod
 * objects in the same order, for every node, whichever nodes were asked before.
 */
import { describe, expect, it } from 'vitest'
import { podsByNodeWalk, podsOnNode, podsOnNodeCounters } from '../../src/model/podsByNode.js'
import { loadModel } from '../../src/model/derive/buildModel.js'
import { whatIfEdit, whatIfTargets, type WhatIfKind } from '../../src/model/edit/whatIf.js'
import { addressesOf, knownPieces, reloadModel } from '../../src/model/incremental/reload.js'
import { seeded } from '../../src/engine/trace/trace.js'
import type { Model } from '../../src/model/model.js'
import { generateCluster } from '../../bench/generate.js'
import { generateDump } from '../../bench/generateDump.js'
import { WHAT_IF_OBJECTS } from '../../bench/pasteDump.js'

const KINDS: readonly WhatIfKind[] = ['scale', 'drain', 'etp', 'delete', 'deny']

function check(model: Model, asked: readonly string[]): void {
  const walk = podsByNodeWalk(model.pods)
  for (const node of asked) {
    const got = podsOnNode(model, node)
    const want = walk.get(node) ?? { net: [], host: [] }
    expect(got.net.length, node).toBe(want.net.length)
    expect(got.net.every((p, i) => p === want.net[i]), `${node} net`).toBe(true)
    expect(got.host.length, node).toBe(want.host.length)
    expect(got.host.every((p, i) => p === want.host[i]), `${node} host`).toBe(true)
  }
}

describe('a node\'s pods after a what-if', () => {
  for (const [name, start] of [['generated', generateCluster(8, 24, { standalonePods: 4 })], ['dump', generateDump({ nodes: 6, services: 24 }) + WHAT_IF_OBJECTS]] as const) {
    it(`are a walk of the new model's pods (${name}, 30 random what-ifs)`, () => {
      const rand = seeded(name.length)
      let text = start
      const first = reloadModel(null, 'x.yaml', text, { limits: false })
      if (!first.ok) throw new Error('did not load')
      let model = first.model
      const before = { ...podsOnNodeCounters }
      for (let step = 0; step < 30; step++) {
        const kind = KINDS[Math.floor(rand() * KINDS.length)]!
        const targets = whatIfTargets(kind, text)
        if (!targets.length) continue
        const [target] = targets[Math.floor(rand() * targets.length)]!
        const e = whatIfEdit(kind, target, Math.floor(rand() * 5), text, knownPieces(model) ?? undefined)
        const r = reloadModel(model, 'x.yaml', e.text, { limits: false, keepAddresses: addressesOf(model), change: { before: text, ...e.change } })
        if (!r.ok) continue
        // A few nodes asked (a trace's), sometimes all of them.
        const names = r.model.nodes.map((n) => n.name)
        check(r.model, rand() < 0.3 ? names : names.filter(() => rand() < 0.3))
        check(r.model, names)
        model = r.model
        text = e.text
      }
      expect(podsOnNodeCounters.reused - before.reused).toBeGreaterThan(30)
    })
  }
})

describe('podsOnNode', () => {
  it('gives each node\'s pod-network and host-network pods in model order, as filters of the model\'s pods do', () => {
    const r = loadModel('gen.yaml', generateCluster(6, 20, { standalonePods: 4 }), { limits: false })
    if (!r.ok) throw new Error('generated cluster did not load')
    const m = r.model
    let host = 0
    for (const n of [...m.nodes.map((x) => x.name), 'no-such-node']) {
      expect(podsOnNode(m, n).net).toEqual(m.pods.filter((p) => p.nodeName === n && !p.hostNetwork && p.ip !== null))
      expect(podsOnNode(m, n).host).toEqual(m.pods.filter((p) => p.nodeName === n && p.hostNetwork))
      host += podsOnNode(m, n).host.length
    }
    // The cluster has host-network pods (kube-proxy, flannel …), so both lists were compared.
    expect(host).toBeGreaterThan(0)
  })
})
