/**
 * After a what-if that moved no CoreDNS pod, CoreDNS's own addresses are the earlier model's
 * (clusterDns.ts): they must be what a filter of the new model's pods gives, also after a cordon
 * of the node CoreDNS runs on (which re-places it).
 */
import { describe, expect, it } from 'vitest'
import { coreDnsIPCounters, coreDnsIPs, coreDnsIPsByFilter } from '../../../src/model/dns/clusterDns.js'
import { whatIfEdit, whatIfTargets, type WhatIfKind } from '../../../src/model/edit/whatIf.js'
import { addressesOf, knownPieces, reloadModel } from '../../../src/model/incremental/reload.js'
import { seeded } from '../../../src/engine/trace/trace.js'
import { generateCluster } from '../../../bench/generate.js'

const KINDS: readonly WhatIfKind[] = ['scale', 'drain', 'etp', 'delete']

describe('CoreDNS\'s addresses after a what-if', () => {
  it('are a filter of the new model\'s pods, over random what-ifs and cordons of CoreDNS\'s nodes', () => {
    const rand = seeded(3)
    let text = generateCluster(8, 24, { standalonePods: 4, nodePortEvery: 3 })
    const first = reloadModel(null, 'x.yaml', text, { limits: false })
    if (!first.ok) throw new Error('did not load')
    let model = first.model
    expect(coreDnsIPs(model)).toEqual(coreDnsIPsByFilter(model))
    const before = coreDnsIPCounters.reused
    let moved = 0
    for (let step = 0; step < 40; step++) {
      // Every fifth step cordons a node CoreDNS runs on.
      const dnsNode = model.pods.find((p) => p.addon === 'coredns' && p.nodeName)?.nodeName
      const kind = step % 5 === 4 && dnsNode ? 'drain' : KINDS[Math.floor(rand() * KINDS.length)]!
      const targets = whatIfTargets(kind, text)
      const target = step % 5 === 4 && dnsNode ? dnsNode : targets[Math.floor(rand() * targets.length)]?.[0]
      if (!target) continue
      const e = whatIfEdit(kind, target, Math.floor(rand() * 5), text, knownPieces(model) ?? undefined)
      const r = reloadModel(model, 'x.yaml', e.text, { limits: false, keepAddresses: addressesOf(model), change: { before: text, ...e.change } })
      if (!r.ok) continue
      const want = coreDnsIPsByFilter(r.model)
      expect(coreDnsIPs(r.model), `step ${step} ${kind} ${target}`).toEqual(want)
      if (want.join() !== coreDnsIPsByFilter(model).join()) moved++
      model = r.model
      text = e.text
    }
    expect(coreDnsIPCounters.reused - before).toBeGreaterThan(10)
    expect(moved).toBeGreaterThan(0)
  })
})
