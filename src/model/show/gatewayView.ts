/**
 * `show <file> gateways`: the Gateway API objects as `kubectl get gatewayclasses,gateways,httproutes`
 * would list them (plus each route's parent and conditions, which `kubectl describe` shows), and
 * for --json the objects with the status the lab's controller computed, shaped like the API's.
 */
import { conditionOf, type Condition } from '../gateway/conditions.js'
import type { GatewayApiState } from '../gateway/state.js'
import { GATEWAY_GROUP } from '../gateway/objects.js'
import type { Model } from '../model.js'
import { formatTable } from './table.js'

const statusOf = (conds: readonly Condition[], type: string): string => conditionOf(conds, type)?.status ?? 'Unknown'

function apiVersionOf(o: { origin?: { doc: { data: Record<string, unknown> } } }, fallback: string): string {
  const v = o.origin?.doc.data['apiVersion']
  return typeof v === 'string' ? v : fallback
}

/** The objects with their computed status, shaped like `kubectl get -o json`. */
export function gatewayApiJson(s: GatewayApiState): unknown[] {
  const spec = (o: { origin?: { doc: { data: Record<string, unknown> } } }): unknown => o.origin?.doc.data['spec'] ?? {}
  return [
    ...s.classes.map((c) => ({
      apiVersion: apiVersionOf(c.gatewayClass, `${GATEWAY_GROUP}/v1`), kind: 'GatewayClass', metadata: { name: c.gatewayClass.name },
      spec: spec(c.gatewayClass), status: { conditions: c.conditions },
    })),
    ...s.gateways.map((g) => ({
      apiVersion: apiVersionOf(g.gateway, `${GATEWAY_GROUP}/v1`), kind: 'Gateway', metadata: { name: g.gateway.name, namespace: g.gateway.namespace },
      spec: spec(g.gateway),
      status: {
        addresses: g.address ? [{ type: 'IPAddress', value: g.address }] : [],
        conditions: g.conditions,
        listeners: g.listeners.map((l) => ({ name: l.listener.name, attachedRoutes: l.attachedRoutes, supportedKinds: l.supportedKinds, conditions: l.conditions })),
      },
    })),
    ...s.routes.map((r) => ({
      apiVersion: apiVersionOf(r.route, `${GATEWAY_GROUP}/v1`), kind: r.route.kind, metadata: { name: r.route.name, namespace: r.route.namespace, ...(r.route.creationTimestamp ? { creationTimestamp: r.route.creationTimestamp } : {}) },
      spec: spec(r.route),
      status: {
        parents: r.parents.filter((p) => p.controllerName !== null).map((p) => ({
          parentRef: { group: p.parentRef.group, kind: p.parentRef.kind, namespace: p.parentRef.namespace, name: p.parentRef.name, ...(p.parentRef.sectionName !== null ? { sectionName: p.parentRef.sectionName } : {}), ...(p.parentRef.port !== null ? { port: p.parentRef.port } : {}) },
          controllerName: p.controllerName, conditions: p.conditions,
        })),
      },
    })),
    ...s.grants.map((g) => ({ apiVersion: apiVersionOf(g, `${GATEWAY_GROUP}/v1beta1`), kind: 'ReferenceGrant', metadata: { name: g.name, namespace: g.namespace }, spec: spec(g) })),
  ]
}

export function formatGatewayView(model: Model): string {
  const s = model.gatewayApi
  const sections: string[] = []
  sections.push('GATEWAYCLASSES\n' + formatTable(['NAME', 'CONTROLLER', 'ACCEPTED'], s.classes.map((c) => [c.gatewayClass.name, c.gatewayClass.controllerName, statusOf(c.conditions, 'Accepted')])))
  sections.push('GATEWAYS\n' + formatTable(['NAMESPACE', 'NAME', 'CLASS', 'ADDRESS', 'PROGRAMMED'], s.gateways.map((g) => [g.gateway.namespace, g.gateway.name, g.gateway.gatewayClassName, g.address ?? '', statusOf(g.conditions, 'Programmed')])))
  sections.push('LISTENERS\n' + formatTable(['NAMESPACE', 'GATEWAY', 'LISTENER', 'PORT', 'PROTOCOL', 'HOSTNAME', 'ALLOWED', 'ATTACHED', 'PROGRAMMED'], s.gateways.flatMap((g) => g.listeners.map((l) => [
    g.gateway.namespace, g.gateway.name, l.listener.name, String(l.listener.port), l.listener.protocol, l.listener.hostname ?? '*',
    l.listener.allowedRoutes.from, String(l.attachedRoutes), statusOf(l.conditions, 'Programmed'),
  ]))))
  sections.push('ROUTES\n' + formatTable(['NAMESPACE', 'KIND', 'NAME', 'HOSTNAMES', 'PARENT', 'ACCEPTED', 'RESOLVEDREFS'], s.routes.flatMap((r) => {
    const hosts = r.route.hostnames.join(',') || '*'
    if (r.parents.length === 0) return [[r.route.namespace, r.route.kind, r.route.name, hosts, '<none>', '', '']]
    return r.parents.map((p) => [
      r.route.namespace, r.route.kind, r.route.name, hosts,
      `${p.parentRef.namespace}/${p.parentRef.name}${p.parentRef.sectionName !== null ? `/${p.parentRef.sectionName}` : ''}${p.parentRef.port !== null ? `:${p.parentRef.port}` : ''}`,
      statusOf(p.conditions, 'Accepted'), statusOf(p.conditions, 'ResolvedRefs'),
    ])
  })))
  if (s.grants.length) {
    sections.push('REFERENCEGRANTS\n' + formatTable(['NAMESPACE', 'NAME', 'FROM', 'TO'], s.grants.map((g) => [
      g.namespace, g.name, g.from.map((f) => `${f.kind}/${f.namespace}`).join(','), g.to.map((t) => `${t.kind || 'Service'}${t.name ? `/${t.name}` : ''}`).join(','),
    ])))
  }
  // What `kubectl describe` would show for anything not fine: every condition that is not the happy one.
  const problems: string[] = []
  const happy = (c: Condition): boolean => (c.type === 'Conflicted' || c.type === 'PartiallyInvalid' ? c.status === 'False' : c.status === 'True')
  for (const g of s.gateways) {
    for (const c of g.conditions.filter((x) => !happy(x))) problems.push(`Gateway ${g.key}: ${c.type}=${c.status} ${c.reason}: ${c.message}`)
    for (const l of g.listeners) for (const c of l.conditions.filter((x) => !happy(x))) problems.push(`Gateway ${g.key} listener ${l.listener.name}: ${c.type}=${c.status} ${c.reason}: ${c.message}`)
  }
  for (const r of s.routes) {
    for (const p of r.parents) for (const c of p.conditions.filter((x) => !happy(x))) problems.push(`${r.route.kind} ${r.route.namespace}/${r.route.name} on ${p.parentRef.namespace}/${p.parentRef.name}: ${c.type}=${c.status} ${c.reason}: ${c.message}`)
  }
  if (problems.length) sections.push(`CONDITIONS (not as wanted)\n${problems.map((p) => `${p}\n`).join('')}`)
  return sections.join('\n')
}
