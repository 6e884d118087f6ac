/**
 * A dump's ranges after an edit: the evidence the last load read is updated with the edit's
 * objects (only each kind's count and extreme addresses matter to a range check), and every edit
 * gives the ranges and the inferred line a full load of the edited text gives.
 */
import { describe, expect, it } from 'vitest'
import { formatCidr, formatIpv4 } from '../../../src/model/addr/ipv4.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { addressesOf, reloadModel } from '../../../src/model/incremental/reload.js'
import { formatDiagnostic } from '../../../src/model/load/diagnostics.js'
import type { Model } from '../../../src/model/model.js'

// Nodes without podCIDRs: the pods' addresses alone give the pod range.
const node = (name: string, ip: string): string => `---
apiVersion: v1
kind: Node
metadata: { name: ${name}, labels: { kubernetes.io/hostname: ${name} } }
status: { addresses: [{ type: InternalIP, address: ${ip} }] }
`
const svc = (ns: string, name: string, ip: string): string => `---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec: { clusterIP: ${ip}, clusterIPs: [${ip}], ports: [{ name: p, port: 443, protocol: TCP }] }
`
// Each pod on a node of its own (the node's podCIDR is then its pod's /24).
let nodeIp = 10
const pod = (name: string, ip: string): string => `${node(`node-${name}`, `172.20.0.${nodeIp++}`)}---
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: default, labels: { app: ${name} } }
spec: { nodeName: node-${name}, containers: [{ name: c, image: nginx }] }
status: { phase: Running, podIP: ${ip}, podIPs: [{ ip: ${ip} }] }
`

const ranges = (m: Model, diagnostics: readonly Parameters<typeof formatDiagnostic>[0][]): string[] => [
  formatCidr(m.cluster.podCIDR), formatCidr(m.cluster.serviceCIDR), formatIpv4(m.cluster.dnsServiceIP),
  ...diagnostics.map(formatDiagnostic).filter((l) => l.includes('inferred')),
]

describe('inferred ranges after edits of a dump', () => {
  it('equal a full load\'s when the edits remove and add the extreme addresses and the kubernetes Service', () => {
    const parts = [
      node('n1', '172.20.0.2'), node('n2', '172.20.0.3'),
      svc('default', 'kubernetes', '10.100.0.1'), svc('kube-system', 'kube-dns', '10.100.0.10'), svc('default', 'web', '10.100.3.7'),
      pod('low', '10.50.0.2'), pod('mid', '10.50.1.7'), pod('high', '10.51.0.9'),
    ]
    const edits: ((p: string[]) => string[])[] = [
      (p) => p.filter((d) => !d.includes('name: high,')), // the highest pod address goes: the range narrows
      (p) => [...p, pod('far', '10.53.0.4')], // a new highest
      (p) => p.filter((d) => !d.includes('name: mid,')), // an address between the extremes goes
      (p) => [...p, svc('default', 'wide', '10.101.0.5')], // a Service outside the /16
      (p) => p.filter((d) => !d.includes('name: wide,')),
      (p) => p.map((d) => (d.includes('name: kube-dns,') ? svc('kube-system', 'kube-dns', '10.100.0.11') : d)), // kube-dns moves inside the range
      (p) => p.map((d) => (d.includes('name: kubernetes,') ? svc('default', 'kubernetes', '10.96.0.1') : d)), // the kubernetes Service moves
      (p) => p.filter((d) => !d.includes('name: low,')), // the lowest pod address goes
    ]
    let text = parts.join('')
    let r = reloadModel(null, 'dump.yaml', text, { limits: false })
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'))
    let cur = parts
    const seen = new Set<string>()
    for (const edit of edits) {
      cur = edit(cur)
      text = cur.join('')
      const next = reloadModel(r.model, 'dump.yaml', text, { limits: false, keepAddresses: addressesOf(r.model) })
      const full = loadModel('dump.yaml', text, { limits: false })
      if (!next.ok || !full.ok) throw new Error('an edit did not load')
      const got = ranges(next.model, next.diagnostics)
      expect(got).toEqual(ranges(full.model, full.diagnostics))
      seen.add(got[0]!)
      r = next
    }
    // The edits did move the pod range (else they would test nothing).
    expect(seen.size).toBeGreaterThan(1)
  })
})
