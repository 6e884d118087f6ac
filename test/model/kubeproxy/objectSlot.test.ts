/**
 * A private slot (objectSlot.ts) holds what a WeakMap keyed by the object would: per object and
 * per slot, not carried by copies, not seen by JSON or deep equality, and kept in a WeakMap for
 * an object that cannot take a field.
 */
import { describe, expect, it } from 'vitest'
import { objectSlot } from '../../../src/model/kubeproxy/objectSlot.js'

describe('objectSlot', () => {
  it('keeps a value per object and per slot, and no copy of the object carries it', () => {
    const a = objectSlot<string>()
    const b = objectSlot<number>()
    const o = { name: 'x' }
    expect(a.get(o)).toBeUndefined()
    a.set(o, 'one')
    b.set(o, 1)
    expect(a.get(o)).toBe('one')
    expect(b.get(o)).toBe(1)
    a.set(o, 'two')
    expect(a.get(o)).toBe('two')
    const copy = { ...o }
    expect(a.get(copy)).toBeUndefined()
    expect(structuredClone(o)).toEqual({ name: 'x' })
    expect(JSON.stringify(o)).toBe('{"name":"x"}')
    expect(o).toEqual({ name: 'x' })
    expect(Object.keys(o)).toEqual(['name'])
    expect(Object.getOwnPropertySymbols(o)).toEqual([])
  })

  it('works for arrays and for frozen objects (those through a WeakMap)', () => {
    const s = objectSlot<string>()
    const list = [1, 2, 3]
    s.set(list, 'list')
    expect(s.get(list)).toBe('list')
    expect(list.map((x) => x * 2)).toEqual([2, 4, 6])
    expect([...list]).toEqual([1, 2, 3])
    const frozen = Object.freeze({ n: 1 })
    s.set(frozen, 'frozen')
    expect(s.get(frozen)).toBe('frozen')
    s.set(frozen, 'again')
    expect(s.get(frozen)).toBe('again')
  })
})
