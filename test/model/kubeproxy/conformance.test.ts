/**
 * Upstream kube-proxy test expectations (proxier_test.go), reproduced byte for byte from each
 * vector's input fields, in the test's canonical sort (sortIPTablesRules).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { syncProxyRules } from '../../../src/model/kubeproxy/syncProxyRules.js'
import { canonicalRestoreText } from '../../../src/model/kubeproxy/restoreText.js'
import { type KubeProxyVector, proxyInputFromVector } from '../../support/conformanceInput.js'

const dir = new URL('../../fixtures/conformance/kube-proxy/', import.meta.url)
const vectors: KubeProxyVector[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as KubeProxyVector)

describe('kube-proxy conformance vectors', () => {
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(2)
  })
  it.each(vectors.map((v) => [v.name, v] as const))('%s: filter and nat match byte for byte', (_name, v) => {
    const dump = canonicalRestoreText(syncProxyRules(proxyInputFromVector(v)))
    expect(dump.filter).toBe(v.expected_filter)
    expect(dump.nat).toBe(v.expected_nat)
  })
})

describe('kube-proxy rules as the kernel prints them back', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('%s: iptables-save matches the kernel-observed dump', async (_name, v) => {
    const { createRuleset } = await import('../../../src/model/netfilter/ruleset.js')
    const { applyKubeProxy } = await import('../../../src/model/kubeproxy/applyToRuleset.js')
    const { formatIptablesSave } = await import('../../../src/model/netfilter/formatSave.js')
    const input = proxyInputFromVector(v)
    const rs = createRuleset()
    applyKubeProxy(rs, input.config, syncProxyRules(input))
    const observed = v.observed_iptables_save
    expect(formatIptablesSave(rs).text).toBe(observed.mangle + observed.filter + observed.nat)
  })
})
