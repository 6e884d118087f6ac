/** Loads a Gateway API conformance vector (test/fixtures/conformance/gateway-api) as a lab model and runs its requests through the proxy's routing. */
import { readFileSync } from 'node:fs'
import { stringify } from 'yaml'
import { loadModel } from '../../src/model/derive/buildModel.js'
import type { Model } from '../../src/model/model.js'
import { finishWith, gatewayOf, routeHttp, type GatewayRouting } from '../../src/engine/gateway/route.js'
import type { HttpRequest } from '../../src/engine/gateway/request.js'

export interface VectorCase {
  request: { gateway: string; port: number; host: string | null; method: string; path: string; query: Record<string, string>; headers: Record<string, string> }
  expect: {
    status: number; backend: string | null
    backendRequest?: { path?: string; headers?: Record<string, string>; absentHeaders?: string[] }
    redirect?: { scheme?: string; host?: string; path?: string; portOneOf?: string[] }
    split?: { backends: Record<string, number>; tolerance: number }
  }
  why?: string
  derived?: boolean
  without?: { kind: string; namespace?: string; name: string }[]
}

export interface GatewayVector {
  name: string
  resources: Record<string, unknown>[]
  status: { kind: string; namespace: string; name: string; parent: string; conditions: { type: string; status: string; reason: string }[] }[]
  cases: VectorCase[]
}

const CLUSTER = {
  apiVersion: 'kube-netlab/v1', kind: 'Cluster', metadata: { name: 'gateway-conformance' },
  spec: { nodes: [{ name: 'node1', ip: '192.168.49.2', controlPlane: true }, { name: 'node2', ip: '192.168.49.3' }], externalClients: [{ name: 'suite', ip: '192.168.49.100' }] },
}

export function readVector(file: string): GatewayVector {
  return JSON.parse(readFileSync(new URL(`../fixtures/conformance/gateway-api/${file}`, import.meta.url), 'utf8')) as GatewayVector
}

export function vectorModel(v: GatewayVector, without: VectorCase['without'] = []): Model {
  const kept = v.resources.filter((r) => {
    const m = r['metadata'] as { name: string; namespace?: string }
    return !(without ?? []).some((w) => w.kind === r['kind'] && w.name === m.name && (w.namespace ?? m.namespace) === m.namespace)
  })
  const text = [CLUSTER, ...kept].map((d) => stringify(d)).join('---\n')
  const r = loadModel(`${v.name}.yaml`, text)
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
  return r.model
}

export function vectorRequest(c: VectorCase): HttpRequest {
  return {
    scheme: 'http', method: c.request.method, host: c.request.host, path: c.request.path,
    query: Object.entries(c.request.query), headers: Object.entries(c.request.headers),
  }
}

export interface CaseOutcome {
  readonly routing: GatewayRouting
  /** Status and backend for each weighted option, with its probability. */
  readonly outcomes: readonly { readonly status: number; readonly backend: string | null; readonly probability: number }[]
}

export function runCase(model: Model, c: VectorCase): CaseOutcome {
  const gw = gatewayOf(model, c.request.gateway)
  if (!gw) throw new Error(`no Gateway ${c.request.gateway}`)
  const routing = routeHttp(model, gw, c.request.port, vectorRequest(c))
  if (routing.status !== null) return { routing, outcomes: [{ status: routing.status, backend: null, probability: 1 }] }
  return {
    routing,
    outcomes: routing.backends.filter((b) => b.probability > 0).map((b) => {
      const f = finishWith(model, routing, b)
      return { status: f.status, backend: f.status === 200 ? b.label : null, probability: b.probability }
    }),
  }
}
