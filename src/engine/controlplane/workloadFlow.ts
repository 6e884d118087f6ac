/**
 * The workload controllers: the Deployment controller (a ReplicaSet per pod template, named
 * `<deployment>-<pod-template-hash>`; scaling; rolling updates in maxSurge/maxUnavailable
 * steps, or Recreate), the ReplicaSet, StatefulSet (ordinals in order, one ready before the
 * next; scale-down from the highest) and DaemonSet controllers (one pod per feasible node).
 */
import { podSuffix, podTemplateHash } from '../../model/derive/names.js'
import { nodeRejection } from '../../model/derive/pods.js'
import { matchesSelector } from '../../model/derive/selectors.js'
import type { ModelPod } from '../../model/model.js'
import type { WorkloadObject } from '../../model/objects.js'
import { ChainBuilder, actor, kubeEvent, ref } from './chain.js'
import { syncEndpoints } from './endpointFlow.js'
import { msg } from './messages.js'
import { createPod, markDeleted, newPod, schedule, start, stop } from './podFlow.js'
import { podKey } from './state.js'
import type { ObjectRef, WatchEvent } from './types.js'

export const workloadRef = (w: WorkloadObject): ObjectRef => ref(w.kind, w.namespace, w.name)
export const templateHash = (w: WorkloadObject): string => podTemplateHash(w.namespace, w.name, JSON.stringify(w.template))

/** The pods a workload's selector owns, oldest first (model order is creation order). */
export function ownedPods(pods: readonly ModelPod[], w: WorkloadObject): ModelPod[] {
  return pods.filter((p) => p.namespace === w.namespace && matchesSelector(w.selector, p.labels) && (w.kind !== 'Deployment' || 'pod-template-hash' in p.labels))
}

/** A Deployment's ReplicaSets by pod-template-hash, with their pods. */
export function replicaSets(pods: readonly ModelPod[], w: WorkloadObject): Map<string, ModelPod[]> {
  const out = new Map<string, ModelPod[]>()
  for (const p of ownedPods(pods, w)) {
    const h = p.labels['pod-template-hash']!
    out.set(h, [...(out.get(h) ?? []), p])
  }
  return out
}

function freshName(b: ChainBuilder, namespace: string, owner: string): string {
  const used = new Set(b.model.pods.filter((p) => p.namespace === namespace).map((p) => p.name))
  for (let i = 0; ; i++) {
    const name = `${owner}-${podSuffix(namespace, owner, i)}`
    if (!used.has(name)) return name
  }
}

/**
 * Pods to remove when a ReplicaSet shrinks, in the controller's order for equally healthy
 * pods: Pending before bound, then those on the node running most of the set's pods, then
 * the newest (pkg/controller/controller_utils.go ActivePodsWithRanks).
 */
function victims(pods: readonly ModelPod[], count: number): ModelPod[] {
  const perNode = new Map<string, number>()
  for (const p of pods) if (p.nodeName) perNode.set(p.nodeName, (perNode.get(p.nodeName) ?? 0) + 1)
  const ranked = pods.map((p, i) => ({ p, i })).sort((a, b) =>
    Number(a.p.nodeName !== null) - Number(b.p.nodeName !== null)
    || (perNode.get(b.p.nodeName ?? '') ?? 0) - (perNode.get(a.p.nodeName ?? '') ?? 0)
    || b.i - a.i)
  return ranked.slice(0, count).map((r) => r.p)
}

interface Fresh { pod: ModelPod; by: Parameters<typeof createPod>[2]; owner: ObjectRef; why: ReturnType<typeof msg>; node?: string }

/** Creates pods (through the given controller), then the scheduler and kubelets take them. */
function createAndRun(b: ChainBuilder, fresh: readonly Fresh[]): void {
  for (const f of fresh) createPod(b, f.pod, f.by, f.owner, f.why)
  for (const f of fresh) schedule(b, podKey(f.pod), f.node ?? null)
  for (const f of fresh) start(b, podKey(f.pod))
  if (fresh.length) syncEndpoints(b, ref('Pod', fresh[0]!.pod.namespace, fresh[0]!.pod.name))
}

