/**
 * Host port conflicts: a node's port (and protocol) can be bound once. hostNetwork pods bind
 * their container ports on the node itself; other pods' hostPorts are taken by the portmap
 * CNI plugin. The scheduler's NodePorts filter keeps a second such pod off the node, and the
 * kubelet rejects one pinned there by nodeName; either way the file describes a pod that
 * cannot run where it says.
 */
import type { SourceDoc } from '../load/readDocuments.js'
import { LayeredIndex } from '../layeredIndex.js'
import type { ModelPod } from '../model.js'
import type { DeriveMemo } from './memo.js'
import type { Reporter } from './report.js'

/** Bindings are looked up only for an edit's few pods: many layers before a copy. */
const DEPTH = 16

/** `node/port/protocol` → `namespace/name` of each host port a pod binds. */
function* bindings(pods: readonly ModelPod[]): Iterable<[string, string]> {
  for (const p of pods) {
    if (!p.nodeName || p.phase || !bindsHostPorts(p)) continue
    for (const c of p.template.containers) {
      for (const cp of c.ports) {
        const port = p.hostNetwork ? cp.containerPort : cp.hostPort
        if (port) yield [`${p.nodeName}/${port}/${cp.protocol}`, `${p.namespace}/${p.name}`]
      }
    }
  }
}

/**
 * Reports each pod that binds a host port another pod on its node holds. After an edit that
 * changed a few pods of a clean placement (src/model/derive/placeAgain.ts lists them), only
 * those are checked: the last bindings with theirs taken out and put in.
 */
export function checkHostPorts(pods: readonly ModelPod[], docOf: (p: ModelPod) => SourceDoc | undefined, rep: Reporter, memo?: DeriveMemo): void {
  const last = memo?.hostPorts
  const change = memo?.podChanges
  if (last && change) {
    const now = last.next(bindings(change.gone), bindings(change.added))
    if (now) {
      memo.hostPortsNow = now
      return
    }
  }
  const taken = new Map<string, string>()
  let clean = true
  for (const p of pods) {
    if (!p.nodeName || p.phase || !bindsHostPorts(p)) continue
    p.template.containers.forEach((c, i) => {
      c.ports.forEach((cp, j) => {
        const port = p.hostNetwork ? cp.containerPort : cp.hostPort
        if (!port) return
        const key = `${p.nodeName}/${port}/${cp.protocol}`
        const other = taken.get(key)
        if (other && other !== `${p.namespace}/${p.name}`) {
          clean = false
          rep.add('error', docOf(p), ['spec', 'containers', i, 'ports', j], `Pod ${p.namespace}/${p.name}`,
            `host port ${port}/${cp.protocol} on node ${p.nodeName} is already used by pod ${other}`,
            'two pods on one node cannot bind the same host port: pin this pod to another node, change its port, or drop hostNetwork/hostPort')
        } else taken.set(key, `${p.namespace}/${p.name}`)
      })
    })
  }
  if (memo && clean) memo.hostPortsNow = LayeredIndex.of(taken, DEPTH)
}

/** Whether a pod binds ports on its node, remembered per template and network mode (an edit keeps most templates). */
const binds = new WeakMap<object, { hostNetwork: boolean; hostPorts: boolean }>()
function bindsHostPorts(p: ModelPod): boolean {
  let b = binds.get(p.template)
  if (!b) {
    b = { hostNetwork: false, hostPorts: false }
    for (const c of p.template.containers) {
      for (const cp of c.ports) {
        if (cp.containerPort) b.hostNetwork = true
        if (cp.hostPort) b.hostPorts = true
      }
    }
    binds.set(p.template, b)
  }
  return p.hostNetwork ? b.hostNetwork : b.hostPorts
}
