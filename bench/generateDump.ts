/**
 * A generated `kubectl get nodes,pods,services,endpointslices -A -o yaml` dump of a kubeadm
 * cluster with flannel (for the browser bench and test/ui/worker.test.ts): one `kind: List` of
 * Nodes (podCIDR from 10.244.0.0/14, InternalIP from 10.0.0.0/16), the control plane's pods,
 * one hostNetwork kube-proxy and kube-flannel pod per node, `services` Deployments of 3 replicas
 * (pods owned by their ReplicaSet, spread over the nodes, with podIP/hostIP/nodeName), their
 * Services (every 100th a NodePort) and EndpointSlices — the objects kubectl prints, trimmed to
 * the fields the lab reads and written with flow-style maps like the fixtures in
 * test/fixtures/dumps (kubectl's block style and managedFields say the same in 3-5× the bytes).
 */
const octets = (n: number): string => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
const ip = (a: string): number => a.split('.').reduce((s, o) => s * 256 + Number(o), 0)

/** kube-controller-manager's pod-template-hash and the ReplicaSet's pod suffix: stable, name-safe. */
function suffix(seed: number, length: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789'
  let x = (seed * 2654435761) >>> 0
  let out = ''
  for (let i = 0; i < length; i++) { out += alphabet[x % alphabet.length]!; x = (Math.floor(x / alphabet.length) ^ (x << 7) ^ (seed + i)) >>> 0 }
  return out
}

export interface DumpPlan { readonly nodes: number; readonly services: number }