/** Deletes pods: endpoints go first (the pods stop being Ready), then the kubelets stop them. */
export function deleteAndStop(b: ChainBuilder, pods: readonly ModelPod[], by: ReturnType<typeof actor>, why: (p: ModelPod) => ReturnType<typeof msg>, event?: (p: ModelPod) => ReturnType<typeof kubeEvent>): void {
  for (const p of pods) markDeleted(b, podKey(p), by, 'delete', why(p), event?.(p))
  if (pods.length) syncEndpoints(b, ref('Pod', pods[0]!.namespace, pods[0]!.name))
  for (const p of pods) stop(b, podKey(p))
}

/** The ReplicaSet controller brings `rs` (owned by `w`) from its pods to `want`. */
function reconcileReplicaSet(b: ChainBuilder, w: WorkloadObject, rs: string, hash: string | null, want: number, event: WatchEvent = 'MODIFIED'): void {
  const rsRef = ref('ReplicaSet', w.namespace, rs)
  const rsc = actor('replicaset-controller')
  b.notify(rsc, hash === null ? workloadRef(w) : rsRef, event)
  const have = hash === null ? ownedPods(b.model.pods, w) : replicaSets(b.model.pods, w).get(hash) ?? []
  if (have.length < want) {
    const labels = hash === null ? { ...w.template.labels } : { ...w.template.labels, 'pod-template-hash': hash }
    const fresh: Fresh[] = []
    for (let i = have.length; i < want; i++) {
      const pod = newPod(w.namespace, freshName(b, w.namespace, rs), { ...w.template, labels }, { kind: 'ReplicaSet', name: rs })
      fresh.push({ pod, by: 'replicaset-controller', owner: rsRef, why: msg('why.rsCreatePod', { rs, have: i, want, pod: pod.name }) })
      b.setModel({ ...b.model, pods: [...b.model.pods, pod] }) // reserve the name for the next one
    }
    b.setModel({ ...b.model, pods: b.model.pods.filter((p) => !fresh.some((f) => f.pod === p)) })
    createAndRun(b, fresh)
  } else if (have.length > want) {
    const gone = victims(have, have.length - want)
    deleteAndStop(b, gone, rsc, (p) => msg('why.rsDeletePod', { rs, have: have.length, want, pod: p.name }),
      (p) => kubeEvent('Normal', 'SuccessfulDelete', rsRef, msg('ev.SuccessfulDelete', { pod: p.name }), 'replicaset-controller'))
  }
}

/** The Deployment controller scales one of its ReplicaSets and records ScalingReplicaSet. */
function scaleRs(b: ChainBuilder, w: WorkloadObject, hash: string, from: number, to: number, isNew: boolean, why: ReturnType<typeof msg>): void {
  const rs = `${w.name}-${hash}`
  // A ReplicaSet created with 0 replicas records no event (sync.go: only when newReplicasCount > 0).
  const event = to === from ? undefined : kubeEvent('Normal', 'ScalingReplicaSet', workloadRef(w), msg('ev.ScalingReplicaSet', { direction: to > from ? 'up' : 'down', rs, from, to }), 'deployment-controller')
  b.write(actor('deployment-controller'), isNew ? 'create' : 'update', ref('ReplicaSet', w.namespace, rs), why, { event })
  reconcileReplicaSet(b, w, rs, hash, to, isNew ? 'ADDED' : 'MODIFIED')
}

