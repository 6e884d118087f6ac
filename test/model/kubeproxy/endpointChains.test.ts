/**
 * A port's KUBE-SEP names are hashed with the port's name and protocol read into the hash once
 * (endpointChains, sha256WordsAfterPrefix): the same names as hashing each endpoint's whole
 * input, on both sides of the one-block limit, with non-ASCII names and odd port numbers.
 */
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { base32 } from '../../../src/model/hash/digest.js'
import { endpointChain, endpointChains } from '../../../src/model/kubeproxy/chainNames.js'
import type { Protocol } from '../../../src/model/kubeproxy/types.js'

/** servicePortEndpointChainName from its definition: "KUBE-SEP-" + base32(sha256(spn + protocol + endpoint))[:16]. */
const reference = (spn: string, protocol: Protocol, ip: string, port: number): string =>
  'KUBE-SEP-' + base32(new Uint8Array(createHash('sha256').update(spn + protocol.toLowerCase() + `${ip}:${port}`, 'utf8').digest())).slice(0, 16)

const protocol = fc.constantFrom<Protocol>('TCP', 'UDP', 'SCTP')
const ip = fc.oneof(fc.ipV4(), fc.string({ maxLength: 30 }))
const port = fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constantFrom(0, 9, 10, 99, 100, 999, 1000, 9999, 10000, 65535, 70000, -1, 1.5))

describe('endpointChains', () => {
  it('names each endpoint as endpointChain does and as its definition says', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), protocol, fc.array(fc.record({ ip, port }), { maxLength: 6 }), (spn, p, list) => {
      const names = endpointChains(spn, p, list)
      expect(names).toEqual(list.map((e) => endpointChain(spn, p, e.ip, e.port)))
      expect(names).toEqual(list.map((e) => reference(spn, p, e.ip, e.port)))
    }), { numRuns: 500 })
  })

  it('agrees at every input length around the one-block limit (55 bytes), ASCII and not', () => {
    for (let n = 0; n <= 50; n++) {
      for (const odd of ['', 'é']) {
        const spn = ('ns/svc-name:http' + odd).repeat(4).slice(0, n)
        for (const [ipText, portNumber] of [['10.244.1.5', 8080], ['192.168.100.200', 65535], ['1.2.3.4', 7]] as const) {
          expect(endpointChains(spn, 'TCP', [{ ip: ipText, port: portNumber }])).toEqual([reference(spn, 'TCP', ipText, portNumber)])
        }
      }
    }
  })
})
