/**
 * `kubectl exec` and `kubectl logs` as hops: kubectl → kube-apiserver (HTTPS :6443, the
 * pods/exec or pods/log subresource) → the kubelet of the pod's node (HTTPS :10250, /exec/… or
 * /containerLogs/…) → the container runtime (CRI Exec, whose stream the kubelet proxies; or the
 * container's log file the runtime writes under /var/log/pods) → the container.
 */
import { formatIpv4 } from '../../model/addr/ipv4.js'
import type { Model } from '../../model/model.js'
import { HTTPS, actor, ref } from './chain.js'
import { msg, type Msg } from './messages.js'
import type { Actor, Connection, ObjectRef } from './types.js'

export interface ExecHop {
  readonly hop: number
  readonly from: Actor
  readonly to: Actor
  readonly connection: Connection
  /** Where the request goes: `192.168.49.2:6443`, `unix:///run/containerd/containerd.sock`. */
  readonly address: string
  /** The request line as it is sent. */
  readonly request: string
  readonly why: Msg
}

export type ExecTrace =
  | { readonly ok: true; readonly verb: 'exec' | 'log'; readonly pod: ObjectRef; readonly node: string; readonly container: string; readonly hops: readonly ExecHop[] }
  | { readonly ok: false; readonly code: number; readonly reason: string; readonly message: string }

const enc = (s: string): string => encodeURIComponent(s)

export function execTrace(model: Model, verb: 'exec' | 'log', namespace: string, name: string, container: string | null, command: readonly string[]): ExecTrace {
  const pod = model.pods.find((p) => p.namespace === namespace && p.name === name)
  if (!pod) return { ok: false, code: 404, reason: 'NotFound', message: `pods "${name}" not found` }
  if (!pod.nodeName) return { ok: false, code: 400, reason: 'BadRequest', message: `pod ${name} does not have a host assigned` }
  const c = container === null ? pod.template.containers[0] : pod.template.containers.find((x) => x.name === container)
  if (!c) return { ok: false, code: 400, reason: 'BadRequest', message: `container ${container ?? ''} is not valid for pod ${name}` }
  const node = model.nodes.find((n) => n.name === pod.nodeName)!
  const cp = model.nodes.find((n) => n.spec.controlPlane) ?? model.nodes[0]!
  const podRef = ref('Pod', namespace, name)
  const apiserver = actor('kube-apiserver', cp.name)
  const kubelet = actor('kubelet', node.name)
  const runtime = actor('container-runtime', node.name)
  const cmd = command.map((a) => `command=${enc(a)}`).join('&')
  const apiPath = verb === 'exec'
    ? `POST /api/v1/namespaces/${namespace}/pods/${name}/exec?${cmd}&container=${enc(c.name)}&stdin=true&stdout=true&stderr=true`
    : `GET /api/v1/namespaces/${namespace}/pods/${name}/log?container=${enc(c.name)}`
  const kubeletPath = verb === 'exec'
    ? `POST /exec/${namespace}/${name}/${c.name}?${cmd}&input=1&output=1&error=1`
    : `GET /containerLogs/${namespace}/${name}/${c.name}`
  const hops: ExecHop[] = [
    {
      hop: 1, from: actor('kubectl'), to: apiserver, connection: HTTPS, address: `${formatIpv4(cp.ip)}:6443`, request: apiPath,
      why: msg('why.kubectlRequest', { verb: verb === 'exec' ? 'create' : 'get', kind: `pods/${verb}`, object: `${namespace}/${name}` }),
    },
    {
      hop: 2, from: apiserver, to: kubelet, connection: { kind: 'kubelet', port: 10250 }, address: `${formatIpv4(node.ip)}:10250`, request: kubeletPath,
      why: msg('why.execUpgrade', { node: node.name, verb }),
    },
    {
      hop: 3, from: kubelet, to: runtime, connection: { kind: 'cri' }, address: 'unix:///run/containerd/containerd.sock',
      request: verb === 'exec' ? `runtime.v1.RuntimeService/Exec container_id=${pod.containerId.slice(0, 13)} cmd=${JSON.stringify(command)}` : `read /var/log/pods/${namespace}_${name}_${pod.containerId.slice(0, 8)}/${c.name}/0.log`,
      why: msg('why.execRuntime', { verb: verb === 'exec' ? `run ${JSON.stringify(command.join(' '))}` : 'read the log', container: c.name, pod: `${namespace}/${name}` }),
    },
  ]
  return { ok: true, verb, pod: podRef, node: node.name, container: c.name, hops }
}
