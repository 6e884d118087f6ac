/**
 * Records a chain step by step while the change is played: each write goes client →
 * kube-apiserver (HTTPS :6443) → etcd (:2379), each reaction starts with a watch event on a
 * stream the watcher holds open to :6443. Keeps the current state so later steps see earlier
 * ones, and a model snapshot after every step that changed a node.
 */
import type { Model } from '../../model/model.js'
import type { WorkloadObject } from '../../model/objects.js'
import type { Msg } from './messages.js'
import { msg } from './messages.js'
import type { ClusterState } from './state.js'
import type {
  Actor, ChainStep, Component, Connection, DataplaneChange, KubeEvent, ObjectRef, Phase, Verb, WatchEvent,
} from './types.js'

export const actor = (component: Component, node: string | null = null): Actor => ({ component, node })
export const API = actor('kube-apiserver')
export const ETCD = actor('etcd')
export const HTTPS: Connection = { kind: 'https', port: 6443 }
const WATCH: Connection = { kind: 'watch', port: 6443 }
const ETCD_CONN: Connection = { kind: 'etcd', port: 2379 }

export const ref = (kind: string, namespace: string, name: string): ObjectRef => ({ kind, namespace, name })
export const refText = (o: ObjectRef): string => (o.namespace ? `${o.namespace}/${o.name}` : o.name)

/** etcd keys as kube-apiserver lays them out (nodes are still stored as "minions"). */
export function etcdKey(o: ObjectRef): string {
  const resource: Record<string, string> = {
    Deployment: 'deployments', ReplicaSet: 'replicasets', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets', Pod: 'pods',
    Service: 'services/specs', EndpointSlice: 'endpointslices', Node: 'minions', Namespace: 'namespaces', Ingress: 'ingress',
    NetworkPolicy: 'networkpolicies', ConfigMap: 'configmaps', Event: 'events',
  }
  const r = resource[o.kind] ?? `${o.kind.toLowerCase()}s`
  return `/registry/${r}/${refText(o)}`
}

interface StepInput {
  readonly from: Actor
  readonly to: Actor
  readonly connection: Connection
  readonly verb: Verb
  readonly object: ObjectRef
  readonly phase: Phase
  readonly why: Msg
  readonly watchEvent?: WatchEvent
  readonly status?: { code: number; reason: string }
  readonly event?: KubeEvent
  readonly dataplane?: DataplaneChange
}

export interface WriteOptions {
  readonly event?: KubeEvent | undefined
  readonly status?: { code: number; reason: string }
  readonly dataplane?: DataplaneChange
}

export class ChainBuilder {
  readonly steps: ChainStep[] = []
  readonly snapshots: { step: number; model: Model }[] = []
  private current: ClusterState

  constructor(state: ClusterState) {
    this.current = state
  }

  get state(): ClusterState {
    return this.current
  }

  get model(): Model {
    return this.current.model
  }

  setModel(model: Model): void {
    this.current = { ...this.current, model }
  }

  setWorkloads(workloads: readonly WorkloadObject[]): void {
    this.current = { ...this.current, workloads }
  }

  reserve(node: string, ip: number): void {
    const lastReserved = new Map(this.current.lastReserved)
    lastReserved.set(node, ip)
    this.current = { ...this.current, lastReserved }
  }

  pulled(node: string, image: string): void {
    const images = new Map(this.current.images)
    images.set(node, new Set([...(images.get(node) ?? []), image]))
    this.current = { ...this.current, images }
  }

  add(s: StepInput): ChainStep {
    const step: ChainStep = {
      step: this.steps.length + 1, from: s.from, to: s.to, connection: s.connection, verb: s.verb,
      watchEvent: s.watchEvent ?? null, object: s.object, phase: s.phase, why: s.why,
      status: s.status ?? null, event: s.event ?? null, dataplane: s.dataplane ?? null,
    }
    this.steps.push(step)
    if (step.dataplane) this.snapshots.push({ step: step.step, model: this.model })
    return step
  }

  /** A client's write to kube-apiserver, then kube-apiserver's write to etcd. */
  write(from: Actor, verb: Verb, object: ObjectRef, why: Msg, opts: WriteOptions = {}): void {
    const status = opts.status ?? created(verb)
    this.add({ from, to: API, connection: HTTPS, verb, object, phase: 'write', why, status, ...(opts.event ? { event: opts.event } : {}), ...(opts.dataplane ? { dataplane: opts.dataplane } : {}) })
    const deleting = verb === 'delete' || verb === 'evict'
    this.add({
      from: API, to: ETCD, connection: ETCD_CONN, verb: 'txn', object, phase: 'write',
      why: msg(deleting ? 'why.etcdDelete' : 'why.etcdWrite', { kind: object.kind, object: refText(object), key: etcdKey(object) }),
    })
  }

  /** kube-apiserver telling a watcher about an object on the watcher's open watch stream. */
  notify(watcher: Actor, object: ObjectRef, watchEvent: WatchEvent): void {
    const who = watcher.node ? `${watcher.component} on ${watcher.node}` : watcher.component
    this.add({
      from: API, to: watcher, connection: WATCH, verb: 'watch', watchEvent, object, phase: 'watch',
      why: msg('why.watchNotify', { watcher: who, kind: object.kind, event: watchEvent, object: refText(object) }),
    })
  }
}

function created(verb: Verb): { code: number; reason: string } {
  if (verb === 'create' || verb === 'bind' || verb === 'evict') return { code: 201, reason: 'Created' }
  return { code: 200, reason: 'OK' }
}

export function kubeEvent(type: KubeEvent['type'], reason: string, object: ObjectRef, message: Msg, source: string): KubeEvent {
  return { type, reason, object, message, source }
}