export function generateDump({ nodes, services }: DumpPlan): string {
  const out: string[] = ['apiVersion: v1', 'items:']
  const nodeName = (i: number): string => (i === 0 ? 'cp-0' : `worker-${String(i).padStart(4, '0')}`)
  const nodeIp = (i: number): string => octets(ip('10.0.0.10') + i)
  const podCidrBase = ip('10.244.0.0')
  const nextPod = new Array<number>(nodes).fill(2)
  const podIp = (node: number): string => octets(podCidrBase + node * 256 + nextPod[node]!++)
  for (let i = 0; i < nodes; i++) {
    out.push(`- apiVersion: v1
  kind: Node
  metadata:
    name: ${nodeName(i)}
    labels:
      kubernetes.io/hostname: ${nodeName(i)}
      kubernetes.io/os: linux${i === 0 ? '\n      node-role.kubernetes.io/control-plane: ""' : ''}
  spec:
    podCIDR: ${octets(podCidrBase + i * 256)}/24
  status:
    addresses:
    - address: ${nodeIp(i)}
      type: InternalIP
    - address: ${nodeName(i)}
      type: Hostname`)
  }
  const map = (o: Record<string, string>): string => `{ ${Object.entries(o).map(([k, v]) => `${k}: ${v}`).join(', ')} }`
  const pod = (ns: string, name: string, labels: Record<string, string>, owner: [string, string], node: number, podIP: string, containers: string, hostNetwork = false): string => `- apiVersion: v1
  kind: Pod
  metadata: { name: ${name}, namespace: ${ns}, labels: ${map(labels)}, ownerReferences: [{ apiVersion: apps/v1, kind: ${owner[0]}, name: ${owner[1]} }] }
  spec: { nodeName: ${nodeName(node)},${hostNetwork ? ' hostNetwork: true,' : ''} containers: [${containers}] }
  status: { phase: Running, conditions: [{ status: "True", type: Ready }], hostIP: ${nodeIp(node)}, podIP: ${podIP} }`
  // The control plane's add-ons: CoreDNS on the control-plane node, kube-proxy and flannel on every node.
  const dnsPods: [string, string, number][] = [0, 1].map((k) => [`coredns-5d78c9869d-${suffix(k + 7, 5)}`, '', Math.min(k, nodes - 1)])
  for (const d of dnsPods) d[1] = podIp(d[2])
  for (const [name, podIP, node] of dnsPods) {
    out.push(pod('kube-system', name, { 'k8s-app': 'kube-dns', 'pod-template-hash': '5d78c9869d' }, ['ReplicaSet', 'coredns-5d78c9869d'], node, podIP, `{ name: coredns, image: registry.k8s.io/coredns/coredns:v1.10.1, ports: [{ containerPort: 53, name: dns, protocol: UDP }, { containerPort: 53, name: dns-tcp, protocol: TCP }, { containerPort: 9153, name: metrics, protocol: TCP }] }`))
  }
  for (let i = 0; i < nodes; i++) {
    out.push(pod('kube-system', `kube-proxy-${suffix(i + 1000, 5)}`, { 'k8s-app': 'kube-proxy', 'controller-revision-hash': '7c5b7d8d4f' }, ['DaemonSet', 'kube-proxy'], i, nodeIp(i), `{ name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.28.4 }`, true))
    out.push(pod('kube-flannel', `kube-flannel-ds-${suffix(i + 5000, 5)}`, { app: 'flannel', 'controller-revision-hash': '5f8b9d6c7' }, ['DaemonSet', 'kube-flannel-ds'], i, nodeIp(i), `{ name: kube-flannel, image: docker.io/flannel/flannel:v0.24.0 }`, true))
  }
  const service = (ns: string, name: string, clusterIP: string, ports: string, selector: Record<string, string> | null, labels: Record<string, string>, type = 'ClusterIP'): string => `- apiVersion: v1
  kind: Service
  metadata: { name: ${name}, namespace: ${ns}${Object.keys(labels).length ? `, labels: ${map(labels)}` : ''} }
  spec: { clusterIP: ${clusterIP}, ports: [${ports}],${selector ? ` selector: ${map(selector)},` : ''} type: ${type} }`
  out.push(service('default', 'kubernetes', '10.96.0.1', `{ name: https, port: 443, protocol: TCP, targetPort: 6443 }`, null, { component: 'apiserver', provider: 'kubernetes' }))
  out.push(service('kube-system', 'kube-dns', '10.96.0.10', `{ name: dns, port: 53, protocol: UDP, targetPort: 53 }, { name: dns-tcp, port: 53, protocol: TCP, targetPort: 53 }, { name: metrics, port: 9153, protocol: TCP, targetPort: 9153 }`, { 'k8s-app': 'kube-dns' }, { 'k8s-app': 'kube-dns' }))
  const slice = (ns: string, svc: string, eps: readonly { ip: string; node: number; pod: string }[], ports: string): string => `- apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata: { name: ${svc}-${suffix(svc.length * 31 + eps.length, 5)}, namespace: ${ns}, labels: { endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io, kubernetes.io/service-name: ${svc} } }
  addressType: IPv4
  endpoints:
${eps.map((e) => `  - { addresses: [${e.ip}], conditions: { ready: true, serving: true, terminating: false }, nodeName: ${nodeName(e.node)}, targetRef: { kind: Pod, name: ${e.pod}, namespace: ${ns} } }`).join('\n')}
  ports: [${ports}]`
  out.push(slice('kube-system', 'kube-dns', dnsPods.map(([name, podIP, node]) => ({ ip: podIP, node, pod: name })), `{ name: dns, port: 53, protocol: UDP }, { name: dns-tcp, port: 53, protocol: TCP }, { name: metrics, port: 9153, protocol: TCP }`))
  // The workloads: app-N in namespace team-(N mod 20), 3 replicas spread over the worker nodes.
  const firstServiceIP = ip('10.96.1.0')
  let placed = 0
  for (let s = 0; s < services; s++) {
    const ns = `team-${s % 20}`
    const app = `app-${s}`
    const hash = suffix(s + 100_000, 10)
    const eps: { ip: string; node: number; pod: string }[] = []
    for (let r = 0; r < 3; r++) {
      const node = nodes > 1 ? 1 + (placed++ % (nodes - 1)) : 0
      const name = `${app}-${hash}-${suffix(s * 3 + r, 5)}`
      const podIP = podIp(node)
      eps.push({ ip: podIP, node, pod: name })
      out.push(pod(ns, name, { app, 'pod-template-hash': hash }, ['ReplicaSet', `${app}-${hash}`], node, podIP, `{ name: app, image: registry.example.com/${app}:1.0, ports: [{ containerPort: 8080, name: http, protocol: TCP }] }`))
    }
    const nodePort = s % 100 === 99 ? 30000 + Math.floor(s / 100) % 2768 : null
    out.push(service(ns, app, octets(firstServiceIP + s), `{ name: http,${nodePort ? ` nodePort: ${nodePort},` : ''} port: 80, protocol: TCP, targetPort: http }`, { app }, {}, nodePort ? 'NodePort' : 'ClusterIP'))
    out.push(slice(ns, app, eps, `{ name: http, port: 8080, protocol: TCP }`))
  }
  return `${out.join('\n')}\nkind: List\nmetadata:\n  resourceVersion: ""\n`
}
