/** A layered index answers as the map it stands for, through many layers and their flattening. */
import { describe, expect, it } from 'vitest'
import { seeded } from '../../src/engine/trace/trace.js'
import { LayeredIndex } from '../../src/model/layeredIndex.js'

describe('LayeredIndex', () => {
  it('equals a map changed the same way over 30 random layers', () => {
    const r = seeded(9)
    const names = Array.from({ length: 60 }, (_, i) => `KUBE-SEP-${i}`)
    const map = new Map(names.slice(0, 30).map((n, i) => [n, i]))
    let index = LayeredIndex.of(new Map(map))
    for (let layer = 0; layer < 30; layer++) {
      const present = [...map]
      // Removals name their value (a removal naming another value leaves the name alone).
      const removals = present.filter(() => r() < 0.2).map(([n, v]) => [n, r() < 0.9 ? v : -1] as const)
      for (const [n, v] of removals) if (map.get(n) === v) map.delete(n)
      const additions = names.filter((n) => !map.has(n) && r() < 0.1).map((n) => [n, 100 + layer] as const)
      for (const [n, v] of additions) map.set(n, v)
      index = index.next(removals, additions)!
      expect(index).not.toBeNull()
      for (const n of names) expect(index.get(n)).toBe(map.get(n))
      expect(index.size).toBe(map.size)
      expect(new Map(index)).toEqual(map)
    }
  })

  it('leaves the index below unchanged', () => {
    const base = LayeredIndex.of(new Map([['default/a', 1], ['default/b', 2]]))
    const top = base.next([['default/a', 1]], [['default/c', 3]])!
    expect([...base].map(([k]) => k)).toEqual(['default/a', 'default/b'])
    expect([...top].map(([k]) => k).sort()).toEqual(['default/b', 'default/c'])
    expect(base.size).toBe(2)
    expect(top.size).toBe(2)
  })

  it('refuses an addition of a name it still holds', () => {
    const index = LayeredIndex.of(new Map([['A', 1]]))
    expect(index.next([], [['A', 2]])).toBeNull()
    expect(index.next([['A', 1]], [['A', 2]])!.get('A')).toBe(2)
    expect(index.next([], [['B', 2], ['B', 3]])).toBeNull()
  })

  it('merges deep layers of few changes into one over the same base map, and still answers as the map', () => {
    const r = seeded(4)
    const names = Array.from({ length: 2000 }, (_, i) => `KUBE-SVC-${i}`)
    const map = new Map(names.slice(0, 1500).map((n, i) => [n, i]))
    const base = new Map(map)
    let index = LayeredIndex.of(base, 3)
    // A few names come and go again and again (a Service edited back and forth).
    const churn = names.slice(1490, 1510)
    for (let layer = 0; layer < 60; layer++) {
      const removals = churn.filter((n) => map.has(n) && r() < 0.5).map((n) => [n, map.get(n)!] as const)
      for (const [n] of removals) map.delete(n)
      const additions = churn.filter((n) => !map.has(n) && !removals.some(([m]) => m === n) && r() < 0.5).map((n) => [n, 5000 + layer] as const)
      for (const [n, v] of additions) map.set(n, v)
      index = index.next(removals, additions)!
      for (const n of [...churn, names[0]!, names[1999]!]) expect(index.get(n), `${n} after layer ${layer}`).toBe(map.get(n))
      expect(index.size).toBe(map.size)
    }
    expect(new Map(index)).toEqual(map)
    // The base map was never copied: the changes stayed few, so every compaction kept it.
    let below: unknown = index
    while (below instanceof LayeredIndex) below = (below as unknown as { below: unknown }).below
    expect(below).toBe(base)
  })
})
