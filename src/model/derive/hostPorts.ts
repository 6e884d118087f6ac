/**
 * Host port conflicts: a node's port (and protocol) can be bound once. hostNetwork pods bind
 * their container ports on the node itself; other pods' hostPorts are taken by the portmap
 * CNI plugin. The scheduler's NodePorts filter keeps a second such pod off the node, and the
 * kubelet rejects one pinned there by nodeName; either way the file describes a pod that
 * cannot run where it says.
 */
import type { ModelPod } from '../model.js'
import type { Reporter } from './report.js'

export function checkHostPorts(pods: readonly ModelPod[], docOf: (p: ModelPod) => import('../load/readDocuments.js').SourceDoc | undefined, rep: Reporter): void {
  const taken = new Map<string, string>()
  for (const p of pods) {
    if (!p.nodeName || p.phase || !bindsHostPorts(p)) continue
    p.template.containers.forEach((c, i) => {
      c.ports.forEach((cp, j) => {
        const port = p.hostNetwork ? cp.containerPort : cp.hostPort
        if (!port) return
        const key = `${p.nodeName}/${port}/${cp.protocol}`
        const other = taken.get(key)
        if (other && other !== `${p.namespace}/${p.name}`) {
          rep.add('error', docOf(p), ['spec', 'containers', i, 'ports', j], `Pod ${p.namespace}/${p.name}`,
            `host port ${port}/${cp.protocol} on node ${p.nodeName} is already used by pod ${other}`,
            'two pods on one node cannot bind the same host port: pin this pod to another node, change its port, or drop hostNetwork/hostPort')
        } else taken.set(key, `${p.namespace}/${p.name}`)
      })
    })
  }
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
