/** A small cluster with backends in two namespaces, to which tests add Gateway API YAML. */
import { loadModel } from '../../src/model/derive/buildModel.js'
import type { Model } from '../../src/model/model.js'
import { gatewayOf, routeHttp, finishWith, type GatewayRouting } from '../../src/engine/gateway/route.js'
import type { HttpRequest } from '../../src/engine/gateway/request.js'

const backend = (ns: string, name: string, replicas = 1): string => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: echo, image: echo, ports: [{ containerPort: 3000 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec: { selector: { app: ${name} }, ports: [{ port: 8080, targetPort: 3000 }] }
`

export const LAB = `apiVersion: kube-netlab/v1
kind: Cluster
metadata: { name: gw }
spec:
  nodes: [{ name: node1, ip: 192.168.49.2, controlPlane: true }, { name: node2, ip: 192.168.49.3 }]
  externalClients: [{ name: laptop, ip: 192.168.49.100 }]
---
apiVersion: v1
kind: Namespace
metadata: { name: infra }
---
apiVersion: v1
kind: Namespace
metadata: { name: app, labels: { team: app } }
---
apiVersion: v1
kind: Namespace
metadata: { name: other }
${backend('infra', 'v1')}${backend('infra', 'v2')}${backend('infra', 'v3')}${backend('app', 'web')}${backend('other', 'db')}---
apiVersion: v1
kind: Service
metadata: { name: empty, namespace: infra }
spec: { selector: { app: nobody }, ports: [{ port: 8080 }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: eg }
spec: { controllerName: gateway.envoyproxy.io/gatewayclass-controller }
`

export const gateway = (listeners: string, name = 'gw'): string => `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: infra }
spec:
  gatewayClassName: eg
  listeners:
${listeners}`

export const httpRoute = (name: string, spec: string, ns = 'infra', created?: string): string => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: ${ns}${created ? `, creationTimestamp: "${created}"` : ''} }
spec:
${spec}`

export function lab(extra: string): Model {
  const r = loadModel('gw.yaml', LAB + extra)
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'))
  return r.model
}

export function request(path: string, host: string | null = null, more: Partial<HttpRequest> = {}): HttpRequest {
  const q = path.indexOf('?')
  const query = q < 0 ? [] : path.slice(q + 1).split('&').map((kv) => kv.split('=') as [string, string])
  return { scheme: 'http', method: 'GET', host, path: q < 0 ? path : path.slice(0, q), query, headers: [], ...more }
}

export function route(model: Model, req: HttpRequest, port = 80, gw = 'infra/gw'): GatewayRouting {
  return routeHttp(model, gatewayOf(model, gw)!, port, req)
}

/** The single answer for a request: status and backend (throws when the rule splits). */
export function answer(model: Model, req: HttpRequest, port = 80, gw = 'infra/gw'): { status: number; backend: string | null; routing: GatewayRouting } {
  const routing = route(model, req, port, gw)
  if (routing.status !== null) return { status: routing.status, backend: null, routing }
  const live = routing.backends.filter((b) => b.probability > 0)
  if (live.length !== 1) throw new Error(`split over ${live.map((b) => b.label).join(', ')}`)
  const f = finishWith(model, routing, live[0]!)
  return { status: f.status, backend: f.status === 200 ? live[0]!.label : null, routing }
}
