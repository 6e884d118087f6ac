/** Every kind of bad input gets a located, explained diagnostic; none of them throws. */
import { describe, expect, it } from 'vitest'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { formatDiagnostic } from '../../../src/model/load/diagnostics.js'

const CLUSTER = `apiVersion: kube-netlab/v1
kind: Cluster
metadata: { name: t }
spec:
  podCIDR: 10.244.0.0/16
  serviceCIDR: 10.96.0.0/12
  nodes:
    - { name: node1, ip: 192.168.49.2 }
    - { name: node2, ip: 192.168.49.3 }
`
const WEB = `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: c, image: nginx, ports: [{ name: http, containerPort: 80 }] }]
`

function messages(text: string): string[] {
  const r = loadModel('in.yaml', text)
  return r.diagnostics.map(formatDiagnostic)
}

const cases: [string, string, string, boolean][] = [
  ['malformed YAML', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a\n', 'in.yaml:5:1: error: YAML syntax:', false],
  ['unknown kind', `${CLUSTER}---\napiVersion: v1\nkind: Gizmo\nmetadata: { name: g }\n`, 'in.yaml:12:7: warning: unknown kind "Gizmo"; skipped (Gizmo default/g)', true],
  ['unknown apiVersion', `${CLUSTER}---\napiVersion: apps/v1beta9\nkind: Deployment\nmetadata: { name: d }\n`, 'in.yaml:11:13: warning: apiVersion "apps/v1beta9" is not known for Deployment; skipped (Deployment default/d)', true],
  ['invalid CIDR', CLUSTER.replace('10.244.0.0/16', '10.244.0.0/33'), 'in.yaml:5:12: error: spec.podCIDR: "/33" is not a prefix length between 0 and 32 (Cluster t)', false],
  ['CIDR with host bits', CLUSTER.replace('10.244.0.0/16', '10.244.3.0/16'), 'in.yaml:5:12: error: spec.podCIDR: "10.244.3.0/16" has host bits set; the network is 10.244.0.0/16 (Cluster t)', false],
  ['overlapping pod and service ranges', CLUSTER.replace('10.96.0.0/12', '10.244.128.0/20'), 'in.yaml:6:16: error: serviceCIDR 10.244.128.0/20 overlaps podCIDR 10.244.0.0/16 (Cluster t)', false],
  ['node pod CIDR outside the cluster range', CLUSTER.replace('{ name: node2, ip: 192.168.49.3 }', '{ name: node2, ip: 192.168.49.3, podCIDR: 10.250.1.0/24 }'), 'in.yaml:9:49: error: node node2 podCIDR 10.250.1.0/24 is outside the cluster podCIDR 10.244.0.0/16 (Cluster t)', false],
  ['overlapping node pod CIDRs', CLUSTER.replace('{ name: node1, ip: 192.168.49.2 }', '{ name: node1, ip: 192.168.49.2, podCIDR: 10.244.1.0/24 }').replace('{ name: node2, ip: 192.168.49.3 }', '{ name: node2, ip: 192.168.49.3, podCIDR: 10.244.0.0/23 }'), 'in.yaml:9:49: error: node node2 podCIDR 10.244.0.0/23 overlaps 10.244.1.0/24 of another node (Cluster t)', false],
  ['ClusterIP outside the service range', `${CLUSTER}${WEB}---\napiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  clusterIP: 10.200.0.5\n  selector: { app: web }\n  ports: [{ port: 80 }]\n`, 'in.yaml:26:14: error: clusterIP 10.200.0.5 is outside serviceCIDR 10.96.0.0/12 (Service default/web)', false],
  ['ClusterIP taken twice', `${CLUSTER}---\napiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { clusterIP: 10.96.0.50, ports: [{ port: 80 }] }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: b }\nspec: { clusterIP: 10.96.0.50, ports: [{ port: 80 }] }\n`, 'in.yaml:19:20: error: clusterIP 10.96.0.50 is already taken by default/a (Service default/b)', false],
  ['nodePort outside the range', `${CLUSTER}---\napiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { type: NodePort, ports: [{ port: 80, nodePort: 8080 }] }\n`, 'in.yaml:14:55: error: nodePort 8080 is outside the range 30000-32767 (Service default/a)', false],
  ['nodePort used twice', `${CLUSTER}---\napiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { type: NodePort, ports: [{ port: 80, nodePort: 30500 }] }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: b }\nspec: { type: NodePort, ports: [{ port: 80, nodePort: 30500 }] }\n`, 'in.yaml:19:55: error: nodePort 30500 is already used by default/a (Service default/b)', false],
  ['duplicate names in a namespace', `${CLUSTER}${WEB}${WEB}`, 'in.yaml:24:19: error: Deployment web is defined twice in namespace default (Deployment default/web)', false],
  ['targetPort name nobody declares', `${CLUSTER}${WEB}---\napiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80, targetPort: metrics }]\n`, `in.yaml:27:35: error: targetPort "metrics" names a port that no selected pod's containers declare (Service default/web)`, false],
  ['selector that matches nothing (a lesson, not an error)', `${CLUSTER}---\napiVersion: v1\nkind: Service\nmetadata: { name: lonely }\nspec: { selector: { app: ghost }, ports: [{ port: 80 }] }\n`, 'in.yaml:14:19: warning: selector app=ghost matches no pod: the Service has no endpoints (Service default/lonely)', true],
  ['node outside the node network', CLUSTER.replace('192.168.49.3', '10.0.0.3'), 'in.yaml:9:26: error: node node2 IP 10.0.0.3 is outside the node network 192.168.49.0/24 (Cluster t)', false],
  ['pod pinned to an unknown node', `${CLUSTER}---\napiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { nodeName: node7, containers: [{ name: c, image: x }] }\n`, 'in.yaml:14:19: error: nodeName node7 is not a node of this cluster (Pod default/p)', false],
]

describe('bad input', () => {
  it.each(cases)('%s', (_name, text, expected, loads) => {
    const found = messages(text)
    expect(found.some((m) => m.startsWith(expected)), `got:\n${found.join('\n')}`).toBe(true)
    expect(loadModel('in.yaml', text).ok).toBe(loads)
  })

  it('rejects a file over 5 MB with a hint', () => {
    const text = `# ${'x'.repeat(5 * 1024 * 1024)}\n`
    expect(messages(text)[0]).toMatch(/^in\.yaml:1:1: error: file is 5\.0 MB; the limit is 5 MB/)
  })

  it('rejects more than 10,000 objects', () => {
    const text = Array.from({ length: 10_001 }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: n${i} }\n`).join('---\n')
    expect(messages(text)).toContain('in.yaml:1:1: error: file holds 10001 objects; the limit is 10000\n  hint: load one namespace at a time (kubectl get -n NS -o yaml)')
  })

  it('accepts a kubectl List dump and honours its addresses', () => {
    const dump = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Node
    metadata: { name: kind-worker, labels: {} }
    spec: { podCIDR: 10.244.1.0/24 }
    status: { addresses: [{ type: InternalIP, address: 192.168.49.3 }] }
  - apiVersion: v1
    kind: Pod
    metadata: { name: api-7d9f, namespace: shop, labels: { app: api }, ownerReferences: [{ kind: ReplicaSet, name: api-7d9f }] }
    spec: { nodeName: kind-worker, containers: [{ name: api, image: api, ports: [{ containerPort: 8080 }] }] }
    status: { podIP: 10.244.1.17, conditions: [{ type: Ready, status: "True" }] }
  - apiVersion: v1
    kind: Service
    metadata: { name: api, namespace: shop }
    spec: { clusterIP: 10.96.33.4, selector: { app: api }, ports: [{ port: 80, targetPort: 8080 }] }
`
    const r = loadModel('dump.yaml', dump)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const pod = r.model.pods.find((p) => p.name === 'api-7d9f')!
    expect([pod.nodeName, pod.ip]).toEqual(['kind-worker', (10 << 24 | 244 << 16 | 1 << 8 | 17) >>> 0])
    const svc = r.model.services.find((s) => s.name === 'api')!
    expect(svc.clusterIP).toBe((10 << 24 | 96 << 16 | 33 << 8 | 4) >>> 0)
    expect(svc.ports[0]!.endpoints.map((e) => e.port)).toEqual([8080])
  })
})
