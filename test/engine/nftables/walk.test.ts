/**
 * The packet engine on a node in nftables mode: the same cluster traced in both kube-proxy
 * modes gives the same results wherever Kubernetes defines them the same, and the documented
 * differences where it does not; every nftables decision points at its line in the `nft` view;
 * a map lookup costs the same however many Services the map holds.
 */
import { describe, expect, it } from 'vitest'
import { trace } from '../../../src/engine/trace/trace.js'
import { renderMessage } from '../../../src/i18n/render.js'
import { withKubeProxyMode } from '../../../src/model/kubeproxy-nft/switchMode.js'
import { syncNftables } from '../../../src/model/kubeproxy-nft/syncNftables.js'
import { showNode } from '../../../src/model/show/views.js'
import { evaluateBaseChain } from '../../../src/engine/nftables/evaluate.js'
import { syntheticNftInput } from '../../support/nftSynthetic.js'
import { BUILTIN_TOPOLOGIES, loadBuiltin } from '../../support/topologies.js'
import { parseIpv4 } from '../../../src/model/addr/ipv4.js'
import type { ProxyEndpoint, ProxyInput, ProxyServicePort } from '../../../src/model/kubeproxy/types.js'
import { servicePortKey } from '../../../src/model/kubeproxy/types.js'

const nft = loadBuiltin('two-node-nftables')
const ipt = withKubeProxyMode(nft, 'iptables')
const DIFFERENT: Record<string, { nftables: string; iptables: string }> = {
  // A wrong port on a live ClusterIP: cluster-ips-check rejects; iptables mode routes it away to the gateway, where nothing answers.
  'clusterip-wrong-port': { nftables: 'refused', iptables: 'timeout' },
  'clusterip-unallocated': { nftables: 'timeout', iptables: 'timeout' },
  // iptables mode serves NodePorts on 127.0.0.1 (route_localnet); nftables mode does not.
  'nodeport-localhost': { nftables: 'refused', iptables: 'delivered' },
}

describe('two-node-nftables traced in both modes', () => {
  it.each(nft.cluster.cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const req = { from: c.from, to: c.to, proto: c.proto, ...(c.pick ? { pick: c.pick } : {}) }
    const a = trace(nft, req)
    const b = trace(ipt, req)
    if (!a.ok || !b.ok) throw new Error('trace failed')
    const diff = DIFFERENT[name]
    if (diff) {
      expect(a.trace.result).toBe(diff.nftables)
      expect(b.trace.result).toBe(diff.iptables)
      return
    }
    expect(a.trace.result).toBe(b.trace.result)
    if (c.pick) {
      expect(a.trace.deliveredTo).toEqual(b.trace.deliveredTo)
      expect(a.trace.serverSees?.ip).toBe(b.trace.serverSees?.ip)
    }
  })

  it('source addresses where the modes agree: NodePort masquerades, eTP Local keeps the client, hairpin sees the bridge', () => {
    const sees = (to: string, from: string, pick?: string) => {
      const r = trace(nft, { from, to, ...(pick ? { pick } : {}) })
      if (!r.ok) throw new Error(renderMessage(r.error))
      return r.trace.serverSees?.ip
    }
    expect(sees('192.168.49.2:30080', 'external/laptop', '10.244.1.3')).toBe('10.244.0.0')
    expect(sees('192.168.49.3:30081', 'external/laptop')).toBe('192.168.49.100')
    expect(sees('10.106.112.147:80', 'pod/default/web-mpg2nfmm6z-2q7h8', '10.244.0.3')).toBe('10.244.0.1')
  })

  it('every nftables decision is the line of the nft view it names', () => {
    const r = trace(nft, { from: 'external/laptop', to: '192.168.49.241:80', pick: '10.244.1.3' })
    if (!r.ok) throw new Error(renderMessage(r.error))
    const decisions = [...r.trace.hops, ...(r.trace.reply?.hops ?? [])].flatMap((h) => h.decidedBy).filter((d) => d.what === 'nftables')
    expect(decisions.length).toBeGreaterThan(5)
    for (const d of decisions) {
      const [, node] = d.view.split(' ')[0]!.split('/')
      const view = showNode(nft, node!, 'nft')
      if (!view.ok) throw new Error(view.error)
      const line = view.text.split('\n')[d.line - 1]!
      if (d.text.startsWith('@')) expect(line).toContain(d.text.slice(d.text.indexOf(': ') + 2).split(' : ')[0])
      else expect(line.trim()).toBe(d.text)
    }
    // The LoadBalancer IP passed the source-range firewall, found in firewall-ips.
    expect(decisions.some((d) => d.text.startsWith('@firewall-ips: 192.168.49.241 . tcp . 80'))).toBe(true)
  })
})

describe('every built-in topology traced in both modes', () => {
  // Cases whose results differ by design (see DIFFERENT above); every other case must agree.
  const differs = new Set(['two-node-nftables/clusterip-wrong-port', 'two-node-nftables/nodeport-localhost'])
  it.each(BUILTIN_TOPOLOGIES)('%s: same result and source address seen by the server', (name) => {
    const model = loadBuiltin(name)
    const modes = [withKubeProxyMode(model, 'iptables'), withKubeProxyMode(model, 'nftables')] as const
    for (const c of model.cluster.cases) {
      if (differs.has(`${name}/${c.name}`)) continue
      const req = { from: c.from, to: c.to, proto: c.proto, ...(c.pick ? { pick: c.pick } : {}) }
      const [a, b] = modes.map((m) => trace(m, req))
      if (!a!.ok || !b!.ok) throw new Error(`${c.name} does not trace`)
      expect(`${c.name}: ${b!.trace.result} ${b!.trace.serverSees?.ip ?? ''}`).toBe(`${c.name}: ${a!.trace.result} ${a!.trace.serverSees?.ip ?? ''}`)
    }
  })
})

describe('map lookups instead of one rule per Service', () => {
  function input(n: number): ProxyInput {
    const base = syntheticNftInput({ masqueradeAll: false, nodePortAddresses: ['192.168.0.2/32'] })
    const servicePorts: ProxyServicePort[] = [...base.servicePorts]
    const endpoints = new Map(base.endpoints)
    for (let i = 0; i < n; i++) {
      const sp: ProxyServicePort = { ...base.servicePorts[0]!, name: `bulk${i}`, clusterIP: `172.31.${i >> 8}.${i & 255}`, nodePort: 0, type: 'ClusterIP' }
      servicePorts.push(sp)
      endpoints.set(servicePortKey(sp.namespace, sp.name, sp.portName, sp.protocol), [{ ip: `10.9.${i >> 8}.${i & 255}`, port: 80, nodeName: 'x', ready: true, serving: true, terminating: false } as ProxyEndpoint])
    }
    return { ...base, servicePorts, endpoints }
  }
  it('the rules evaluated for a ClusterIP packet do not grow with the number of Services', () => {
    const walked = [10, 2000].map((n) => {
      const t = syncNftables(input(n), { serviceCIDRs: ['172.30.0.0/15'] })
      const r = evaluateBaseChain(t, t.chains.get('nat-prerouting')!, {
        src: parseIpv4('10.0.0.5'), dst: parseIpv4('172.31.0.7'), proto: 'tcp', sport: 1234, dport: 80, mark: 0, ctstate: ['NEW'],
      }, { isLocal: () => false, numgen: () => 0, dynamicHas: () => false, dynamicAdd: () => {} })
      expect(r.dnat).toEqual({ ip: parseIpv4('10.9.0.7'), port: 80 })
      return [r.walked, r.lookups]
    })
    expect(walked[0]).toEqual(walked[1])
  })
})
