/**
 * The generator writes each rule's arguments and its structured form together (ruleBuilder).
 * Parsing the arguments must give exactly the structured rule and its iptables-save line, for
 * every kind of rule kube-proxy writes: here over the upstream vectors, every built-in topology
 * node, and a synthetic input that turns on every branch (affinity, source ranges, external IPs, traffic policies, localhost
 * NodePorts with nfacct, masqueradeAll, no endpoints, the large-cluster mode).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ProxyEndpoint, ProxyInput, ProxyServicePort, RestoreInput } from '../../../src/model/kubeproxy/types.js'
import { servicePortKey } from '../../../src/model/kubeproxy/types.js'
import { syncProxyRules } from '../../../src/model/kubeproxy/syncProxyRules.js'
import { formatSaveRule } from '../../../src/model/netfilter/formatSave.js'
import { mustParseRule } from '../../../src/model/netfilter/parseRule.js'
import { proxyInputFor } from '../../../src/model/node/proxyInput.js'
import { type KubeProxyVector, proxyInputFromVector } from '../../support/conformanceInput.js'
import { BUILTIN_TOPOLOGIES, loadBuiltin } from '../../support/topologies.js'

function expectBuiltEqualsParsed(out: RestoreInput): number {
  const all = [...out.filter.rules, ...out.nat.rules]
  for (const r of all) {
    const { saveText, ...built } = r.rule
    const parsed = mustParseRule(r.tokens)
    expect(built, r.tokens.join(' ')).toEqual(parsed)
    if (saveText !== undefined) expect(saveText).toBe(formatSaveRule(parsed))
  }
  return all.length
}

const dir = new URL('../../fixtures/conformance/kube-proxy/', import.meta.url)
const vectors = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as KubeProxyVector)

function servicePort(name: string, extra: Partial<ProxyServicePort>): ProxyServicePort {
  return {
    namespace: 'ns', name, portName: 'p', protocol: 'TCP', port: 80, nodePort: 0, type: 'ClusterIP', clusterIP: '10.96.0.20',
    externalIPs: [], loadBalancerIngress: [], loadBalancerSourceRanges: [], externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800, healthCheckNodePort: 0, ...extra,
  }
}

const ep = (ip: string, nodeName: string, ready = true): ProxyEndpoint => ({ ip, port: 8080, nodeName, ready, serving: true, terminating: !ready })

function everyBranch(opts: { masqueradeAll: boolean; largeCluster: boolean }): ProxyInput {
  const ports = [
    servicePort('affinity', { sessionAffinity: 'ClientIP', type: 'NodePort', nodePort: 30001 }),
    servicePort('fw', { type: 'LoadBalancer', nodePort: 30002, loadBalancerIngress: [{ ip: '192.0.2.10', ipMode: null }], loadBalancerSourceRanges: [' 192.168.0.0/16 ', '203.0.113.7/24'], externalTrafficPolicy: 'Local', healthCheckNodePort: 31000 }),
    servicePort('ext', { externalIPs: ['198.51.100.1'], protocol: 'UDP' }),
    servicePort('local-none', { type: 'NodePort', nodePort: 30003, externalTrafficPolicy: 'Local', externalIPs: ['198.51.100.2'], loadBalancerIngress: [{ ip: '192.0.2.11', ipMode: 'VIP' }] }),
    servicePort('itp', { internalTrafficPolicy: 'Local', protocol: 'SCTP' }),
    servicePort('empty', { type: 'NodePort', nodePort: 30004 }),
  ]
  const endpoints = new Map<string, ProxyEndpoint[]>()
  for (const sp of ports) {
    const list = sp.name === 'empty' ? [] : sp.name === 'local-none' ? [ep('10.244.2.5', 'node2')] : [ep('10.244.1.5', 'node1'), ep('10.244.2.6', 'node2'), ep('10.244.1.7', 'node1', false)]
    endpoints.set(servicePortKey(sp.namespace, sp.name, sp.portName, sp.protocol), list)
  }
  return {
    config: {
      nodeName: 'node1', nodeIP: '192.168.49.2', nodeIPs: ['192.168.49.2', '127.0.0.1'], clusterCIDR: '10.244.0.0/16', masqueradeMark: 0x4000,
      masqueradeAll: opts.masqueradeAll, localhostNodePorts: true, nodePortAddresses: null, hasRandomFully: true, conntrackTCPLiberal: false,
      nfacct: { ctStateInvalid: true, localhostNodePorts: true }, largeClusterEndpointsThreshold: opts.largeCluster ? 1 : 1000,
    },
    servicePorts: ports,
    endpoints,
  }
}

describe('built rules equal their parsed arguments', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('upstream vector %s', (_n, v) => {
    expect(expectBuiltEqualsParsed(syncProxyRules(proxyInputFromVector(v)))).toBeGreaterThan(10)
  })

  it.each(BUILTIN_TOPOLOGIES)('every node of %s', (name) => {
    const model = loadBuiltin(name)
    for (const node of model.nodes) expectBuiltEqualsParsed(syncProxyRules(proxyInputFor(model, node, [node.ip])))
  })

  it.each([
    { masqueradeAll: false, largeCluster: false },
    { masqueradeAll: true, largeCluster: true },
  ])('every branch of the generator (%o)', (opts) => {
    const out = syncProxyRules(everyBranch(opts))
    const text = out.nat.rules.map((r) => r.tokens.join(' ')).join('\n')
    // The synthetic input really reaches the rare branches.
    for (const needle of ['--rcheck', '--set', 'KUBE-FW-', '--probability', 'nfacct', '! -s 10.244.0.0/16', 'addrtype --src-type LOCAL', '-s 192.168.0.0/16']) {
      if (needle === '! -s 10.244.0.0/16' && opts.masqueradeAll) continue
      expect(text).toContain(needle)
    }
    expect(out.filter.rules.map((r) => r.tokens.join(' ')).join('\n')).toMatch(/REJECT[\s\S]*health check node port|health check node port[\s\S]*REJECT/)
    expect(expectBuiltEqualsParsed(out)).toBeGreaterThan(40)
  })
})
