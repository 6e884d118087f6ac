/**
 * Placement: filters (cordon, taints/tolerations, nodeSelector) decide which nodes may take a
 * pod; among those the one with the fewest pods wins, ties to the earlier node.
 */
import { describe, expect, it } from 'vitest'
import { loadModel } from '../../../src/model/derive/buildModel.js'

const cluster = (nodes: string): string => `apiVersion: kube-netlab/v1
kind: Cluster
metadata: { name: s }
spec:
  network: { plugin: flannel, backend: vxlan }
  nodes:
${nodes}
`
const deployment = (replicas: number, spec = ''): string => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:
${spec}      containers: [{ name: c, image: x }]
`
const THREE = `    - { name: n1, ip: 192.168.49.2, taints: [{ key: gpu, value: "yes", effect: NoSchedule }] }
    - { name: n2, ip: 192.168.49.3, unschedulable: true }
    - { name: n3, ip: 192.168.49.4, taints: [{ key: soft, effect: PreferNoSchedule }] }
    - { name: n4, ip: 192.168.49.5 }`

function placements(text: string): (string | null)[] {
  const r = loadModel('s.yaml', text)
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics))
  return r.model.pods.filter((p) => p.name.startsWith('app-')).map((p) => p.nodeName)
}

describe('scheduling', () => {
  it('skips tainted and cordoned nodes, ignores PreferNoSchedule, and balances the rest', () => {
    // CoreDNS (2 replicas) is placed first, on n3 and n4; then app alternates, ties to the earlier node.
    expect(placements(cluster(THREE) + deployment(4))).toEqual(['n3', 'n4', 'n3', 'n4'])
  })

  it('uses a tainted node for pods that tolerate the taint', () => {
    const tolerate = '      tolerations: [{ key: gpu, operator: Equal, value: "yes", effect: NoSchedule }]\n'
    expect(placements(cluster(THREE) + deployment(3, tolerate))).toEqual(['n1', 'n1', 'n3'])
  })

  it('follows nodeSelector, even onto a loaded node', () => {
    const select = '      nodeSelector: { kubernetes.io/hostname: n4 }\n'
    expect(placements(cluster(THREE) + deployment(2, select))).toEqual(['n4', 'n4'])
  })

  it('leaves a pod Pending with the reason per node when nothing fits', () => {
    const select = '      nodeSelector: { disk: ssd }\n'
    const r = loadModel('s.yaml', cluster(THREE) + deployment(1, select))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.model.pods.find((p) => p.name.startsWith('app-'))!.nodeName).toBeNull()
    expect(r.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining('n2: node is cordoned (unschedulable); n3: nodeSelector disk=ssd does not match'))
  })
})
