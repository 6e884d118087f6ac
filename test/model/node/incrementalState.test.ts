/**
 * Node state after a what-if starts from the model before (node/lineage.ts): the proxy input is
 * the earlier one with the changed Services swapped, the service ports' write order is merged
 * instead of sorted, the chain-name index is patched, and each node's per-port chains are a
 * block found through it (netfilter/chainTable.ts). Over random, seeded what-if sequences the
 * result must be what a fresh derivation of the same model gives: the iptables-save text, every
 * chain in the same order with the same rules, and the line of every rule a trace can name.
 */
import { describe, expect, it } from 'vitest'
import { generateCluster } from '../../../bench/generate.js'
import { seeded } from '../../../src/engine/trace/trace.js'
import { applyWhatIf, whatIfTargets, type WhatIfKind } from '../../../src/model/edit/whatIf.js'
import { addressesOf, reloadModel } from '../../../src/model/incremental/reload.js'
import { entriesChange, SyncPlan } from '../../../src/model/kubeproxy/syncProxyRules.js'
import type { Model } from '../../../src/model/model.js'
import { nodeState } from '../../../src/model/node/nodeState.js'
import { proxyInputFor } from '../../../src/model/node/proxyInput.js'
import type { NodeState } from '../../../src/model/node/types.js'

/** The same model with no Service, port or endpoint list shared with any other model. */
function unshared(m: Model): Model {
  return { ...m, services: m.services.map((s) => ({ ...s, ports: s.ports.map((p) => ({ ...p, endpoints: [...p.endpoints] })) })) }
}

const chains = (s: NodeState): string => JSON.stringify([...s.ruleset].map(([t, table]) => [t, [...table.chains].map(([n, c]) => [n, c.policy, c.rules])]))

/** Every rule's line, asked of a state whose text was not read yet. */
function lines(s: NodeState): number[] {
  const out: number[] = []
  for (const [t, table] of s.ruleset) for (const c of table.chains.values()) for (const r of c.rules) out.push(s.iptablesSave().lineOf(t, r) ?? -1)
  return out
}

/** Whether the node's write order was merged from the model before's. */
function merged(m: Model, node: string): boolean {
  const n = m.nodes.find((x) => x.name === node)!
  const plan = new SyncPlan(proxyInputFor(m, n, [n.ip]), 'text')
  return entriesChange(plan.ports()) !== undefined
}

/** Derives `m`'s node states and checks them against a fresh derivation. */
function expectFresh(m: Model, order: readonly string[]): void {
  const states = new Map(order.map((n) => [n, nodeState(m, n)!]))
  const fresh = unshared(m)
  for (const n of order) {
    const a = states.get(n)!
    const b = nodeState(fresh, n)!
    expect(lines(a)).toEqual(lines(b))
    expect(a.iptablesSave().text).toBe(b.iptablesSave().text)
    expect(chains(a)).toBe(chains(b))
  }
}

function run(text: string, seed: number, steps: number): { steps: number; merged: number } {
  const r = seeded(seed)
  const pick = <T,>(xs: readonly T[]): T | undefined => xs[Math.floor(r() * xs.length)]
  const first = reloadModel(null, 'g.yaml', text, { limits: false })
  if (!first.ok) throw new Error('generated cluster does not load')
  let model = first.model
  for (const n of model.nodes) nodeState(model, n.name)
  const counts = { steps: 0, merged: 0 }
  for (let i = 0; i < steps; i++) {
    const kind = pick<WhatIfKind>(['scale', 'drain', 'etp', 'delete', 'deny', 'scale', 'etp'])!
    const target = pick(whatIfTargets(kind, text))
    if (!target) continue
    const next = applyWhatIf(kind, target[0], Math.floor(r() * 5), text)
    const res = reloadModel(model, 'g.yaml', next, { limits: false, keepAddresses: addressesOf(model) })
    if (!res.ok) continue
    text = next
    const m = res.model
    // Some nodes are asked for before the fresh derivation, in a random order; the others after.
    const order = m.nodes.map((n) => n.name).sort(() => r() - 0.5)
    expectFresh(m, order)
    counts.steps++
    if (merged(m, order[0]!)) counts.merged++
    model = m
  }
  return counts
}

describe('node state after a what-if, from the model before', () => {
  it('equals a fresh derivation over random what-ifs of a generated cluster', () => {
    const c = run(generateCluster(5, 30, { nodePortEvery: 3 }), 3, 16)
    expect(c.steps).toBeGreaterThan(10)
    // Most steps changed a Service or two: their write order was merged, not sorted again.
    expect(c.merged).toBeGreaterThan(c.steps / 2)
  })

  it('equals a fresh derivation over another seed with more Local traffic policies', () => {
    const c = run(generateCluster(4, 20, { nodePortEvery: 2 }), 17, 16)
    expect(c.steps).toBeGreaterThan(6)
    expect(c.merged).toBeGreaterThan(c.steps / 2)
  })

  it('merges a changed Service into the write order at its ends too', () => {
    let text = generateCluster(3, 12)
    const a = reloadModel(null, 'g.yaml', text, { limits: false })
    if (!a.ok) throw new Error('generated cluster does not load')
    let model = a.model
    for (const n of model.nodes) nodeState(model, n.name)
    const apps = model.services.filter((s) => s.name.startsWith('app')).map((s) => s.name).sort()
    for (const name of [apps[apps.length - 1]!, apps[0]!]) {
      text = applyWhatIf('scale', `default/${name}`, 1, text)
      const b = reloadModel(model, 'g.yaml', text, { limits: false, keepAddresses: addressesOf(model) })
      if (!b.ok) throw new Error('scaled cluster does not load')
      model = b.model
      expectFresh(model, model.nodes.map((n) => n.name))
      expect(merged(model, model.nodes[0]!.name)).toBe(true)
    }
  })
})
