/**
 * A pod's way through the control plane: created by its controller (stored Pending), bound by
 * kube-scheduler, started by its node's kubelet (sandbox, CNI ADD, image, containers, status),
 * and on deletion stopped (Killing, CNI DEL) and removed.
 */
import { formatCidr, formatIpv4, lastAddress, nthAddress } from '../../model/addr/ipv4.js'
import { hashHex } from '../../model/hash/digest.js'
import type { ModelPod } from '../../model/model.js'
import type { PodTemplate } from '../../model/objects.js'
import { hostVethName } from '../../model/node/naming.js'
import { filterReason, schedulePod } from './scheduler.js'
import { ChainBuilder, actor, kubeEvent, ref } from './chain.js'
import { viewDiffs } from './dataplaneDiff.js'
import { msg } from './messages.js'
import { podKey } from './state.js'
import type { ObjectRef } from './types.js'

/** A new, Pending pod object as its controller writes it. */
export function newPod(namespace: string, name: string, template: PodTemplate, owner: { kind: string; name: string } | null): ModelPod {
  return {
    namespace, name, template, labels: template.labels, nodeName: null, ip: null, hostNetwork: template.hostNetwork,
    ready: false, owner, addon: null, containerId: hashHex(`container:${namespace}/${name}`, 64),
  }
}

const podRef = (p: { namespace: string; name: string }): ObjectRef => ref('Pod', p.namespace, p.name)

function replacePod(b: ChainBuilder, key: string, next: ModelPod | null): void {
  const pods = next === null
    ? b.model.pods.filter((p) => podKey(p) !== key)
    : b.model.pods.map((p) => (podKey(p) === key ? next : p))
  b.setModel({ ...b.model, pods })
}

export function findPod(b: ChainBuilder, key: string): ModelPod | undefined {
  return b.model.pods.find((p) => podKey(p) === key)
}

/** The controller's create: the Pod is stored without a node. */
export function createPod(b: ChainBuilder, pod: ModelPod, by: 'replicaset-controller' | 'statefulset-controller' | 'daemonset-controller' | 'kubectl', owner: ObjectRef | null, why: ReturnType<typeof msg>): void {
  b.setModel({ ...b.model, pods: [...b.model.pods, pod] })
  const event = owner === null ? undefined
    : by === 'statefulset-controller'
      ? kubeEvent('Normal', 'SuccessfulCreate', owner, msg('ev.StatefulSetCreate', { pod: pod.name, set: owner.name }), 'statefulset-controller')
      : kubeEvent('Normal', 'SuccessfulCreate', owner, msg('ev.SuccessfulCreate', { pod: pod.name }), by)
  b.write(actor(by), 'create', podRef(pod), why, { event })
}

/** kube-scheduler sees the Pending pod and binds it, or records FailedScheduling. */
export function schedule(b: ChainBuilder, key: string, onlyNode: string | null = null): boolean {
  const pod = findPod(b, key)
  if (!pod || pod.nodeName) return !!pod
  const scheduler = actor('kube-scheduler')
  b.notify(scheduler, podRef(pod), 'ADDED')
  const view = onlyNode ? { ...b.model, nodes: b.model.nodes.filter((n) => n.name === onlyNode) } : b.model
  const d = schedulePod(view, pod.template, onlyNode !== null)
  const filtered = d.filtered.length ? ` — ${d.filtered.map((f) => `${f.node}: ${filterReason(f.rejection).replace('node(s) ', '')}`).join('; ')}` : ''
  if (!d.node) {
    b.add({
      from: scheduler, to: scheduler, connection: { kind: 'local' }, verb: 'bind', object: podRef(pod), phase: 'reconcile',
      why: msg('why.unschedulable', { total: view.nodes.length, filtered }),
      event: kubeEvent('Warning', 'FailedScheduling', podRef(pod), msg('ev.FailedScheduling', { text: d.failure! }), 'default-scheduler'),
    })
    return false
  }
  replacePod(b, key, { ...pod, nodeName: d.node.name })
  b.write(scheduler, 'bind', podRef(pod), msg('why.scheduled', {
    total: view.nodes.length, feasible: d.scores.length, filtered, node: d.node.name,
    scores: d.scores.map((s) => `${s.node}: ${s.pods} pod(s)`).join(', '),
  }), { event: kubeEvent('Normal', 'Scheduled', podRef(pod), msg('ev.Scheduled', { namespace: pod.namespace, pod: pod.name, node: d.node.name }), 'default-scheduler') })
  return true
}

