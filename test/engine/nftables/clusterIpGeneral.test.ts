/**
 * Upstream's TestClusterIPGeneral flows through the engine's nftables evaluator, with the
 * vector's tracer conventions: pre-DNAT filter prerouting, nat prerouting (every endpoint a
 * numgen vmap can pick is visited, so the output lists all candidates), then filter forward and
 * filter input on the DNATed packet; `masq` is whether mark-for-masquerade was jumped to.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseIpv4 } from '../../../src/model/addr/ipv4.js'
import { syncNftables } from '../../../src/model/kubeproxy-nft/syncNftables.js'
import type { NftTable } from '../../../src/model/nftables/types.js'
import { evaluateBaseChain, type NftContext, type NftResult } from '../../../src/engine/nftables/evaluate.js'
import type { NfPacket } from '../../../src/engine/netfilter/evaluate.js'
import { nftInputFromVector, type NftVector, vectorServiceCIDRs } from '../../support/nftVector.js'

const vector = JSON.parse(readFileSync(new URL('../../fixtures/conformance/kube-proxy-nftables/cluster-ip-general.json', import.meta.url), 'utf8')) as NftVector

function ctx(v: NftVector, pick: number, seen: { n: number }): NftContext {
  const local = new Set(v.nodeIPs.filter((a) => !a.includes(':')).map(parseIpv4))
  return {
    isLocal: (ip) => local.has(ip),
    numgen: (_c, targets) => { seen.n = targets.length; return Math.min(pick, targets.length - 1) },
    dynamicHas: () => false,
    dynamicAdd: () => {},
  }
}

const masqueraded = (r: NftResult): boolean =>
  r.matched.some((m) => m.rule.action.kind === 'verdict' && m.rule.action.verdict.kind === 'jump' && m.rule.action.verdict.chain === 'mark-for-masquerade')

function trace(t: NftTable, v: NftVector, flow: NonNullable<NftVector['flows']>[number]): { output: string; masq: boolean } {
  const packet: NfPacket = { src: parseIpv4(flow.sourceIP), dst: parseIpv4(flow.destIP), proto: flow.protocol as 'tcp', sport: 40000, dport: flow.destPort, mark: 0, ctstate: ['NEW'] }
  const chain = (name: string) => t.chains.get(name)!
  const pre = evaluateBaseChain(t, chain('filter-prerouting-pre-dnat'), packet, ctx(v, 0, { n: 0 }))
  if (pre.verdict !== 'ACCEPT') return { output: pre.verdict, masq: false }
  const outputs: string[] = []
  let masq = false
  let first: NftResult | null = null
  const seen = { n: 1 }
  for (let i = 0; i < seen.n; i++) {
    const r = evaluateBaseChain(t, chain('nat-prerouting'), packet, ctx(v, i, seen))
    first ??= r
    masq ||= masqueraded(r)
    if (r.dnat) outputs.push(`${[24, 16, 8, 0].map((s) => (r.dnat!.ip >>> s) & 255).join('.')}:${r.dnat.port}`)
  }
  const after = first!.packet
  for (const name of ['filter-forward', 'filter-input']) {
    const r = evaluateBaseChain(t, chain(name), after, ctx(v, 0, { n: 0 }))
    if (r.verdict !== 'ACCEPT') return { output: r.verdict, masq }
  }
  return { output: outputs.join(', '), masq: outputs.length ? masq : false }
}

describe('cluster-ip-general flows through the nftables evaluator', () => {
  const table = syncNftables(nftInputFromVector(vector), { serviceCIDRs: vectorServiceCIDRs(vector) })
  it('has flows to check', () => expect(vector.flows!.length).toBeGreaterThanOrEqual(10))
  it.each(vector.flows!.map((f, i) => [`${i + 1} ${f.name} (${f.protocol})`, f] as const))('%s', (_n, flow) => {
    const got = trace(table, vector, flow)
    expect(got.output).toBe(flow.expected_output)
    expect(got.masq).toBe(flow.expected_masq)
  })
})
