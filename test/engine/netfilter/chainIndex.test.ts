/**
 * A what-if's KUBE-SERVICES is indexed by splicing the last chain's index (chainIndex.ts): its
 * positions must be exactly those of a chain keyed from scratch, after any run of edits.
 */
import { describe, expect, it } from 'vitest'
import { cachedKeyOf, chainIndex, chainIndexCounters, existingIndex, indexKey } from '../../../src/engine/netfilter/chainIndex.js'
import { ruleMatches, traverse, type NfContext, type NfPacket } from '../../../src/engine/netfilter/evaluate.js'
import type { Rule, Ruleset } from '../../../src/model/netfilter/types.js'

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
}

const base = 0x0a600000 // 10.96.0.0
const PORTS = [80, 443, 53]

/** A KUBE-SERVICES-like rule: mostly `-d IP/32 -p tcp --dport N`, some without a key. */
function rule(r: () => number, i: number): Rule {
  const ip = base + Math.floor(r() * 60)
  const dport = PORTS[Math.floor(r() * 3)]!
  if (r() < 0.1) return { chain: 'KUBE-SERVICES', dst: { value: { base: ip & ~0xff, prefixLength: 24 }, negate: false }, proto: { value: 'tcp', negate: false }, matches: [{ module: 'tcp', dport: { value: dport, negate: false } }], target: { kind: 'jump', chain: 'MARK-IT' } }
  return { chain: 'KUBE-SERVICES', dst: { value: { base: ip, prefixLength: 32 }, negate: false }, proto: { value: 'tcp', negate: false }, matches: [{ module: 'comment', comment: `svc ${i}` }, { module: 'tcp', dport: { value: dport, negate: false } }], target: { kind: 'DNAT', toAddress: 0x0af40000 + i, toPort: 8080 } }
}

/** What a full keying gives: the positions of each key, and those without any. */
function expected(rules: readonly Rule[]): { keyed: Map<string, number[]>; others: number[] } {
  const keyed = new Map<string, number[]>()
  const others: number[] = []
  rules.forEach((r, i) => {
    const k = cachedKeyOf(r)
    if (k === null) others.push(i)
    else keyed.set(k, [...(keyed.get(k) ?? []), i])
  })
  return { keyed, others }
}

const KEYS = Array.from({ length: 60 }, (_, i) => PORTS.map((p) => indexKey(base + i, 'tcp', p))).flat()

