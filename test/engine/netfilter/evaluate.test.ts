/**
 * A long chain is walked the same way whether firstMatch scans it (its first lookups, as a
 * what-if's new KUBE-SERVICES gets) or uses its index (later lookups): the same rule matches and
 * the same count of rules the kernel would have evaluated.
 */
import { describe, expect, it } from 'vitest'
import { traverse, type NfContext, type NfPacket } from '../../../src/engine/netfilter/evaluate.js'
import type { Rule, Ruleset } from '../../../src/model/netfilter/types.js'

/** A seeded generator, so a failure names the case that broke. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
}

const base = 0x0a600000 // 10.96.0.0

/** KUBE-SERVICES-like: a rule per service port (-d IP/32 -p tcp --dport N), a few rules without a key, then the node-port jump. */
function chain(r: () => number, n: number): Rule[] {
  const rules: Rule[] = []
  for (let i = 0; i < n; i++) {
    const ip = base + Math.floor(r() * n / 2)
    const dport = [80, 443, 53][Math.floor(r() * 3)]!
    if (r() < 0.1) {
      // Not indexable: a /24 destination or a source match.
      rules.push({ chain: 'KUBE-SERVICES', dst: { value: { base: ip & ~0xff, prefixLength: 24 }, negate: false }, proto: { value: 'tcp', negate: false }, matches: [{ module: 'tcp', dport: { value: dport, negate: false } }], target: { kind: 'jump', chain: 'MARK-IT' } })
      continue
    }
    rules.push({ chain: 'KUBE-SERVICES', dst: { value: { base: ip, prefixLength: 32 }, negate: false }, proto: { value: 'tcp', negate: false }, matches: [{ module: 'comment', comment: `svc ${i}` }, { module: 'tcp', dport: { value: dport, negate: false } }], target: { kind: 'DNAT', toAddress: 0x0af40000 + i, toPort: 8080 } })
  }
  rules.push({ chain: 'KUBE-SERVICES', matches: [{ module: 'addrtype', dstType: { value: 'LOCAL', negate: false } }], target: { kind: 'jump', chain: 'KUBE-NODEPORTS' } })
  return rules
}

function ruleset(rules: Rule[]): Ruleset {
  return new Map([['nat', { name: 'nat', chains: new Map([
    ['PREROUTING', { name: 'PREROUTING', policy: 'ACCEPT', rules: [{ chain: 'PREROUTING', matches: [], target: { kind: 'jump', chain: 'KUBE-SERVICES' } }] }],
    ['KUBE-SERVICES', { name: 'KUBE-SERVICES', policy: null, rules }],
    ['MARK-IT', { name: 'MARK-IT', policy: null, rules: [{ chain: 'MARK-IT', matches: [], target: { kind: 'MARK', value: 0x4000, mask: 0x4000 } }] }],
    ['KUBE-NODEPORTS', { name: 'KUBE-NODEPORTS', policy: null, rules: [] }],
  ]) }]])
}

const ctx: NfContext = { isLocal: (ip) => ip === 0x0a000001, statistic: () => true }

describe('a long chain scanned or indexed', () => {
  it('gives the same verdict, matched rules and walked count', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = rng(seed)
      const rules = chain(r, 400)
      const packets: NfPacket[] = Array.from({ length: 40 }, () => ({
        src: 0x0af40101, dst: r() < 0.1 ? 0x0a000001 : base + Math.floor(r() * 220), proto: 'tcp', sport: 40000, dport: [80, 443, 53, 8080][Math.floor(r() * 4)]!, mark: 0, ctstate: ['NEW'],
      }))
      // Each packet on a chain never asked before (scanned), then on one asked often (indexed).
      const indexed = ruleset(rules)
      for (let i = 0; i < 12; i++) traverse(indexed, 'nat', 'PREROUTING', packets[0]!, ctx)
      for (const p of packets) {
        const scanned = traverse(ruleset([...rules]), 'nat', 'PREROUTING', p, ctx)
        const viaIndex = traverse(indexed, 'nat', 'PREROUTING', p, ctx)
        const view = (x: typeof scanned) => ({ verdict: x.verdict, walked: x.walked, matched: x.matched.map((m) => `${m.chain}:${m.index}`), dst: x.packet.dst, mark: x.packet.mark })
        expect(view(scanned), `seed ${seed}`).toEqual(view(viaIndex))
      }
    }
  })
})
