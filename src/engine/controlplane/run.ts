/**
 * Plays one change on the cluster and returns its chain: every step, the `kubectl get events`
 * rows among them, what changed on the nodes, and the model before and after.
 */
import type { ApiError } from './apply.js'
import { applyManifest, reject } from './apply.js'
import { ChainBuilder, actor, ref, refText } from './chain.js'
import { syncEndpoints } from './endpointFlow.js'
import { msg } from './messages.js'
import { cordon, drain, taint } from './nodeFlow.js'
import { markDeleted, stop } from './podFlow.js'
import { podKey, type ClusterState } from './state.js'
import type { ChainResult, Change, ObjectRef } from './types.js'
import { deleteAndStop, ownedPods, reconcileWorkload, restoreReplicas, workloadRef } from './workloadFlow.js'

const KUBECTL = actor('kubectl')

/** How kubectl names a missing object: `deployments.apps "web" not found`. */
function notFound(b: ChainBuilder, verb: 'patch' | 'delete', o: ObjectRef): ApiError {
  const group: Record<string, string> = { Deployment: 'deployments.apps', StatefulSet: 'statefulsets.apps', ReplicaSet: 'replicasets.apps', DaemonSet: 'daemonsets.apps', Pod: 'pods', Service: 'services' }
  return reject(b, verb, o, 404, 'NotFound', `${group[o.kind] ?? `${o.kind.toLowerCase()}s`} "${o.name}" not found`)
}

function findWorkload(b: ChainBuilder, o: ObjectRef) {
  return b.state.workloads.find((w) => w.kind === o.kind && w.namespace === o.namespace && w.name === o.name)
}

function scale(b: ChainBuilder, o: ObjectRef, replicas: number): ApiError | null {
  // These kinds have no scale subresource: kube-apiserver answers the PATCH of …/scale with 404.
  if (o.kind === 'DaemonSet' || o.kind === 'Pod' || o.kind === 'Service') return reject(b, 'patch', o, 404, 'NotFound', 'the server could not find the requested resource')
  const w = findWorkload(b, o)
  if (!w) return notFound(b, 'patch', o)
  const next = { ...w, replicas }
  b.setWorkloads(b.state.workloads.map((x) => (x === w ? next : x)))
  b.write(KUBECTL, 'patch', o, msg('why.kubectlRequest', { verb: 'patch', kind: `${o.kind}`, object: `${refText(o)} (scale subresource: spec.replicas ${replicas})` }))
  reconcileWorkload(b, next)
  return null
}

function rollout(b: ChainBuilder, o: ObjectRef, container: string | null, image: string): ApiError | null {
  const w = findWorkload(b, o)
  if (!w) return notFound(b, 'patch', o)
  const idx = container === null ? 0 : w.template.containers.findIndex((c) => c.name === container)
  if (idx < 0 || !w.template.containers[idx]) {
    const message = `unable to find container named "${container ?? ''}"`
    b.add({ from: KUBECTL, to: KUBECTL, connection: { kind: 'local' }, verb: 'patch', object: o, phase: 'reject', why: msg('why.kubectlRefuses', { message }) })
    return { code: 0, reason: 'ContainerNotFound', message, diagnostics: [] }
  }
  const containers = w.template.containers.map((c, i) => (i === idx ? { ...c, image } : c))
  const next = { ...w, template: { ...w.template, containers } }
  b.setWorkloads(b.state.workloads.map((x) => (x === w ? next : x)))
  b.write(KUBECTL, 'patch', o, msg('why.kubectlRequest', { verb: 'patch', kind: o.kind, object: `${refText(o)} (${containers[idx]!.name}=${image})` }))
  reconcileWorkload(b, next)
  return null
}

