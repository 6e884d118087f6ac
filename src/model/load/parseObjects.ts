/**
 * Turns documents into typed cluster objects. Unknown kinds and apiVersions are skipped with a
 * warning; kinds that carry no networking (Secret, ServiceAccount, RBAC, ...) are skipped quietly.
 */
import { parseIpv4 } from '../addr/ipv4.js'
import type {
  ClusterObject, ClusterSpec, IngressObject, IngressPath, LabelSelector, NodeSpec, ServicePortSpec,
} from '../objects.js'
import type { Diagnostic } from './diagnostics.js'
import { FieldReader, field } from './fieldReader.js'
import { parseClusterDoc, readCidr } from './parseCluster.js'
import { GATEWAY_API_VERSIONS } from '../gateway/objects.js'
import { REMOVED_API_HINTS } from './removedApis.js'
import { parseGatewayApi } from './parseGateway.js'
import { parsePodTemplate } from './parseTemplate.js'
import { readAddress } from './legacyIp.js'
import { parseEndpointSlice, parseEndpoints } from './parseEndpointSlices.js'
import { validateObject } from './validate/index.js'
import { readConfigMap, type ClusterHints } from './clusterHints.js'
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
  /** What ConfigMaps (kubeadm-config, kube-proxy, flannel) say about the cluster's ranges. */
  hints: ClusterHints
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const

/** Paths every object reads: one array each, not one per object read (a path is never changed). */
const KIND: Path = Object.freeze(['kind'])
const API_VERSION: Path = Object.freeze(['apiVersion'])
const METADATA: Path = Object.freeze(['metadata'])
const METADATA_NAME: Path = Object.freeze(['metadata', 'name'])
const METADATA_NAMESPACE: Path = Object.freeze(['metadata', 'namespace'])
const SPEC: Path = Object.freeze(['spec'])
const STATUS: Path = Object.freeze(['status'])
const POD_IP: Path = Object.freeze(['status', 'podIP'])
const HOST_IP: Path = Object.freeze(['status', 'hostIP'])
const CLUSTER_IP: Path = Object.freeze(['spec', 'clusterIP'])
const SESSION_TIMEOUT: Path = Object.freeze(['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'])
const LB_INGRESS: Path = Object.freeze(['status', 'loadBalancer', 'ingress'])
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const
const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const
const SESSION_AFFINITIES = ['None', 'ClientIP'] as const

const present = (v: unknown): boolean => v !== undefined && v !== null

/** A name as shown in messages: long ones cut, odd characters (quotes, newlines, NUL) escaped. */
function shownName(v: unknown): string {
  const s = String(v)
  const cut = s.length > 63 ? `${s.slice(0, 60)}...` : s
  return /^[A-Za-z0-9._-]*$/.test(cut) ? cut : JSON.stringify(cut)
}

function objectName(data: Record<string, unknown>): string {
  const meta = (data['metadata'] !== null && typeof data['metadata'] === 'object' ? data['metadata'] : {}) as Record<string, unknown>
  const clusterScoped = ['Cluster', 'Namespace', 'Node', 'List', 'GatewayClass'].includes(String(data['kind']))
  const ns = clusterScoped ? '' : `${typeof meta['namespace'] === 'string' ? shownName(meta['namespace']) : 'default'}/`
  return `${shownName(data['kind'] ?? '?')} ${ns}${shownName(meta['name'] ?? '?')}`
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

/** A Service port's targetPort `v` (read from the port at `port`): a number, a port name, or the fallback. */
function targetPortOf(r: FieldReader, v: unknown, port: Path, fallback: number | string): number | string {
  if (v === undefined || v === null) return fallback
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535) return v
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v)
  if (typeof v === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 15) return v
  const path: Path = [...port, 'targetPort']
  r.error(path, `${path.join('.')} ${JSON.stringify(v)} is neither a port number (1-65535) nor a port name`, 'write a port number such as 8080, or the name of a container port such as http')
  return fallback
}

