/**
 * kube-proxy's nftables table, per node of every built-in topology in nftables mode (plus the
 * upstream vector and a synthetic table with every printed form), loaded into a real kernel in
 * an isolated namespace with `nft -f`: the kernel accepts it, and `nft list table ip
 * kube-proxy` prints back exactly the lab's `nft` view.
 */
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { syncNftables } from '../../src/model/kubeproxy-nft/syncNftables.js'
import { withKubeProxyMode } from '../../src/model/kubeproxy-nft/switchMode.js'
import { nodeState } from '../../src/model/node/nodeState.js'
import { dumpTable, loadedOrder } from '../../src/model/nftables/dump.js'
import { listTable } from '../../src/model/nftables/listTable.js'
import { NetnsPool, kernelToolsMissing, leftoverNamespaces } from '../support/netns.js'
import { nftInputFromVector, type NftVector, vectorServiceCIDRs } from '../support/nftVector.js'
import { syntheticNftInput } from '../support/nftSynthetic.js'
import { BUILTIN_TOPOLOGIES, loadBuiltin } from '../support/topologies.js'

const missing = kernelToolsMissing(['ip', 'nft'])
if (missing) console.warn(`kernel tests skipped: ${missing}`)
const pool = new NetnsPool()
afterAll(() => {
  pool.cleanup()
  expect(leftoverNamespaces()).toEqual([])
})

function roundTrip(label: string, dump: string, listed: string): void {
  const ns = pool.create(label.replace(/[^a-z0-9-]/gi, '').slice(0, 20))
  try {
    const load = pool.exec(ns, ['nft', '-f', '-'], dump)
    expect(load.stderr).toBe('')
    expect(load.status).toBe(0)
    const back = pool.exec(ns, ['nft', 'list', 'table', 'ip', 'kube-proxy'])
    expect(back.status).toBe(0)
    expect(back.stdout).toBe(listed)
  } finally {
    pool.cleanup()
  }
}

const cases = BUILTIN_TOPOLOGIES.flatMap((t) => loadBuiltin(t).nodes.map((n) => [t, n.name] as const))

describe.skipIf(missing !== null)('kube-proxy nftables tables in a real kernel', () => {
  it.each(cases)('%s node/%s in nftables mode loads and lists back as the nft view', (topology, node) => {
    const s = nodeState(withKubeProxyMode(loadBuiltin(topology), 'nftables'), node)!
    roundTrip(`${topology.slice(0, 6)}-${node}`, s.nftables!.dump, s.nftables!.listed.text)
  })
  it('the upstream vector overall-nftables-rules', () => {
    const v = JSON.parse(readFileSync(new URL('../fixtures/conformance/kube-proxy-nftables/overall-nftables-rules.json', import.meta.url), 'utf8')) as NftVector
    const t = loadedOrder(syncNftables(nftInputFromVector(v), { serviceCIDRs: vectorServiceCIDRs(v) }))
    roundTrip('overall', dumpTable(t), listTable(t).text)
  })
  it.each([
    ['primary', false, ['192.168.0.2/32']],
    ['all', true, null],
    ['zero', false, ['0.0.0.0/0']],
  ] as const)('a synthetic table with every printed form (nodeport-addresses %s)', (label, masqueradeAll, npa) => {
    const t = loadedOrder(syncNftables(syntheticNftInput({ masqueradeAll, nodePortAddresses: npa === null ? null : [...npa] }), { serviceCIDRs: ['172.30.0.0/16', '10.96.0.0/12'] }))
    roundTrip(`synth-${label}`, dumpTable(t), listTable(t).text)
  })
})
