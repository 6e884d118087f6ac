/**
 * The control plane's chain of events as plain data: who acted (kubectl, the API server, etcd,
 * a controller, the scheduler, a node's kubelet, CNI plugin or kube-proxy, CoreDNS), over which
 * connection, on which object with which verb, why, the `kubectl get events` row it recorded, and
 * what it changed on the nodes. The CLI prints it; the browser can animate it.
 */
import type { Model } from '../../model/model.js'
import type { Diagnostic } from '../../model/load/diagnostics.js'
import type { Msg } from './messages.js'

export type Component =
  | 'kubectl' | 'kube-apiserver' | 'etcd'
  | 'deployment-controller' | 'replicaset-controller' | 'statefulset-controller' | 'daemonset-controller'
  | 'endpointslice-controller' | 'garbage-collector' | 'taint-eviction-controller' | 'kube-scheduler'
  | 'kubelet' | 'container-runtime' | 'cni-plugin' | 'kube-proxy' | 'coredns'

export interface Actor {
  readonly component: Component
  /** The node a per-node agent (kubelet, runtime, CNI plugin, kube-proxy) runs on. */
  readonly node: string | null
}

/**
 * How the two actors talk. `https` is a request to kube-apiserver on 6443 (kubectl, controllers,
 * scheduler, kubelets: all clients of the API); `etcd` the API server's gRPC to etcd on 2379;
 * `watch` an event on a watch stream the watcher opened to 6443; `kubelet` the API server's
 * request to a kubelet on 10250 (exec, logs); `cri` the kubelet's gRPC to the runtime's unix
 * socket; `exec` the runtime running the CNI plugin binary; `local` work inside one process.
 */
export type Connection =
  | { readonly kind: 'https'; readonly port: 6443 }
  | { readonly kind: 'etcd'; readonly port: 2379 }
  | { readonly kind: 'watch'; readonly port: 6443 }
  | { readonly kind: 'kubelet'; readonly port: 10250 }
  | { readonly kind: 'cri' }
  | { readonly kind: 'exec' }
  | { readonly kind: 'local' }

export type Verb =
  | 'create' | 'update' | 'patch' | 'delete' | 'bind' | 'evict' | 'get'
  | 'txn' | 'watch'
  | 'exec' | 'log'
  | 'RunPodSandbox' | 'StopPodSandbox' | 'PullImage' | 'CreateContainer' | 'StartContainer' | 'StopContainer'
  | 'ExecSync' | 'ReadLogs'
  | 'ADD' | 'DEL'
  | 'iptables-restore' | 'reload'

/** What the step is in the reconcile loop: observe (watch), decide (reconcile), act (write). */
export type Phase = 'watch' | 'reconcile' | 'write' | 'act' | 'reject'

export interface ObjectRef {
  readonly kind: string
  /** Empty for cluster-scoped objects (Node). */
  readonly namespace: string
  readonly name: string
}

export type WatchEvent = 'ADDED' | 'MODIFIED' | 'DELETED'

/** One row of `kubectl get events`. */
export interface KubeEvent {
  readonly type: 'Normal' | 'Warning'
  readonly reason: string
  readonly object: ObjectRef
  /** Upstream's own English text, as data (code + params). */
  readonly message: Msg
  /** The event's source component (`default-scheduler`, `kubelet`, …). */
  readonly source: string
}

/** A line-level change of one `show` view of one node, like `diff` prints it. */
export interface ViewDiff {
  readonly node: string
  readonly view: 'addr' | 'route' | 'neigh' | 'fdb' | 'iptables'
  readonly added: readonly string[]
  readonly removed: readonly string[]
}

/**
 * KEP-3453 (MinimizeIPTablesRestore, on by default since 1.27): kube-proxy hands
 * iptables-restore only the chains of services that changed, plus the top-level chains it
 * always rewrites, and `-X` for chains no longer used.
 */
export interface PartialSync {
  /** Service chains written in this sync (KUBE-SVC-, KUBE-SEP-, KUBE-EXT-, …). */
  readonly written: readonly string[]
  /** Chains deleted with -X. */
  readonly deleted: readonly string[]
  /** Service chains left as they were (a full sync would rewrite them too). */
  readonly untouched: number
}

export interface EndpointChange {
  readonly service: string
  readonly added: readonly string[]
  readonly removed: readonly string[]
}

export interface DataplaneChange {
  readonly kind: 'cni-add' | 'cni-del' | 'endpoints' | 'proxy-sync' | 'dns'
  readonly node: string | null
  readonly diffs: readonly ViewDiff[]
  readonly endpoints: readonly EndpointChange[]
  readonly dns: { readonly added: readonly string[]; readonly removed: readonly string[] } | null
  readonly partialSync: PartialSync | null
}

export interface ChainStep {
  /** 1-based, the lab's stand-in for wall-clock time. */
  readonly step: number
  readonly from: Actor
  readonly to: Actor
  readonly connection: Connection
  readonly verb: Verb
  readonly watchEvent: WatchEvent | null
  readonly object: ObjectRef
  readonly phase: Phase
  /** What happened and why, for people. */
  readonly why: Msg
  /** The API server's answer to a write: 201 Created, 200 OK, 422 Unprocessable Entity, … */
  readonly status: { readonly code: number; readonly reason: string } | null
  readonly event: KubeEvent | null
  readonly dataplane: DataplaneChange | null
}

/** A change a user makes, as `kubectl` would send it. */
export type Change =
  | { readonly kind: 'apply'; readonly file: string; readonly text: string }
  | { readonly kind: 'delete'; readonly object: ObjectRef }
  | { readonly kind: 'scale'; readonly object: ObjectRef; readonly replicas: number }
  | { readonly kind: 'cordon'; readonly node: string }
  | { readonly kind: 'uncordon'; readonly node: string }
  | { readonly kind: 'drain'; readonly node: string; readonly force: boolean; readonly ignoreDaemonSets: boolean }
  | { readonly kind: 'taint'; readonly node: string; readonly key: string; readonly value: string; readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute'; readonly remove: boolean }
  /** `kubectl set image deployment/x container=image`: a new pod template, rolled out. */
  | { readonly kind: 'rollout'; readonly object: ObjectRef; readonly container: string | null; readonly image: string }

export interface ChainResult {
  readonly change: Change
  /** false when the API server rejected the request: the chain stops there. */
  readonly ok: boolean
  readonly steps: readonly ChainStep[]
  /** The rejection, when not ok: status and the located diagnostics behind it. */
  readonly error: { readonly code: number; readonly reason: string; readonly message: string; readonly diagnostics: readonly Diagnostic[] } | null
  readonly before: Model
  readonly after: Model
  /** The model after each step that changed the dataplane, to re-run traces mid-chain. */
  readonly snapshots: readonly { readonly step: number; readonly model: Model }[]
}
