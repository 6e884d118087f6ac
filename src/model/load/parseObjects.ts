/**
 * Turns documents into typed cluster objects. Unknown kinds and apiVersions are skipped with a
 * warning; kinds that carry no networking (Secret, ServiceAccount, RBAC, ...) are skipped quietly.
 */
import { isIpv4, parseIpv4 } from '../addr/ipv4.js'
import type {
  ClusterObject, ClusterSpec, EndpointSliceObject, IngressObject, IngressPath, LabelSelector, NodeSpec, ServicePortSpec,
} from '../objects.js'
import type { Diagnostic } from './diagnostics.js'
import { FieldReader } from './fieldReader.js'
import { parseClusterDoc, readCidr, readIp } from './parseCluster.js'
import { GATEWAY_API_VERSIONS } from '../gateway/objects.js'
import { parseGatewayApi } from './parseGateway.js'
import { parsePodTemplate } from './parseTemplate.js'
import type { Path, SourceDoc } from './readDocuments.js'

const API_VERSIONS: Record<string, readonly string[]> = {
  Cluster: ['kube-netlab/v1'],
  Namespace: ['v1'], Pod: ['v1'], Service: ['v1'], Endpoints: ['v1'], ConfigMap: ['v1'], Node: ['v1'],
  Deployment: ['apps/v1'], ReplicaSet: ['apps/v1'], StatefulSet: ['apps/v1'], DaemonSet: ['apps/v1'],
  EndpointSlice: ['discovery.k8s.io/v1'],
  Ingress: ['networking.k8s.io/v1'], NetworkPolicy: ['networking.k8s.io/v1'],
  ...GATEWAY_API_VERSIONS,
}

const QUIET_KINDS = new Set([
  'Secret', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Event', 'ControllerRevision',
  'Lease', 'PersistentVolume', 'PersistentVolumeClaim', 'StorageClass', 'PodDisruptionBudget', 'HorizontalPodAutoscaler',
  'CustomResourceDefinition', 'IngressClass', 'PriorityClass', 'LimitRange', 'ResourceQuota', 'Job', 'CronJob',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService', 'CSIDriver', 'CSINode',
])

export interface ParsedInput {
  cluster: ClusterSpec | null
  /** Nodes found as `kind: Node` objects (kubectl dumps). */
  dumpNodes: NodeSpec[]
  objects: ClusterObject[]
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const

function objectName(data: Record<string, unknown>): string {
  const meta = (data['metadata'] ?? {}) as Record<string, unknown>
  const clusterScoped = ['Cluster', 'Namespace', 'Node', 'List', 'GatewayClass'].includes(String(data['kind']))
  const ns = clusterScoped ? '' : `${typeof meta['namespace'] === 'string' ? meta['namespace'] : 'default'}/`
  return `${String(data['kind'] ?? '?')} ${ns}${String(meta['name'] ?? '?')}`
}

function parseSelector(r: FieldReader, path: Path): LabelSelector {
  return {
    matchLabels: r.stringMap([...path, 'matchLabels']),
    matchExpressions: r.list([...path, 'matchExpressions']).map((_, i) => ({
      key: r.string([...path, 'matchExpressions', i, 'key'], ''),
      operator: r.oneOf([...path, 'matchExpressions', i, 'operator'], ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const, 'In'),
      values: r.list([...path, 'matchExpressions', i, 'values']).map(String),
    })),
  }
}

function intOrString(r: FieldReader, path: Path, fallback: number | string): number | string {
  const v = r.raw(path)
  if (v === undefined || v === null) return fallback
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535) return v
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v)
  if (typeof v === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 15) return v
  r.error(path, `${path.join('.')} ${JSON.stringify(v)} is neither a port number (1-65535) nor a port name`)
  return fallback
}

function parseIngressBackend(r: FieldReader, path: Path): { service: string; port: number | string } {
  return {
    service: r.string([...path, 'service', 'name'], ''),
    port: r.has([...path, 'service', 'port', 'number'])
      ? r.int([...path, 'service', 'port', 'number'], 80, 1, 65535)
      : r.string([...path, 'service', 'port', 'name'], '80'),
  }
}

