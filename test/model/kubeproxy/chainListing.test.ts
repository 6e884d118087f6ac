/**
 * A node's port chains are listed in the order iptables-save prints user chains (byte order of
 * the names) by sorting numbers made from the names (chainListing.ts): the same order as the
 * default sort of the names, ties in the first characters and all.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { portChainOrder } from '../../../src/model/kubeproxy/chainListing.js'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const PREFIXES = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-FW-', 'KUBE-SEP-']
const hash = fc.string({ unit: fc.constantFrom(...BASE32), minLength: 16, maxLength: 16 })
const portChain = fc.tuple(fc.constantFrom(...PREFIXES), hash).map(([p, h]) => p + h)

function sortedBy(names: readonly string[], order: Int32Array): string[] {
  return Array.from(order, (i) => names[i]!)
}

describe('portChainOrder', () => {
  it('orders port chain names as their default sort does', () => {
    fc.assert(fc.property(fc.uniqueArray(portChain, { maxLength: 300 }), (names) => {
      expect(sortedBy(names, portChainOrder(names)!)).toEqual(names.slice().sort())
    }), { numRuns: 300 })
  })

  it('orders names that agree in their first characters by the rest (the ties the numbers cannot tell apart)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(fc.constantFrom('KUBE-SEP-', 'KUBE-SVC-'), fc.constantFrom('AAAAAA', '2ZZZZZ', 'AAAAAB'), fc.string({ unit: fc.constantFrom(...BASE32), minLength: 10, maxLength: 10 })).map(([p, a, b]) => p + a + b), { maxLength: 80 }), (names) => {
      expect(sortedBy(names, portChainOrder(names)!)).toEqual(names.slice().sort())
    }), { numRuns: 200 })
  })

  it('gives up on a name that is not a port chain with base32 characters', () => {
    expect(portChainOrder(['KUBE-SVC-AAAAAAAAAAAAAAAA', 'KUBE-SERVICES'])).toBeNull()
    expect(portChainOrder(['KUBE-SVC-aaaaaaaaaaaaaaaa'])).toBeNull()
    expect(portChainOrder(['KUBE-SEP-AAAA1AAAAAAAAAAA'])).toBeNull()
    expect(portChainOrder([])).toEqual(new Int32Array(0))
  })
})
