/**
 * Golden files for every `show` view of every built-in topology: the cluster tables, each node's
 * six views and each pod's three views. Regenerate with UPDATE_GOLDEN=1 after an intended change
 * and review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { NODE_VIEWS, POD_VIEWS, showCluster, showDns, showNode, showPod } from '../../src/model/show/views.js'
import { withKubeProxyMode } from '../../src/model/kubeproxy-nft/switchMode.js'
import { BUILTIN_TOPOLOGIES, loadBuiltin } from '../support/topologies.js'

const update = process.env['UPDATE_GOLDEN'] === '1'
const root = new URL('./files/', import.meta.url)

function golden(topology: string, name: string, text: string): void {
  const dir = new URL(`${topology}/`, root)
  const file = new URL(name, dir)
  if (update || !existsSync(file)) {
    if (!update && process.env['CI']) throw new Error(`missing golden file ${file.pathname}; run UPDATE_GOLDEN=1 npm test locally`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, text)
  }
  expect(text).toBe(readFileSync(file, 'utf8'))
}

describe.each(BUILTIN_TOPOLOGIES)('%s', (topology) => {
  const model = loadBuiltin(topology)
  it('show cluster', () => {
    const r = showCluster(model)
    if (!r.ok) throw new Error(r.error)
    golden(topology, 'cluster.txt', r.text)
  })
  it('show dns', () => {
    const r = showDns(model)
    if (!r.ok) throw new Error(r.error)
    golden(topology, 'dns.txt', r.text)
  })
  for (const node of model.nodes) {
    const views = NODE_VIEWS.filter((v) => model.cluster.kubeProxy.mode === 'nftables' || !v.startsWith('nft'))
    it.each(views)(`show node/${node.name} %s`, (view) => {
      const r = showNode(model, node.name, view)
      if (!r.ok) throw new Error(r.error)
      golden(topology, `node-${node.name}.${view}.txt`, r.text)
    })
  }
  for (const pod of model.pods.filter((p) => !p.hostNetwork && p.ip !== null)) {
    it.each(POD_VIEWS)(`show pod/${pod.namespace}/${pod.name} %s`, (view) => {
      const r = showPod(model, pod.namespace, pod.name, view)
      if (!r.ok) throw new Error(r.error)
      golden(topology, `pod-${pod.namespace}-${pod.name}.${view}.txt`, r.text)
    })
  }
})

// Every built-in topology with kube-proxy switched to nftables mode: what changes is the
// kube-proxy table and what is left in iptables.
describe.each(BUILTIN_TOPOLOGIES.filter((t) => loadBuiltin(t).cluster.kubeProxy.mode === 'iptables'))('%s in nftables mode', (topology) => {
  const model = withKubeProxyMode(loadBuiltin(topology), 'nftables')
  for (const node of model.nodes) {
    it.each(['nft', 'nft-dump', 'iptables'])(`show node/${node.name} %s`, (view) => {
      const r = showNode(model, node.name, view)
      if (!r.ok) throw new Error(r.error)
      golden(`nftables-mode/${topology}`, `node-${node.name}.${view}.txt`, r.text)
    })
  }
})
