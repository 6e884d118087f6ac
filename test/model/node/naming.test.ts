import { describe, expect, it } from 'vitest'
import { bridgeMac, nodeEthMac, vtepMac } from '../../../src/model/node/naming.js'
import { macFromKey } from '../../../src/model/addr/mac.js'

describe('node MACs memoised by node name', () => {
  it('are the MACs of their keys, asked once or again, for each kind apart', () => {
    // Names that join to the same key across kinds if the kind were not kept apart.
    const names = ['node1', 'worker-0003', 'eth0:node1', 'bridge:node1', '', ...Array.from({ length: 300 }, (_, i) => `n${i}`)]
    for (let round = 0; round < 2; round++) {
      for (const n of names) {
        expect(nodeEthMac(n), n).toBe(macFromKey(`node-eth0:${n}`))
        expect(bridgeMac(n), n).toBe(macFromKey(`bridge:${n}`))
        expect(vtepMac(n), n).toBe(macFromKey(`vtep:${n}`))
      }
    }
    expect(new Set(names.map(nodeEthMac)).size).toBe(names.length)
  })
})
