/**
 * `show <file> cluster`: nodes, pods, services and endpoints as kubectl would list them. The
 * data is the objects themselves (as `kubectl get -o json` gives them: addresses, ports and
 * endpoints as fields); the text is the `kubectl get` tables built from it.
 */
import { formatCidr, formatIpv4 } from '../addr/ipv4.js'
import type { Model, ModelService } from '../model.js'
import { formatTable } from './table.js'

export interface ClusterView {
  nodes: { name: string; status: string; roles: string[]; internalIP: string; podCIDR: string }[]
  pods: { namespace: string; name: string; phase: string; ready: number; containers: number; ip: string | null; ipv6: string[]; node: string | null; hostNetwork: boolean }[]
  services: {
    namespace: string; name: string; type: string
    /** An IPv4 address, "None" for a headless Service, null for ExternalName. */
    clusterIP: string | null
    /** IPv6 ClusterIPs of a dual-stack Service: shown, not simulated. */
    clusterIPv6: string[]
    externalName: string | null
    externalIPs: string[]
    ports: { name: string; protocol: string; port: number; targetPort: number | string; nodePort: number | null }[]
    endpoints: { ip: string; port: number; ready: boolean; pod: string | null; node: string | null }[]
  }[]
}

function externalIP(s: ClusterView['services'][number], type: string): string {
  if (type === 'ExternalName') return s.externalName ?? '<none>'
  if (s.externalIPs.length) return s.externalIPs.join(',')
  return type === 'LoadBalancer' ? '<pending>' : '<none>'
}

function portsText(s: ClusterView['services'][number]): string {
  if (s.ports.length === 0) return '<none>'
  return s.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(',')
}

function serviceData(s: ModelService): ClusterView['services'][number] {
  const o = s.obj
  return {
    namespace: s.namespace, name: s.name, type: o.type,
    clusterIP: s.clusterIP === null ? null : s.clusterIP === 'None' ? 'None' : formatIpv4(s.clusterIP),
    clusterIPv6: [...(o.clusterIPv6 ?? [])],
    externalName: o.type === 'ExternalName' ? o.externalName : null,
    externalIPs: [...o.loadBalancerIngress.map((i) => i.ip).filter(Boolean), ...o.externalIPs],
    ports: s.ports.map((p) => ({ name: p.spec.name, protocol: p.spec.protocol, port: p.spec.port, targetPort: p.spec.targetPort, nodePort: p.nodePort })),
    endpoints: s.ports.flatMap((p) => p.endpoints.map((e) => ({ ip: formatIpv4(e.ip), port: e.port, ready: e.ready, pod: e.pod, node: e.nodeName }))),
  }
}

export function clusterView(model: Model): ClusterView {
  return {
    nodes: model.nodes.map((n) => ({
      name: n.name,
      status: n.spec.unschedulable ? 'Ready,SchedulingDisabled' : 'Ready',
      roles: n.spec.controlPlane ? ['control-plane'] : [],
      internalIP: formatIpv4(n.ip),
      podCIDR: formatCidr(n.podCIDR),
    })),
    pods: model.pods.map((p) => ({
      namespace: p.namespace, name: p.name,
      phase: p.phase ?? (p.nodeName ? 'Running' : 'Pending'),
      ready: p.ready ? p.template.containers.length : 0, containers: p.template.containers.length,
      ip: p.ip === null ? null : formatIpv4(p.ip), ipv6: [...(p.ipv6 ?? [])],
      node: p.nodeName, hostNetwork: p.hostNetwork,
    })),
    services: model.services.map(serviceData),
  }
}

/** kubectl's STATUS column: a Succeeded pod shows Completed, a Failed one Error. */
const statusText = (phase: string): string => (phase === 'Succeeded' ? 'Completed' : phase === 'Failed' ? 'Error' : phase)

export function formatClusterView(v: ClusterView): string {
  const endpoints = v.services.filter((s) => s.type !== 'ExternalName').map((s) => {
    const eps = [...new Set(s.endpoints.filter((e) => e.ready).map((e) => `${e.ip}:${e.port}`))]
    return [s.namespace, s.name, eps.length ? eps.join(',') : '<none>']
  })
  return [
    'NODES\n' + formatTable(['NAME', 'STATUS', 'ROLES', 'INTERNAL-IP', 'POD-CIDR'], v.nodes.map((n) => [n.name, n.status, n.roles.join(',') || '<none>', n.internalIP, n.podCIDR])),
    'PODS\n' + formatTable(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'IP', 'NODE'], v.pods.map((p) => [p.namespace, p.name, `${p.ready}/${p.containers}`, statusText(p.phase), [p.ip ?? '<none>', ...p.ipv6].join(','), p.node ?? '<none>'])),
    'SERVICES\n' + formatTable(['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)'], v.services.map((s) => [s.namespace, s.name, s.type, [s.clusterIP ?? '<none>', ...s.clusterIPv6].join(','), externalIP(s, s.type), portsText(s)])),
    'ENDPOINTS\n' + formatTable(['NAMESPACE', 'NAME', 'ENDPOINTS'], endpoints),
  ].join('\n')
}
