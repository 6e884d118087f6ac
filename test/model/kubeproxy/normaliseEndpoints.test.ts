/**
 * Endpoint lists as kube-proxy's endpoint slice cache leaves them: leading zeros normalised,
 * one entry per IP:port (a non-terminating copy wins), sorted byte-wise. A list already in
 * that form takes a fast path; both paths must agree with the definition on any list.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normaliseEndpoints } from '../../../src/model/kubeproxy/endpoints.js'
import type { ProxyEndpoint } from '../../../src/model/kubeproxy/types.js'

/** The definition, written plainly. */
function reference(eps: readonly ProxyEndpoint[]): ProxyEndpoint[] {
  const fixed = eps.map((e) => ({ ...e, ip: e.ip.split('.').map((o) => String(Number(o))).join('.') }))
  const kept: ProxyEndpoint[] = []
  for (const e of fixed) {
    const i = kept.findIndex((k) => k.ip === e.ip && k.port === e.port)
    if (i < 0) kept.push(e)
    else if (kept[i]!.terminating && !e.terminating) kept[i] = e
  }
  const key = (e: ProxyEndpoint): string => `${e.ip}:${e.port}`
  return kept.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

const endpoint = fc.record({
  // The last octets make addresses that are prefixes of each other ("….4" and "….40"), which
  // the fast path orders by the ':' that follows each.
  ip: fc.tuple(fc.constantFrom('10', '010'), fc.constantFrom('1', '2', '02'), fc.constantFrom('3', '30', '003'), fc.constantFrom('4', '40', '41', '5')).map((p) => p.join('.')),
  port: fc.constantFrom(80, 8080, 9),
  nodeName: fc.constant('n1'),
  ready: fc.boolean(),
  serving: fc.boolean(),
  terminating: fc.boolean(),
})

describe('normaliseEndpoints', () => {
  it('agrees with the definition on any list (fast path or not)', () => {
    fc.assert(fc.property(fc.array(endpoint, { maxLength: 8 }), (eps) => {
      const got = normaliseEndpoints(eps).map((e) => ({ ...e }))
      expect(got).toEqual(reference(eps))
    }), { numRuns: 500 })
  })

  it('keeps a sorted list of addresses that are prefixes of each other as it is', () => {
    const ep = (ip: string, port: number): ProxyEndpoint => ({ ip, port, nodeName: 'n1', ready: true, serving: true, terminating: false })
    // Byte order of "IP:port": "10.0.0.10:80" < "10.0.0.1:80" < "10.0.0.1:9" < "10.0.0.2:80".
    const sorted = [ep('10.0.0.10', 80), ep('10.0.0.1', 80), ep('10.0.0.1', 9), ep('10.0.0.2', 80)]
    expect(normaliseEndpoints(sorted)).toEqual(sorted)
    expect(normaliseEndpoints([sorted[1]!, sorted[0]!])).toEqual([sorted[0], sorted[1]])
  })

  it('returns an already normal list as it is (read only: a first node normalises 10,000 lists)', () => {
    const eps: ProxyEndpoint[] = [
      { ip: '10.1.0.10', port: 80, nodeName: 'n1', ready: true, serving: true, terminating: false },
      { ip: '10.1.0.2', port: 80, nodeName: 'n2', ready: true, serving: true, terminating: false },
    ]
    const out = normaliseEndpoints(eps)
    expect(out).toBe(eps)
  })
})