/** Strategy fields as written (the parsed objects keep their document). */
function strategy(w: WorkloadObject): { type: string; maxSurge: number; maxUnavailable: number; text: [string, string] } {
  const spec = (w.origin?.doc.data['spec'] ?? {}) as Record<string, unknown>
  const st = (spec['strategy'] ?? {}) as Record<string, unknown>
  const ru = (st['rollingUpdate'] ?? {}) as Record<string, unknown>
  const raw = (v: unknown): string | number => (typeof v === 'number' || typeof v === 'string' ? v : '25%')
  // intstr percentages: maxSurge rounds up, maxUnavailable down; both 0 would deadlock, so 1.
  const resolve = (v: string | number, up: boolean): number => {
    if (typeof v === 'number') return v
    const pct = Number(v.replace('%', ''))
    return up ? Math.ceil((pct * w.replicas) / 100) : Math.floor((pct * w.replicas) / 100)
  }
  let maxSurge = resolve(raw(ru['maxSurge']), true)
  let maxUnavailable = resolve(raw(ru['maxUnavailable']), false)
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1
  if (!Number.isFinite(maxSurge)) maxSurge = 1
  if (!Number.isFinite(maxUnavailable)) maxUnavailable = 0
  return { type: String(st['type'] ?? 'RollingUpdate'), maxSurge, maxUnavailable, text: [String(raw(ru['maxSurge'])), String(raw(ru['maxUnavailable']))] }
}

/** A Deployment that has no ReplicaSet for its template yet, or whose replicas changed. */
export function reconcileDeployment(b: ChainBuilder, w: WorkloadObject, event: WatchEvent = 'MODIFIED'): void {
  b.notify(actor('deployment-controller'), workloadRef(w), event)
  const hash = templateHash(w)
  const sets = replicaSets(b.model.pods, w)
  const current = sets.get(hash)?.length ?? 0
  const old = [...sets].filter(([h]) => h !== hash)
  if (!old.length) {
    if (current !== w.replicas || !sets.has(hash)) {
      const isNew = !sets.has(hash)
      const why = isNew ? msg('why.deploymentNewRs', { replicas: w.replicas, hash, rs: `${w.name}-${hash}` }) : msg('why.deploymentScale', { replicas: w.replicas, rs: `${w.name}-${hash}`, from: current, to: w.replicas })
      scaleRs(b, w, hash, current, w.replicas, isNew, why)
    }
    return
  }
  rollingUpdate(b, w, hash)
}

function rollingUpdate(b: ChainBuilder, w: WorkloadObject, hash: string): void {
  const s = strategy(w)
  const ready = (pods: readonly ModelPod[]): number => pods.filter((p) => p.ready).length
  for (let round = 0; round < 4 * (w.replicas + 2); round++) {
    const sets = replicaSets(b.model.pods, w)
    const newPods = sets.get(hash) ?? []
    const olds = [...sets].filter(([h]) => h !== hash && (sets.get(h)?.length ?? 0) > 0)
    const oldCount = olds.reduce((n, [, ps]) => n + ps.length, 0)
    if (newPods.length === w.replicas && oldCount === 0) return
    const maxTotal = s.type === 'Recreate' ? w.replicas : w.replicas + s.maxSurge
    const minAvailable = s.type === 'Recreate' ? 0 : w.replicas - s.maxUnavailable
    const stepWhy = (newCount: number, oldC: number): ReturnType<typeof msg> => msg('why.rolloutStep', {
      maxSurge: s.type === 'Recreate' ? 'Recreate' : s.text[0], maxUnavailable: s.type === 'Recreate' ? 'Recreate' : s.text[1],
      maxTotal, minAvailable, newCount, oldCount: oldC,
    })
    let progressed = false
    const up = s.type === 'Recreate' && oldCount > 0 ? 0 : Math.min(maxTotal - (newPods.length + oldCount), w.replicas - newPods.length)
    if (up > 0) {
      scaleRs(b, w, hash, newPods.length, newPods.length + up, !sets.has(hash), stepWhy(newPods.length + up, oldCount))
      progressed = true
    }
    const after = replicaSets(b.model.pods, w)
    const available = [...after.values()].reduce((n, ps) => n + ready(ps), 0)
    let down = Math.min(oldCount, available - minAvailable)
    for (const [h, ps] of olds) {
      if (down <= 0) break
      const cut = Math.min(down, ps.length)
      scaleRs(b, w, h, ps.length, ps.length - cut, false, stepWhy(after.get(hash)?.length ?? 0, oldCount - cut))
      down -= cut
      progressed = true
    }
    if (!progressed) return // stuck (e.g. new pods cannot be scheduled): the rollout waits, as upstream's does
  }
}

