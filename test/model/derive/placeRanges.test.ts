import { describe, expect, it } from 'vitest'
import { noteUsed, rangesByPrefix, type UsedRange } from '../../../src/model/derive/placeAgain.js'
import { cidrContains, maskOf } from '../../../src/model/addr/ipv4.js'
import { seeded } from '../../../src/engine/trace/trace.js'

/** noteUsed's answer the slow way: each range tested. */
function noteUsedByScan(ranges: readonly UsedRange[], ip: number): void {
  for (const r of ranges) if (cidrContains(r.cidr, ip)) r.used.add(ip)
}

describe('host-local\'s used addresses per node range: looked up by prefix and base', () => {
  it('adds each address to exactly the ranges a test of every range adds it to', () => {
    const rand = seeded(29)
    let added = 0
    for (let round = 0; round < 200; round++) {
      // Ranges of a few prefix lengths, overlapping ones, a duplicate and a base with host bits set
      // (which cidrContains never matches).
      const lengths = [24, 24, 24, 16, 25, 32, 0].slice(0, 1 + Math.floor(rand() * 7))
      const specs: { base: number; prefixLength: number }[] = []
      for (let i = 0; i < 1 + Math.floor(rand() * 12); i++) {
        const prefixLength = lengths[Math.floor(rand() * lengths.length)]!
        const net = (0x0af40000 + Math.floor(rand() * 8) * 256) >>> 0
        const base = rand() < 0.1 ? net + 7 : (net & maskOf(prefixLength)) >>> 0
        specs.push({ base, prefixLength })
        if (rand() < 0.1) specs.push({ base, prefixLength })
      }
      const fresh = (): UsedRange[] => specs.map((cidr) => ({ cidr, used: new Set<number>() }))
      const slow = fresh()
      const fast = fresh()
      const lookup = rangesByPrefix(fast)
      for (let k = 0; k < 300; k++) {
        const ip = (0x0af40000 + Math.floor(rand() * 12 * 256)) >>> 0
        noteUsedByScan(slow, ip)
        noteUsed(lookup, ip)
      }
      expect(fast.map((r) => [...r.used].sort()), `round ${round}`).toEqual(slow.map((r) => [...r.used].sort()))
      added += slow.reduce((a, r) => a + r.used.size, 0)
    }
    expect(added).toBeGreaterThan(10_000)
  })
})
