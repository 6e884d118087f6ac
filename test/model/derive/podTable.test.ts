/** PodTable (src/model/derive/memo.ts) behaves as a Map through layers, tombstones and flattening. */
import { describe, expect, it } from 'vitest'
import { PodTable } from '../../../src/model/derive/memo.js'
import type { ModelPod } from '../../../src/model/model.js'
import { seeded } from '../../../src/engine/trace/trace.js'

const pod = (name: string, v: number): ModelPod => ({ namespace: 'default', name, ip: v } as unknown as ModelPod)

describe('PodTable', () => {
  it('answers as a Map would after random sets and deletes over many layers', () => {
    const r = seeded(42)
    let table = PodTable.empty()
    const model = new Map<string, ModelPod>()
    for (let layer = 0; layer < PodTable.LAYERS * 3; layer++) {
      table = table.layer()
      for (let i = 0; i < 30; i++) {
        const k = `default/p${Math.floor(r() * 40)}`
        if (r() < 0.3) {
          table.delete(k)
          model.delete(k)
        } else {
          const p = pod(k.slice(8), layer * 100 + i)
          table.set(k, p)
          model.set(k, p)
        }
      }
      expect(table.size).toBe(model.size)
      for (let i = 0; i < 40; i++) expect(table.get(`default/p${i}`)).toBe(model.get(`default/p${i}`))
      expect(new Map(table)).toEqual(model)
      expect(table.depth).toBeLessThanOrEqual(PodTable.LAYERS)
    }
  })
  it('leaves the layers below unchanged', () => {
    const base = PodTable.of([pod('a', 1), pod('b', 2)])
    const top = base.layer()
    top.delete('default/a')
    top.set('default/c', pod('c', 3))
    expect([...base].map(([k]) => k)).toEqual(['default/a', 'default/b'])
    expect([...top].map(([k]) => k).sort()).toEqual(['default/b', 'default/c'])
    expect(base.size).toBe(2)
    expect(top.size).toBe(2)
  })
})