/** StatefulSet: ordinals created in order, each started before the next (OrderedReady). */
export function reconcileStatefulSet(b: ChainBuilder, w: WorkloadObject, event: WatchEvent = 'MODIFIED'): void {
  const ssc = actor('statefulset-controller')
  b.notify(ssc, workloadRef(w), event)
  const have = ownedPods(b.model.pods, w)
  for (let i = 0; i < w.replicas; i++) {
    const name = `${w.name}-${i}`
    if (have.some((p) => p.name === name)) continue
    const template = { ...w.template, labels: { ...w.template.labels, 'statefulset.kubernetes.io/pod-name': name }, hostname: name, subdomain: w.serviceName ?? w.template.subdomain }
    const pod = newPod(w.namespace, name, template, { kind: 'StatefulSet', name: w.name })
    createAndRun(b, [{ pod, by: 'statefulset-controller', owner: workloadRef(w), why: msg('why.stsCreatePod', { set: w.name, ordinal: i, pod: name }) }])
    if (!b.model.pods.find((p) => podKey(p) === podKey(pod))?.ready) return // the next ordinal waits
  }
  const extra = have.filter((p) => Number(p.name.slice(w.name.length + 1)) >= w.replicas).sort((a, b2) => b2.name.localeCompare(a.name, 'en', { numeric: true }))
  for (const p of extra) {
    deleteAndStop(b, [p], ssc, () => msg('why.rsDeletePod', { rs: w.name, have: have.length, want: w.replicas, pod: p.name }),
      () => kubeEvent('Normal', 'SuccessfulDelete', workloadRef(w), msg('ev.StatefulSetDelete', { pod: p.name, set: w.name }), 'statefulset-controller'))
  }
}

/** DaemonSet: a pod for every node that passes its filters and has none yet. */
export function reconcileDaemonSet(b: ChainBuilder, w: WorkloadObject, event: WatchEvent = 'MODIFIED'): void {
  const dsc = actor('daemonset-controller')
  b.notify(dsc, workloadRef(w), event)
  const have = ownedPods(b.model.pods, w)
  const fresh: Fresh[] = []
  for (const n of b.model.nodes) {
    if (have.some((p) => p.nodeName === n.name) || nodeRejection(w.template, n, true)) continue
    const name = `${w.name}-${podSuffix(w.namespace, w.name, n.name)}`
    const pod = newPod(w.namespace, name, w.template, { kind: 'DaemonSet', name: w.name })
    fresh.push({ pod, by: 'daemonset-controller', owner: workloadRef(w), why: msg('why.dsCreatePod', { set: w.name, pod: name, node: n.name }), node: n.name })
  }
  createAndRun(b, fresh)
}

export function reconcileWorkload(b: ChainBuilder, w: WorkloadObject, event: WatchEvent = 'MODIFIED'): void {
  if (w.kind === 'Deployment') reconcileDeployment(b, w, event)
  else if (w.kind === 'StatefulSet') reconcileStatefulSet(b, w, event)
  else if (w.kind === 'DaemonSet') reconcileDaemonSet(b, w, event)
  else reconcileReplicaSet(b, w, w.name, null, w.replicas, event)
}

/**
 * After pods were evicted or deleted: the owning controller alone puts replacements back (a
 * Deployment's ReplicaSet still wants as many pods, so the Deployment controller does nothing).
 */
export function restoreReplicas(b: ChainBuilder, w: WorkloadObject): void {
  if (w.kind === 'Deployment') reconcileReplicaSet(b, w, `${w.name}-${templateHash(w)}`, templateHash(w), w.replicas)
  else if (w.kind === 'StatefulSet') reconcileStatefulSet(b, w)
  else if (w.kind === 'ReplicaSet') reconcileReplicaSet(b, w, w.name, null, w.replicas)
}
