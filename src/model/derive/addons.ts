/**
 * Cluster add-ons a real cluster runs, added unless the file defines them: CoreDNS (Deployment
 * with 2 replicas + Service kube-dns), kube-proxy (hostNetwork DaemonSet), flannel's DaemonSet,
 * the `kubernetes` Service, and an ingress-nginx controller when any Ingress exists.
 */
import type { ClusterObject, PodTemplate, ServiceObject, WorkloadObject } from '../objects.js'
import type { AddonRole } from '../model.js'
import { labelValue } from './selectors.js'

const TOLERATE_ALL = [{ key: null, operator: 'Exists' as const, value: '', effect: null }]
const TOLERATE_CONTROL_PLANE = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' as const, value: '', effect: null },
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' as const, value: '', effect: 'NoSchedule' },
]

export function template(partial: Partial<PodTemplate> & Pick<PodTemplate, 'labels' | 'containers'>): PodTemplate {
  return {
    annotations: {}, nodeName: null, nodeSelector: {}, requiredNodeAffinity: null, tolerations: [], hostNetwork: false,
    dnsPolicy: 'ClusterFirst', dnsConfig: null, hostname: null, subdomain: null, ...partial,
  }
}

export function service(partial: Partial<ServiceObject> & Pick<ServiceObject, 'namespace' | 'name' | 'ports'>): ServiceObject {
  return {
    kind: 'Service', type: 'ClusterIP', clusterIP: null, selector: null, externalName: null, externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800, externalIPs: [],
    loadBalancerIngress: [], loadBalancerSourceRanges: [], healthCheckNodePort: null, publishNotReadyAddresses: false, ...partial,
  }
}

export const DEFAULT_COREFILE = (domain: string): string => `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${domain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success ${domain}
       disable denial ${domain}
    }
    loop
    reload
    loadbalance
}
`

export interface AddonSet {
  readonly objects: ClusterObject[]
  /** `Kind/ns/name` → role, for objects the lab added or recognised. */
  readonly roles: Map<string, AddonRole | 'apiserver'>
}

