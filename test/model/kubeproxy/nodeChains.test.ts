/**
 * A node's kube-proxy chains are written as text per service port and turned into Rules only
 * when asked (nodeChains.ts). Both views must be exactly what a full sync applied rule by rule
 * gives (applyKubeProxy over syncProxyRules): the same chains in the same order, the same
 * iptables-save text before and after the Rules are built, and the same Rules.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { applyKubeProxy } from '../../../src/model/kubeproxy/applyToRuleset.js'
import { applyKubeProxyChains, fragmentCounters } from '../../../src/model/kubeproxy/nodeChains.js'
import { syncProxyRules } from '../../../src/model/kubeproxy/syncProxyRules.js'
import type { ProxyInput } from '../../../src/model/kubeproxy/types.js'
import { pendingText } from '../../../src/model/netfilter/composedChain.js'
import { formatIptablesSave, formatSaveRule } from '../../../src/model/netfilter/formatSave.js'
import { createRuleset } from '../../../src/model/netfilter/ruleset.js'
import { proxyInputFor } from '../../../src/model/node/proxyInput.js'
import { type KubeProxyVector, proxyInputFromVector } from '../../support/conformanceInput.js'
import { everyBranch } from '../../support/kubeProxyInputs.js'
import { BUILTIN_TOPOLOGIES, loadBuiltin } from '../../support/topologies.js'
import { nodeState } from '../../../src/model/node/nodeState.js'
import { isPortChainName } from '../../../src/model/kubeproxy/chainNames.js'

const dir = new URL('../../fixtures/conformance/kube-proxy/', import.meta.url)
const vectors = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as KubeProxyVector)

const plain = (rs: ReturnType<typeof createRuleset>) =>
  [...rs].map(([t, table]) => [t, [...table.chains].map(([name, c]) => [name, c.policy, c.rules])])

function expectSameAsFullSync(input: ProxyInput): number {
  const full = createRuleset()
  applyKubeProxy(full, input.config, syncProxyRules(input, { withArgs: false }))
  const lazy = createRuleset()
  applyKubeProxyChains(lazy, input)
  const text = formatIptablesSave(full).text
  let pending = 0
  for (const table of lazy.values()) for (const c of table.chains.values()) if (pendingText(c)) pending++
  // Printed from text alone, then again once every chain's Rules were built.
  expect(formatIptablesSave(lazy).text).toBe(text)
  expect(plain(lazy)).toEqual(plain(full))
  expect(formatIptablesSave(lazy).text).toBe(text)
  for (const table of lazy.values()) {
    for (const c of table.chains.values()) {
      expect(pendingText(c)).toBeNull()
      for (const r of c.rules) {
        const { saveText, ...rest } = r
        if (saveText !== undefined) expect(saveText).toBe(formatSaveRule(rest))
      }
    }
  }
  return pending
}

describe('kube-proxy chains built from text fragments', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('upstream vector %s', (_n, v) => {
    expect(expectSameAsFullSync(proxyInputFromVector(v))).toBeGreaterThan(5)
  })

  it.each(BUILTIN_TOPOLOGIES.filter((t) => loadBuiltin(t).cluster.kubeProxy.mode === 'iptables'))('every node of %s', (name) => {
    const model = loadBuiltin(name)
    for (const node of model.nodes) expectSameAsFullSync(proxyInputFor(model, node, [node.ip]))
  })

  it.each([
    { masqueradeAll: false, largeCluster: false },
    { masqueradeAll: true, largeCluster: true },
  ])('every branch of the generator (%o)', (opts) => {
    expect(expectSameAsFullSync(everyBranch(opts))).toBeGreaterThan(10)
  })

  it('builds the Rules of one chain only when it is read', () => {
    const input = everyBranch({ masqueradeAll: false, largeCluster: false })
    const rs = createRuleset()
    applyKubeProxyChains(rs, input)
    formatIptablesSave(rs)
    const before = fragmentCounters.materialised
    const svc = [...rs.get('nat')!.chains.values()].find((c) => c.name.startsWith('KUBE-SVC-'))!
    expect(svc.rules.length).toBeGreaterThan(0)
    expect(fragmentCounters.materialised).toBe(before + 1)
    // Reading again builds nothing new.
    expect(svc.rules.length).toBeGreaterThan(0)
    expect(fragmentCounters.materialised).toBe(before + 1)
  })

  it('makes the chain-name index only when a port chain is looked up by name, not for a node and its listing', () => {
    const model = loadBuiltin('course-examples')
    const before = fragmentCounters.indexed
    const states = model.nodes.map((n) => nodeState(model, n.name)!)
    const text = states[0]!.iptablesSave().text
    const nat = states[0]!.ruleset.get('nat')!.chains
    expect(nat.get('KUBE-SERVICES')).toBeDefined()
    expect(nat.get('FLANNEL-POSTRTG') === undefined).toBe(!text.includes(':FLANNEL-POSTRTG '))
    expect(fragmentCounters.indexed).toBe(before)
    const svc = text.split('\n').find((l) => l.startsWith(':KUBE-SVC-'))!.slice(1).split(' ')[0]!
    expect(nat.get(svc)!.name).toBe(svc)
    expect(fragmentCounters.indexed).toBe(before + 1)
    // One index per model and settings, whichever node asks.
    for (const s of states) s.ruleset.get('nat')!.chains.get(svc)
    expect(fragmentCounters.indexed).toBe(before + 1)
  })

  it('knows the port chains by name: every KUBE-SVC/SVL/EXT/FW/SEP chain a sync declares, and no other', () => {
    const input = everyBranch({ masqueradeAll: false, largeCluster: false })
    const out = syncProxyRules(input, { withArgs: false })
    const names = [...out.nat.chains, ...out.filter.chains]
    const port = names.filter((n) => /^KUBE-(SVC|SVL|EXT|FW|SEP)-[A-Z2-7]{16}$/.test(n))
    expect(port.length).toBeGreaterThan(5)
    for (const n of names) expect(isPortChainName(n), n).toBe(port.includes(n))
    for (const n of ['KUBE-SERVICES', 'KUBE-SVC-', 'KUBE-SEP-ABCDEFGHIJKLMNOPQ', 'KUBE-FWX-ABCDEFGHIJKLMNOP', 'CNI-HOSTPORT-DNAT']) expect(isPortChainName(n)).toBe(false)
  })
})
