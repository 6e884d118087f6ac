/**
 * Every built-in topology's generated `iptables-save` text, per node, checked against the real
 * kernel in an isolated namespace: `iptables-restore --test` accepts it, a real load succeeds
 * (after creating the nfacct objects kube-proxy creates over netlink), and the kernel's own
 * `iptables-save` prints back exactly the text the lab shows.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { nodeState } from '../../src/model/node/nodeState.js'
import { NetnsPool, kernelToolsMissing, leftoverNamespaces } from '../support/netns.js'
import { BUILTIN_TOPOLOGIES, loadBuiltin } from '../support/topologies.js'

const missing = kernelToolsMissing(['ip', 'iptables-restore', 'iptables-save', 'nfacct'])
if (missing) console.warn(`kernel tests skipped: ${missing}`)
const pool = new NetnsPool()
afterAll(() => {
  pool.cleanup()
  expect(leftoverNamespaces()).toEqual([])
})

const cases = BUILTIN_TOPOLOGIES.flatMap((t) => loadBuiltin(t).nodes.map((n) => [t, n.name] as const))

describe.skipIf(missing !== null)('generated iptables rules in a real kernel', () => {
  it.each(cases)('%s node/%s loads and round-trips through the kernel', (topology, node) => {
    const text = nodeState(loadBuiltin(topology), node)!.iptablesSave().text
    const ns = pool.create(`${topology.slice(0, 6)}-${node}`.slice(0, 20))
    try {
      const test = pool.exec(ns, ['iptables-restore', '--test'], text)
      expect(test.stderr).toBe('')
      expect(test.status).toBe(0)
      for (const counter of ['ct_state_invalid_dropped_pkts', 'localhost_nps_accepted_pkts']) {
        expect(pool.exec(ns, ['nfacct', 'add', counter]).status).toBe(0)
      }
      const load = pool.exec(ns, ['iptables-restore'], text)
      expect(load.stderr).toBe('')
      expect(load.status).toBe(0)
      const saved = pool.exec(ns, ['iptables-save'])
      expect(saved.stdout.split('\n').filter((l) => !l.startsWith('#')).join('\n')).toBe(text)
    } finally {
      pool.cleanup()
    }
  })
})
