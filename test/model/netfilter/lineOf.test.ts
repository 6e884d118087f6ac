/**
 * lineOf (the "decided by" line of a trace step) counts lines from the chains' rule counts
 * without laying the text out: every rule's line must hold that rule in the iptables-save text,
 * for built-in and user chains of every table, whether the composed chains' Rules were built
 * before or after the text.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generateCluster } from '../../../bench/generate.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import type { Model } from '../../../src/model/model.js'
import { formatIptablesSave, formatSaveRule } from '../../../src/model/netfilter/formatSave.js'
import { nodeState } from '../../../src/model/node/nodeState.js'

function load(file: string, text: string): Model {
  const r = loadModel(file, text, { limits: false })
  if (!r.ok) throw new Error(`${file} does not load`)
  return r.model
}

function checkEveryRule(model: Model, node: string, textFirst: boolean): number {
  const state = nodeState(model, node)!
  // A fresh SavedText, so the order of text and lineOf is this test's.
  const saved = formatIptablesSave(state.ruleset)
  const lines = textFirst ? saved.text.split('\n') : null
  let checked = 0
  for (const [table, t] of state.ruleset) {
    for (const chain of t.chains.values()) {
      chain.rules.forEach((r, i) => {
        const line = saved.lineOf(table, r)!
        expect(line).toBeGreaterThan(0)
        if (i > 0) expect(line).toBe(saved.lineOf(table, chain.rules[i - 1]!)! + 1)
        expect((lines ?? saved.text.split('\n'))[line - 1]).toBe(formatSaveRule(r))
        checked++
      })
    }
  }
  return checked
}

describe('iptables-save line numbers', () => {
  it('finds every rule of a generated cluster on its line, text first or lineOf first', () => {
    const m = load('gen.yaml', generateCluster(3, 12, { nodePortEvery: 3 }))
    for (const n of m.nodes) {
      expect(checkEveryRule(m, n.name, false)).toBeGreaterThan(100)
      expect(checkEveryRule(m, n.name, true)).toBeGreaterThan(100)
    }
  })

  it('finds every rule of the built-in topologies on its line', () => {
    const files = readdirSync('topologies').filter((f) => f.endsWith('.yaml'))
    expect(files.length).toBeGreaterThan(3)
    for (const f of files) {
      const m = load(f, readFileSync(`topologies/${f}`, 'utf8'))
      for (const n of m.nodes) expect(checkEveryRule(m, n.name, true)).toBeGreaterThan(0)
    }
  })

  it('answers undefined for a rule the ruleset does not hold', () => {
    const m = load('gen.yaml', generateCluster(2, 4))
    const a = nodeState(m, m.nodes[0]!.name)!
    const rule = { ...a.ruleset.get('nat')!.chains.get('KUBE-SERVICES')!.rules[0]! }
    expect(a.iptablesSave().lineOf('nat', rule)).toBeUndefined()
    expect(a.iptablesSave().lineOf('nat', { ...rule, chain: 'NO-SUCH-CHAIN' })).toBeUndefined()
  })
})
