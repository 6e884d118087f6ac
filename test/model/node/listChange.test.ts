/**
 * listChange (node/listChange.ts) tells which Services of a model are new and which of the
 * model before are gone by walking both lists side by side. Whatever it finds out of place it
 * may call both; what it calls kept must be the same objects in the same order in both lists.
 */
import { describe, expect, it } from 'vitest'
import { seeded } from '../../../src/engine/trace/trace.js'
import { listChange } from '../../../src/model/node/listChange.js'

describe('listChange', () => {
  it('keeps exactly the common objects in order, over random edits and moves', () => {
    const r = seeded(21)
    for (let round = 0; round < 200; round++) {
      const before = Array.from({ length: Math.floor(r() * 60) }, (_, i) => ({ i }))
      let after = before.filter(() => r() > 0.1)
      for (let k = Math.floor(r() * 4); k > 0; k--) after.splice(Math.floor(r() * (after.length + 1)), 0, { i: -1 })
      // Now and then an object moves far (beyond the look ahead).
      if (after.length > 2 && r() < 0.3) {
        const [moved] = after.splice(Math.floor(r() * after.length), 1)
        after = [...after, moved!]
      }
      const { added, dropped } = listChange(before, after)
      const addedSet = new Set(added)
      const droppedSet = new Set(dropped)
      const inBefore = new Set(before)
      const inAfter = new Set(after)
      for (const x of after) if (!inBefore.has(x)) expect(addedSet.has(x)).toBe(true)
      for (const x of before) if (!inAfter.has(x)) expect(droppedSet.has(x)).toBe(true)
      expect(after.filter((x) => !addedSet.has(x))).toEqual(before.filter((x) => !droppedSet.has(x)))
      for (const x of after.filter((y) => !addedSet.has(y))) expect(after.filter((y) => y === x)).toHaveLength(1)
    }
  })

  it('finds only what changed when one object is replaced', () => {
    const before = Array.from({ length: 100 }, (_, i) => ({ i }))
    const after = before.slice()
    after[40] = { i: 40 }
    expect(listChange(before, after)).toEqual({ added: [after[40]], dropped: [before[40]] })
    expect(listChange(before, before)).toEqual({ added: [], dropped: [] })
  })

  it('gives up once more than maxAdded objects were added, and answers as without a limit otherwise', () => {
    const before = Array.from({ length: 100 }, (_, i) => ({ i }))
    const fresh = before.map(({ i }) => ({ i }))
    expect(listChange(before, fresh, 10)).toBeNull()
    const after = before.slice()
    after[40] = { i: 40 }
    expect(listChange(before, after, 10)).toEqual(listChange(before, after))
  })
})