/**
 * The views a CNI ADD or DEL can change: the bridge plugin also adds per-pod masquerade chains
 * to iptables; flannel's rules are per node and stay (so its iptables-save is not re-derived).
 */
const cniViews = (b: ChainBuilder): ('addr' | 'route' | 'neigh' | 'fdb' | 'iptables')[] =>
  b.model.cluster.network.plugin === 'bridge' ? ['addr', 'route', 'neigh', 'fdb', 'iptables'] : ['addr', 'route', 'neigh', 'fdb']

/** host-local: the first free address after the last one reserved, wrapping inside the range. */
function allocate(b: ChainBuilder, node: string): number | null {
  const n = b.model.nodes.find((x) => x.name === node)!
  const used = new Set(b.model.pods.filter((p) => p.nodeName === node && p.ip !== null && !p.hostNetwork).map((p) => p.ip!))
  const first = nthAddress(n.podCIDR, 2)
  const end = lastAddress(n.podCIDR) // the broadcast address is never handed out
  let ip = (b.state.lastReserved.get(node) ?? first) + 1
  for (let i = 0; i < end - first + 1; i++, ip++) {
    if (ip >= end || ip < first) ip = first
    if (!used.has(ip)) return ip
  }
  return null
}

function pullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const tag = /:([^/:@]+)$/.exec(image)?.[1]
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent'
}

/** The kubelet on the pod's node starts it: sandbox and CNI ADD, images, containers, status. */
export function start(b: ChainBuilder, key: string): void {
  const pod = findPod(b, key)
  if (!pod?.nodeName || pod.ip !== null) return
  const node = pod.nodeName
  const kubelet = actor('kubelet', node)
  const runtime = actor('container-runtime', node)
  const pr = podRef(pod)
  b.notify(kubelet, pr, 'MODIFIED')
  b.add({ from: kubelet, to: kubelet, connection: { kind: 'local' }, verb: 'watch', object: pr, phase: 'reconcile', why: msg('why.kubeletSees', { node, pod: key }) })
  b.add({ from: kubelet, to: runtime, connection: { kind: 'cri' }, verb: 'RunPodSandbox', object: pr, phase: 'act', why: msg('why.sandbox') })
  let ip: number
  if (pod.hostNetwork) ip = b.model.nodes.find((n) => n.name === node)!.ip
  else {
    const got = allocate(b, node)
    const n = b.model.nodes.find((x) => x.name === node)!
    const plugin = b.model.cluster.network.plugin === 'flannel' ? 'flannel → bridge, host-local' : 'bridge, host-local'
    if (got === null) {
      b.add({
        from: runtime, to: actor('cni-plugin', node), connection: { kind: 'exec' }, verb: 'ADD', object: pr, phase: 'act',
        why: msg('why.cniAdd', { plugin, veth: '-', ip: '-', range: formatCidr(n.podCIDR), last: formatIpv4(b.state.lastReserved.get(node) ?? 0), gw: formatIpv4(nthAddress(n.podCIDR, 1)) }),
        event: kubeEvent('Warning', 'FailedCreatePodSandBox', pr, msg('ev.FailedCreatePodSandBox', { plugin: b.model.cluster.network.plugin, delegate: b.model.cluster.network.plugin === 'flannel' ? 'failed to delegate add: ' : '', range: `${formatIpv4(nthAddress(n.podCIDR, 1))}-${formatIpv4(lastAddress(n.podCIDR) - 1)}` }), 'kubelet'),
      })
      return
    }
    ip = got
    const before = b.model
    const last = b.state.lastReserved.get(node) ?? 0
    b.reserve(node, ip)
    replacePod(b, key, { ...pod, ip })
    b.add({
      from: runtime, to: actor('cni-plugin', node), connection: { kind: 'exec' }, verb: 'ADD', object: pr, phase: 'act',
      why: msg('why.cniAdd', { plugin, veth: `${hostVethName(pod)} ↔ eth0`, ip: formatIpv4(ip), range: formatCidr(n.podCIDR), last: formatIpv4(last), gw: formatIpv4(nthAddress(n.podCIDR, 1)) }),
      dataplane: { kind: 'cni-add', node, diffs: viewDiffs(before, b.model, node, cniViews(b)), endpoints: [], dns: null, partialSync: null },
    })
  }
  for (const c of pod.template.containers) {
    const cref = { ...pr, name: pod.name }
    const policy = pullPolicy(c.image)
    if (policy === 'IfNotPresent' && b.state.images.get(node)?.has(c.image)) {
      b.add({ from: kubelet, to: runtime, connection: { kind: 'cri' }, verb: 'PullImage', object: cref, phase: 'act', why: msg('why.present', { policy, image: c.image, node }), event: kubeEvent('Normal', 'Pulled', pr, msg('ev.AlreadyPresent', { image: c.image }), 'kubelet') })
    } else {
      b.add({ from: kubelet, to: runtime, connection: { kind: 'cri' }, verb: 'PullImage', object: cref, phase: 'act', why: msg('why.pull', { policy, image: c.image }), event: kubeEvent('Normal', 'Pulling', pr, msg('ev.Pulling', { image: c.image }), 'kubelet') })
      b.add({ from: runtime, to: kubelet, connection: { kind: 'cri' }, verb: 'PullImage', object: cref, phase: 'act', why: msg('why.pulled', { image: c.image, node }), event: kubeEvent('Normal', 'Pulled', pr, msg('ev.Pulled', { image: c.image }), 'kubelet') })
      b.pulled(node, c.image)
    }
    b.add({ from: kubelet, to: runtime, connection: { kind: 'cri' }, verb: 'CreateContainer', object: cref, phase: 'act', why: msg('why.createContainer', { container: c.name }), event: kubeEvent('Normal', 'Created', pr, msg('ev.Created', { container: c.name }), 'kubelet') })
    b.add({ from: kubelet, to: runtime, connection: { kind: 'cri' }, verb: 'StartContainer', object: cref, phase: 'act', why: msg('why.startContainer', { container: c.name }), event: kubeEvent('Normal', 'Started', pr, msg('ev.Started', { container: c.name }), 'kubelet') })
  }
  replacePod(b, key, { ...findPod(b, key)!, ip, ready: true })
  b.write(kubelet, 'patch', { ...pr, kind: 'Pod' }, msg('why.podStatus', { ip: formatIpv4(ip) }))
}

