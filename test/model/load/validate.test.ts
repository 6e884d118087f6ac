/** What the API server rejects is a located error with a hint; what it accepts loads. */
import { describe, expect, it } from 'vitest'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { formatDiagnostic } from '../../../src/model/load/diagnostics.js'

const svc = (spec: string, name = 's'): string => `apiVersion: v1\nkind: Service\nmetadata: { name: ${name} }\nspec:\n${spec}`
const pod = (name: string, spec: string, meta = ''): string => `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name}${meta} }\nspec:\n${spec}`
const np = (spec: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p }\nspec:\n  podSelector: {}\n${spec}`
const ing = (spec: string): string => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: i }\nspec:\n${spec}`
const C = '  containers: [{ name: c, image: nginx }]\n'

/** [case, input, expected first error line (prefix)] */
const rejected: [string, string, string][] = [
  ['uppercase name', pod('Web', C), 'in.yaml:3:19: error: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain'],
  ['underscore name', pod('web_1', C), 'in.yaml:3:19: error: metadata.name: Invalid value: "web_1"'],
  ['name over 253 characters', pod('a'.repeat(254), C), 'in.yaml:3:19: error: metadata.name: Invalid value: "aaaa'],
  ['Service name over 63 characters', svc('  ports: [{ port: 80 }]\n', 'a'.repeat(64)), 'in.yaml:3:19: error: metadata.name: Invalid value: "aaaa'],
  ['Service name starting with a digit', svc('  ports: [{ port: 80 }]\n', '1web'), 'in.yaml:3:19: error: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (Service default/1web)\n  hint: write a name such as "x-1web"'],
  ['NUL in a name', pod('"we\\0b"', C), 'in.yaml:3:19: error: metadata.name: Invalid value: "we\\u0000b"'],
  ['namespace with quotes and a newline', `apiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: "x\\"\\n-A KUBE-SERVICES -j ACCEPT" }\nspec: { ports: [{ port: 80 }] }\n`, 'in.yaml:3:33: error: metadata.namespace: Invalid value: "x\\"\\n-A KUBE-SERVICES -j ACCEPT": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (Service "x\\"\\n-A KUBE-SERVICES -j ACCEPT"/s)\n  hint: namespaces are DNS labels'],
  ['label value with markup', pod('p', C, ', labels: { app: "<script>" }'), 'in.yaml:3:37: error: metadata.labels.app: Invalid value: "<script>": a valid label must be'],
  ['label key with two slashes', pod('p', C, ', labels: { a/b/c: x }'), 'in.yaml:3:30: error: metadata.labels: Invalid value: "a/b/c"'],
  ['duplicate Service ports', svc('  ports: [{ name: a, port: 80 }, { name: b, port: 80 }]\n'), 'in.yaml:5:34: error: spec.ports[1]: Duplicate value: port 80/TCP is already ports[0]'],
  ['portless Service that is not headless', svc('  selector: { app: x }\n'), 'in.yaml:5:3: error: spec.ports: Required value: only a headless Service'],
  ['ExternalName that is a URL', svc('  type: ExternalName\n  externalName: https://db.example.com/x\n'), 'in.yaml:6:17: error: spec.externalName: Invalid value: "https://db.example.com/x"'],
  ['container port name over 15 characters', pod('p', '  containers: [{ name: c, image: x, ports: [{ name: metrics-exporter-port, containerPort: 9100 }] }]\n'), 'in.yaml:5:53: error: spec.containers.0.ports.0.name: Invalid value: "metrics-exporter-port": must be no more than 15 characters'],
  ['duplicate container port names', pod('p', '  containers: [{ name: c, image: x, ports: [{ name: web, containerPort: 80 }, { name: web, containerPort: 81 }] }]\n'), 'in.yaml:5:87: error: spec.containers.0.ports.1.name: Duplicate value: "web" (Pod default/p)\n  hint: spec.containers.0.ports.0 already uses this port name in the pod'],
  ['bad ipBlock', np('  ingress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/33 } }] }]\n'), 'in.yaml:6:41: error: spec.ingress.0.from.0.ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR'],
  ['except outside its CIDR', np('  ingress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/16, except: [10.1.0.0/24] } }] }]\n'), 'in.yaml:6:63: error: spec.ingress.0.from.0.ipBlock.except.0: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr` (10.0.0.0/16)'],
  ['port 99999', np('  ingress: [{ ports: [{ port: 99999 }] }]\n'), 'in.yaml:6:31: error: spec.ingress.0.ports.0.port: Invalid value: 99999: must be between 1 and 65535'],
  ['misspelled policyTypes', np('  policyTypes: [Ingres]\n'), 'in.yaml:6:17: error: spec.policyTypes[0]: Unsupported value: "Ingres": supported values: "Egress", "Ingress"'],
  ['relative Ingress path', ing('  rules: [{ http: { paths: [{ path: api, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] } }]\n'), 'in.yaml:5:37: error: spec.rules.0.http.paths.0.path: Invalid value: "api": must be an absolute path'],
  ['Ingress host with a scheme', ing('  rules: [{ host: "http://shop.example.com", http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] } }]\n'), 'in.yaml:5:19: error: spec.rules.0.host: Invalid value: "http://shop.example.com"'],
  ['two hostNetwork pods on one node with the same port', `${pod('a', '  nodeName: node1\n  hostNetwork: true\n  containers: [{ name: c, image: x, ports: [{ containerPort: 8080 }] }]\n')}---\n${pod('b', '  nodeName: node1\n  hostNetwork: true\n  containers: [{ name: c, image: x, ports: [{ containerPort: 8080 }] }]\n')}`, 'in.yaml:15:45: error: host port 8080/TCP on node node1 is already used by pod default/a (Pod default/b)'],
]

describe('the API server\'s validation', () => {
  it.each(rejected)('rejects %s', (_name, text, expected) => {
    const r = loadModel('in.yaml', text)
    const lines = r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)
    expect(r.ok).toBe(false)
    expect(lines.some((l) => l.startsWith(expected)), `got:\n${lines.join('\n')}`).toBe(true)
    for (const d of r.diagnostics.filter((x) => x.severity === 'error')) expect(d.hint, formatDiagnostic(d)).toBeTruthy()
  })

  it.each([
    ['a headless Service without ports', svc('  clusterIP: None\n  selector: { app: x }\n')],
    ['an ExternalName with a trailing dot', svc('  type: ExternalName\n  externalName: db.example.com.\n')],
    ['prefixed label keys and empty values', pod('p', C, ', labels: { app.kubernetes.io/name: web, tier: "" }')],
    ['a wildcard Ingress host', ing('  rules: [{ host: "*.example.com", http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] } }]\n')],
    ['ipBlock with host bits and a strict except', np('  ingress: [{ from: [{ ipBlock: { cidr: 10.0.0.1/16, except: [10.0.1.0/24] } }] }]\n')],
    ['the same port over TCP and UDP', svc('  ports: [{ name: dns, port: 53, protocol: UDP }, { name: dns-tcp, port: 53, protocol: TCP }]\n')],
  ])('accepts %s', (_name, text) => {
    const r = loadModel('in.yaml', text)
    expect(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([])
  })
})
