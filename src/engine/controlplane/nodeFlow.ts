/**
 * Node operations: `kubectl cordon/uncordon` (spec.unschedulable), `kubectl taint` (spec.taints;
 * NoExecute also makes the taint-eviction controller delete the pods that do not tolerate it)
 * and `kubectl drain` (cordon, then evict every pod but DaemonSet ones through the Eviction API;
 * their controllers put replacements on other nodes). Pods already running stay on a cordoned
 * or NoSchedule-tainted node: only new placements are filtered.
 */
import { nodeRejection } from '../../model/derive/pods.js'
import type { ModelNode, ModelPod } from '../../model/model.js'
import type { NodeSpec, Taint } from '../../model/objects.js'
import type { ApiError } from './apply.js'
import { reject } from './apply.js'
import { ChainBuilder, actor, kubeEvent, ref } from './chain.js'
import { syncEndpoints } from './endpointFlow.js'
import { msg } from './messages.js'
import { markDeleted, schedule, start, stop } from './podFlow.js'
import { podKey } from './state.js'
import { ownedPods, restoreReplicas } from './workloadFlow.js'

const KUBECTL = actor('kubectl')

function patchNode(b: ChainBuilder, name: string, spec: Partial<NodeSpec>, what: string): ModelNode {
  const nodes = b.model.nodes.map((n) => (n.name === name ? { ...n, spec: { ...n.spec, ...spec } } : n))
  b.setModel({ ...b.model, nodes })
  b.write(KUBECTL, 'patch', ref('Node', '', name), msg('why.nodePatch', { node: name, what }))
  return nodes.find((n) => n.name === name)!
}

export function nodeMissing(b: ChainBuilder, name: string, verb: 'patch' = 'patch'): ApiError | null {
  if (b.model.nodes.some((n) => n.name === name)) return null
  return reject(b, verb, ref('Node', '', name), 404, 'NotFound', `nodes "${name}" not found`)
}

/**
 * A node that can take more pods (uncordoned, a taint removed) moves the Pending pods out of
 * kube-scheduler's unschedulable queue: each gets another attempt (and, if it fails again,
 * another FailedScheduling), and those that fit are started.
 */
function retryPending(b: ChainBuilder): void {
  const pending = b.model.pods.filter((p) => p.nodeName === null).map(podKey)
  const bound = pending.filter((k) => schedule(b, k))
  for (const k of bound) start(b, k)
  const first = bound[0]
  if (first) syncEndpoints(b, ref('Pod', first.split('/')[0]!, first.split('/')[1]!))
}

export function cordon(b: ChainBuilder, name: string, unschedulable: boolean): ApiError | null {
  const missing = nodeMissing(b, name)
  if (missing) return missing
  patchNode(b, name, { unschedulable }, `spec.unschedulable: ${unschedulable}`)
  const kubelet = actor('kubelet', name)
  b.notify(kubelet, ref('Node', '', name), 'MODIFIED')
  const status = unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable'
  b.add({ from: kubelet, to: kubelet, connection: { kind: 'local' }, verb: 'watch', object: ref('Node', '', name), phase: 'reconcile', why: msg('why.nodeSchedulable', { node: name, status }), event: kubeEvent('Normal', status, ref('Node', '', name), msg('ev.NodeStatus', { node: name, status }), 'kubelet') })
  b.notify(actor('kube-scheduler'), ref('Node', '', name), 'MODIFIED')
  if (!unschedulable) retryPending(b)
  return null
}

function controllerOf(b: ChainBuilder, p: ModelPod) {
  return b.state.workloads.find((w) => ownedPods([p], w).length > 0) ?? null
}

/** Deleted pods' controllers make replacements (scheduled elsewhere if the node now refuses them). */
function replace(b: ChainBuilder, pods: readonly ModelPod[]): void {
  const owners = [...new Set(pods.map((p) => controllerOf(b, p)).filter((w) => w !== null))]
  for (const w of owners) restoreReplicas(b, w)
}

