/** The shared resolver vectors (search-order.json) plus the stop rules that differ between libraries. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { candidateNames, parseResolvConf, walkSearchList } from '../../../src/engine/dns/stubResolver.js'

interface ResolverCase {
  id: string
  resolver: 'glibc' | 'musl'
  resolv_conf: string
  name: string
  dots: number
  ndots: number
  queries_if_every_candidate_fails: string[]
  example_outcome?: { queries_sent: string[]; coredns_rcodes?: string[] }
}

const file = JSON.parse(readFileSync(new URL('../../fixtures/conformance/resolver/search-order.json', import.meta.url), 'utf8')) as { cases: ResolverCase[] }

describe('resolver search-order vectors', () => {
  it.each(file.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const conf = parseResolvConf(c.resolv_conf)
    expect(conf.ndots).toBe(c.ndots)
    expect(candidateNames(conf, c.name, c.resolver)).toEqual(c.queries_if_every_candidate_fails)
    if (c.example_outcome) {
      // The walk stops at the first candidate that answers.
      const answering = c.example_outcome.queries_sent.at(-1)
      const steps = walkSearchList(conf, c.name, (n) => (n === answering ? 'answer' : 'nxdomain'), c.resolver)
      expect(steps.map((s) => s.name)).toEqual(c.example_outcome.queries_sent)
    }
  })
})

describe('stop rules', () => {
  const conf = parseResolvConf('search ns.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n')
  it('glibc goes on after NODATA; musl stops there', () => {
    const ask = (n: string) => (n === 'web.ns.svc.cluster.local.' ? 'nodata' as const : 'nxdomain' as const)
    expect(walkSearchList(conf, 'web', ask, 'glibc').map((s) => s.name)).toHaveLength(4)
    expect(walkSearchList(conf, 'web', ask, 'musl')).toEqual([{ name: 'web.ns.svc.cluster.local.', outcome: 'nodata' }])
  })
  it('a timeout ends the glibc walk', () => {
    expect(walkSearchList(conf, 'web', () => 'timeout')).toEqual([{ name: 'web.ns.svc.cluster.local.', outcome: 'timeout' }])
  })
  it('musl ignores the search list once dots >= ndots', () => {
    expect(candidateNames(conf, 'a.b.c.d.e.f', 'musl')).toEqual(['a.b.c.d.e.f.'])
  })
  it('the last search line wins and ndots is capped at 15', () => {
    const c = parseResolvConf('search a\nsearch b c\noptions ndots:30\n')
    expect(c.search).toEqual(['b', 'c'])
    expect(c.ndots).toBe(15)
  })
})