describe('a chain index spliced from the last one', () => {
  it('has the positions of a chain keyed afresh after every one of 300 edits', () => {
    const r = rng(11)
    let n = 0
    let rules = Array.from({ length: 600 }, () => rule(r, n++))
    const name = `nat KUBE-SERVICES test-${Math.random()}`
    chainIndex(rules, name)
    const spliced = chainIndexCounters.spliced
    for (let step = 0; step < 300; step++) {
      // A what-if: a few rules replaced, added or removed in one stretch (sometimes two stretches).
      const next = rules.slice()
      for (let s = 0; s < (r() < 0.2 ? 2 : 1); s++) {
        const at = Math.floor(r() * (next.length + 1))
        next.splice(at, Math.floor(r() * 4), ...Array.from({ length: Math.floor(r() * 4) }, () => rule(r, n++)))
      }
      const ix = existingIndex(next, name) ?? chainIndex(next, name)
      const want = expected(next)
      expect([...ix.others], `step ${step}`).toEqual(want.others)
      for (const key of KEYS) expect([...ix.keyed(key)], `step ${step} ${key}`).toEqual(want.keyed.get(key) ?? [])
      rules = next
    }
    // Splices on splices until they are too deep, then keyed afresh.
    expect(chainIndexCounters.spliced - spliced).toBeGreaterThan(200)
    expect(chainIndexCounters.full).toBeGreaterThan(1)
  })

  it('has the positions of a chain keyed afresh with several nodes\' chains as bases (the first good enough taken)', () => {
    const r = rng(23)
    let n = 0
    let common = Array.from({ length: 900 }, () => rule(r, n++))
    const name = `nat KUBE-SERVICES nodes-${Math.random()}`
    // Each node's chain: the cluster-wide rules, then a few of its own (traffic policy Local).
    const own = Array.from({ length: 6 }, () => Array.from({ length: Math.floor(r() * 5) }, () => rule(r, n++)))
    let checked = 0
    const spliced = chainIndexCounters.spliced
    for (let model = 0; model < 60; model++) {
      if (model > 0) {
        common = common.slice()
        const at = Math.floor(r() * (common.length + 1))
        common.splice(at, Math.floor(r() * 3), ...Array.from({ length: Math.floor(r() * 3) }, () => rule(r, n++)))
      }
      // A trace asks a few nodes' chains of the new model, in any order.
      for (let k = 0; k < 3; k++) {
        const node = Math.floor(r() * own.length)
        const chain = [...common, ...own[node]!]
        const ix = existingIndex(chain, name) ?? chainIndex(chain, name)
        const want = expected(chain)
        expect([...ix.others], `model ${model} node ${node}`).toEqual(want.others)
        for (const key of KEYS) expect([...ix.keyed(key)], `model ${model} node ${node} ${key}`).toEqual(want.keyed.get(key) ?? [])
        checked++
      }
    }
    expect(checked).toBe(180)
    expect(chainIndexCounters.spliced - spliced).toBeGreaterThan(100)
  })

  it('walks a what-if\'s chain as a chain scanned rule by rule', () => {
    const r = rng(5)
    let n = 0
    const rules = Array.from({ length: 400 }, () => rule(r, n++))
    rules.push({ chain: 'KUBE-SERVICES', matches: [{ module: 'addrtype', dstType: { value: 'LOCAL', negate: false } }], target: { kind: 'jump', chain: 'KUBE-NODEPORTS' } })
    const ruleset = (list: Rule[]): Ruleset => new Map([['nat', { name: 'nat', chains: new Map([
      ['PREROUTING', { name: 'PREROUTING', policy: 'ACCEPT', rules: [{ chain: 'PREROUTING', matches: [], target: { kind: 'jump', chain: 'KUBE-SERVICES' } }] }],
      ['KUBE-SERVICES', { name: 'KUBE-SERVICES', policy: null, rules: list }],
      ['MARK-IT', { name: 'MARK-IT', policy: null, rules: [{ chain: 'MARK-IT', matches: [], target: { kind: 'MARK', value: 0x4000, mask: 0x4000 } }] }],
      ['KUBE-NODEPORTS', { name: 'KUBE-NODEPORTS', policy: null, rules: [] }],
    ]) }]])
    const ctx: NfContext = { isLocal: (ip) => ip === 0x0a000001, statistic: () => true }
    const packet = (): NfPacket => ({ src: 0x0af40101, dst: r() < 0.1 ? 0x0a000001 : base + Math.floor(r() * 64), proto: 'tcp', sport: 40000, dport: [80, 443, 53, 8080][Math.floor(r() * 4)]!, mark: 0, ctstate: ['NEW'] })
    const view = (x: ReturnType<typeof traverse>) => ({ verdict: x.verdict, walked: x.walked, matched: x.matched.map((m) => `${m.chain}:${m.index}`), dst: x.packet.dst, mark: x.packet.mark })
    // The first chain asked often enough to get its full index.
    const first = ruleset(rules)
    for (let i = 0; i < 12; i++) traverse(first, 'nat', 'PREROUTING', packet(), ctx)
    let cur = rules
    const spliced = chainIndexCounters.spliced
    for (let step = 0; step < 40; step++) {
      const next = cur.slice()
      next.splice(Math.floor(r() * (next.length - 1)), 2, rule(r, n++), rule(r, n++), rule(r, n++))
      const edited = ruleset(next)
      for (let k = 0; k < 20; k++) {
        const p = packet()
        // The walk the kernel does: every rule in order (a chain of the same rules, one per lookup, never indexed).
        // (Under another table's name, so its own indexes are not the edited chain's base.)
        const scanned = traverse(new Map([['raw', { name: 'raw', chains: new Map([...edited.get('nat')!.chains].map(([c, ch]) => [c, { ...ch, rules: c === 'KUBE-SERVICES' ? next.map((x) => ({ ...x })) : ch.rules }])) }]]), 'raw', 'PREROUTING', p, ctx)
        const walked = traverse(edited, 'nat', 'PREROUTING', p, ctx)
        expect(view(walked), `step ${step}`).toEqual(view(scanned))
        // And against a plain loop over every rule with the rule matcher alone (no key, no index).
        const plain = next.findIndex((x, i) => ruleMatches(x, p, ctx, 'KUBE-SERVICES', next, i))
        expect(walked.matched.find((m) => m.chain === 'KUBE-SERVICES')?.index ?? -1, `step ${step}`).toBe(plain)
      }
      cur = next
    }
    expect(chainIndexCounters.spliced - spliced).toBeGreaterThan(10)
  })
})
