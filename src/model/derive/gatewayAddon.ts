/**
 * The Gateway API controller the lab plays, with Envoy Gateway's defaults: for every Gateway whose
 * GatewayClass is in the file and that has a listener it can serve, a proxy Deployment and a
 * LoadBalancer Service (externalTrafficPolicy Local) in `envoy-gateway-system`, both named
 * `envoy-<namespace>-<name>-<8 hex of sha256(namespace/name)>` and labelled with the owning
 * Gateway (envoyproxy/gateway internal/infrastructure/kubernetes/proxy: ExpectedResourceHashedName,
 * EnvoyAppLabel). Envoy runs unprivileged, so a listener port below 1024 is served on port+10000 in
 * the pod (the Service's targetPort). The Service's LoadBalancer address becomes the Gateway's
 * address: spec.addresses when given, else the next free address of a MetalLB-style pool, the top
 * 15 addresses of the node network below its broadcast address.
 */
import { cidrContains, cidrSize, formatIpv4, isIpv4, nthAddress, parseIpv4 } from '../addr/ipv4.js'
import { hashHex } from '../hash/digest.js'
import { judgeListeners } from '../gateway/listeners.js'
import type { GatewayClassObject, GatewayObject } from '../gateway/objects.js'
import type { AddonRole } from '../model.js'
import type { ClusterObject, ClusterSpec, ServiceObject } from '../objects.js'
import { roleKey, service, template } from './addons.js'

export const GATEWAY_CONTROLLER_NAMESPACE = 'envoy-gateway-system'
export const OWNING_GATEWAY_NAME = 'gateway.envoyproxy.io/owning-gateway-name'
export const OWNING_GATEWAY_NAMESPACE = 'gateway.envoyproxy.io/owning-gateway-namespace'
const POOL_SIZE = 15

export interface GatewayInfra {
  /** `namespace/name` of the Gateway. */
  readonly key: string
  readonly controllerName: string | null
  /** The proxy Deployment and Service name in the controller namespace; null when nothing runs. */
  readonly proxy: string | null
  readonly address: string | null
  /** Why no proxy or no address (a Programmed=False message). */
  readonly problem: { readonly reason: string; readonly message: string } | null
  /** Listener port → the port Envoy listens on in its pod. */
  readonly containerPorts: ReadonlyMap<number, number>
}

export const proxyName = (gw: { namespace: string; name: string }): string =>
  `envoy-${`${gw.namespace}-${gw.name}`.slice(0, 48)}-${hashHex(`${gw.namespace}/${gw.name}`, 8)}`.toLowerCase()

export const containerPortFor = (port: number): number => (port < 1024 ? port + 10000 : port)

function usedAddresses(objects: readonly ClusterObject[], cluster: ClusterSpec): Set<number> {
  const used = new Set<number>([cluster.underlay.gateway, ...cluster.nodes.map((n) => n.ip), ...cluster.externalClients.map((e) => e.ip)])
  for (const o of objects) {
    if (o.kind !== 'Service') continue
    for (const t of [...o.loadBalancerIngress.map((i) => i.ip), ...o.externalIPs]) if (isIpv4(t)) used.add(parseIpv4(t))
  }
  return used
}