export function parseObjects(docs: readonly SourceDoc[], diagnostics: Diagnostic[]): ParsedInput {
  const out: ParsedInput = { cluster: null, dumpNodes: [], objects: [] }
  for (const doc of docs) {
    const r = new FieldReader(doc, diagnostics, objectName(doc.data))
    const kind = r.string(['kind'], '')
    const apiVersion = r.string(['apiVersion'], '')
    if (!kind) {
      r.error([], 'document has no kind', 'every document needs apiVersion and kind')
      continue
    }
    if (QUIET_KINDS.has(kind)) continue
    const versions = API_VERSIONS[kind]
    if (!versions) {
      r.warn(['kind'], `unknown kind "${kind}"; skipped`, `the lab reads ${Object.keys(API_VERSIONS).join(', ')}`)
      continue
    }
    if (!versions.includes(apiVersion)) {
      r.warn(['apiVersion'], `apiVersion "${apiVersion}" is not known for ${kind}; skipped`, `use apiVersion: ${versions[0]}`)
      continue
    }
    const name = r.string(['metadata', 'name'], '')
    if (!name && kind !== 'ConfigMap') {
      r.error(['metadata'], `${kind} has no metadata.name`)
      continue
    }
    if (name && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
      r.error(['metadata', 'name'], `name "${name}" is not a valid Kubernetes name`, 'use lower-case letters, digits, "-" and "."')
      continue
    }
    const namespace = r.string(['metadata', 'namespace'], 'default')
    const origin = { doc }
    switch (kind) {
      case 'Cluster':
        if (out.cluster) r.error(['kind'], 'a second Cluster document; only one is allowed per topology')
        else out.cluster = parseClusterDoc(r)
        break
      case 'Node': {
        const addrs = r.list(['status', 'addresses']) as { type?: string; address?: string }[]
        const internal = addrs.find((a) => a?.type === 'InternalIP' && typeof a.address === 'string' && isIpv4(a.address))
        const labels = r.stringMap(['metadata', 'labels'])
        out.dumpNodes.push({
          name,
          ip: internal?.address ? parseIpv4(internal.address) : 0,
          podCIDR: r.has(['spec', 'podCIDR']) ? readCidr(r, ['spec', 'podCIDR'], null) : null,
          controlPlane: 'node-role.kubernetes.io/control-plane' in labels,
          labels,
          taints: r.list(['spec', 'taints']).map((_, i) => ({
            key: r.string(['spec', 'taints', i, 'key'], ''),
            value: r.string(['spec', 'taints', i, 'value'], ''),
            effect: r.oneOf(['spec', 'taints', i, 'effect'], ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const, 'NoSchedule'),
          })),
          unschedulable: r.bool(['spec', 'unschedulable'], false),
          origin,
        })
        if (!internal) r.error(['status', 'addresses'], `node ${name} has no InternalIP address`)
        break
      }
      case 'Namespace':
        out.objects.push({ kind: 'Namespace', name, labels: r.stringMap(['metadata', 'labels']), origin })
        break
      case 'Pod': {
        const podIPText = r.string(['status', 'podIP'], null)
        const conds = r.list(['status', 'conditions']) as { type?: string; status?: string }[]
        const readyCond = conds.find((c) => c?.type === 'Ready')
        const owners = r.list(['metadata', 'ownerReferences']) as { kind?: string; name?: string }[]
        out.objects.push({
          kind: 'Pod', namespace, name, origin,
          template: parsePodTemplate(r, ['metadata'], ['spec']),
          podIP: podIPText && isIpv4(podIPText) ? parseIpv4(podIPText) : null,
          ready: readyCond ? readyCond.status === 'True' : true,
          owner: owners[0]?.kind && owners[0]?.name ? { kind: owners[0].kind, name: owners[0].name } : null,
        })
        if (podIPText && !isIpv4(podIPText)) r.error(['status', 'podIP'], `status.podIP "${podIPText}" is not an IPv4 address`)
        break
      }
      case 'Deployment': case 'ReplicaSet': case 'StatefulSet': case 'DaemonSet': {
        const selector = parseSelector(r, ['spec', 'selector'])
        const template = parsePodTemplate(r, ['spec', 'template', 'metadata'], ['spec', 'template', 'spec'])
        out.objects.push({ kind, namespace, name, origin, selector, template, replicas: kind === 'DaemonSet' ? 0 : r.int(['spec', 'replicas'], 1, 0, 1000), serviceName: kind === 'StatefulSet' ? r.string(['spec', 'serviceName'], null) : null })
        break
      }
      case 'Service': {
        const type = r.oneOf(['spec', 'type'], ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const, 'ClusterIP')
        const cipText = r.string(['spec', 'clusterIP'], null)
        let clusterIP: number | 'None' | null = null
        if (cipText === 'None') clusterIP = 'None'
        else if (cipText !== null && cipText !== '') clusterIP = readIp(r, ['spec', 'clusterIP'])
        const ports: ServicePortSpec[] = r.list(['spec', 'ports']).map((_, i) => {
          const p: Path = ['spec', 'ports', i]
          const port = r.int([...p, 'port'], 0, 1, 65535)
          if (!r.has([...p, 'port'])) r.error(p, `ports[${i}] has no port`)
          return {
            name: r.string([...p, 'name'], ''),
            protocol: r.oneOf([...p, 'protocol'], PROTOCOLS, 'TCP'),
            port,
            targetPort: intOrString(r, [...p, 'targetPort'], port),
            nodePort: r.has([...p, 'nodePort']) ? r.int([...p, 'nodePort'], 0, 1, 65535) : null,
          }
        })
        if (ports.length > 1) {
          ports.forEach((p, i) => { if (!p.name) r.error(['spec', 'ports', i], `ports[${i}] needs a name: a Service with several ports must name each`) })
        }
        out.objects.push({
          kind: 'Service', namespace, name, origin, type, clusterIP, ports,
          selector: r.has(['spec', 'selector']) ? r.stringMap(['spec', 'selector']) : null,
          externalName: r.string(['spec', 'externalName'], null),
          externalTrafficPolicy: r.oneOf(['spec', 'externalTrafficPolicy'], ['Cluster', 'Local'] as const, 'Cluster'),
          internalTrafficPolicy: r.oneOf(['spec', 'internalTrafficPolicy'], ['Cluster', 'Local'] as const, 'Cluster'),
          sessionAffinity: r.oneOf(['spec', 'sessionAffinity'], ['None', 'ClientIP'] as const, 'None'),
          sessionAffinityTimeoutSeconds: r.int(['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'], 10800, 1, 86400),
          externalIPs: r.list(['spec', 'externalIPs']).map(String),
          loadBalancerIngress: r.list(['status', 'loadBalancer', 'ingress']).map((_, i) => ({
            ip: r.string(['status', 'loadBalancer', 'ingress', i, 'ip'], ''),
            ipMode: r.has(['status', 'loadBalancer', 'ingress', i, 'ipMode'])
              ? r.oneOf(['status', 'loadBalancer', 'ingress', i, 'ipMode'], ['VIP', 'Proxy'] as const, 'VIP') : null,
          })),
          loadBalancerSourceRanges: r.list(['spec', 'loadBalancerSourceRanges']).map(String),
          healthCheckNodePort: r.has(['spec', 'healthCheckNodePort']) ? r.int(['spec', 'healthCheckNodePort'], 0, 1, 65535) : null,
          publishNotReadyAddresses: r.bool(['spec', 'publishNotReadyAddresses'], false),
        })
        if (type === 'ExternalName' && !r.has(['spec', 'externalName'])) r.error(['spec'], 'type ExternalName needs spec.externalName')
        r.list(['spec', 'externalIPs']).forEach((ip, i) => { if (!isIpv4(String(ip))) r.error(['spec', 'externalIPs', i], `externalIPs entry "${String(ip)}" is not an IPv4 address`) })
        break
      }
      case 'EndpointSlice':
      case 'Endpoints':
        out.objects.push(kind === 'EndpointSlice' ? parseEndpointSlice(r, namespace, name) : parseEndpoints(r, namespace, name))
        break
      case 'Ingress': {
        const rules = r.list(['spec', 'rules']).map((_, i) => ({
          host: r.string(['spec', 'rules', i, 'host'], null),
          paths: r.list(['spec', 'rules', i, 'http', 'paths']).map((__, j): IngressPath => {
            const p: Path = ['spec', 'rules', i, 'http', 'paths', j]
            return {
              path: r.string([...p, 'path'], '/'),
              pathType: r.oneOf([...p, 'pathType'], ['Prefix', 'Exact', 'ImplementationSpecific'] as const, 'ImplementationSpecific'),
              ...parseIngressBackend(r, [...p, 'backend']),
            }
          }),
        }))
        const ing: IngressObject = {
          kind: 'Ingress', namespace, name, origin, rules,
          ingressClassName: r.string(['spec', 'ingressClassName'], null),
          defaultBackend: r.has(['spec', 'defaultBackend']) ? parseIngressBackend(r, ['spec', 'defaultBackend']) : null,
        }
        out.objects.push(ing)
        break
      }
      case 'NetworkPolicy':
        out.objects.push({ kind: 'NetworkPolicy', namespace, name, origin, spec: (r.raw(['spec']) ?? {}) as Record<string, unknown> })
        break
      case 'GatewayClass': case 'Gateway': case 'HTTPRoute': case 'GRPCRoute': case 'TLSRoute': case 'TCPRoute': case 'UDPRoute': case 'ReferenceGrant': {
        const g = parseGatewayApi(r, kind, namespace, name)
        if (g) out.objects.push(g)
        break
      }
      case 'ConfigMap':
        if (name === 'coredns' && namespace === 'kube-system') {
          const text = r.string(['data', 'Corefile'], null)
          if (text === null) r.error(['data'], 'ConfigMap kube-system/coredns has no data.Corefile')
          else out.objects.push({ kind: 'Corefile', text, origin })
        }
        if (name === 'kube-proxy' && namespace === 'kube-system') {
          const mode = kubeProxyConfigMode(r)
          if (mode) out.objects.push({ kind: 'KubeProxyConfig', mode, origin })
        }
        break
    }
  }
  return out
}

