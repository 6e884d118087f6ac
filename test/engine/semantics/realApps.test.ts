/** Semantics real apps rely on: namespace labels, undeclared ports, resource backends, DNS where nothing listens. */
import { describe, expect, it } from 'vitest'
import { renderMessage } from '../../../src/i18n/render.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { formatDiagnostic } from '../../../src/model/load/diagnostics.js'
import { dig } from '../../../src/engine/dns/dig.js'
import { trace } from '../../../src/engine/trace/trace.js'

const CLUSTER = `apiVersion: kube-netlab/v1
kind: Cluster
metadata: { name: t }
spec:
  network: { plugin: flannel, backend: vxlan, policy: calico }
  nodes: [{ name: node1, ip: 192.168.49.2, controlPlane: true }, { name: node2, ip: 192.168.49.3 }]
`
const APP = `---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { env: prod } }
---
apiVersion: v1
kind: Namespace
metadata: { name: lab, labels: { env: dev } }
---
apiVersion: v1
kind: Pod
metadata: { name: client, namespace: shop, labels: { app: client } }
spec: { nodeName: node1, containers: [{ name: c, image: curl }] }
---
apiVersion: v1
kind: Pod
metadata: { name: intruder, namespace: lab, labels: { app: client } }
spec: { nodeName: node1, containers: [{ name: c, image: curl }] }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: db, labels: { app: web } }
spec: { nodeName: node2, containers: [{ name: nginx, image: nginx }] }
---
apiVersion: v1
kind: Pod
metadata: { name: api, namespace: db, labels: { app: api } }
spec: { nodeName: node2, containers: [{ name: api, image: api, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: db }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: prod-only, namespace: db }
spec:
  podSelector: { matchLabels: { app: web } }
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: prod } } }] }]
`
function model(text: string) {
  const r = loadModel('t.yaml', text)
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'))
  return r.model
}

describe('namespace labels in namespaceSelector', () => {
  const m = model(CLUSTER + APP)
  it('lets a pod of an env=prod namespace through', () => {
    const t = trace(m, { from: 'pod/shop/client', to: 'web.db:80' })
    expect(t.ok && t.trace.result).toBe('delivered')
  })
  it('drops a pod of an env=dev namespace', () => {
    const t = trace(m, { from: 'pod/lab/intruder', to: 'web.db:80' })
    expect(t.ok && t.trace.result).toBe('timeout')
  })
})

describe('ports no container declares', () => {
  const m = model(CLUSTER + APP)
  it('a pod that declares no ports is assumed to listen, and the trace says so', () => {
    const t = trace(m, { from: 'pod/shop/client', to: 'web.db:80' })
    if (!t.ok) throw new Error(renderMessage(t.error))
    expect(t.trace.deliveredTo?.pod).toBe('db/web')
    expect(t.trace.notes?.map((n) => renderMessage(n))).toEqual(['no container of db/web declares TCP port 80; the lab assumes the process listens there (containerPort is informational, as in Kubernetes)'])
  })
  it('a pod that declares its ports and not this one answers RST', () => {
    const ip = m.pods.find((p) => p.name === 'api')!.ip!
    const t = trace(m, { from: 'pod/shop/client', to: `${[ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.')}:9999` })
    expect(t.ok && t.trace.result).toBe('refused')
  })
})

describe('IPv6 targets', () => {
  it('are reported as not simulated yet', () => {
    const t = trace(model(CLUSTER + APP), { from: 'pod/shop/client', to: '[fd00::5]:80' })
    expect(t).toMatchObject({ ok: false, error: { code: 'req.ipv6', params: { address: 'fd00::5' } } })
    if (!t.ok) expect(renderMessage(t.error)).toBe('fd00::5 is an IPv6 address: IPv6 is not simulated yet')
  })
})

describe('Ingress resource backends', () => {
  it('are read as resources, not as a Service with an empty name', () => {
    const text = `${CLUSTER}${APP}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: assets, namespace: db }
spec:
  rules:
    - http:
        paths:
          - path: /static
            pathType: Prefix
            backend: { resource: { apiGroup: k8s.example.com, kind: StorageBucket, name: static-assets } }
`
    const r = loadModel('t.yaml', text)
    expect(r.diagnostics.map(formatDiagnostic).join('\n')).not.toContain('backend Service')
    expect(r.ok && r.model.ingresses[0]!.rules[0]!.paths[0]!.resource).toEqual({ apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static-assets' })
  })
})

describe('DNS to an address where no DNS server listens', () => {
  it('times out', () => {
    const text = `${CLUSTER}${APP}---
apiVersion: v1
kind: Pod
metadata: { name: odd-dns, namespace: shop }
spec:
  nodeName: node1
  dnsPolicy: None
  dnsConfig: { nameservers: [192.168.49.3], searches: [shop.svc.cluster.local] }
  containers: [{ name: c, image: curl }]
`
    const d = dig(model(text), { from: 'pod/shop/odd-dns', name: 'web.db.svc.cluster.local' })
    if (!d.ok) throw new Error(renderMessage(d.error))
    expect(d.dig.queries.map((q) => q.rcode)).toEqual(['TIMEOUT'])
  })
})
