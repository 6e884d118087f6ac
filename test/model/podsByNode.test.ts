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

describe('a node\'s pods after an edit that reorders documents', () => {
  it('are a walk of the new model\'s pods when two Deployments swap places in the text', () => {
    // One worker node: every pod of both Deployments is on it, kept where it was, in a new order.
    const text = generateCluster(1, 4)
    const docs = text.split(/^---\n/m)
    const deployments = docs.map((d, i) => [d, i] as const).filter(([d]) => /^kind: Deployment$/m.test(d))
    expect(deployments.length).toBeGreaterThanOrEqual(2)
    const [[a, i], [b, j]] = [deployments[0]!, deployments[1]!]
    const swapped = docs.map((d, k) => (k === i ? b : k === j ? a : d)).join('---\n')
    expect(swapped).not.toBe(text)
    const first = reloadModel(null, 'x.yaml', text, { limits: false })
    if (!first.ok) throw new Error('did not load')
    const names = first.model.nodes.map((n) => n.name)
    check(first.model, names)
    // The edit as the editor reports it: the span from the first swapped document to the end of the second.
    const from = docs.slice(0, i).join('---\n').length + (i > 0 ? 4 : 0)
    const to = from + docs.slice(i, j + 1).join('---\n').length
    const insert = swapped.slice(from, swapped.length - (text.length - to))
    expect(text.slice(0, from) + insert + text.slice(to)).toBe(swapped)
    const r = reloadModel(first.model, 'x.yaml', swapped, { limits: false, keepAddresses: addressesOf(first.model), change: { before: text, from, to, insert } })
    if (!r.ok) throw new Error('did not reload')
    // The same pods, now in the swapped Deployments' order: the lists follow the new model.
    const full = loadModel('x.yaml', swapped, { limits: false, keepAddresses: addressesOf(first.model) })
    if (!full.ok) throw new Error('did not load in full')
    expect(r.model.pods.map((p) => p.name)).toEqual(full.model.pods.map((p) => p.name))
    check(r.model, names)
  })
})
