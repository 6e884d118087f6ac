/**
 * Generated clusters for benchmarks: N nodes, S services each backed by a 3-replica Deployment.
 * `nodePortEvery: k` makes every k-th Service (app0, appk, ...) a NodePort Service;
 * `standalonePods: p` adds p Pods (solo0 … solo{p-1}, labelled as app0 … so that Service's
 * endpoints include them) for the delete-a-pod what-if.
 */
export function generateCluster(nodes: number, services: number, options: { nodePortEvery?: number; standalonePods?: number } = {}): string {
  const parts: string[] = []
  const nodeLines = Array.from({ length: nodes }, (_, i) => `    - { name: node${i + 1}, ip: 172.16.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}${i === 0 ? ', controlPlane: true' : ''} }`)
  parts.push(`apiVersion: kube-netlab/v1
kind: Cluster
metadata: { name: bench-${nodes}-${services} }
spec:
  podCIDR: 10.128.0.0/9
  serviceCIDR: 10.96.0.0/12
  network: { plugin: flannel, backend: vxlan }
  underlay: { cidr: 172.16.0.0/16, gateway: 172.16.0.1 }
  nodes:
${nodeLines.join('\n')}
`)
  for (let i = 0; i < services; i++) {
    parts.push(`apiVersion: apps/v1
kind: Deployment
metadata: { name: app${i}, namespace: default }
spec:
  replicas: 3
  selector: { matchLabels: { app: app${i} } }
  template:
    metadata: { labels: { app: app${i} } }
    spec:
      containers: [{ name: c, image: nginx, ports: [{ name: http, containerPort: 8080 }] }]
`)
    parts.push(`apiVersion: v1
kind: Service
metadata: { name: app${i}, namespace: default }
spec:
${options.nodePortEvery && i % options.nodePortEvery === 0 ? '  type: NodePort\n' : ''}  selector: { app: app${i} }
  ports: [{ name: http, port: 80, targetPort: http }]
`)
  }
  for (let i = 0; i < (options.standalonePods ?? 0); i++) {
    parts.push(`apiVersion: v1
kind: Pod
metadata: { name: solo${i}, namespace: default, labels: { app: app${i % Math.max(1, services)} } }
spec:
  containers: [{ name: c, image: nginx, ports: [{ name: http, containerPort: 8080 }] }]
`)
  }
  return parts.join('---\n')
}
