/** `show <file> cluster`: nodes, pods, services and endpoints as kubectl would list them. */
import { formatCidr, formatIpv4 } from '../addr/ipv4.js'
import type { Model, ModelService } from '../model.js'
import { formatTable } from './table.js'

export interface ClusterView {
  nodes: { name: string; status: string; roles: string; internalIP: string; podCIDR: string }[]
  pods: { namespace: string; name: string; ready: string; status: string; ip: string; node: string }[]
  services: { namespace: string; name: string; type: string; clusterIP: string; externalIP: string; ports: string }[]
  endpoints: { namespace: string; name: string; endpoints: string }[]
}

function externalIP(s: ModelService): string {
  const o = s.obj
  if (o.type === 'ExternalName') return o.externalName ?? '<none>'
  const ips = [...o.loadBalancerIngress.map((i) => i.ip).filter(Boolean), ...o.externalIPs]
  if (ips.length) return ips.join(',')
  return o.type === 'LoadBalancer' ? '<pending>' : '<none>'
}

function ports(s: ModelService): string {
  if (s.ports.length === 0) return '<none>'
  return s.ports.map((p) => `${p.spec.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.spec.protocol}`).join(',')
}

export function clusterView(model: Model): ClusterView {
  return {
    nodes: model.nodes.map((n) => ({
      name: n.name,
      status: n.spec.unschedulable ? 'Ready,SchedulingDisabled' : 'Ready',
      roles: n.spec.controlPlane ? 'control-plane' : '<none>',
      internalIP: formatIpv4(n.ip),
      podCIDR: formatCidr(n.podCIDR),
    })),
    pods: model.pods.map((p) => ({
      namespace: p.namespace, name: p.name,
      ready: `${p.ready ? p.template.containers.length : 0}/${p.template.containers.length}`,
      status: p.nodeName ? 'Running' : 'Pending',
      ip: p.ip === null ? '<none>' : formatIpv4(p.ip),
      node: p.nodeName ?? '<none>',
    })),
    services: model.services.map((s) => ({
      namespace: s.namespace, name: s.name, type: s.obj.type,
      clusterIP: s.clusterIP === null ? '<none>' : s.clusterIP === 'None' ? 'None' : formatIpv4(s.clusterIP),
      externalIP: externalIP(s), ports: ports(s),
    })),
    endpoints: model.services.filter((s) => s.obj.type !== 'ExternalName').map((s) => {
      const eps = [...new Set(s.ports.flatMap((p) => p.endpoints.filter((e) => e.ready).map((e) => `${formatIpv4(e.ip)}:${e.port}`)))]
      return { namespace: s.namespace, name: s.name, endpoints: eps.length ? eps.join(',') : '<none>' }
    }),
  }
}

export function formatClusterView(v: ClusterView): string {
  return [
    'NODES\n' + formatTable(['NAME', 'STATUS', 'ROLES', 'INTERNAL-IP', 'POD-CIDR'], v.nodes.map((n) => [n.name, n.status, n.roles, n.internalIP, n.podCIDR])),
    'PODS\n' + formatTable(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'IP', 'NODE'], v.pods.map((p) => [p.namespace, p.name, p.ready, p.status, p.ip, p.node])),
    'SERVICES\n' + formatTable(['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)'], v.services.map((s) => [s.namespace, s.name, s.type, s.clusterIP, s.externalIP, s.ports])),
    'ENDPOINTS\n' + formatTable(['NAMESPACE', 'NAME', 'ENDPOINTS'], v.endpoints.map((e) => [e.namespace, e.name, e.endpoints])),
  ].join('\n')
}
