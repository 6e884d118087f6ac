import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/runCli.js'
import { fakeIo } from '../support/fakeIo.js'

const fixture = (n: string): string => fileURLToPath(new URL(`../fixtures/controlplane/${n}`, import.meta.url))
const DEPLOYMENT = fixture('nginx-deployment.yaml')
const SERVICE = fixture('nginx-service.yaml')

describe('kube-netlab apply', () => {
  it('prints the events like kubectl get events -w, with step numbers', () => {
    const f = fakeIo()
    expect(runCli(['apply', 'two-node-flannel-vxlan', DEPLOYMENT], f.io)).toBe(0)
    const lines = f.stdout().split('\n')
    expect(lines[0]).toMatch(/^LAST SEEN {3}TYPE {5}REASON {14}OBJECT {3,}MESSAGE$/)
    expect(lines[1]).toMatch(/^step 4 +Normal +ScalingReplicaSet +deployment\/nginx-deployment +Scaled up replica set nginx-deployment-\w{10} from 0 to 3$/)
    expect(lines.filter((l) => / Scheduled /.test(l)).map((l) => l.split(' ').at(-1))).toEqual(['node2', 'node1', 'node2'])
  })

  it('--why gives the component chain, --diff the per-node dataplane', () => {
    const f = fakeIo()
    expect(runCli(['apply', 'two-node-flannel-vxlan', SERVICE, '--then', `apply ${DEPLOYMENT}`, '--why', '--diff'], f.io)).toBe(0)
    const out = f.stdout()
    expect(out).toMatch(/1 +write +kubectl → kube-apiserver +HTTPS :6443 +create Service default\/nginx-service +201 Created/)
    expect(out).toMatch(/kube-apiserver → etcd +gRPC :2379/)
    expect(out).toMatch(/watch +kube-apiserver → kubelet@node2 +watch :6443 +MODIFIED Pod default\/nginx-deployment-/)
    expect(out).toContain('CNI ADD on node2')
    expect(out).toMatch(/kube-proxy sync on node1\n {2}iptables-save on node1:\n {2}- -A KUBE-SERVICES .*has no endpoints/)
    expect(out.match(/^ {2}\+ :KUBE-SEP-\w+ - \[0:0\]$/gm)).toHaveLength(6)
    expect(out).toContain('KEP-3453 partial sync')
  })

  it('--json carries events and steps', () => {
    const f = fakeIo()
    expect(runCli(['apply', 'two-node-flannel-vxlan', DEPLOYMENT, '--json'], f.io)).toBe(0)
    const j = JSON.parse(f.stdout()) as { ok: boolean; events: { reason: string; text: string }[]; steps: { connection: { kind: string } }[] }
    expect(j.ok).toBe(true)
    expect(j.events[0]).toMatchObject({ reason: 'ScalingReplicaSet' })
    expect(j.steps.some((s) => s.connection.kind === 'etcd')).toBe(true)
  })

  it('a rejected manifest exits 1 with the API server error', () => {
    const f = fakeIo({ 'bad.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: nowhere }\nspec: { ports: [{ port: 80 }] }\n' })
    expect(runCli(['apply', 'two-node-flannel-vxlan', 'bad.yaml', '--why'], f.io)).toBe(1)
    expect(f.stderr()).toBe('Error from server (NotFound): namespaces "nowhere" not found\n')
    expect(f.stdout()).toMatch(/1 +reject +kubectl → kube-apiserver +HTTPS :6443 +create Service nowhere\/s +404 NotFound/)
  })

  it('taint then scale shows FailedScheduling', () => {
    const f = fakeIo()
    expect(runCli(['taint', 'two-node-flannel-vxlan', 'node1', 'a=b:NoSchedule', '--then', 'taint node2 a=b:NoSchedule', '--then', 'scale deployment/web --replicas 3'], f.io)).toBe(0)
    expect(f.stdout()).toMatch(/Warning +FailedScheduling +pod\/web-\w+-\w+ +0\/2 nodes are available: 2 node\(s\) had untolerated taint \{a: b\}\./)
  })

  it('--trace runs a packet trace before and after the change', () => {
    const f = fakeIo()
    expect(runCli(['scale', 'two-node-flannel-vxlan', 'deployment/web', '--replicas', '0', '--trace', '--from pod/default/client --to web:80'], f.io)).toBe(0)
    const out = f.stdout()
    const before = out.slice(out.indexOf('TRACE BEFORE'), out.indexOf('TRACE AFTER'))
    const after = out.slice(out.indexOf('TRACE AFTER'))
    expect(before).toContain('Result: DELIVERED')
    expect(after).toContain('Result: REFUSED')
    expect(after).toContain('has no endpoints')
  })

  it('usage errors exit 2', () => {
    const f = fakeIo()
    expect(runCli(['scale', 'two-node-flannel-vxlan', 'deployment/web'], f.io)).toBe(2)
    expect(f.stderr()).toContain('scale needs --replicas')
  })
})

describe('kube-netlab exec and logs', () => {
  it('traces kubectl → kube-apiserver:6443 → kubelet:10250 → runtime', () => {
    const f = fakeIo()
    expect(runCli(['exec', 'two-node-flannel-vxlan', 'pod/default/echo-29jgx86g5d-fkrzp', '--', 'cat', '/etc/hosts'], f.io)).toBe(0)
    const rows = f.stdout().split('\n')
    expect(rows[1]).toMatch(/^1 +kubectl → kube-apiserver@node1 +HTTPS :6443 +192\.168\.49\.2:6443 +POST \/api\/v1\/namespaces\/default\/pods\/echo-29jgx86g5d-fkrzp\/exec\?command=cat&command=%2Fetc%2Fhosts/)
    expect(rows[2]).toMatch(/^2 +kube-apiserver@node1 → kubelet@node2 +HTTPS :10250 +192\.168\.49\.3:10250 +POST \/exec\/default\/echo-29jgx86g5d-fkrzp\/echo\?/)
    expect(rows[3]).toMatch(/^3 +kubelet@node2 → container-runtime@node2 +CRI /)
  })

  it('logs go to /containerLogs on the kubelet; a Pending or missing pod is the API server\'s error', () => {
    const f = fakeIo()
    expect(runCli(['logs', 'two-node-flannel-vxlan', 'pod/default/client'], f.io)).toBe(0)
    expect(f.stdout()).toContain('GET /containerLogs/default/client/shell')
    const g = fakeIo()
    expect(runCli(['logs', 'two-node-flannel-vxlan', 'pod/default/nope'], g.io)).toBe(1)
    expect(g.stderr()).toBe('Error from server (NotFound): pods "nope" not found\n')
  })
})