export function drain(b: ChainBuilder, name: string, opts: { force: boolean; ignoreDaemonSets: boolean }): ApiError | null {
  const missing = nodeMissing(b, name)
  if (missing) return missing
  cordon(b, name, true)
  // kubectl lists the node's pods from the API, which returns them in etcd key order (ns/name).
  const pods = b.model.pods.filter((p) => p.nodeName === name).sort((x, y) => (podKey(x) < podKey(y) ? -1 : podKey(x) > podKey(y) ? 1 : 0))
  const ds = pods.filter((p) => controllerOf(b, p)?.kind === 'DaemonSet')
  const unmanaged = pods.filter((p) => !controllerOf(b, p))
  const errs: string[] = []
  const list = (ps: readonly ModelPod[]): string => ps.map(podKey).join(', ')
  if (ds.length && !opts.ignoreDaemonSets) errs.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${list(ds)}`)
  if (unmanaged.length && !opts.force) errs.push(`cannot delete Pods declare no controller (use --force to override): ${list(unmanaged)}`)
  if (errs.length) {
    // kubectl checks every pod first and evicts none when any check fails; the node stays cordoned.
    const message = `unable to drain node "${name}" due to error: ${errs.length > 1 ? `[${errs.join(', ')}]` : errs[0]}, continuing command...`
    b.add({ from: KUBECTL, to: KUBECTL, connection: { kind: 'local' }, verb: 'evict', object: ref('Node', '', name), phase: 'reject', why: msg('why.kubectlRefuses', { message }) })
    return { code: 0, reason: 'DrainRefused', message, diagnostics: [] }
  }
  if (ds.length) b.add({ from: KUBECTL, to: KUBECTL, connection: { kind: 'local' }, verb: 'evict', object: ref('Node', '', name), phase: 'reconcile', why: msg('why.drainSkipDs', { pods: list(ds) }) })
  const victims = pods.filter((p) => !ds.includes(p))
  for (const p of victims) markDeleted(b, podKey(p), KUBECTL, 'evict', msg('why.evict', { pod: podKey(p) }))
  if (victims.length) syncEndpoints(b, ref('Pod', victims[0]!.namespace, victims[0]!.name))
  for (const p of victims) stop(b, podKey(p))
  replace(b, victims)
  return null
}

export function taint(b: ChainBuilder, name: string, t: Taint, remove: boolean): ApiError | null {
  const missing = nodeMissing(b, name)
  if (missing) return missing
  const node = b.model.nodes.find((n) => n.name === name)!
  const others = node.spec.taints.filter((x) => !(x.key === t.key && (remove ? x.effect === t.effect || !t.effect : x.effect === t.effect)))
  const text = `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`
  const after = patchNode(b, name, { taints: remove ? others : [...others, t] }, `spec.taints ${remove ? '-' : '+'} ${text}`)
  b.notify(actor('kube-scheduler'), ref('Node', '', name), 'MODIFIED')
  if (remove) retryPending(b)
  if (remove || t.effect !== 'NoExecute') return null
  const tec = actor('taint-eviction-controller')
  b.notify(tec, ref('Node', '', name), 'MODIFIED')
  const victims = b.model.pods.filter((p) => p.nodeName === name && nodeRejection(p.template, { ...after, spec: { ...after.spec, unschedulable: false, taints: [t] } }, true)?.filter === 'TaintToleration')
  for (const p of victims) {
    markDeleted(b, podKey(p), tec, 'delete', msg('why.taintEvict', { taint: text, node: name, pod: podKey(p) }),
      kubeEvent('Normal', 'TaintManagerEviction', ref('Pod', p.namespace, p.name), msg('ev.TaintManagerEviction', { namespace: p.namespace, pod: p.name }), 'taint-eviction-controller'))
  }
  if (victims.length) syncEndpoints(b, ref('Pod', victims[0]!.namespace, victims[0]!.name))
  for (const p of victims) stop(b, podKey(p))
  replace(b, victims)
  return null
}
