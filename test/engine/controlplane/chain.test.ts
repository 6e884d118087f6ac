import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatIpv4 } from '../../../src/model/addr/ipv4.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { renderMessage as renderMsg } from '../../../src/i18n/render.js'
import { chainEvents, runChange } from '../../../src/engine/controlplane/run.js'
import { loadControlPlane, type ClusterState } from '../../../src/engine/controlplane/state.js'
import type { ChainResult } from '../../../src/engine/controlplane/types.js'

const TOPOLOGY = readFileSync(new URL('../../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/controlplane/${name}`, import.meta.url), 'utf8')
const DEPLOYMENT = fixture('nginx-deployment.yaml')
const SERVICE = fixture('nginx-service.yaml')

function initial(text = TOPOLOGY): ClusterState {
  const l = loadControlPlane('topologies/two-node-flannel-vxlan.yaml', text)
  if (!l.ok) throw new Error(JSON.stringify(l.diagnostics))
  return l.state
}

function apply(state: ClusterState, file: string, text: string) {
  return runChange(state, { kind: 'apply', file, text })
}

const reasons = (r: ChainResult): string[] => chainEvents(r).map((e) => e.event.reason)
const messages = (r: ChainResult, reason: string): string[] => chainEvents(r).filter((e) => e.event.reason === reason).map((e) => renderMsg(e.event.message))
/** Added/removed iptables-save lines of each node's kube-proxy sync in a chain. */
const proxyDiffs = (r: ChainResult) => r.steps.filter((s) => s.dataplane?.kind === 'proxy-sync').map((s) => ({ node: s.dataplane!.node!, added: s.dataplane!.diffs.flatMap((d) => d.added), removed: s.dataplane!.diffs.flatMap((d) => d.removed) }))

describe('applying the seed nginx-deployment', () => {
  const withService = apply(initial(), 'nginx-service.yaml', SERVICE)
  const r = apply(withService.state, 'nginx-deployment.yaml', DEPLOYMENT)

  it('lists ScalingReplicaSet, three SuccessfulCreate, three Scheduled, then the kubelet events', () => {
    expect(r.result.ok).toBe(true)
    const rs = reasons(r.result)
    expect(rs.slice(0, 7)).toEqual(['ScalingReplicaSet', 'SuccessfulCreate', 'SuccessfulCreate', 'SuccessfulCreate', 'Scheduled', 'Scheduled', 'Scheduled'])
    // First pod on each node pulls; the second on node2 finds the image there.
    expect(rs.slice(7)).toEqual(['Pulling', 'Pulled', 'Created', 'Started', 'Pulling', 'Pulled', 'Created', 'Started', 'Pulled', 'Created', 'Started'])
    const rsName = /^Scaled up replica set (nginx-deployment-[a-z0-9]{10}) from 0 to 3$/.exec(messages(r.result, 'ScalingReplicaSet')[0]!)
    expect(rsName).not.toBeNull()
    expect(messages(r.result, 'SuccessfulCreate').every((m) => m.startsWith(`Created pod: ${rsName![1]}-`))).toBe(true)
    expect(messages(r.result, 'Pulling')[0]).toBe('Pulling image "nginx:1.15"')
    expect(messages(r.result, 'Pulled')).toContain('Container image "nginx:1.15" already present on machine')
    expect(messages(r.result, 'Created')[0]).toBe('Created container: nginx-container')
    expect(messages(r.result, 'Started')[0]).toBe('Started container nginx-container')
  })

  it('schedules each pod where loading the topology with the manifests places it, with the same IPs', () => {
    const loaded = loadModel('all.yaml', `${TOPOLOGY}\n---\n${SERVICE}\n---\n${DEPLOYMENT}`)
    if (!loaded.ok) throw new Error('does not load')
    const expected = loaded.model.pods.filter((p) => p.name.startsWith('nginx-deployment-'))
    expect(expected).toHaveLength(3)
    const scheduled = messages(r.result, 'Scheduled')
    expect(scheduled).toEqual(expected.map((p) => `Successfully assigned default/${p.name} to ${p.nodeName}`))
    const got = r.result.after.pods.filter((p) => p.name.startsWith('nginx-deployment-'))
    expect(got.map((p) => [p.name, p.nodeName, formatIpv4(p.ip!)])).toEqual(expected.map((p) => [p.name, p.nodeName, formatIpv4(p.ip!)]))
    // …and the Service's endpoints and every node's iptables-save match the loaded model.
    const svc = (m: typeof loaded.model) => m.services.find((s) => s.name === 'nginx-service')!
    expect(svc(r.result.after).ports[0]!.endpoints).toEqual(svc(loaded.model).ports[0]!.endpoints)
  })

  it('shows three new KUBE-SEP chains on every node and drops the no-endpoint REJECT', () => {
    const diffs = proxyDiffs(r.result)
    expect(diffs.map((d) => d.node)).toEqual(['node1', 'node2'])
    for (const d of diffs) {
      expect(d.added.filter((l) => /^:KUBE-SEP-/.test(l))).toHaveLength(3)
      expect(d.removed.filter((l) => l.includes('-j REJECT') && l.includes('default/nginx-service:http has no endpoints'))).toHaveLength(1)
    }
    const sync = r.result.steps.find((s) => s.dataplane?.kind === 'proxy-sync')!.dataplane!.partialSync!
    expect(sync.written.filter((c) => c.startsWith('KUBE-SEP-'))).toHaveLength(3)
    expect(sync.written.filter((c) => c.startsWith('KUBE-SVC-'))).toHaveLength(1)
    expect(sync.untouched).toBeGreaterThan(0)
  })

  it('makes each CNI ADD show the veth and FDB entries on its node', () => {
    const adds = r.result.steps.filter((s) => s.dataplane?.kind === 'cni-add')
    expect(adds).toHaveLength(3)
    for (const a of adds) {
      const pod = r.result.after.pods.find((p) => p.name === a.object.name)!
      const addr = a.dataplane!.diffs.find((d) => d.view === 'addr')!
      expect(addr.node).toBe(pod.nodeName)
      expect(addr.added).toHaveLength(1)
      expect(addr.added[0]).toMatch(/^veth[0-9a-f]{8}@if2 /)
      expect(a.dataplane!.diffs.find((d) => d.view === 'neigh')!.added[0]).toContain(formatIpv4(pod.ip!))
    }
  })

  it('connects the actors over the ports the components use', () => {
    const s = r.result.steps
    expect(s[0]).toMatchObject({ from: { component: 'kubectl' }, to: { component: 'kube-apiserver' }, connection: { kind: 'https', port: 6443 }, verb: 'create', status: { code: 201 } })
    expect(s[1]).toMatchObject({ from: { component: 'kube-apiserver' }, to: { component: 'etcd' }, connection: { kind: 'etcd', port: 2379 } })
    expect(s[2]).toMatchObject({ to: { component: 'deployment-controller' }, connection: { kind: 'watch' }, watchEvent: 'ADDED' })
    expect(s.find((x) => x.verb === 'bind')).toMatchObject({ from: { component: 'kube-scheduler' }, phase: 'write' })
  })

  it('is deterministic', () => {
    const again = apply(apply(initial(), 'nginx-service.yaml', SERVICE).state, 'nginx-deployment.yaml', DEPLOYMENT)
    expect(JSON.stringify(again.result.steps)).toBe(JSON.stringify(r.result.steps))
  })

  it('scaling to 0 removes the endpoint chains and the Service REJECT comes back', () => {
    const s = runChange(r.state, { kind: 'scale', object: { kind: 'Deployment', namespace: 'default', name: 'nginx-deployment' }, replicas: 0 })
    expect(s.result.ok).toBe(true)
    expect(reasons(s.result)).toEqual(['ScalingReplicaSet', 'SuccessfulDelete', 'SuccessfulDelete', 'SuccessfulDelete', 'Killing', 'Killing', 'Killing'])
    expect(messages(s.result, 'ScalingReplicaSet')[0]).toMatch(/^Scaled down replica set nginx-deployment-[a-z0-9]{10} from 3 to 0$/)
    for (const d of proxyDiffs(s.result)) {
      expect(d.removed.filter((l) => /^:KUBE-SEP-/.test(l))).toHaveLength(3)
      expect(d.added.filter((l) => l.includes('"default/nginx-service:http has no endpoints"') && l.includes('-j REJECT'))).toHaveLength(1)
    }
    // The endpoints go before the kubelets stop the containers.
    const firstSync = s.result.steps.findIndex((x) => x.dataplane?.kind === 'proxy-sync')
    const firstKill = s.result.steps.findIndex((x) => x.event?.reason === 'Killing')
    expect(firstSync).toBeLessThan(firstKill)
    expect(s.result.after.pods.some((p) => p.name.startsWith('nginx-deployment-'))).toBe(false)
  })
})

describe('the scheduler refusing', () => {
  const base = apply(initial(), 'nginx-deployment.yaml', DEPLOYMENT).state
  const dep = { kind: 'Deployment', namespace: 'default', name: 'nginx-deployment' }

  it('taints on every node give FailedScheduling in the scheduler\'s format, and the pod stays Pending', () => {
    let st = base
    for (const node of ['node1', 'node2']) st = runChange(st, { kind: 'taint', node, key: 'dedicated', value: 'db', effect: 'NoSchedule', remove: false }).state
    const s = runChange(st, { kind: 'scale', object: dep, replicas: 4 })
    expect(messages(s.result, 'FailedScheduling')).toEqual([
      '0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: db}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    ])
    const pending = s.result.after.pods.filter((p) => p.name.startsWith('nginx-deployment-') && p.nodeName === null)
    expect(pending).toHaveLength(1)
    expect(chainEvents(s.result).find((e) => e.event.reason === 'FailedScheduling')!.event.type).toBe('Warning')
  })

  it('a cordon and a taint are counted per reason, sorted as upstream sorts them', () => {
    let st = runChange(base, { kind: 'cordon', node: 'node2' })
    expect(messages(st.result, 'NodeNotSchedulable')).toEqual(['Node node2 status is now: NodeNotSchedulable'])
    st = runChange(st.state, { kind: 'taint', node: 'node1', key: 'maintenance', value: '', effect: 'NoSchedule', remove: false })
    const s = runChange(st.state, { kind: 'scale', object: dep, replicas: 4 })
    expect(messages(s.result, 'FailedScheduling')).toEqual([
      '0/2 nodes are available: 1 node(s) had untolerated taint {maintenance: }, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    ])
  })

  it('cordoning one node sends new pods to the other', () => {
    const st = runChange(base, { kind: 'cordon', node: 'node1' }).state
    const s = runChange(st, { kind: 'scale', object: dep, replicas: 5 })
    expect(messages(s.result, 'Scheduled').every((m) => m.endsWith(' to node2'))).toBe(true)
    expect(messages(s.result, 'Scheduled')).toHaveLength(2)
  })
})

describe('a rolling update', () => {
  const withService = apply(initial(), 'nginx-service.yaml', SERVICE).state
  const base = apply(withService, 'nginx-deployment.yaml', DEPLOYMENT).state
  const r = runChange(base, { kind: 'rollout', object: { kind: 'Deployment', namespace: 'default', name: 'nginx-deployment' }, container: 'nginx-container', image: 'nginx:1.16' })

  it('moves in maxSurge/maxUnavailable steps (25%/25% of 3: surge 1, unavailable 0)', () => {
    const scaled = messages(r.result, 'ScalingReplicaSet').map((m) => m.replace(/nginx-deployment-[a-z0-9]{10}/, (h) => (h === messages(r.result, 'ScalingReplicaSet')[0]!.split(' ')[4] ? 'NEW' : 'OLD')))
    expect(scaled).toEqual([
      'Scaled up replica set NEW from 0 to 1', 'Scaled down replica set OLD from 3 to 2',
      'Scaled up replica set NEW from 1 to 2', 'Scaled down replica set OLD from 2 to 1',
      'Scaled up replica set NEW from 2 to 3', 'Scaled down replica set OLD from 1 to 0',
    ])
  })

  it('never leaves fewer than 3 or more than 4 endpoints behind the Service, and ends on the new pods', () => {
    const counts = r.result.snapshots.map(({ model }) => model.services.find((s) => s.name === 'nginx-service')!.ports[0]!.endpoints.filter((e) => e.ready).length)
    expect(Math.min(...counts)).toBe(3)
    expect(Math.max(...counts)).toBe(4)
    const endpointSteps = r.result.steps.filter((s) => s.dataplane?.kind === 'endpoints')
    expect(endpointSteps.length).toBe(6)
    const finalPods = r.result.after.pods.filter((p) => p.name.startsWith('nginx-deployment-'))
    expect(finalPods).toHaveLength(3)
    expect(finalPods.every((p) => p.template.containers[0]!.image === 'nginx:1.16')).toBe(true)
  })

  it('waits when the new pods cannot be scheduled, keeping every old pod serving', () => {
    const stuck = DEPLOYMENT.replace('    spec:\n      containers:', '    spec:\n      nodeSelector: { disktype: ssd }\n      containers:')
    const s = apply(base, 'd.yaml', stuck)
    expect(messages(s.result, 'ScalingReplicaSet')).toHaveLength(1)
    expect(messages(s.result, 'FailedScheduling')).toHaveLength(1)
    const eps = s.result.after.services.find((x) => x.name === 'nginx-service')!.ports[0]!.endpoints
    expect(eps).toHaveLength(3)
  })

  it('honours a written strategy (maxSurge 0, maxUnavailable 1)', () => {
    const text = DEPLOYMENT.replace('  replicas: 3\n', '  replicas: 3\n  strategy:\n    rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }\n')
    const st = apply(withService, 'd.yaml', text).state
    const s = runChange(st, { kind: 'rollout', object: { kind: 'Deployment', namespace: 'default', name: 'nginx-deployment' }, container: null, image: 'nginx:1.16' })
    const dirs = messages(s.result, 'ScalingReplicaSet').map((m) => m.split(' ')[1])
    expect(dirs).toEqual(['down', 'up', 'down', 'up', 'down', 'up'])
  })
})

describe('bad input', () => {
  it('a manifest the API server rejects stops at kube-apiserver with its 4xx', () => {
    const bad = DEPLOYMENT.replace('      labels:\n        app: nginx-pod', '      labels:\n        app: something-else')
    const r = apply(initial(), 'bad.yaml', bad)
    expect(r.result.ok).toBe(false)
    expect(r.result.error).toMatchObject({ code: 422, reason: 'Invalid' })
    expect(r.result.error!.message).toBe('Deployment "nginx-deployment" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"something-else"}: `selector` does not match template `labels`')
    expect(r.result.steps).toHaveLength(1)
    expect(r.result.steps[0]).toMatchObject({ from: { component: 'kubectl' }, to: { component: 'kube-apiserver' }, phase: 'reject', status: { code: 422 } })
    expect(r.result.after.pods).toEqual(r.result.before.pods)
  })

  it('a missing namespace is a 404 and a taken NodePort a 422', () => {
    const ns = apply(initial(), 'ns.yaml', SERVICE.replace('name: nginx-service', 'name: nginx-service\n  namespace: nowhere'))
    expect(ns.result.error).toMatchObject({ code: 404, message: 'namespaces "nowhere" not found' })
    const np = apply(initial(), 'np.yaml', SERVICE.replace('spec:', 'spec:\n  type: NodePort').replace('targetPort: 80', 'targetPort: 80\n      nodePort: 30080'))
    expect(np.result.error).toMatchObject({ code: 422, message: 'Service "nginx-service" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated' })
  })

  it('a field the parser refuses is a 422 pointing at its line', () => {
    const r = apply(initial(), 'svc.yaml', SERVICE.replace('port: 80', 'port: 99999'))
    expect(r.result.error?.code).toBe(422)
    expect(r.result.error?.diagnostics[0]).toMatchObject({ file: 'svc.yaml', line: 11 })
  })

  it('what kubectl itself refuses never reaches the API server', () => {
    const empty = apply(initial(), 'empty.yaml', '')
    expect(empty.result.error).toMatchObject({ code: 0, message: 'no objects passed to apply' })
    const crd = apply(initial(), 'w.yaml', 'apiVersion: foo/v1\nkind: Widget\nmetadata: { name: w }\n')
    expect(crd.result.error!.message).toBe('resource mapping not found for name: "w" namespace: "" from "w.yaml": no matches for kind "Widget" in version "foo/v1"\nensure CRDs are installed first')
    const broken = apply(initial(), 'b.yaml', 'kind: [\n')
    expect(broken.result.error!.message).toMatch(/^error parsing b\.yaml: YAML syntax/)
    for (const r of [empty, crd, broken]) expect(r.result.steps.every((s) => s.to.component === 'kubectl')).toBe(true)
  })

  it('goes through the file in order: stored objects, then a rejected one, and the rest still applied', () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata: { name: s }\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: Bad_Name }\nspec: { containers: [{ name: c, image: x }] }\n---\n' + SERVICE
    const r = apply(initial(), 'mixed.yaml', text)
    expect(r.result.ok).toBe(false)
    expect(r.result.steps.filter((s) => s.from.component === 'kubectl').map((s) => `${s.object.kind} ${s.status?.code}`)).toEqual(['Secret 201', 'Pod 422', 'Service 201'])
    expect(r.result.error!.diagnostics[0]).toMatchObject({ file: 'mixed.yaml', line: 7 })
    expect(r.result.after.services.some((s) => s.name === 'nginx-service')).toBe(true)
  })

  it('a pod no node can take stays Pending with FailedScheduling', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: { name: picky }\nspec:\n  nodeSelector: { disktype: ssd }\n  containers: [{ name: app, image: busybox:1.36 }]\n'
    const r = apply(initial(), 'pod.yaml', pod)
    expect(r.result.ok).toBe(true)
    expect(messages(r.result, 'FailedScheduling')).toEqual([
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    ])
    expect(r.result.after.pods.find((p) => p.name === 'picky')).toMatchObject({ nodeName: null, ip: null })
  })
})

describe('drain', () => {
  it('refuses with DaemonSet pods unless told to ignore them, as kubectl does, leaving the node cordoned', () => {
    const r = runChange(initial(), { kind: 'drain', node: 'node2', force: false, ignoreDaemonSets: false })
    expect(r.result.ok).toBe(false)
    expect(r.result.error!.message).toMatch(/^unable to drain node "node2" due to error: cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-flannel\/kube-flannel-ds-\w+, kube-system\/kube-proxy-\w+, continuing command\.\.\.$/)
    expect(r.result.after.nodes.find((n) => n.name === 'node2')!.spec.unschedulable).toBe(true)
    expect(r.result.after.pods).toEqual(r.result.before.pods)
  })

  it('evicts, and the controllers put replacements on the other node', () => {
    const r = runChange(initial(), { kind: 'drain', node: 'node2', force: false, ignoreDaemonSets: true })
    expect(r.result.ok).toBe(true)
    const scheduled = messages(r.result, 'Scheduled')
    expect(scheduled.length).toBeGreaterThan(0)
    expect(scheduled.every((m) => m.endsWith(' to node1'))).toBe(true)
    // echo only runs on node2 (nodeSelector): its replacement cannot go anywhere.
    expect(messages(r.result, 'FailedScheduling')[0]).toBe("0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")
    const left = r.result.after.pods.filter((p) => p.nodeName === 'node2').map((p) => p.addon)
    expect(left.every((a) => a === 'kube-proxy' || a === 'flannel')).toBe(true)
  })

  it('a NoExecute taint evicts what does not tolerate it', () => {
    const r = runChange(initial(), { kind: 'taint', node: 'node2', key: 'gone', value: 'yes', effect: 'NoExecute', remove: false })
    const evicted = messages(r.result, 'TaintManagerEviction').map((m) => m.replace('Marking for deletion Pod ', ''))
    const before = r.result.before.pods.filter((p) => p.nodeName === 'node2')
    // kube-proxy and flannel tolerate everything; CoreDNS, web and echo do not.
    expect(evicted.sort()).toEqual(before.filter((p) => p.addon !== 'kube-proxy' && p.addon !== 'flannel').map((p) => `${p.namespace}/${p.name}`).sort())
    expect(r.result.after.pods.filter((p) => p.nodeName === 'node2').every((p) => p.addon === 'kube-proxy' || p.addon === 'flannel')).toBe(true)
  })
})

describe('other changes', () => {
  it('applying the same manifest again is a no-op patch that never reaches etcd', () => {
    const once = apply(initial(), 'd.yaml', DEPLOYMENT)
    const twice = apply(once.state, 'd.yaml', DEPLOYMENT)
    expect(twice.result.steps).toHaveLength(1)
    expect(twice.result.steps[0]).toMatchObject({ verb: 'patch', status: { code: 200 } })
    expect(twice.result.after).toBe(once.state.model)
  })

  it('changing the template in a re-applied manifest rolls the Deployment out', () => {
    const once = apply(initial(), 'd.yaml', DEPLOYMENT)
    const r = apply(once.state, 'd.yaml', DEPLOYMENT.replace('nginx:1.15', 'nginx:1.16'))
    expect(messages(r.result, 'ScalingReplicaSet')).toHaveLength(6)
  })

  it('scaling a StatefulSet creates the next ordinals in order', () => {
    const r = runChange(initial(), { kind: 'scale', object: { kind: 'StatefulSet', namespace: 'default', name: 'db' }, replicas: 3 })
    expect(messages(r.result, 'SuccessfulCreate')).toEqual(['create Pod db-1 in StatefulSet db successful', 'create Pod db-2 in StatefulSet db successful'])
    // db-1 is started before db-2 is created (OrderedReady).
    const started = r.result.steps.findIndex((s) => s.event?.reason === 'Started' && s.object.name === 'db-1')
    const second = r.result.steps.findIndex((s) => s.event?.reason === 'SuccessfulCreate' && renderMsg(s.event.message).includes('db-2'))
    expect(started).toBeLessThan(second)
  })

  it('deleting a Service deletes its chains (-X) on every node and its DNS names', () => {
    const r = runChange(initial(), { kind: 'delete', object: { kind: 'Service', namespace: 'default', name: 'web' } })
    for (const s of r.result.steps.filter((x) => x.dataplane?.kind === 'proxy-sync')) {
      expect(s.dataplane!.partialSync!.deleted.filter((c) => c.startsWith('KUBE-SEP-'))).toHaveLength(2)
      expect(s.dataplane!.partialSync!.written).toEqual([])
    }
    const dns = r.result.steps.find((x) => x.dataplane?.kind === 'dns')!.dataplane!.dns!
    expect(dns.removed).toContain('web.default.svc.cluster.local. 30 IN A 10.106.112.147')
  })

  it('deleting a Deployment pod makes its ReplicaSet create a replacement', () => {
    const st = initial()
    const victim = st.model.pods.find((p) => p.name.startsWith('web-'))!
    const r = runChange(st, { kind: 'delete', object: { kind: 'Pod', namespace: 'default', name: victim.name } })
    expect(reasons(r.result)).toEqual(['Killing', 'SuccessfulCreate', 'Scheduled', 'Pulled', 'Created', 'Started'])
    expect(r.result.after.pods.filter((p) => p.name.startsWith('web-'))).toHaveLength(2)
  })
})

describe('host-local running out of addresses', () => {
  it('gives FailedCreatePodSandBox with host-local\'s error and leaves the pod without an IP', () => {
    const tiny = 'apiVersion: kube-netlab/v1\nkind: Cluster\nmetadata: { name: tiny }\nspec:\n  podCIDR: 10.244.0.0/29\n  network: { plugin: bridge }\n  nodes: [{ name: minikube, ip: 192.168.49.2 }]\n'
    const l = loadControlPlane('tiny.yaml', tiny)
    if (!l.ok) throw new Error(JSON.stringify(l.diagnostics))
    // .1 is the bridge, CoreDNS has .2 and .3: .4 to .6 are left before the broadcast address.
    const r = apply(l.state, 'd.yaml', DEPLOYMENT.replace('replicas: 3', 'replicas: 4'))
    const ips = r.result.after.pods.filter((p) => p.name.startsWith('nginx-deployment-')).map((p) => (p.ip === null ? null : formatIpv4(p.ip)))
    expect(ips).toEqual(['10.244.0.4', '10.244.0.5', '10.244.0.6', null])
    expect(messages(r.result, 'FailedCreatePodSandBox')).toEqual(['Failed to create pod sandbox: plugin type="bridge" failed (add): failed to allocate for range 0: no IP addresses available in range set: 10.244.0.1-10.244.0.6'])
  })
})

describe('the scheduler retrying', () => {
  it('uncordoning a node schedules the pods left Pending, and kube-proxy picks them up', () => {
    let st = apply(apply(initial(), 's.yaml', SERVICE).state, 'd.yaml', DEPLOYMENT).state
    for (const node of ['node1', 'node2']) st = runChange(st, { kind: 'cordon', node }).state
    st = runChange(st, { kind: 'scale', object: { kind: 'Deployment', namespace: 'default', name: 'nginx-deployment' }, replicas: 4 }).state
    expect(st.model.pods.filter((p) => p.nodeName === null)).toHaveLength(1)
    const r = runChange(st, { kind: 'uncordon', node: 'node2' })
    expect(reasons(r.result)).toEqual(['NodeSchedulable', 'Scheduled', 'Pulled', 'Created', 'Started'])
    expect(messages(r.result, 'Scheduled')[0]).toMatch(/ to node2$/)
    expect(proxyDiffs(r.result).every((d) => d.added.filter((l) => /^:KUBE-SEP-/.test(l)).length === 1)).toBe(true)
  })

  it('removing the taint that kept a pod Pending lets it run', () => {
    let st = initial()
    for (const node of ['node1', 'node2']) st = runChange(st, { kind: 'taint', node, key: 'k', value: 'v', effect: 'NoSchedule', remove: false }).state
    st = apply(st, 'p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: { name: late }\nspec: { containers: [{ name: c, image: busybox:1.36 }] }\n').state
    const r = runChange(st, { kind: 'taint', node: 'node1', key: 'k', value: 'v', effect: 'NoSchedule', remove: true })
    expect(messages(r.result, 'Scheduled')).toEqual(['Successfully assigned default/late to node1'])
  })

  it('a Deployment created with 0 replicas records no ScalingReplicaSet', () => {
    const r = apply(initial(), 'd.yaml', DEPLOYMENT.replace('replicas: 3', 'replicas: 0'))
    expect(reasons(r.result)).toEqual([])
    expect(r.result.steps.some((s) => s.object.kind === 'ReplicaSet' && s.verb === 'create')).toBe(true)
  })
})
