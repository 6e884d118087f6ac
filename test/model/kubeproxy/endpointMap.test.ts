/**
 * The endpoints per service port carried across what-ifs as layers (endpointMap.ts) must hold
 * what copying the earlier map and changing it holds: every list, the size, the total count of
 * endpoints and the order a walk meets them in, over more layers than it keeps before flattening
 * and with walks made part way (a layer flattened while others sit on it).
 */
import { describe, expect, it } from 'vitest'
import { seeded } from '../../../src/engine/trace/trace.js'
import { EndpointMap } from '../../../src/model/kubeproxy/endpointMap.js'
import { countEndpoints } from '../../../src/model/kubeproxy/endpoints.js'
import type { ProxyEndpoint, ProxyInput } from '../../../src/model/kubeproxy/types.js'

const list = (n: number, tag: string): ProxyEndpoint[] =>
  Array.from({ length: n }, (_, i) => ({ ip: `10.0.${i}.1`, port: 80, nodeName: tag, ready: true, serving: true, terminating: false }))

describe('endpoints carried across what-ifs', () => {
  it('hold what a copied and changed map holds, over 70 layers (flattened twice)', () => {
    const rand = seeded(4)
    const plain = new Map<string, ProxyEndpoint[]>()
    for (let i = 0; i < 200; i++) plain.set(`k${i}`, list(i % 5, `a${i}`))
    let want: Map<string, readonly ProxyEndpoint[]> = plain
    let got = EndpointMap.of(plain)
    for (let step = 0; step < 70; step++) {
      const changes = new Map<string, ProxyEndpoint[] | undefined>()
      const next = new Map(want)
      for (let c = 0; c < 6; c++) {
        const key = `k${Math.floor(rand() * 240)}`
        const value = rand() < 0.3 ? undefined : list(Math.floor(rand() * 4), `s${step}`)
        changes.delete(key)
        changes.set(key, value)
      }
      for (const [key, value] of changes) {
        next.delete(key)
        if (value) next.set(key, value)
      }
      got = got.next(changes)
      want = next
      for (let i = 0; i < 240; i++) expect(got.get(`k${i}`), `step ${step} k${i}`).toBe(want.get(`k${i}`))
      expect(got.size).toBe(want.size)
      const input = { endpoints: got } as unknown as ProxyInput
      expect(countEndpoints(input)).toBe(countEndpoints({ endpoints: want } as unknown as ProxyInput))
      // A walk now and then: the layer keeps its flat map, the next ones sit on it.
      if (step % 4 === 1) expect([...got.keys()]).toEqual([...want.keys()])
    }
    expect([...got.entries()]).toEqual([...want.entries()])
  })
})