function parseIngressBackend(r: FieldReader, path: Path): { service: string; port: number | string; resource?: IngressPath['resource'] } {
  if (r.has([...path, 'resource'])) {
    return {
      service: '', port: 80,
      resource: { apiGroup: r.string([...path, 'resource', 'apiGroup'], null), kind: r.string([...path, 'resource', 'kind'], ''), name: r.string([...path, 'resource', 'name'], '') },
    }
  }
  return {
    service: r.string([...path, 'service', 'name'], ''),
    port: r.has([...path, 'service', 'port', 'number'])
      ? r.int([...path, 'service', 'port', 'number'], 80, 1, 65535)
      : r.string([...path, 'service', 'port', 'name'], '80'),
  }
}

export function parseObjects(docs: readonly SourceDoc[], diagnostics: Diagnostic[]): ParsedInput {
  const out: ParsedInput = { cluster: null, dumpNodes: [], objects: [], hints: {} }
  for (const doc of docs) {
    const r = new FieldReader(doc, diagnostics, objectName)
    const kind = r.string(KIND, '')
    const apiVersion = r.string(API_VERSION, '')
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
      r.warn(['apiVersion'], `apiVersion "${apiVersion}" is not known for ${kind}; skipped`, REMOVED_API_HINTS[`${apiVersion} ${kind}`] ?? `use apiVersion: ${versions[0]}`)
      continue
    }
    const name = r.string(METADATA_NAME, '')
    if (!name && kind !== 'ConfigMap') {
      r.error(['metadata'], `${kind} has no metadata.name`, 'add metadata: { name: ... } with a lower-case DNS name')
      continue
    }
    validateObject(r, kind)
    const namespace = r.string(METADATA_NAMESPACE, 'default')
    const origin = { doc }
    switch (kind) {
      case 'Cluster':
        if (out.cluster) r.error(['kind'], 'a second Cluster document; only one is allowed per topology', 'merge the two Cluster documents into one')
        else out.cluster = parseClusterDoc(r)
        break
      case 'Node': {
        const addrs = r.list(['status', 'addresses'])
        let ip: string | null = null
        let v6 = false
        addrs.forEach((a, i) => {
          if (ip || r.string(['status', 'addresses', i, 'type'], '') !== 'InternalIP') return
          const got = readAddress(r, ['status', 'addresses', i, 'address'], r.string(['status', 'addresses', i, 'address'], ''))
          if (got?.family === 4) ip = got.text
          else if (got?.family === 6) v6 = true
        })
        const labels = r.stringMap(['metadata', 'labels'])
        // spec.podCIDRs lists one range per family (dual-stack); the lab simulates the IPv4 one.
        const cidrPaths: Path[] = [['spec', 'podCIDR'], ...r.list(['spec', 'podCIDRs']).map((_, i): Path => ['spec', 'podCIDRs', i])]
        const v4Cidr = cidrPaths.find((p) => { const t = r.string(p, null); return t !== null && t !== '' && !t.includes(':') })
        out.dumpNodes.push({
          name,
          ip: ip ? parseIpv4(ip) : 0,
          podCIDR: v4Cidr ? readCidr(r, v4Cidr, null) : null,
          controlPlane: 'node-role.kubernetes.io/control-plane' in labels || 'node-role.kubernetes.io/master' in labels,
          labels,
          taints: r.list(['spec', 'taints']).map((_, i) => ({
            key: r.string(['spec', 'taints', i, 'key'], ''),
            value: r.string(['spec', 'taints', i, 'value'], ''),
            effect: r.oneOf(['spec', 'taints', i, 'effect'], ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const, 'NoSchedule'),
          })),
          unschedulable: r.bool(['spec', 'unschedulable'], false),
          origin,
        })
        if (!ip) {
          if (v6) r.error(['status', 'addresses'], `node ${name} has only an IPv6 InternalIP: IPv6 is not simulated yet`, 'the lab simulates IPv4 and dual-stack clusters; give the node an IPv4 InternalIP')
          else r.error(['status', 'addresses'], `node ${name} has no InternalIP address`, 'status.addresses needs an entry { type: InternalIP, address: <the node IPv4 address> }, as the kubelet reports it')
        }
        break
      }
      case 'Namespace':
        out.objects.push({ kind: 'Namespace', name, labels: r.stringMap(['metadata', 'labels']), origin })
        break
      case 'Pod': {
        // The status and metadata read once, their fields through the `…In` readings (no path
        // made unless reported: ~10 per pod before); the same readings in the same order.
        const statusV = r.raw(STATUS)
        const phase = r.stringIn(statusV, STATUS, 'phase', 'Running')
        // A pod that ran to completion (a Job's) or failed has released its sandbox: no IP,
        // no endpoint, and its old address may already belong to a running pod.
        const finished = phase === 'Succeeded' || phase === 'Failed'
        const ips: { family: 4 | 6; text: string }[] = []
        const podIPs = r.listIn(statusV, STATUS, 'podIPs')
        if (!finished) {
          for (let i = -1; i < podIPs.length; i++) {
            const text = i < 0 ? r.stringIn(statusV, STATUS, 'podIP', null) : r.stringIn(podIPs[i], ['status', 'podIPs', i], 'ip', null)
            if (text === null || text === '') continue
            const p: Path = i < 0 ? POD_IP : ['status', 'podIPs', i, 'ip']
            const got = readAddress(r, p, text)
            if (!got) r.error(p, `${p.join('.')} "${text}" is not an IP address`, 'a pod IP is a dotted quad such as 10.244.1.7 (or an IPv6 address)')
            else if (!ips.some((x) => x.text === got.text)) ips.push(got)
          }
        }
        const v4 = ips.find((x) => x.family === 4)
        const hostIPText = r.stringIn(statusV, STATUS, 'hostIP', null)
        const hostIP = hostIPText ? readAddress(r, HOST_IP, hostIPText) : null
        const conds = r.listIn(statusV, STATUS, 'conditions') as { type?: string; status?: string }[]
        const readyCond = conds.find((c) => c?.type === 'Ready')
        const owners = r.listIn(r.raw(METADATA), METADATA, 'ownerReferences') as { kind?: string; name?: string }[]
        out.objects.push({
          kind: 'Pod', namespace, name, origin,
          template: parsePodTemplate(r, METADATA, SPEC),
          podIP: v4 ? parseIpv4(v4.text) : null,
          podIPv6: ips.filter((x) => x.family === 6).map((x) => x.text),
          ...(hostIP?.family === 4 ? { hostIP: parseIpv4(hostIP.text) } : {}),
          ...(finished ? { phase: phase as 'Succeeded' | 'Failed' } : {}),
          ready: finished ? false : readyCond ? readyCond.status === 'True' : true,
          owner: owners[0]?.kind && owners[0]?.name ? { kind: owners[0].kind, name: owners[0].name } : null,
        })
        break
      }
      case 'Deployment': case 'ReplicaSet': case 'StatefulSet': case 'DaemonSet': {
        const selector = parseSelector(r, ['spec', 'selector'])
        const template = parsePodTemplate(r, ['spec', 'template', 'metadata'], ['spec', 'template', 'spec'])
        out.objects.push({ kind, namespace, name, origin, selector, template, replicas: kind === 'DaemonSet' ? 0 : r.int(['spec', 'replicas'], 1, 0, 1000), serviceName: kind === 'StatefulSet' ? r.string(['spec', 'serviceName'], null) : null })
        break
      }
      case 'Service': {
        // The spec read once, its fields through the `…In` readings (a path made only for a
        // message, and one per port); the same readings in the same order.
        const specV = r.raw(SPEC)
        const type = r.oneOfIn(specV, SPEC, 'type', SERVICE_TYPES, 'ClusterIP')
        const cipText = r.stringIn(specV, SPEC, 'clusterIP', null)
        let clusterIP: number | 'None' | null = null
        const clusterIPv6: string[] = []
        if (cipText === 'None') clusterIP = 'None'
        else if (cipText !== null && cipText !== '') {
          // spec.clusterIPs lists one address per family (dual-stack); the IPv4 one is simulated.
          const texts = [cipText, ...r.listIn(specV, SPEC, 'clusterIPs').map(String)]
          texts.forEach((t, i) => {
            const path: Path = i === 0 ? CLUSTER_IP : ['spec', 'clusterIPs', i - 1]
            if (t === cipText && i > 0) return
            const got = readAddress(r, path, t)
            if (!got) { r.error(path, `${path.join('.')} "${t}" is not an IP address`, 'write a dotted quad inside the service range, "None" for a headless Service, or leave it out to have one allocated'); return }
            if (got.family === 6) { if (!clusterIPv6.includes(got.text)) clusterIPv6.push(got.text) }
            else if (clusterIP === null) clusterIP = parseIpv4(got.text)
          })
        }
        const portList = r.listIn(specV, SPEC, 'ports')
        const ports: ServicePortSpec[] = portList.map((pv, i) => {
          const p: Path = ['spec', 'ports', i]
          const port = r.intIn(pv, p, 'port', 0, 1, 65535)
          if (!present(field(pv, 'port'))) r.error(p, `ports[${i}] has no port`, 'write the port the Service listens on, e.g. port: 80')
          return {
            name: r.stringIn(pv, p, 'name', ''),
            protocol: r.oneOfIn(pv, p, 'protocol', PROTOCOLS, 'TCP'),
            port,
            targetPort: targetPortOf(r, field(pv, 'targetPort'), p, port),
            nodePort: present(field(pv, 'nodePort')) ? r.intIn(pv, p, 'nodePort', 0, 1, 65535) : null,
          }
        })
        if (ports.length > 1) {
          ports.forEach((p, i) => { if (!p.name) r.error(['spec', 'ports', i], `ports[${i}] needs a name: a Service with several ports must name each`, 'add name: (a DNS label such as http or metrics) to every port') })
        }
        out.objects.push({
          kind: 'Service', namespace, name, origin, type, clusterIP, ports,
          selector: present(field(specV, 'selector')) ? r.stringMapIn(specV, SPEC, 'selector') : null,
          externalName: r.stringIn(specV, SPEC, 'externalName', null),
          externalTrafficPolicy: r.oneOfIn(specV, SPEC, 'externalTrafficPolicy', TRAFFIC_POLICIES, 'Cluster'),
          internalTrafficPolicy: r.oneOfIn(specV, SPEC, 'internalTrafficPolicy', TRAFFIC_POLICIES, 'Cluster'),
          sessionAffinity: r.oneOfIn(specV, SPEC, 'sessionAffinity', SESSION_AFFINITIES, 'None'),
          sessionAffinityTimeoutSeconds: r.int(SESSION_TIMEOUT, 10800, 1, 86400),
          externalIPs: r.listIn(specV, SPEC, 'externalIPs').map((ip, i) => readAddress(r, ['spec', 'externalIPs', i], String(ip))?.text ?? String(ip)),
          clusterIPv6,
          loadBalancerIngress: r.list(LB_INGRESS).map((_, i) => ({
            ip: ((t) => (t ? readAddress(r, ['status', 'loadBalancer', 'ingress', i, 'ip'], t)?.text ?? t : t))(r.string(['status', 'loadBalancer', 'ingress', i, 'ip'], '')),
            ipMode: r.has(['status', 'loadBalancer', 'ingress', i, 'ipMode'])
              ? r.oneOf(['status', 'loadBalancer', 'ingress', i, 'ipMode'], ['VIP', 'Proxy'] as const, 'VIP') : null,
          })),
          loadBalancerSourceRanges: r.listIn(specV, SPEC, 'loadBalancerSourceRanges').map(String),
          healthCheckNodePort: present(field(specV, 'healthCheckNodePort')) ? r.intIn(specV, SPEC, 'healthCheckNodePort', 0, 1, 65535) : null,
          publishNotReadyAddresses: r.boolIn(specV, SPEC, 'publishNotReadyAddresses', false),
        })
        if (type === 'ExternalName' && !present(field(specV, 'externalName'))) r.error(SPEC, 'type ExternalName needs spec.externalName', 'add externalName: with the DNS name to alias, e.g. db.example.com')
        r.listIn(specV, SPEC, 'externalIPs').forEach((ip, i) => { if (!readAddress(r, ['spec', 'externalIPs', i], String(ip))) r.error(['spec', 'externalIPs', i], `externalIPs entry "${String(ip)}" is not an IP address`, 'write a dotted quad such as 192.168.49.100') })
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
        readConfigMap(r, namespace, name, out.hints)
        if (name === 'coredns' && namespace === 'kube-system') {
          const text = r.string(['data', 'Corefile'], null)
          if (text === null) r.error(['data'], 'ConfigMap kube-system/coredns has no data.Corefile', 'put the Corefile text under data.Corefile (a block scalar: Corefile: |)')
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
