/** The nftables evaluator on small hand-built tables: the kernel's jump/goto/return rules and statements. */
import { describe, expect, it } from 'vitest'
import { parseIpv4 } from '../../../src/model/addr/ipv4.js'
import { evaluateBaseChain, type NftContext } from '../../../src/engine/nftables/evaluate.js'
import type { NfPacket } from '../../../src/engine/netfilter/evaluate.js'
import type { NftChain, NftRule, NftSet, NftTable } from '../../../src/model/nftables/types.js'

const jump = (chain: string): NftRule => ({ matches: [], action: { kind: 'verdict', verdict: { kind: 'jump', chain } } })
const goto = (chain: string): NftRule => ({ matches: [], action: { kind: 'verdict', verdict: { kind: 'goto', chain } } })
const markOr = (mark: number): NftRule => ({ matches: [], action: { kind: 'mark-or', mark } })

function table(chains: NftChain[], sets: NftSet[] = []): NftTable {
  return { family: 'ip', name: 't', sets: new Map(sets.map((s) => [s.name, s])), chains: new Map(chains.map((c) => [c.name, c])) }
}
const base = (name: string, rules: NftRule[]): NftChain => ({ name, hook: { type: 'filter', hook: 'forward', priority: 0 }, rules })
const ctx: NftContext = { isLocal: (ip) => ip === parseIpv4('192.168.0.2'), numgen: () => 0, dynamicHas: () => false, dynamicAdd: () => {} }
const pkt = (over: Partial<NfPacket> = {}): NfPacket => ({ src: parseIpv4('10.0.0.5'), dst: parseIpv4('172.30.0.1'), proto: 'tcp', sport: 1000, dport: 80, mark: 0, ctstate: ['NEW'], ...over })

describe('nftables evaluator', () => {
  it('jump returns to the next rule; goto does not return to the chain that went', () => {
    const t = table([
      base('b', [jump('a'), markOr(0x1)]),
      { name: 'a', rules: [goto('c'), markOr(0x100)] },
      { name: 'c', rules: [markOr(0x10)] },
    ])
    const r = evaluateBaseChain(t, t.chains.get('b')!, pkt(), ctx)
    // c runs, falls off its end and returns to b (the caller of a), skipping a's second rule.
    expect(r.packet.mark).toBe(0x11)
    expect(r.verdict).toBe('ACCEPT')
    expect(r.walked).toBe(4)
  })

  it('the masquerading chain: a clear bit returns, a set bit is cleared and masqueraded', () => {
    const masq: NftChain = { name: 'masquerading', rules: [
      { matches: [{ kind: 'mark-clear', mark: 0x4000 }], action: { kind: 'verdict', verdict: { kind: 'return' } } },
      { matches: [], action: { kind: 'mark-xor', mark: 0x4000 } },
      { matches: [], action: { kind: 'masquerade', fullyRandom: true } },
    ] }
    const t = table([base('post', [jump('masquerading')]), masq])
    expect(evaluateBaseChain(t, t.chains.get('post')!, pkt(), ctx).masquerade).toBeNull()
    const r = evaluateBaseChain(t, t.chains.get('post')!, pkt({ mark: 0x4001 }), ctx)
    expect(r.masquerade).toEqual({ randomFully: true })
    expect(r.packet.mark).toBe(0x1)
  })

  it('a verdict-map miss goes on to the next rule; an ICMP packet has no port to look up', () => {
    const vmap: NftSet = { name: 'm', kind: 'map', keyType: ['ipv4_addr', 'inet_proto', 'inet_service'], elements: [
      { key: ['172.30.0.1', 'tcp', '80'], verdict: { kind: 'drop' } },
    ] }
    const t = table([base('b', [{ matches: [], action: { kind: 'vmap', key: 'daddr.l4proto.dport', map: 'm' } }, markOr(0x2)])], [vmap])
    const hit = evaluateBaseChain(t, t.chains.get('b')!, pkt(), ctx)
    expect(hit.verdict).toBe('DROP')
    expect(hit.matched[0]!.element).toEqual({ set: 'm', index: 0 })
    expect(evaluateBaseChain(t, t.chains.get('b')!, pkt({ dport: 81 }), ctx).packet.mark).toBe(0x2)
    const icmp = evaluateBaseChain(t, t.chains.get('b')!, pkt({ proto: 'icmp', dport: 0 }), ctx)
    expect(icmp.verdict).toBe('ACCEPT')
    expect(icmp.lookups).toBe(1)
  })

  it('fib saddr type local, ct state new, and an affinity set filled by update', () => {
    const seen = new Set<string>()
    const c: NftContext = { ...ctx, dynamicHas: (s, ip) => seen.has(`${s}|${ip}`), dynamicAdd: (s, ip) => void seen.add(`${s}|${ip}`) }
    const aff: NftSet = { name: 'aff', kind: 'set', keyType: ['ipv4_addr'], flags: ['dynamic', 'timeout'], timeout: 10800, elements: [] }
    const t = table([
      base('b', [
        { matches: [{ kind: 'ct-state', state: 'new' }, { kind: 'fib-local', field: 'saddr' }], action: { kind: 'mark-or', mark: 0x4 } },
        { matches: [{ kind: 'addr', field: 'saddr', negate: false, value: { kind: 'set', name: 'aff' } }], action: { kind: 'verdict', verdict: { kind: 'drop' } } },
        { matches: [], action: { kind: 'update-saddr', set: 'aff' } },
      ]),
    ], [aff])
    const b = t.chains.get('b')!
    expect(evaluateBaseChain(t, b, pkt({ src: parseIpv4('192.168.0.2') }), c).packet.mark).toBe(0x4)
    expect(evaluateBaseChain(t, b, pkt({ src: parseIpv4('192.168.0.2'), ctstate: ['ESTABLISHED'] }), c).packet.mark).toBe(0)
    // The first packet records its source; the next one from it matches the set.
    expect(evaluateBaseChain(t, b, pkt(), c).verdict).toBe('ACCEPT')
    expect(evaluateBaseChain(t, b, pkt(), c).verdict).toBe('DROP')
  })
})