export function gatewayInfra(existing: readonly ClusterObject[], cluster: ClusterSpec): { infra: GatewayInfra[]; objects: ClusterObject[]; roles: [string, AddonRole][] } {
  const classes = existing.filter((o): o is GatewayClassObject => o.kind === 'GatewayClass')
  const gateways = existing.filter((o): o is GatewayObject => o.kind === 'Gateway')
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))
  // Every Service's addresses, looked at only when there is a Gateway to address.
  const used = gateways.length ? usedAddresses(existing, cluster) : new Set<number>()
  const size = cidrSize(cluster.underlay.cidr)
  const pool = Array.from({ length: Math.min(POOL_SIZE, Math.max(0, size - 2)) }, (_, i) => nthAddress(cluster.underlay.cidr, size - 1 - POOL_SIZE + i))
  const objects: ClusterObject[] = []
  const roles: [string, AddonRole][] = []
  const infra: GatewayInfra[] = []
  for (const gw of gateways) {
    const key = `${gw.namespace}/${gw.name}`
    const cls = classes.find((c) => c.name === gw.gatewayClassName)
    const base = { key, controllerName: cls?.controllerName ?? null, containerPorts: new Map<number, number>() }
    if (!cls) {
      infra.push({ ...base, proxy: null, address: null, problem: { reason: 'Pending', message: `GatewayClass ${gw.gatewayClassName} is not in the file: no controller runs this Gateway` } })
      continue
    }
    const served = judgeListeners(gw).filter((v) => v.valid).map((v) => v.listener)
    if (served.length === 0) {
      infra.push({ ...base, proxy: null, address: null, problem: { reason: 'Invalid', message: 'no listener can be served, so no proxy is deployed' } })
      continue
    }
    let address: number | null = null
    const wanted = gw.addresses[0]
    if (wanted !== undefined) {
      const ip = parseIpv4(wanted)
      if (cidrContains(cluster.underlay.cidr, ip) && !used.has(ip)) address = ip
    } else address = pool.find((ip) => !used.has(ip)) ?? null
    if (address === null) {
      infra.push({
        ...base, proxy: null, address: null,
        problem: { reason: 'AddressNotAssigned', message: wanted !== undefined ? `requested address ${wanted} is outside the node network or already in use` : `no free address left in the pool ${formatIpv4(pool[0] ?? 0)}-${formatIpv4(pool.at(-1) ?? 0)}` },
      })
      continue
    }
    used.add(address)
    const name = proxyName(gw)
    const labels = {
      'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway',
      [OWNING_GATEWAY_NAME]: gw.name, [OWNING_GATEWAY_NAMESPACE]: gw.namespace,
    }
    const ports = [...new Map(served.map((l) => [`${l.port}/${l.protocol === 'UDP' ? 'UDP' : 'TCP'}`, l])).values()]
    const containerPorts = new Map(ports.map((l) => [l.port, containerPortFor(l.port)]))
    if (!objects.some((o) => o.kind === 'Namespace')) objects.push({ kind: 'Namespace', name: GATEWAY_CONTROLLER_NAMESPACE, labels: {} })
    objects.push({
      kind: 'Deployment', serviceName: null, namespace: GATEWAY_CONTROLLER_NAMESPACE, name, replicas: 1,
      selector: { matchLabels: labels, matchExpressions: [] },
      template: template({
        labels, containers: [{
          name: 'envoy', image: 'docker.io/envoyproxy/envoy:distroless-v1.35.0',
          ports: ports.map((l) => ({ name: `${l.protocol.toLowerCase()}-${l.port}`.slice(0, 15), containerPort: containerPortFor(l.port), protocol: l.protocol === 'UDP' ? 'UDP' as const : 'TCP' as const })),
        }],
      }),
    })
    const svc: ServiceObject = service({
      namespace: GATEWAY_CONTROLLER_NAMESPACE, name, type: 'LoadBalancer', selector: labels, externalTrafficPolicy: 'Local',
      ports: ports.map((l) => ({ name: `${l.protocol.toLowerCase()}-${l.port}`, protocol: l.protocol === 'UDP' ? 'UDP' : 'TCP', port: l.port, targetPort: containerPortFor(l.port), nodePort: null })),
      loadBalancerIngress: [{ ip: formatIpv4(address), ipMode: null }],
    })
    objects.push(svc)
    roles.push([roleKey('Deployment', GATEWAY_CONTROLLER_NAMESPACE, name), 'gateway-proxy'], [roleKey('Service', GATEWAY_CONTROLLER_NAMESPACE, name), 'gateway-proxy'])
    infra.push({ ...base, proxy: name, address: formatIpv4(address), problem: null, containerPorts })
  }
  return { infra, objects, roles }
}
