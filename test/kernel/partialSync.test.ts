/**
 * KEP-3453 in a real kernel: for each kube-proxy sync of a control-plane chain, the node's rules
 * before are loaded into an isolated namespace, then only what the chain says a partial sync
 * writes is restored with --noflush — the filter table's kube-proxy chains (always rewritten),
 * nat's top-level chains, the service chains listed as written, and `-X` for those listed as
 * deleted — and the kernel's rules must then be the node's rules after the sync.
 */
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { runChange } from '../../src/engine/controlplane/run.js'
import { loadControlPlane, type ClusterState } from '../../src/engine/controlplane/state.js'
import type { Change, PartialSync } from '../../src/engine/controlplane/types.js'
import { nodeState } from '../../src/model/node/nodeState.js'
import { NetnsPool, kernelToolsMissing, leftoverNamespaces } from '../support/netns.js'

const missing = kernelToolsMissing(['ip', 'iptables-restore', 'iptables-save', 'nfacct'])
if (missing) console.warn(`kernel tests skipped: ${missing}`)
const pool = new NetnsPool()
afterAll(() => {
  pool.cleanup()
  expect(leftoverNamespaces()).toEqual([])
})

const fixture = (n: string): string => readFileSync(new URL(`../fixtures/controlplane/${n}`, import.meta.url), 'utf8')
const FILTER_CHAINS = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']
const NAT_TOP = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']

/** Declared chains and each chain's rules in order, per table. */
function parse(text: string): Map<string, Map<string, string[]>> {
  const tables = new Map<string, Map<string, string[]>>()
  let t = new Map<string, string[]>()
  for (const l of text.split('\n')) {
    if (l.startsWith('*')) tables.set(l.slice(1), (t = new Map()))
    const decl = /^:(\S+) /.exec(l)
    if (decl) t.set(decl[1]!, [])
    const rule = /^-A (\S+) /.exec(l)
    if (rule) t.get(rule[1]!)!.push(l)
  }
  return tables
}

/** What kube-proxy hands iptables-restore --noflush in a partial sync. */
function partialRestore(after: string, p: PartialSync): string {
  const a = parse(after)
  const out = ['*filter']
  for (const c of FILTER_CHAINS) out.push(`:${c} - [0:0]`)
  for (const c of FILTER_CHAINS) out.push(...(a.get('filter')!.get(c) ?? []))
  out.push('COMMIT', '*nat')
  const nat = a.get('nat')!
  for (const c of [...NAT_TOP, ...p.written, ...p.deleted]) out.push(`:${c} - [0:0]`)
  for (const c of [...NAT_TOP, ...p.written]) out.push(...(nat.get(c) ?? []))
  for (const c of p.deleted) out.push(`-X ${c}`)
  out.push('COMMIT', '')
  return out.join('\n')
}

const chains: [string, Change[]][] = [
  ['apply a Service, then its Deployment', [{ kind: 'apply', file: 's.yaml', text: fixture('nginx-service.yaml') }, { kind: 'apply', file: 'd.yaml', text: fixture('nginx-deployment.yaml') }]],
  ['scale web to 0', [{ kind: 'scale', object: { kind: 'Deployment', namespace: 'default', name: 'web' }, replicas: 0 }]],
  ['delete Service web', [{ kind: 'delete', object: { kind: 'Service', namespace: 'default', name: 'web' } }]],
  ['delete the echo pod (Local traffic policy)', [{ kind: 'scale', object: { kind: 'Deployment', namespace: 'default', name: 'echo' }, replicas: 0 }]],
]

describe.skipIf(missing !== null)('kube-proxy partial syncs in a real kernel', () => {
  it.each(chains)('%s', (_, changes) => {
    const l = loadControlPlane('topologies/two-node-flannel-vxlan.yaml', readFileSync(new URL('../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8'))
    if (!l.ok) throw new Error('does not load')
    let state: ClusterState = l.state
    let checked = 0
    for (const change of changes) {
      const r = runChange(state, change)
      expect(r.result.ok).toBe(true)
      // Each of these chains has one endpoint sync; CNI steps under flannel do not touch iptables.
      for (const s of r.result.steps.filter((x) => x.dataplane?.kind === 'proxy-sync' && x.dataplane.diffs.length)) {
        const node = s.dataplane!.node!
        const before = nodeState(r.result.before, node)!.iptablesSave().text
        const after = nodeState(r.result.after, node)!.iptablesSave().text
        const ns = pool.create(`ps-${node}-${checked}`)
        try {
          for (const counter of ['ct_state_invalid_dropped_pkts', 'localhost_nps_accepted_pkts']) expect(pool.exec(ns, ['nfacct', 'add', counter]).status).toBe(0)
          expect(pool.exec(ns, ['iptables-restore'], before)).toMatchObject({ status: 0, stderr: '' })
          const partial = partialRestore(after, s.dataplane!.partialSync!)
          expect(pool.exec(ns, ['iptables-restore', '--noflush'], partial)).toMatchObject({ status: 0, stderr: '' })
          const saved = pool.exec(ns, ['iptables-save']).stdout
          // New chains are listed where the kernel created them, so compare chains and their rules.
          expect(parse(saved)).toEqual(parse(after))
          checked++
        } finally {
          pool.cleanup()
        }
      }
      state = r.state
    }
    expect(checked).toBeGreaterThan(0)
  })
})
