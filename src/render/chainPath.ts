/**
 * The control plane's chain of events on the stage: each actor at the place it runs — kubectl
 * on the operator's machine, the API server, etcd, the scheduler and the controller manager on
 * the control-plane node, the kubelet and the container runtime on their node, the CNI plugin at
 * the node's bridge, kube-proxy at the node's netfilter (the rules it writes), CoreDNS in its pod
 * — and each message as a path along the links from sender to receiver.
 */
import type { Actor, ChainStep, Component } from '../engine/controlplane/types.js'
import type { Point } from './geometry.js'
import type { StageLayout } from './layout/types.js'
import { route } from './router.js'

const CONTROLLERS: ReadonlySet<Component> = new Set([
  'deployment-controller', 'replicaset-controller', 'statefulset-controller', 'daemonset-controller', 'endpointslice-controller', 'garbage-collector', 'taint-eviction-controller',
])

export function actorVertex(layout: StageLayout, a: Actor, controlPlaneNode: string, corednsPod: string | null): string {
  const node = a.node ?? controlPlaneNode
  const pick = (...ids: string[]): string => ids.find((id) => layout.vertices.has(id)) ?? `nf:${node}`
  switch (a.component) {
    case 'kubectl': return pick('ext:kubectl', `cp:${controlPlaneNode}:kube-apiserver`)
    case 'kube-apiserver': case 'etcd': case 'kube-scheduler': return pick(`cp:${controlPlaneNode}:${a.component}`)
    case 'kubelet': case 'container-runtime': return pick(`cp:${node}:kubelet`)
    case 'cni-plugin': return pick(`br:${node}`)
    case 'kube-proxy': return pick(`nf:${node}`)
    case 'coredns': return pick(corednsPod ? `pod:${corednsPod}` : '', `nf:${controlPlaneNode}`)
    default: return CONTROLLERS.has(a.component) ? pick(`cp:${controlPlaneNode}:kube-controller-manager`) : `nf:${node}`
  }
}

export function chainPaths(layout: StageLayout, steps: readonly ChainStep[], controlPlaneNode: string, corednsPod: string | null): { at: Point; path: Point[] }[] {
  return steps.map((s) => {
    const from = actorVertex(layout, s.from, controlPlaneNode, corednsPod)
    // The CNI plugin's ADD and DEL make and remove the pod's veth: the message ends at the pod's eth0.
    const podEnd = s.to.component === 'cni-plugin' && s.object.kind === 'Pod' ? `podeth:${s.object.namespace}/${s.object.name}` : null
    const to = podEnd && layout.vertices.has(podEnd) ? podEnd : actorVertex(layout, s.to, controlPlaneNode, corednsPod)
    const at = layout.vertices.get(to) ?? { x: 0, y: 0 }
    return { at, path: route(layout, from, to) }
  })
}

/** A polyline cut into dashes of `on` units with gaps of `off`. */
export function dashes(path: readonly Point[], on: number, off: number): Point[][] {
  const out: Point[][] = []
  let cur: Point[] = []
  let left = on
  let drawing = true
  for (let i = 1; i < path.length; i++) {
    let a = path[i - 1]!
    const b = path[i]!
    let len = Math.hypot(b.x - a.x, b.y - a.y)
    while (len > 0) {
      const stepLen = Math.min(left, len)
      const f = stepLen / len
      const p = { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f }
      if (drawing) { if (!cur.length) cur.push(a); cur.push(p) }
      left -= stepLen
      len -= stepLen
      a = p
      if (left <= 1e-6) {
        if (drawing && cur.length > 1) out.push(cur)
        cur = []
        drawing = !drawing
        left = drawing ? on : off
      }
    }
  }
  if (drawing && cur.length > 1) out.push(cur)
  return out
}
