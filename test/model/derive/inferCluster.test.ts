/** Dumps load as they are: ranges come from what the objects say, and one line says what was inferred. */
import { describe, expect, it } from 'vitest'
import { formatCidr, formatIpv4, parseIpv4 } from '../../../src/model/addr/ipv4.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { formatDiagnostic } from '../../../src/model/load/diagnostics.js'

const node = (name: string, ip: string, podCIDR: string, labels = ''): string => `---
apiVersion: v1
kind: Node
metadata: { name: ${name}, labels: { kubernetes.io/hostname: ${name}${labels} } }
spec: { podCIDR: ${podCIDR}, podCIDRs: [${podCIDR}] }
status: { addresses: [{ type: InternalIP, address: ${ip} }, { type: Hostname, address: ${name} }] }
`
const svc = (ns: string, name: string, ip: string, port = 443): string => `---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec: { clusterIP: ${ip}, clusterIPs: [${ip}], ports: [{ name: p, port: ${port}, protocol: TCP }] }
`
const pod = (ns: string, name: string, nodeName: string, ip: string, extra = ''): string => `---
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${ns}, labels: { app: ${name} } }
spec: { nodeName: ${nodeName}, containers: [{ name: c, image: nginx }] }
status: { phase: Running, podIP: ${ip}, podIPs: [{ ip: ${ip} }]${extra} }
`

function load(text: string) {
  const r = loadModel('dump.yaml', text)
  const lines = r.diagnostics.map(formatDiagnostic)
  if (!r.ok) throw new Error(lines.join('\n'))
  return { model: r.model, lines }
}

