/** The pod lookups a trace makes answer the same before and after their full index is built. */
import { describe, expect, it } from 'vitest'
import { LazyIndex, podKeyIndex } from '../../../src/engine/net/lazyIndex.js'

describe('LazyIndex', () => {
  const pods = [
    { namespace: 'default', name: 'web-1', n: 1 },
    { namespace: 'kube-system', name: 'web-1', n: 2 },
    { namespace: 'default', name: 'web-2', n: 3 },
    // A repeated name: the index (a Map built in order) keeps the last; the scan must too.
    { namespace: 'default', name: 'web-1', n: 4 },
  ]
  const keys = ['default/web-1', 'kube-system/web-1', 'default/web-2', 'default/none', 'default', '/web-1']

  it('answers by scanning for the first keys and by the index after, the same way', () => {
    const scanned = podKeyIndex(pods)
    const indexed = new LazyIndex(() => new Map(pods.map((p) => [`${p.namespace}/${p.name}`, p])), () => { throw new Error('no scan') }, 0)
    for (const k of keys) expect(scanned.get(k)).toBe(indexed.get(k))
    expect(scanned.get('default/web-1')!.n).toBe(4)
  })

  it('builds the index once more keys than its limit were asked, and scans no more', () => {
    let scans = 0
    let builds = 0
    const ix = new LazyIndex(() => { builds++; return new Map([[1, 'a'], [2, 'b'], [3, 'c']]) }, (k: number) => { scans++; return k === 1 ? 'a' : k === 2 ? 'b' : k === 3 ? 'c' : undefined }, 2)
    expect([ix.get(1), ix.get(1), ix.get(2)]).toEqual(['a', 'a', 'b'])
    expect([scans, builds]).toEqual([2, 0])
    expect([ix.get(3), ix.get(4), ix.get(1)]).toEqual(['c', undefined, 'a'])
    expect([scans, builds]).toEqual([2, 1])
  })
})
