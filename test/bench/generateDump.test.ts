/** The generated kubectl dump loads as a dump: Nodes, placed pods with their IPs, Services with endpoints. */
import { describe, expect, it } from 'vitest'
import { generateDump } from '../../bench/generateDump.js'
import { trace } from '../../src/engine/trace/trace.js'
import { loadModel } from '../../src/model/derive/buildModel.js'

describe('generateDump', () => {
  it('is a kubectl List that loads without errors and traces pod → Service', () => {
    const text = generateDump({ nodes: 12, services: 40 })
    expect(text).toMatch(/^apiVersion: v1\nitems:\n/)
    expect(text).toMatch(/\nkind: List\n/)
    const r = loadModel('dump.yaml', text)
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    if (!r.ok) return
    const m = r.model
    expect(m.nodes).toHaveLength(12)
    expect(m.cluster.network.plugin).toBe('flannel')
    // 3 replicas per Service, CoreDNS, and kube-proxy and flannel (hostNetwork) on every node.
    expect(m.pods.filter((p) => p.namespace.startsWith('team-'))).toHaveLength(120)
    expect(m.pods.filter((p) => p.hostNetwork)).toHaveLength(24)
    for (const p of m.pods) {
      expect(p.ip, p.name).not.toBeNull()
      expect(p.owner, p.name).not.toBeNull()
    }
    const app = m.services.find((s) => s.name === 'app-7')!
    expect(app.ports[0]!.endpoints.map((e) => e.pod?.split('/')[1]).sort()).toEqual(m.pods.filter((p) => p.labels['app'] === 'app-7').map((p) => p.name).sort())
    const client = m.pods.find((p) => p.namespace === 'team-1')!
    const t = trace(m, { from: `pod/team-1/${client.name}`, to: 'app-5.team-5:80' })
    expect(t.ok && t.trace.result).toBe('delivered')
  })

  it('places every 100th Service on a NodePort and spreads pods over the workers', () => {
    const r = loadModel('dump.yaml', generateDump({ nodes: 4, services: 200 }), { limits: false })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.model.services.filter((s) => s.ports.some((p) => p.nodePort !== null)).map((s) => s.name)).toEqual(['app-99', 'app-199'])
    const perNode = new Map<string, number>()
    for (const p of r.model.pods) if (p.namespace.startsWith('team-')) perNode.set(p.nodeName!, (perNode.get(p.nodeName!) ?? 0) + 1)
    expect([...perNode.keys()].sort()).toEqual(['worker-0001', 'worker-0002', 'worker-0003'])
    expect([...perNode.values()]).toEqual([200, 200, 200])
  })
})
