/**
 * The Gateway API objects ingress2gateway writes for a file's Ingresses (kubernetes-sigs/
 * ingress2gateway pkg/i2gw/providers/common/converter.go, ingress-nginx provider): rules grouped by
 * (namespace, class, host); per group an HTTP listener on port 80 (`<host>-http`, or `http` without
 * host; plus `<host>-https` on 443 when the Ingress has TLS) on a Gateway named after the class, and
 * an HTTPRoute `<ingress>-<host>` (`-all-hosts` without host) whose rules are the distinct
 * (pathType, path) pairs, each with one match and the backends of those paths; a defaultBackend
 * becomes `<ingress>-default-backend`. Prefix → PathPrefix, Exact → Exact, and ingress-nginx's
 * ImplementationSpecific → PathPrefix. Port names are resolved to numbers through the Service.
 */
import type { Model } from '../model.js'
import type { IngressObject, IngressPath } from '../objects.js'
import { GATEWAY_GROUP } from './objects.js'

export interface ConvertResult {
  readonly objects: Record<string, unknown>[]
  /** What could not be converted (ingress2gateway's field errors), one line each. */
  readonly warnings: string[]
}

/** ingress2gateway's NameFromHost: non-alphanumerics to "-", leading ones dropped; no host → all-hosts. */
export function nameFromHost(host: string): string {
  if (host === '' || host === '*') return 'all-hosts'
  return host.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '')
}

interface Group { namespace: string; name: string; cls: string; host: string; tls: { hosts: string[]; secretName: string }[]; paths: { ing: IngressObject; p: IngressPath }[] }

export function convertIngresses(model: Model, tlsOf: (ing: IngressObject) => { hosts: string[]; secretName: string }[] = () => []): ConvertResult {
  const warnings: string[] = []
  const groups = new Map<string, Group>()
  for (const ing of model.ingresses) {
    const cls = ing.ingressClassName ?? 'nginx'
    for (const rule of ing.rules) {
      const host = rule.host ?? ''
      const key = `${ing.namespace}/${cls}/${host}`
      let g = groups.get(key)
      if (!g) groups.set(key, (g = { namespace: ing.namespace, name: ing.name, cls, host, tls: [], paths: [] }))
      g.tls.push(...tlsOf(ing))
      g.paths.push(...rule.paths.map((p) => ({ ing, p })))
    }
  }
  const port = (ing: IngressObject, service: string, p: number | string): number | null => {
    if (typeof p === 'number') return p
    const sp = model.services.find((s) => s.namespace === ing.namespace && s.name === service)?.ports.find((x) => x.spec.name === p)
    if (!sp) warnings.push(`Ingress ${ing.namespace}/${ing.name}: port name "${p}" of Service ${service} cannot be resolved to a number; backend left out`)
    return sp?.spec.port ?? null
  }
  const gateways = new Map<string, { namespace: string; cls: string; listeners: Record<string, unknown>[] }>()
  const routes: Record<string, unknown>[] = []
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!
    const gwKey = `${g.namespace}/${g.cls}`
    const gw = gateways.get(gwKey) ?? { namespace: g.namespace, cls: g.cls, listeners: [] }
    gateways.set(gwKey, gw)
    const hostname = g.host || (g.tls.length === 1 && g.tls[0]!.hosts.length === 1 ? g.tls[0]!.hosts[0]! : '')
    const prefix = hostname ? `${nameFromHost(hostname)}-` : ''
    gw.listeners.push({ name: `${prefix}http`, ...(hostname ? { hostname } : {}), port: 80, protocol: 'HTTP' })
    if (g.tls.length) gw.listeners.push({ name: `${prefix}https`, ...(hostname ? { hostname } : {}), port: 443, protocol: 'HTTPS', tls: { certificateRefs: g.tls.map((t) => ({ name: t.secretName })) } })
    const byMatch = new Map<string, { ing: IngressObject; p: IngressPath }[]>()
    for (const x of g.paths) {
      const k = `${x.p.pathType}/${x.p.path}`
      byMatch.set(k, [...(byMatch.get(k) ?? []), x])
    }
    const rules = [...byMatch.values()].map((xs) => {
      const p = xs[0]!.p
      return {
        matches: [{ path: { type: p.pathType === 'Exact' ? 'Exact' : 'PathPrefix', value: p.path } }],
        backendRefs: xs.flatMap((x) => {
          const n = port(x.ing, x.p.service, x.p.port)
          return n === null ? [] : [{ name: x.p.service, port: n }]
        }),
      }
    })
    routes.push({
      apiVersion: `${GATEWAY_GROUP}/v1`, kind: 'HTTPRoute', metadata: { name: `${g.name}-${nameFromHost(g.host)}`, namespace: g.namespace },
      spec: { parentRefs: [{ name: g.cls }], ...(g.host ? { hostnames: [g.host] } : {}), rules },
    })
  }
  for (const ing of model.ingresses) {
    if (!ing.defaultBackend) continue
    const n = port(ing, ing.defaultBackend.service, ing.defaultBackend.port)
    routes.push({
      apiVersion: `${GATEWAY_GROUP}/v1`, kind: 'HTTPRoute', metadata: { name: `${ing.name}-default-backend`, namespace: ing.namespace },
      spec: { parentRefs: [{ name: ing.ingressClassName ?? 'nginx' }], rules: n === null ? [] : [{ backendRefs: [{ name: ing.defaultBackend.service, port: n }] }] },
    })
  }
  const gws = [...gateways.values()].sort((a, b) => `${a.namespace}/${a.cls}`.localeCompare(`${b.namespace}/${b.cls}`)).map((gw) => ({
    apiVersion: `${GATEWAY_GROUP}/v1`, kind: 'Gateway', metadata: { name: gw.cls, namespace: gw.namespace },
    spec: { gatewayClassName: gw.cls, listeners: gw.listeners },
  }))
  return { objects: [...gws, ...routes], warnings }
}
