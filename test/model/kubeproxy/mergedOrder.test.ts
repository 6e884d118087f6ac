/**
 * The write order of a port list made from an earlier one (a what-if's proxy input) is the
 * earlier order merged with the added ports; it must be the order a full sort gives, wherever
 * the added and removed ports fall (first, last, between, all of them).
 */
import { describe, expect, it } from 'vitest'
import { generateCluster } from '../../../bench/generate.js'
import { seeded } from '../../../src/engine/trace/trace.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { entriesChange, notePortListChange, SyncPlan } from '../../../src/model/kubeproxy/syncProxyRules.js'
import type { ProxyInput, ProxyServicePort } from '../../../src/model/kubeproxy/types.js'
import { proxyInputFor } from '../../../src/model/node/proxyInput.js'

const r = loadModel('g.yaml', generateCluster(2, 40), { limits: false })
if (!r.ok) throw new Error('generated cluster does not load')
const node = r.model.nodes[0]!
const all = proxyInputFor(r.model, node, [node.ip])

const input = (servicePorts: readonly ProxyServicePort[]): ProxyInput => ({ ...all, servicePorts })
const order = (servicePorts: readonly ProxyServicePort[]): ProxyServicePort[] => new SyncPlan(input(servicePorts), 'text').ports().map((e) => e.sp)

describe('merged write order', () => {
  it('equals a full sort over random removals and additions', () => {
    const rnd = seeded(5)
    const shuffled = <T,>(xs: readonly T[]): T[] => xs.map((x) => [rnd(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x)
    let merges = 0
    for (let round = 0; round < 40; round++) {
      const pool = shuffled(all.servicePorts)
      const cut = 1 + Math.floor(rnd() * (pool.length - 2))
      const before = pool.slice(0, cut)
      const outside = pool.slice(cut)
      order(before)
      const removed = new Set(before.filter(() => rnd() < 0.15))
      // A changed Service is a new object with the same name; a new one is a port not there before.
      const changed = [...removed].filter(() => rnd() < 0.5).map((sp) => ({ ...sp }))
      const added = [...changed, ...outside.filter(() => rnd() < 0.1)]
      const after = shuffled([...before.filter((sp) => !removed.has(sp)), ...added])
      notePortListChange(after, { from: before, fromEndpoints: all.endpoints, removed, added })
      const plan = new SyncPlan(input(after), 'text')
      const got = plan.ports()
      if (entriesChange(got)) merges++
      expect(got.map((e) => e.sp)).toEqual(order([...after]))
    }
    expect(merges).toBe(40)
  })

  it('puts ports added before the first and after the last in place', () => {
    const sorted = order([...all.servicePorts])
    const middle = sorted.slice(1, -1)
    order(middle)
    const after = [sorted[sorted.length - 1]!, ...middle, sorted[0]!]
    notePortListChange(after, { from: middle, fromEndpoints: all.endpoints, removed: new Set(), added: [sorted[sorted.length - 1]!, sorted[0]!] })
    const got = new SyncPlan(input(after), 'text').ports()
    expect(entriesChange(got)).toBeDefined()
    expect(got.map((e) => e.sp)).toEqual(sorted)
  })
})