function parseEndpointSlice(r: FieldReader, namespace: string, name: string): EndpointSliceObject {
  const labels = r.stringMap(['metadata', 'labels'])
  const serviceName = labels['kubernetes.io/service-name'] ?? ''
  if (!serviceName) r.error(['metadata', 'labels'], 'EndpointSlice has no kubernetes.io/service-name label', 'label it with the Service it belongs to')
  return {
    kind: 'EndpointSlice', namespace, name, serviceName, origin: { doc: r.doc },
    ports: r.list(['ports']).map((_, i) => ({
      name: r.string(['ports', i, 'name'], ''),
      port: r.int(['ports', i, 'port'], 0, 1, 65535),
      protocol: r.oneOf(['ports', i, 'protocol'], PROTOCOLS, 'TCP'),
    })),
    endpoints: r.list(['endpoints']).map((_, i) => {
      const addresses = r.list(['endpoints', i, 'addresses']).map(String)
      addresses.forEach((a, j) => { if (!isIpv4(a)) r.error(['endpoints', i, 'addresses', j], `address "${a}" is not an IPv4 address`) })
      return {
        addresses: addresses.filter(isIpv4),
        ready: r.bool(['endpoints', i, 'conditions', 'ready'], true),
        serving: r.bool(['endpoints', i, 'conditions', 'serving'], true),
        terminating: r.bool(['endpoints', i, 'conditions', 'terminating'], false),
        nodeName: r.string(['endpoints', i, 'nodeName'], null),
        hostname: r.string(['endpoints', i, 'hostname'], null),
        targetPod: r.string(['endpoints', i, 'targetRef', 'name'], null),
      }
    }),
  }
}

