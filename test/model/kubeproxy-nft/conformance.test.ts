/**
 * Upstream's TestOverallNFTablesRules reproduced: the proxier's table, dumped as knftables does,
 * equals the test's expectation after upstream's canonical sort; and listed as the kernel
 * lists it, equals what nftables 1.0.6 printed for the same input (the vector's observation).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { syncNftables } from '../../../src/model/kubeproxy-nft/syncNftables.js'
import { dumpTable, loadedOrder } from '../../../src/model/nftables/dump.js'
import { listTable } from '../../../src/model/nftables/listTable.js'
import { canonicalNftSort, nftInputFromVector, type NftVector, vectorServiceCIDRs } from '../../support/nftVector.js'

const vector = JSON.parse(readFileSync(new URL('../../fixtures/conformance/kube-proxy-nftables/overall-nftables-rules.json', import.meta.url), 'utf8')) as NftVector

describe('overall-nftables-rules', () => {
  const table = syncNftables(nftInputFromVector(vector), { serviceCIDRs: vectorServiceCIDRs(vector) })
  it('the knftables dump matches upstream after the canonical sort', () => {
    const got = canonicalNftSort(dumpTable(table))
    expect(got).toBe(canonicalNftSort(vector.expected!))
    expect(got).toBe(vector.expected_sorted!.trimEnd())
  })
  it('the kernel listing matches what nft printed for the same table', () => {
    expect(listTable(loadedOrder(table)).text).toBe(vector.observed_nft_list_ruleset!.ruleset)
  })
})
