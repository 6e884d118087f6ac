/**
 * A table whose middle chains are a block resolved on demand reads, iterates, sizes and changes
 * like the Map it stands for: the chains set before the block, the block's, then the later ones.
 */
import { describe, expect, it } from 'vitest'
import { ChainTable, type ChainBlock } from '../../../src/model/netfilter/chainTable.js'
import type { Chain } from '../../../src/model/netfilter/types.js'

const chain = (name: string): Chain => ({ name, policy: null, rules: [] })

function block(names: string[]): ChainBlock & { lookups: number; chains: () => Chain[] } {
  const chains = names.map(chain)
  const b = {
    lookups: 0,
    size: chains.length,
    get(name: string) { b.lookups++; return chains.find((c) => c.name === name) },
    forEach: (fn: (c: Chain) => void) => chains.forEach((c) => fn(c)),
    chains: () => chains,
  }
  return b
}

function tableAndMap(): { t: ChainTable; m: Map<string, Chain>; b: ReturnType<typeof block> } {
  const t = new ChainTable()
  const m = new Map<string, Chain>()
  for (const n of ['PREROUTING', 'KUBE-SERVICES']) { const c = chain(n); t.set(n, c); m.set(n, c) }
  const b = block(['KUBE-SVC-A', 'KUBE-SEP-B'])
  t.setBlock(b)
  for (const c of b.chains()) m.set(c.name, c)
  for (const n of ['CNI-HOSTPORT-DNAT']) { const c = chain(n); t.set(n, c); m.set(n, c) }
  return { t, m, b }
}

const same = (t: Map<string, Chain>, m: Map<string, Chain>): void => {
  expect([...t.keys()]).toEqual([...m.keys()])
  expect([...t.values()]).toEqual([...m.values()])
  expect([...t]).toEqual([...m])
  expect(t.size).toBe(m.size)
  const seen: string[] = []
  t.forEach((_c, k) => seen.push(k))
  expect(seen).toEqual([...m.keys()])
  if (t instanceof ChainTable) {
    const each: string[] = []
    t.eachChain((k, c) => { expect(c).toBe(m.get(k)); each.push(k) })
    expect(each).toEqual([...m.keys()])
  }
  for (const k of [...m.keys(), 'NOPE']) {
    expect(t.get(k)).toBe(m.get(k))
    expect(t.has(k)).toBe(m.has(k))
  }
}

describe('ChainTable', () => {
  it('reads a block\'s chains in place, as if they had been set there', () => {
    const { t, m, b } = tableAndMap()
    same(t, m)
    expect(b.lookups).toBeGreaterThan(0)
    expect(new Map(t)).toEqual(m)
  })

  it('keeps the order of a Map when a block chain is replaced, deleted, or a chain is added', () => {
    const { t, m } = tableAndMap()
    const c = chain('KUBE-SVC-A')
    t.set('KUBE-SVC-A', c); m.set('KUBE-SVC-A', c)
    same(t, m)
    t.delete('KUBE-SEP-B'); m.delete('KUBE-SEP-B')
    same(t, m)
    const d = chain('KUBE-NEW')
    t.set('KUBE-NEW', d); m.set('KUBE-NEW', d)
    same(t, m)
    t.delete('PREROUTING'); m.delete('PREROUTING')
    same(t, m)
  })

  it('clears the block with the rest', () => {
    const { t } = tableAndMap()
    t.clear()
    expect(t.size).toBe(0)
    expect(t.get('KUBE-SVC-A')).toBeUndefined()
  })
})