/**
 * The delete request: a pod on a node gets its deletionTimestamp and stops being Ready, so the
 * EndpointSlice controller drops it while the kubelet is still stopping it; a Pending pod goes
 * at once.
 */
export function markDeleted(b: ChainBuilder, key: string, by: ReturnType<typeof actor>, verb: 'delete' | 'evict', why: ReturnType<typeof msg>, event?: ReturnType<typeof kubeEvent>): void {
  const pod = findPod(b, key)
  if (!pod) return
  replacePod(b, key, pod.nodeName ? { ...pod, ready: false } : null)
  b.write(by, verb, podRef(pod), why, { event, status: verb === 'evict' ? { code: 201, reason: 'Created' } : { code: 200, reason: 'OK' } })
}

/** The kubelet stops a deleted pod: Killing, sandbox down, CNI DEL, then the object goes. */
export function stop(b: ChainBuilder, key: string): void {
  const pod = findPod(b, key)
  if (!pod?.nodeName) return
  const pr = podRef(pod)
  const node = pod.nodeName
  const kubelet = actor('kubelet', node)
  const runtime = actor('container-runtime', node)
  b.notify(kubelet, pr, 'MODIFIED')
  b.add({ from: kubelet, to: kubelet, connection: { kind: 'local' }, verb: 'watch', object: pr, phase: 'reconcile', why: msg('why.podTerminating') })
  for (const c of pod.template.containers) {
    b.add({ from: kubelet, to: runtime, connection: { kind: 'cri' }, verb: 'StopContainer', object: pr, phase: 'act', why: msg('why.stopContainer', { container: c.name }), event: kubeEvent('Normal', 'Killing', pr, msg('ev.Killing', { container: c.name }), 'kubelet') })
  }
  const before = b.model
  replacePod(b, key, null)
  if (!pod.hostNetwork && pod.ip !== null) {
    b.add({
      from: runtime, to: actor('cni-plugin', node), connection: { kind: 'exec' }, verb: 'DEL', object: pr, phase: 'act',
      why: msg('why.cniDel', { veth: hostVethName(pod), ip: formatIpv4(pod.ip) }),
      dataplane: { kind: 'cni-del', node, diffs: viewDiffs(before, b.model, node, cniViews(b)), endpoints: [], dns: null, partialSync: null },
    })
  }
  b.write(kubelet, 'delete', pr, msg('why.podGone'), { status: { code: 200, reason: 'OK' } })
}
