/**
 * A first trace's line numbers without a Chain object per port chain: a rule's line counted from
 * the flat names and rule counts of the ports' own chains (ruleSums.ts), on a fresh model where
 * nothing else was asked, must be the line the iptables-save text shows it on.
 */
import { describe, expect, it } from 'vitest'
import { generateCluster } from '../../../bench/generate.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import type { Model } from '../../../src/model/model.js'
import { ownChainCounts, rulesBeforeName, type CountedFragment } from '../../../src/model/kubeproxy/ruleSums.js'
import { formatIptablesSave, formatSaveRule } from '../../../src/model/netfilter/formatSave.js'
import { nodeState } from '../../../src/model/node/nodeState.js'

function load(text: string): Model {
  const r = loadModel('gen.yaml', text, { limits: false })
  if (!r.ok) throw new Error('does not load')
  return r.model
}

const portChains = (text: string): string[] =>
  text.split('\n').filter((l) => /^:KUBE-(SVC|SVL|EXT|FW|SEP)-/.test(l)).map((l) => l.slice(1).split(' ')[0]!)

describe('port chains by name and their rules\' lines on a fresh model', () => {
  it('numbers the rules of every port chain, looked up by name on a fresh model, as the text does', () => {
    const text = generateCluster(3, 60, { nodePortEvery: 4 })
    // The names and the lines to expect, from a model of its own (its listing makes chains).
    const other = load(text)
    const expected = formatIptablesSave(nodeState(other, other.nodes[1]!.name)!.ruleset).text.split('\n')
    const names = portChains(expected.join('\n'))
    expect(names.length).toBeGreaterThan(100)
    const model = load(text)
    const state = nodeState(model, model.nodes[1]!.name)!
    const saved = formatIptablesSave(state.ruleset)
    const nat = state.ruleset.get('nat')!.chains
    let checked = 0
    for (const name of names) {
      const chain = nat.get(name)
      expect(chain?.name).toBe(name)
      chain!.rules.forEach((r) => {
        const line = saved.lineOf('nat', r)!
        expect(expected[line - 1]).toBe(formatSaveRule(r))
        checked++
      })
    }
    expect(checked).toBeGreaterThan(names.length)
    expect(nat.get('KUBE-SVC-AAAAAAAAAAAAAAAA')).toBeUndefined()
    // The text itself, made last, is the other model's.
    expect(saved.text.split('\n')).toEqual(expected)
  })

  it('counts the rules of the chains named before a name as a walk over every fragment does', () => {
    // Fragments with made-up names (duplicates and empty chains included) and counts.
    let seed = 7
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
    const name = (): string => `KUBE-${['SVC', 'SEP', 'EXT', 'SVL'][rand(4)]}-${Array.from({ length: 16 }, () => letters[rand(32)]).join('')}`
    const frags: CountedFragment[] = Array.from({ length: 200 }, () => {
      const natChains = Array.from({ length: rand(5) }, name)
      if (natChains.length && rand(10) === 0) natChains.push(natChains[0]!)
      const counts = natChains.map(() => rand(4))
      return { natChains, listed: () => '', ownRuleCount: (slot: number) => counts[slot]! }
    })
    const counts = ownChainCounts(frags)
    const probes = [...frags.flatMap((f) => f.natChains), ...Array.from({ length: 50 }, name), 'KUBE-A', 'KUBE-Z', '']
    for (const p of probes) {
      let want = 0
      for (const f of frags) f.natChains.forEach((n, j) => { if (n < p) want += f.ownRuleCount(j) })
      expect(rulesBeforeName(counts, p)).toBe(want)
    }
  })
})
