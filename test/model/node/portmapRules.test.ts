/** hostPort as the CNI portmap plugin does it: its chains in iptables-save, and traces through them. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderMessage } from '../../../src/i18n/render.js'
import { trace } from '../../../src/engine/trace/trace.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { nodeState } from '../../../src/model/node/nodeState.js'
import { portmapChainName } from '../../../src/model/node/portmapRules.js'
import { loadBuiltin, BUILTIN_TOPOLOGIES } from '../../support/topologies.js'

const file = new URL('../../fixtures/topologies/hostport.yaml', import.meta.url)
const r = loadModel('hostport.yaml', readFileSync(file, 'utf8'))
if (!r.ok) throw new Error('hostport.yaml does not load')
const model = r.model

describe('portmap chain names', () => {
  it('match containernetworking/plugins utils.MustFormatChainNameWithPrefix (utils_test.go vectors)', () => {
    expect(portmapChainName('test', '1234', 'PREFIX-')).toBe('CNI-PREFIX-2bbe0c48b91a7d1b8')
    expect(portmapChainName('testalongnamethatdoesnotmakesense', '1234', 'PREFIX-')).toBe('CNI-PREFIX-374f33fe84ab0ed84')
    expect(portmapChainName('cbr0', 'x')).toHaveLength(28)
  })
})

describe('the portmap rules on the node that runs the pod', () => {
  const save = nodeState(model, 'node2')!.iptablesSave().text
  const nat = save.slice(save.indexOf('*nat'))
  const pod = model.pods.find((p) => p.name === 'edge')!
  const dn = portmapChainName('cbr0', pod.containerId)
  it('jumps to CNI-HOSTPORT-DNAT after kube-proxy for local destinations, and masquerades marked traffic first', () => {
    const lines = nat.split('\n')
    const at = (l: string): number => lines.indexOf(l)
    expect(at('-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT')).toBeGreaterThan(at('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'))
    expect(at('-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT')).toBeGreaterThan(0)
    expect(at('-A POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ')).toBeLessThan(at('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING'))
    expect(lines).toContain('-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE')
    expect(lines).toContain('-A CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000')
  })
  it('has one DNAT chain per pod: mark hairpin and localhost, then DNAT, per port; entered per protocol through multiport', () => {
    const ip = '10.244.1.3'
    expect(pod.ip).not.toBeNull()
    expect(nat).toContain([
      `-A ${dn} -s 10.244.1.0/24 -p tcp -m tcp --dport 80 -j CNI-HOSTPORT-SETMARK`,
      `-A ${dn} -s 127.0.0.1/32 -p tcp -m tcp --dport 80 -j CNI-HOSTPORT-SETMARK`,
      `-A ${dn} -p tcp -m tcp --dport 80 -j DNAT --to-destination ${ip}:8080`,
    ].join('\n'))
    expect(nat).toContain(`-A CNI-HOSTPORT-DNAT -p udp -m comment --comment "dnat name: \\"cbr0\\" id: \\"${pod.containerId}\\"" -m multiport --dports 5353 -j ${dn}\n-A CNI-HOSTPORT-DNAT -p tcp`)
  })
  it('leaves nodes without hostPort pods as they were', () => {
    expect(nodeState(model, 'node1')!.iptablesSave().text).not.toContain('CNI-HOSTPORT')
    for (const t of BUILTIN_TOPOLOGIES) {
      const m = loadBuiltin(t)
      for (const n of m.nodes) expect(nodeState(m, n.name)!.iptablesSave().text).not.toContain('CNI-HOSTPORT')
    }
  })
})

describe('traces through a hostPort', () => {
  it.each([
    ['external/laptop', '192.168.49.3:80', 'tcp', '192.168.49.100'],
    ['pod/default/client', '192.168.49.3:80', 'tcp', '192.168.49.2'],
    ['external/laptop', '192.168.49.3:5353', 'udp', '192.168.49.100'],
  ] as const)('%s → %s/%s reaches the pod', (from, to, proto, sees) => {
    const t = trace(model, { from, to, proto })
    if (!t.ok) throw new Error(renderMessage(t.error))
    expect(t.trace.result).toBe('delivered')
    expect(t.trace.deliveredTo?.pod).toBe('default/edge')
    expect(t.trace.serverSees?.ip).toBe(sees)
    expect(t.trace.hops.some((h) => h.decidedBy.some((d) => d.text.includes('CNI-DN-') || d.text.includes('DNAT --to-destination 10.244.1.3')))).toBe(true)
  })
  it('a port without hostPort on the node is closed', () => {
    const t = trace(model, { from: 'external/laptop', to: '192.168.49.3:8080' })
    expect(t.ok && t.trace.result).toBe('refused')
  })
})
