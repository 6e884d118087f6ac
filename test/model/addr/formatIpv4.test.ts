/** formatIpv4 writes the dotted quad from character codes: every octet value and length of result. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatIpv4, parseIpv4 } from '../../../src/model/addr/ipv4.js'

const plain = (v: number): string => [24, 16, 8, 0].map((s) => (v >>> s) & 255).join('.')

describe('formatIpv4', () => {
  it('prints every octet value in every position', () => {
    for (let o = 0; o < 256; o++) {
      for (const v of [o << 24, o << 16, o << 8, o, ((o << 24) | (o << 16) | (o << 8) | o) >>> 0]) expect(formatIpv4(v >>> 0)).toBe(plain(v >>> 0))
    }
    expect(formatIpv4(0)).toBe('0.0.0.0')
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255')
  })

  it('is the dotted quad of any 32-bit value, and parses back', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
      expect(formatIpv4(v)).toBe(plain(v))
      expect(parseIpv4(formatIpv4(v))).toBe(v)
    }), { numRuns: 2000 })
  })
})