export const roleKey = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`

/**
 * The role of an object by kind, namespace and name. Roles name a few add-on objects: an object
 * outside their namespaces has none, found without writing its key (30,000 objects per load).
 */
export function roleLookup(roles: ReadonlyMap<string, AddonRole | 'apiserver'>): (kind: string, namespace: string, name: string) => AddonRole | 'apiserver' | undefined {
  const namespaces = new Set([...roles.keys()].map((k) => k.split('/')[1]))
  return (kind, namespace, name) => (namespaces.has(namespace) ? roles.get(roleKey(kind, namespace, name)) : undefined)
}

export const ADDON_NAMESPACES = new Set(['kube-system', 'kube-flannel', 'ingress-nginx'])

export function addonObjects(
  existing: readonly ClusterObject[],
  opts: { dnsServiceIP: number; plugin: 'flannel' | 'bridge'; firstServiceIP: number; nodeLocalDNS: boolean },
): AddonSet {
  // The questions below name the add-ons' namespaces and the default/kubernetes Service only:
  // one pass keeps those objects, so each question does not scan every object again.
  const asked = existing.filter((o) => 'namespace' in o && (ADDON_NAMESPACES.has(o.namespace) || (o.kind === 'Service' && o.name === 'kubernetes')))
  const has = (kind: string, ns: string, name: string): boolean =>
    asked.some((o) => o.kind === kind && 'namespace' in o && o.namespace === ns && o.name === name)
  const podsWith = (ns: string, key: string, value: string): boolean =>
    asked.some((o) => (o.kind === 'Pod' || o.kind === 'Deployment' || o.kind === 'DaemonSet') && o.namespace === ns && labelValue(o.template.labels, key) === value)
  const objects: ClusterObject[] = []
  const roles = new Map<string, AddonRole | 'apiserver'>()

  if (!has('Deployment', 'kube-system', 'coredns') && !podsWith('kube-system', 'k8s-app', 'kube-dns')) {
    const w: WorkloadObject = {
      kind: 'Deployment', serviceName: null, namespace: 'kube-system', name: 'coredns', replicas: 2,
      selector: { matchLabels: { 'k8s-app': 'kube-dns' }, matchExpressions: [] },
      template: template({
        labels: { 'k8s-app': 'kube-dns' }, dnsPolicy: 'Default', tolerations: TOLERATE_CONTROL_PLANE,
        containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.12.0', ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
          { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
        ] }],
      }),
    }
    objects.push(w)
  }
  roles.set(roleKey('Deployment', 'kube-system', 'coredns'), 'coredns')
  if (!has('Service', 'kube-system', 'kube-dns')) {
    objects.push(service({
      namespace: 'kube-system', name: 'kube-dns', clusterIP: opts.dnsServiceIP, selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53, nodePort: null },
        { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53, nodePort: null },
        { name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153, nodePort: null },
      ],
    }))
  }
  roles.set(roleKey('Service', 'kube-system', 'kube-dns'), 'coredns')

  // NodeLocal DNSCache (cluster/addons/dns/nodelocaldns): a hostNetwork cache on every node, and
  // kube-dns-upstream, the Service it forwards cluster names to (the same CoreDNS pods).
  if (opts.nodeLocalDNS) {
    if (!has('DaemonSet', 'kube-system', 'node-local-dns')) {
      objects.push({
        kind: 'DaemonSet', serviceName: null, namespace: 'kube-system', name: 'node-local-dns', replicas: 0,
        selector: { matchLabels: { 'k8s-app': 'node-local-dns' }, matchExpressions: [] },
        template: template({
          labels: { 'k8s-app': 'node-local-dns' }, hostNetwork: true, dnsPolicy: 'Default', tolerations: TOLERATE_ALL,
          containers: [{ name: 'node-cache', image: 'registry.k8s.io/dns/k8s-dns-node-cache:1.25.0', ports: [
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
            { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
            { name: 'metrics', containerPort: 9253, protocol: 'TCP' },
          ] }],
        }),
      })
    }
    roles.set(roleKey('DaemonSet', 'kube-system', 'node-local-dns'), 'node-local-dns')
    if (!has('Service', 'kube-system', 'kube-dns-upstream')) {
      objects.push(service({
        namespace: 'kube-system', name: 'kube-dns-upstream', selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53, nodePort: null },
          { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53, nodePort: null },
        ],
      }))
    }
    roles.set(roleKey('Service', 'kube-system', 'kube-dns-upstream'), 'coredns')
  }

  if (!has('DaemonSet', 'kube-system', 'kube-proxy') && !podsWith('kube-system', 'k8s-app', 'kube-proxy')) {
    objects.push({
      kind: 'DaemonSet', serviceName: null, namespace: 'kube-system', name: 'kube-proxy', replicas: 0,
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' }, matchExpressions: [] },
      template: template({
        labels: { 'k8s-app': 'kube-proxy' }, hostNetwork: true, tolerations: TOLERATE_ALL,
        containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.33.0', ports: [] }],
      }),
    })
  }
  roles.set(roleKey('DaemonSet', 'kube-system', 'kube-proxy'), 'kube-proxy')

  if (opts.plugin === 'flannel' && !has('DaemonSet', 'kube-flannel', 'kube-flannel-ds') && !podsWith('kube-flannel', 'app', 'flannel')) {
    objects.push({ kind: 'Namespace', name: 'kube-flannel', labels: {} })
    objects.push({
      kind: 'DaemonSet', serviceName: null, namespace: 'kube-flannel', name: 'kube-flannel-ds', replicas: 0,
      selector: { matchLabels: { app: 'flannel' }, matchExpressions: [] },
      template: template({
        labels: { app: 'flannel', tier: 'node' }, hostNetwork: true, tolerations: TOLERATE_ALL,
        containers: [{ name: 'kube-flannel', image: 'ghcr.io/flannel-io/flannel:v0.26.0', ports: [] }],
      }),
    })
  }
  roles.set(roleKey('DaemonSet', 'kube-flannel', 'kube-flannel-ds'), 'flannel')

  if (!has('Service', 'default', 'kubernetes')) {
    objects.push(service({
      namespace: 'default', name: 'kubernetes', clusterIP: opts.firstServiceIP,
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443, nodePort: null }],
    }))
  }
  roles.set(roleKey('Service', 'default', 'kubernetes'), 'apiserver')

  const anyIngress = existing.some((o) => o.kind === 'Ingress')
  if (anyIngress && !has('Deployment', 'ingress-nginx', 'ingress-nginx-controller') && !podsWith('ingress-nginx', 'app.kubernetes.io/component', 'controller')) {
    const labels = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' }
    objects.push({ kind: 'Namespace', name: 'ingress-nginx', labels: {} })
    objects.push({
      kind: 'Deployment', serviceName: null, namespace: 'ingress-nginx', name: 'ingress-nginx-controller', replicas: 1,
      selector: { matchLabels: labels, matchExpressions: [] },
      template: template({
        labels, containers: [{ name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.12.0', ports: [
          { name: 'http', containerPort: 80, protocol: 'TCP' }, { name: 'https', containerPort: 443, protocol: 'TCP' },
        ] }],
      }),
    })
    if (!has('Service', 'ingress-nginx', 'ingress-nginx-controller')) {
      objects.push(service({
        namespace: 'ingress-nginx', name: 'ingress-nginx-controller', type: 'NodePort', selector: labels,
        ports: [
          { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: null },
          { name: 'https', protocol: 'TCP', port: 443, targetPort: 'https', nodePort: null },
        ],
      }))
    }
  }
  roles.set(roleKey('Deployment', 'ingress-nginx', 'ingress-nginx-controller'), 'ingress-controller')
  roles.set(roleKey('Service', 'ingress-nginx', 'ingress-nginx-controller'), 'ingress-controller')
  return { objects, roles }
}
