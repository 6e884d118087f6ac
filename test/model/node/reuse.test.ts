/**
 * A node's state reuses, across models, everything keyed by the model's Service and endpoint
 * objects: a model rebuilt incrementally keeps the objects an edit did not touch, so after
 * "scale one Deployment" only that Service's kube-proxy fragments are written again. Model B is
 * built by hand from model A here (one Service's endpoints changed, every other object shared),
 * as the incremental loader would, and compared with a fresh derivation of the same model.
 */
import { describe, expect, it } from 'vitest'
import { generateCluster } from '../../../bench/generate.js'
import { trace } from '../../../src/engine/trace/trace.js'
import { formatIpv4 } from '../../../src/model/addr/ipv4.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { fragmentCounters } from '../../../src/model/kubeproxy/nodeChains.js'
import type { Model, ModelService } from '../../../src/model/model.js'
import { nodeState } from '../../../src/model/node/nodeState.js'

function load(): Model {
  const r = loadModel('reuse.yaml', generateCluster(4, 30), { limits: false })
  if (!r.ok) throw new Error('generated cluster does not load')
  return r.model
}

/** The model with one Service scaled down by one endpoint; every other object is A's. */
function scaledDown(a: Model, name: string): { model: Model; changed: ModelService } {
  const svc = a.services.find((s) => s.name === name)!
  const changed: ModelService = { ...svc, ports: svc.ports.map((p) => ({ ...p, endpoints: p.endpoints.slice(1) })) }
  return { model: { ...a, services: a.services.map((s) => (s === svc ? changed : s)) }, changed }
}

/** The same model with no Service, port or endpoint list shared with any other model. */
function unshared(m: Model): Model {
  return { ...m, services: m.services.map((s) => ({ ...s, ports: s.ports.map((p) => ({ ...p, endpoints: [...p.endpoints] })) })) }
}

const written = (f: () => void): number => {
  const before = fragmentCounters.written
  f()
  return fragmentCounters.written - before
}

const portsWithClusterIP = (m: Model): number => m.services.filter((s) => typeof s.clusterIP === 'number').reduce((n, s) => n + s.ports.length, 0)

describe('node state across models', () => {
  const a = load()
  const nodes = a.nodes.map((n) => n.name)

  it('writes every service port once for the first node of a model, none for the next node', () => {
    expect(written(() => nodeState(a, nodes[0]!)!.iptablesSave())).toBe(portsWithClusterIP(a))
    expect(written(() => nodeState(a, nodes[1]!)!.iptablesSave())).toBe(0)
  })

  it('after one Service changes, writes only that Service again and prints what a fresh derivation prints', () => {
    for (const n of nodes) nodeState(a, n)
    const { model: b, changed } = scaledDown(a, 'app7')
    const first = written(() => nodeState(b, nodes[2]!)!.iptablesSave())
    expect(first).toBe(changed.ports.length)
    expect(written(() => { for (const n of nodes) nodeState(b, n)!.iptablesSave() })).toBe(0)

    const fresh = unshared(b)
    expect(written(() => nodeState(fresh, nodes[2]!))).toBe(portsWithClusterIP(b))
    for (const n of nodes) {
      const reused = nodeState(b, n)!
      const derived = nodeState(fresh, n)!
      expect(reused.iptablesSave().text).toBe(derived.iptablesSave().text)
      const rules = (s: typeof reused) => JSON.stringify([...s.ruleset].map(([t, table]) => [t, [...table.chains.values()]]))
      expect(rules(reused)).toBe(rules(derived))
    }
    // The edit is visible: the scaled Service lost an endpoint chain on every node.
    const sep = (m: Model) => nodeState(m, nodes[0]!)!.iptablesSave().text.split('\n').filter((l) => l.includes('app7:http') && l.includes('DNAT')).length
    expect(sep(b)).toBe(sep(a) - 1)
  })

  it('traces through the reused chains to the Service\'s remaining endpoints', () => {
    const { model: b, changed } = scaledDown(a, 'app3')
    const client = b.pods.find((p) => !p.addon && !p.hostNetwork && p.ip !== null)!
    const to = `${formatIpv4(changed.clusterIP as number)}:${changed.ports[0]!.spec.port}`
    const exact = (ip: string): RegExp => new RegExp(`"${ip.replace(/\./g, '\\.')}(:\\d+)?"`)
    const removed = formatIpv4(a.services.find((s) => s.name === 'app3')!.ports[0]!.endpoints[0]!.ip)
    const remaining = changed.ports[0]!.endpoints.map((e) => formatIpv4(e.ip))
    for (let seed = 1; seed <= 8; seed++) {
      const r = trace(b, { from: `pod/${client.namespace}/${client.name}`, to, seed })
      expect(r.ok && r.trace.result).toBe('delivered')
      const hops = JSON.stringify(r.ok ? r.trace : null)
      expect(remaining.some((ip) => exact(ip).test(hops))).toBe(true)
      expect(hops).not.toMatch(exact(removed))
    }
  })
})