describe('inferring ranges from a dump', () => {
  it('reads a kind cluster on docker\'s 172.18.0.0/16', () => {
    const { model, lines } = load(node('kind-control-plane', '172.18.0.3', '10.244.0.0/24', ', node-role.kubernetes.io/control-plane: ""')
      + node('kind-worker', '172.18.0.2', '10.244.1.0/24') + svc('default', 'kubernetes', '10.96.0.1') + svc('kube-system', 'kube-dns', '10.96.0.10', 53)
      + pod('default', 'web', 'kind-worker', '10.244.1.5'))
    expect(formatCidr(model.cluster.underlay.cidr)).toBe('172.18.0.0/16')
    expect(formatCidr(model.cluster.podCIDR)).toBe('10.244.0.0/16')
    expect(formatCidr(model.cluster.serviceCIDR)).toBe('10.96.0.0/12')
    expect(formatIpv4(model.cluster.dnsServiceIP)).toBe('10.96.0.10')
    const inferred = lines.filter((l) => l.includes('inferred'))
    expect(inferred).toHaveLength(1)
    expect(inferred[0]).toContain('a kind cluster')
    expect(inferred[0]).toContain('node network 172.18.0.0/16')
  })

  it('reads a k3s/k3d cluster: pods 10.42.0.0/16, services 10.43.0.0/16', () => {
    const k3s = ', node.kubernetes.io/instance-type: k3s'
    const { model, lines } = load(node('k3d-dev-server-0', '172.19.0.2', '10.42.0.0/24', k3s) + node('k3d-dev-agent-0', '172.19.0.3', '10.42.1.0/24', k3s)
      + svc('default', 'kubernetes', '10.43.0.1') + svc('kube-system', 'kube-dns', '10.43.0.10', 53) + pod('default', 'web', 'k3d-dev-agent-0', '10.42.1.9'))
    expect([formatCidr(model.cluster.podCIDR), formatCidr(model.cluster.serviceCIDR), formatIpv4(model.cluster.dnsServiceIP)]).toEqual(['10.42.0.0/16', '10.43.0.0/16', '10.43.0.10'])
    expect(lines.join('\n')).toContain('a k3d cluster')
    expect(model.pods.find((p) => p.name === 'web')!.ip).toBe(parseIpv4('10.42.1.9'))
  })

  it('takes the service range from the kubernetes Service when no distribution is known', () => {
    const { model, lines } = load(node('n1', '10.0.5.4', '10.200.0.0/24') + node('n2', '10.0.5.5', '10.200.1.0/24') + svc('default', 'kubernetes', '172.20.0.1') + svc('default', 'api', '172.20.14.3'))
    expect(formatCidr(model.cluster.serviceCIDR)).toBe('172.20.0.0/16')
    expect(formatCidr(model.cluster.podCIDR)).toBe('10.200.0.0/16')
    expect(formatCidr(model.cluster.underlay.cidr)).toBe('10.0.5.0/24')
    expect(lines.join('\n')).toContain("service range 172.20.0.0/16 (the kubernetes Service's ClusterIP 172.20.0.1")
  })

  it('prefers the kubeadm-config ConfigMap when the dump has it', () => {
    const cm = `---
apiVersion: v1
kind: ConfigMap
metadata: { name: kubeadm-config, namespace: kube-system }
data:
  ClusterConfiguration: |
    apiVersion: kubeadm.k8s.io/v1beta3
    kind: ClusterConfiguration
    networking: { dnsDomain: corp.local, podSubnet: 10.32.0.0/12, serviceSubnet: 10.112.0.0/12 }
`
    const { model, lines } = load(cm + node('cp', '192.168.1.10', '10.32.0.0/24') + svc('default', 'kubernetes', '10.112.0.1'))
    expect([formatCidr(model.cluster.podCIDR), formatCidr(model.cluster.serviceCIDR), model.cluster.clusterDomain]).toEqual(['10.32.0.0/12', '10.112.0.0/12', 'corp.local'])
    expect(lines.join('\n')).toContain('ConfigMap kube-system/kubeadm-config')
  })

  it('fills in ranges a Cluster document leaves out', () => {
    const doc = 'apiVersion: kube-netlab/v1\nkind: Cluster\nmetadata: { name: c }\nspec:\n  nodes: [{ name: n1, ip: 192.168.49.2, podCIDR: 10.42.0.0/24 }]\n'
    const { model, lines } = load(doc + svc('default', 'kubernetes', '10.43.0.1'))
    expect([formatCidr(model.cluster.podCIDR), formatCidr(model.cluster.serviceCIDR)]).toEqual(['10.42.0.0/16', '10.43.0.0/16'])
    expect(lines.join('\n')).toMatch(/the Cluster document leaves ranges out; inferred: pod range 10\.42\.0\.0\/16 .*service range 10\.43\.0\.0\/16/)
  })

  it('takes node addresses from the pods\' status.hostIP when there are no Node objects', () => {
    const { model, lines } = load(pod('default', 'a', 'worker-a', '10.244.0.5', ', hostIP: 10.1.2.3') + pod('default', 'b', 'worker-b', '10.244.1.5', ', hostIP: 10.1.2.4') + pod('default', 'c', 'worker-c', '10.244.2.5'))
    expect(model.nodes.map((n) => [n.name, formatIpv4(n.ip)])).toEqual([['worker-a', '10.1.2.3'], ['worker-b', '10.1.2.4'], ['worker-c', '10.1.2.2']])
    expect(formatCidr(model.cluster.underlay.cidr)).toBe('10.1.2.0/24')
    expect(lines.join('\n')).toContain("3 node(s) named by the pods' nodeName on 10.1.2.0/24 (addresses from the pods' hostIP)")
  })

  it('gives more than 253 pod-named nodes a network that holds them', () => {
    const text = Array.from({ length: 300 }, (_, i) => pod('default', `p${i}`, `n${i}`, `10.${244 + (i >> 8)}.${i & 255}.2`)).join('')
    const r = loadModel('big.yaml', text)
    expect(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([])
    if (!r.ok) return
    expect(r.model.nodes).toHaveLength(300)
    expect(formatCidr(r.model.cluster.underlay.cidr)).toBe('192.168.0.0/16')
    expect(formatCidr(r.model.cluster.podCIDR)).toBe('10.244.0.0/15')
  })
})

describe('dump shapes kubectl and the API server produce', () => {
  it('skips empty documents (trailing ---, comment-only, --- twice)', () => {
    const text = `---\n---\n# only a comment\n${svc('default', 'a', '10.96.0.50').slice(4)}---\n# trailing\n---\n`
    const r = loadModel('x.yaml', text)
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(r.ok && r.model.services.some((s) => s.name === 'a')).toBe(true)
  })

  it('gives items of a PodList the list\'s kind and apiVersion', () => {
    const text = `apiVersion: v1\nkind: PodList\nitems:\n  - metadata: { name: a, labels: { app: a } }\n    spec: { containers: [{ name: c, image: x }] }\n    status: { podIP: 10.244.0.9 }\n`
    const r = loadModel('x.yaml', text)
    expect(r.ok && r.model.pods.find((p) => p.name === 'a')?.ip).toBe(parseIpv4('10.244.0.9'))
  })

  it('rejects an empty file and items: null with a hint', () => {
    for (const text of ['', '# nothing\n', 'apiVersion: v1\nkind: List\nitems: null\n']) {
      const r = loadModel('x.yaml', text)
      expect(r.ok).toBe(false)
      expect(r.diagnostics.map(formatDiagnostic).join('\n')).toContain('x.yaml:1:1: error: the file holds no objects\n  hint:')
    }
  })

  it('reads JSON (kubectl get -o json) with located errors', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'default' }, spec: { clusterIP: '10.96.0.77', ports: [{ port: 80 }] } }] }, null, 4)
    const r = loadModel('x.json', json)
    expect(r.ok && r.model.services.find((s) => s.name === 'a')?.clusterIP).toBe(parseIpv4('10.96.0.77'))
    const badText = json.replace('10.96.0.77', '10.96.0.777')
    const line = badText.split('\n').findIndex((l) => l.includes('10.96.0.777')) + 1
    const col = badText.split('\n')[line - 1]!.indexOf('"10.96') + 1
    const bad = loadModel('x.json', badText)
    expect(bad.diagnostics.map(formatDiagnostic).join('\n')).toContain(`x.json:${line}:${col}: error: spec.clusterIP "10.96.0.777" is not an IP address`)
  })

  it('honours YAML merge keys', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: { name: base }\n    spec: &common { clusterIP: 10.96.0.81, ports: [{ name: http, port: 80 }] }\n  - apiVersion: v1\n    kind: Service\n    metadata: { name: a }\n    spec:\n      <<: *common\n      clusterIP: 10.96.0.80\n`
    const r = loadModel('x.yaml', text)
    const s = r.ok ? r.model.services.find((x) => x.name === 'a') : undefined
    expect(s?.clusterIP).toBe(parseIpv4('10.96.0.80'))
    expect(s?.ports.map((p) => p.spec.port)).toEqual([80])
  })

  it('reads legacy leading-zero IPv4 as decimal, with a warning', () => {
    const { model, lines } = load(svc('default', 'old', '10.96.00.041') + pod('default', 'p', 'n1', '10.244.0.010'))
    expect(model.services.find((s) => s.name === 'old')!.clusterIP).toBe(parseIpv4('10.96.0.41'))
    expect(model.pods.find((p) => p.name === 'p')!.ip).toBe(parseIpv4('10.244.0.10'))
    expect(lines.join('\n')).toContain('"10.96.00.041" has leading zeros; read as 10.96.0.41, as kube-proxy reads it (decimal, not octal)')
  })

  it('gives finished pods no IP, so a running pod may hold the address', () => {
    const { model } = load(pod('default', 'job-abc', 'n1', '10.244.0.7', ', phase: Succeeded').replace('phase: Running, ', '') + pod('default', 'web', 'n1', '10.244.0.7'))
    const job = model.pods.find((p) => p.name === 'job-abc')!
    expect([job.ip, job.ready, job.phase]).toEqual([null, false, 'Succeeded'])
    expect(model.pods.find((p) => p.name === 'web')!.ip).toBe(parseIpv4('10.244.0.7'))
  })

  it('keeps IPv6 addresses of dual-stack objects without errors', () => {
    const text = svc('default', 'ds', '10.96.0.60').replace('clusterIPs: [10.96.0.60]', 'clusterIPs: [10.96.0.60, "fd00:10:96::3c"], ipFamilies: [IPv4, IPv6], ipFamilyPolicy: PreferDualStack')
      + pod('default', 'p', 'n1', '10.244.0.5').replace('podIPs: [{ ip: 10.244.0.5 }]', 'podIPs: [{ ip: 10.244.0.5 }, { ip: "fd00:10:244::5" }]')
      + `---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: { name: ds-v6, labels: { kubernetes.io/service-name: ds } }\naddressType: IPv6\nports: [{ name: p, port: 443 }]\nendpoints: [{ addresses: ["fd00:10:244::5"] }]\n`
    const { model } = load(text)
    expect(model.services.find((s) => s.name === 'ds')!.obj.clusterIPv6).toEqual(['fd00:10:96::3c'])
    expect(model.pods.find((p) => p.name === 'p')!.ipv6).toEqual(['fd00:10:244::5'])
  })
})
