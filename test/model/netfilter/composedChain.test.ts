/**
 * Composed chains made of the very same few parts, one of them long, share one rule list
 * (composedChain.ts): each list must be exactly the parts' rules in order, as a chain that
 * builds its own gives.
 */
import { describe, expect, it } from 'vitest'
import { composedChain, type ChainPart } from '../../../src/model/netfilter/composedChain.js'
import { ruleListCounters } from '../../../src/model/netfilter/sharedRules.js'
import type { Rule } from '../../../src/model/netfilter/types.js'
import { seeded } from '../../../src/engine/trace/trace.js'

let made = 0
const rule = (): Rule => ({ chain: 'KUBE-SERVICES', matches: [{ module: 'comment', comment: `r${made++}` }], target: { kind: 'accept' } } as unknown as Rule)

/** A part of `count` fresh rules. */
function part(count: number): ChainPart {
  const rules = Array.from({ length: count }, rule)
  return { count, text: rules.map((r, i) => `-A KUBE-SERVICES -m comment --comment r${i} -j ACCEPT`).join('\n'), rules: () => rules }
}

describe('a composed chain\'s rules', () => {
  it('are its parts\' rules in order, shared only by chains of the very same parts', () => {
    const rand = seeded(5)
    // Long parts (a model's run of ports) and short ones (kube-proxy's fixed rules, a node's own ports).
    const long = Array.from({ length: 4 }, () => part(256 + Math.floor(rand() * 300)))
    const short = Array.from({ length: 12 }, () => part(Math.floor(rand() * 4)))
    const before = { ...ruleListCounters }
    let chains = 0
    for (let k = 0; k < 400; k++) {
      const parts: ChainPart[] = []
      const n = Math.floor(rand() * 6)
      for (let i = 0; i < n; i++) parts.push(short[Math.floor(rand() * short.length)]!)
      if (rand() < 0.9) parts.splice(Math.floor(rand() * (parts.length + 1)), 0, long[Math.floor(rand() * long.length)]!)
      if (rand() < 0.1) parts.push(long[Math.floor(rand() * long.length)]!)
      // A node with many own ports among the run: more parts than are worth comparing.
      if (rand() < 0.05) for (let i = 0; i < 70; i++) parts.push(short[Math.floor(rand() * short.length)]!)
      const chain = composedChain('KUBE-SERVICES', parts)
      const want = parts.flatMap((p) => [...p.rules()])
      expect(chain.rules, `chain ${k}`).toEqual(want)
      expect(chain.rules.length).toBe(chain.ruleCount)
      expect(Object.isFrozen(chain.rules)).toBe(true)
      // Another chain of the same parts (another node): the same list, or an equal one.
      const again = composedChain('KUBE-SERVICES', parts.slice())
      expect(again.rules).toEqual(want)
      chains++
    }
    expect(chains).toBe(400)
    // Most chains of the same few parts took the list already made.
    expect(ruleListCounters.shared - before.shared).toBeGreaterThan(300)
  })
})