function remove(b: ChainBuilder, o: ObjectRef): ApiError | null {
  if (o.kind === 'Service') {
    const s = b.model.services.find((x) => x.namespace === o.namespace && x.name === o.name)
    if (!s) return notFound(b, 'delete', o)
    b.write(KUBECTL, 'delete', o, msg('why.kubectlRequest', { verb: 'delete', kind: 'Service', object: refText(o) }), { status: { code: 200, reason: 'OK' } })
    syncEndpoints(b, o, [], new Set([refText(o)]))
    return null
  }
  if (o.kind === 'Pod') {
    const p = b.model.pods.find((x) => podKey(x) === refText(o))
    if (!p) return notFound(b, 'delete', o)
    markDeleted(b, podKey(p), KUBECTL, 'delete', msg('why.kubectlRequest', { verb: 'delete', kind: 'Pod', object: refText(o) }))
    syncEndpoints(b, o)
    stop(b, podKey(p))
    const owner = b.state.workloads.find((w) => ownedPods([p], w).length > 0)
    if (owner) restoreReplicas(b, owner)
    return null
  }
  const w = findWorkload(b, o)
  if (!w) return notFound(b, 'delete', o)
  b.setWorkloads(b.state.workloads.filter((x) => x !== w))
  b.write(KUBECTL, 'delete', o, msg('why.kubectlRequest', { verb: 'delete', kind: o.kind, object: refText(o) }), { status: { code: 200, reason: 'OK' } })
  // Background propagation: the garbage collector deletes what the object owned.
  const gc = actor('garbage-collector')
  b.notify(gc, workloadRef(w), 'DELETED')
  const pods = ownedPods(b.model.pods, w)
  if (w.kind === 'Deployment') {
    for (const h of new Set(pods.map((p) => p.labels['pod-template-hash']!))) {
      b.write(gc, 'delete', ref('ReplicaSet', w.namespace, `${w.name}-${h}`), msg('why.gcDelete', { kind: 'ReplicaSet', object: `${w.namespace}/${w.name}-${h}`, ownerKind: 'Deployment', owner: w.name }), { status: { code: 200, reason: 'OK' } })
    }
  }
  deleteAndStop(b, pods, gc, (p) => msg('why.gcDelete', { kind: 'Pod', object: podKey(p), ownerKind: w.kind === 'Deployment' ? 'ReplicaSet' : w.kind, owner: w.kind === 'Deployment' ? `${w.name}-${p.labels['pod-template-hash']}` : w.name }))
  return null
}

export function runChange(state: ClusterState, change: Change): { result: ChainResult; state: ClusterState } {
  const b = new ChainBuilder(state)
  let errors: ApiError[] = []
  const one = (e: ApiError | null): void => { if (e) errors = [e] }
  switch (change.kind) {
    case 'apply': errors = applyManifest(b, change.file, change.text); break
    case 'scale': one(scale(b, change.object, change.replicas)); break
    case 'rollout': one(rollout(b, change.object, change.container, change.image)); break
    case 'delete': one(remove(b, change.object)); break
    case 'cordon': one(cordon(b, change.node, true)); break
    case 'uncordon': one(cordon(b, change.node, false)); break
    case 'drain': one(drain(b, change.node, { force: change.force, ignoreDaemonSets: change.ignoreDaemonSets })); break
    case 'taint': one(taint(b, change.node, { key: change.key, value: change.value, effect: change.effect }, change.remove)); break
  }
  const e = errors[0]
  return {
    state: b.state,
    result: {
      change, ok: errors.length === 0, steps: b.steps, snapshots: b.snapshots,
      error: e ? { code: e.code, reason: e.reason, message: e.message, diagnostics: e.diagnostics } : null,
      before: state.model, after: b.model,
    },
  }
}

/** The `kubectl get events` rows of a chain, each with the step that recorded it. */
export function chainEvents(r: ChainResult): { step: number; event: NonNullable<ChainResult['steps'][number]['event']> }[] {
  return r.steps.flatMap((s) => (s.event ? [{ step: s.step, event: s.event }] : []))
}