/** Legacy Endpoints become one slice per subset (what the mirroring controller does). */
function parseEndpoints(r: FieldReader, namespace: string, name: string): EndpointSliceObject {
  const ports: EndpointSliceObject['ports'][number][] = []
  const endpoints: EndpointSliceObject['endpoints'][number][] = []
  r.list(['subsets']).forEach((_, s) => {
    r.list(['subsets', s, 'ports']).forEach((__, i) => {
      const p = { name: r.string(['subsets', s, 'ports', i, 'name'], ''), port: r.int(['subsets', s, 'ports', i, 'port'], 0, 1, 65535), protocol: r.oneOf(['subsets', s, 'ports', i, 'protocol'], PROTOCOLS, 'TCP') }
      if (!ports.some((q) => q.name === p.name && q.port === p.port && q.protocol === p.protocol)) ports.push(p)
    })
    for (const [field, ready] of [['addresses', true], ['notReadyAddresses', false]] as const) {
      r.list(['subsets', s, field]).forEach((__, i) => {
        const ip = r.string(['subsets', s, field, i, 'ip'], '')
        if (!isIpv4(ip)) { r.error(['subsets', s, field, i, 'ip'], `address "${ip}" is not an IPv4 address`); return }
        endpoints.push({
          addresses: [ip], ready, serving: ready, terminating: false,
          nodeName: r.string(['subsets', s, field, i, 'nodeName'], null),
          hostname: r.string(['subsets', s, field, i, 'hostname'], null),
          targetPod: r.string(['subsets', s, field, i, 'targetRef', 'name'], null),
        })
      })
    }
  })
  return { kind: 'EndpointSlice', namespace, name: `${name}-legacy`, serviceName: name, ports, endpoints, origin: { doc: r.doc } }
}

/**
 * The `mode:` of the KubeProxyConfiguration in data["config.conf"] (kubeadm's layout). An empty
 * mode is kube-proxy's default on Linux, iptables.
 */
function kubeProxyConfigMode(r: FieldReader): 'iptables' | 'nftables' | null {
  const text = r.string(['data', 'config.conf'], null)
  if (text === null) return null
  const m = /^mode:[ \t]*(?:"([^"]*)"|'([^']*)'|([^\s#]*))/m.exec(text)
  const mode = m ? (m[1] ?? m[2] ?? m[3] ?? '') : ''
  if (mode === '' || mode === 'iptables') return 'iptables'
  if (mode === 'nftables') return 'nftables'
  r.error(['data', 'config.conf'], `kube-proxy mode "${mode}" is not modelled`, 'the lab models kube-proxy in iptables and nftables mode')
  return null
}
