/** Choosing kube-proxy's mode: the Cluster document, a dump's kube-proxy ConfigMap, the what-if switch. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { withKubeProxyMode } from '../../../src/model/kubeproxy-nft/switchMode.js'
import { nodeState } from '../../../src/model/node/nodeState.js'
import { showNode } from '../../../src/model/show/views.js'

const vxlan = readFileSync(new URL('../../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
const configMap = (mode: string): string => `---
apiVersion: v1
kind: ConfigMap
metadata: { name: kube-proxy, namespace: kube-system }
data:
  config.conf: |
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    kind: KubeProxyConfiguration
    mode: ${mode}
    clusterCIDR: 10.244.0.0/16
`

describe('kube-proxy mode', () => {
  it('iptables mode writes KUBE-* chains and no nftables table', () => {
    const r = loadModel('t.yaml', vxlan)
    if (!r.ok) throw new Error('load')
    const s = nodeState(r.model, 'node1')!
    expect(s.nftables).toBeNull()
    expect(s.iptablesSave().text).toContain(':KUBE-SERVICES')
    const v = showNode(r.model, 'node1', 'nft')
    expect(v.ok).toBe(false)
  })

  it('a dump\'s kube-proxy ConfigMap with mode: nftables switches the backend', () => {
    const r = loadModel('t.yaml', vxlan + configMap('"nftables"'))
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics))
    expect(r.model.cluster.kubeProxy.mode).toBe('nftables')
    const s = nodeState(r.model, 'node1')!
    expect(s.iptablesSave().text).not.toContain('KUBE-')
    // flannel's own rules stay in iptables.
    expect(s.iptablesSave().text).toContain('FLANNEL-POSTRTG')
    expect(s.nftables!.listed.text).toMatch(/^table ip kube-proxy \{/)
    // nftables mode: NodePorts only on the node's primary IP, no route_localnet.
    expect(s.nftables!.listed.text).toContain('elements = { 192.168.49.2 }')
    expect(s.sysctls).toContainEqual(['net.ipv4.conf.all.route_localnet', '0'])
  })

  it('an empty mode is iptables; an unmodelled mode is an error at its line', () => {
    const empty = loadModel('t.yaml', vxlan + configMap('""'))
    expect(empty.ok && empty.model.cluster.kubeProxy.mode).toBe('iptables')
    const ipvs = loadModel('t.yaml', vxlan + configMap('ipvs'))
    expect(ipvs.ok).toBe(false)
    expect(ipvs.diagnostics.some((d) => d.message.includes('kube-proxy mode "ipvs" is not modelled'))).toBe(true)
  })

  it('the what-if switch keeps pods and services and changes only the backend', () => {
    const r = loadModel('t.yaml', vxlan)
    if (!r.ok) throw new Error('load')
    const nft = withKubeProxyMode(r.model, 'nftables')
    expect(nft.pods).toBe(r.model.pods)
    expect(nodeState(nft, 'node1')!.nftables).not.toBeNull()
    expect(withKubeProxyMode(nft, 'iptables').cluster.kubeProxy.mode).toBe('iptables')
  })
})
