import { createHash, createHash as nodeHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hashHex } from '../../../src/model/hash/digest.js'
import { sha256 } from '../../../src/model/hash/sha256.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(hex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(hex(sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  it('agrees with node:crypto on any text, including multi-block and non-ASCII input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        expect(hex(sha256(s))).toBe(createHash('sha256').update(s, 'utf8').digest('hex'))
      }),
      { numRuns: 500 },
    )
    const long = 'kube-system/kube-dns:dns-tcp'.repeat(500)
    expect(hex(sha256(long))).toBe(nodeHash('sha256').update(long).digest('hex'))
  })

  it('returns a fresh array each call (callers may keep it)', () => {
    const a = sha256('a')
    sha256('b')
    expect(hex(a)).toBe(createHash('sha256').update('a').digest('hex'))
    expect(hashHex('a', 8)).toBe(hex(a).slice(0, 8))
  })
})

describe('hashHex', () => {
  it('is the first hex digits of SHA-256, for any input and length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 0, max: 70 }), (s, n) => {
        expect(hashHex(s, n)).toBe(createHash('sha256').update(s, 'utf8').digest('hex').slice(0, n))
      }),
    )
  })
})

describe('kubeProxyHash', () => {
  it('is the first 16 base32 characters of SHA-256, for any input', async () => {
    const { base32, kubeProxyHash } = await import('../../../src/model/hash/digest.js')
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        expect(kubeProxyHash(s)).toBe(base32(new Uint8Array(createHash('sha256').update(s, 'utf8').digest())).slice(0, 16))
      }),
      { numRuns: 300 },
    )
    expect(kubeProxyHash('kube-system/kube-dns:dnsudp')).toBe('TCOU7JCQXEZGVUNU')
  })

  it('agrees with node:crypto on both sides of the one-block ASCII path (55 / 56 bytes) and with non-ASCII in it', () => {
    for (let n = 0; n <= 130; n++) {
      for (const odd of ['', 'é', '\u{1F600}', '\u007f']) {
        const s = ('kube-system/kube-dns:dns-tcp/10.244.1.5:53' + odd).repeat(4).slice(0, n)
        expect(hex(sha256(s))).toBe(createHash('sha256').update(s, 'utf8').digest('hex'))
      }
    }
  })

  it('makes chain names as prefix + hash, flat, for every kube-proxy prefix', async () => {
    const { hashedName, kubeProxyChainName, kubeProxyHash, kubeProxyHashWords } = await import('../../../src/model/hash/digest.js')
    for (const prefix of ['', 'KUBE-FW-', 'KUBE-SVC-', 'KUBE-SEP-', 'KUBE-SVL-', 'KUBE-EXT-', 'OTHER-PREFIX-']) {
      for (const input of ['kube-system/kube-dns:dnsudp', 'ns/svc:httptcp10.244.0.5:8080', 'é'.repeat(40)]) {
        expect(kubeProxyChainName(prefix, input)).toBe(prefix + kubeProxyHash(input))
        expect(hashedName(prefix, kubeProxyHashWords(input))).toBe(prefix + kubeProxyHash(input))
      }
    }
  })

  it('hashes an input given as pieces like the joined input (chain names without the joined string)', async () => {
    const { kubeProxyChainName, kubeProxyChainNameOf } = await import('../../../src/model/hash/digest.js')
    const { serviceChains } = await import('../../../src/model/kubeproxy/chainNames.js')
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', '/', ':', '.', '9', 'é', '\u{1F600}'), maxLength: 30 }), { minLength: 5, maxLength: 5 }), ([a, b, c, d, e]) => {
        expect(kubeProxyChainNameOf('KUBE-SEP-', a!, b!, c!, d!, e!)).toBe(kubeProxyChainName('KUBE-SEP-', a! + b! + c! + d! + e!))
        const chains = serviceChains(a!, 'TCP')
        for (const [prefix, name] of [['KUBE-SVC-', chains.svc], ['KUBE-SVL-', chains.svl], ['KUBE-EXT-', chains.ext], ['KUBE-FW-', chains.fw]]) {
          expect(name).toBe(kubeProxyChainName(prefix!, a! + 'tcp'))
        }
      }),
      { numRuns: 400 },
    )
    // Both sides of the one-block path (55 / 56 bytes in all).
    for (let n = 0; n <= 70; n++) {
      const s = 'ns/svc:httptcp10.244.0.5:8080'.repeat(3).slice(0, n)
      expect(kubeProxyChainNameOf('', s.slice(0, n >> 1), s.slice(n >> 1))).toBe(kubeProxyChainName('', s))
    }
  })
})
