/** Pure layout: where nodes, pods, outside hosts and the node network go, from the model alone. */
import type { Model } from '../model/model.js'

export interface Point { readonly x: number; readonly y: number }
export interface Box { readonly x: number; readonly y: number; readonly w: number; readonly h: number }
export interface PodBox extends Box { readonly key: string; readonly label: string; readonly ip: string; readonly role: string | null; readonly containers: readonly string[] }
export interface NodeBox extends Box {
  readonly name: string
  readonly ip: string
  readonly pods: readonly PodBox[]
  readonly hostPods: number
  /** Where the packet sits at each part of the host netns. */
  readonly anchors: { readonly eth0: Point; readonly bridge: Point; readonly netfilter: Point; readonly vxlan: Point }
  /** The pod bridge's name (cni0, or minikube's `bridge`) and whether flannel.1 exists. */
  readonly bridgeName: string
  readonly vxlan: boolean
}
export interface ExternalBox extends Box { readonly name: string; readonly ip: string }
export interface ClusterLayout {
  readonly nodes: readonly NodeBox[]
  readonly externals: readonly ExternalBox[]
  readonly underlayY: number
  readonly width: number
  readonly height: number
}

const NODE_W = 300
const POD_H = 34
const GAP = 40
/** Past this many pods a node lists only the ones a trace touches, plus a count. */
export const MAX_PODS_DRAWN = 24

export function layoutCluster(model: Model, formatIp: (n: number) => string, focus: ReadonlySet<string> = new Set()): ClusterLayout {
  let maxH = 0
  const nodes = model.nodes.map((n, i) => {
    let pods = model.pods.filter((p) => p.nodeName === n.name && !p.hostNetwork)
    if (pods.length > MAX_PODS_DRAWN) {
      const focused = pods.filter((p) => focus.has(`${p.namespace}/${p.name}`))
      pods = [...focused, ...pods.filter((p) => !focused.includes(p))].slice(0, MAX_PODS_DRAWN)
    }
    const x = GAP + i * (NODE_W + GAP)
    const boxes = pods.map((p, j): PodBox => ({
      key: `${p.namespace}/${p.name}`, label: p.name, ip: p.ip === null ? '-' : formatIp(p.ip), role: p.addon, containers: p.template.containers.map((c) => c.name),
      x: x + 12, y: 120 + j * (POD_H + 8), w: NODE_W - 24, h: POD_H,
    }))
    const h = 130 + pods.length * (POD_H + 8) + 20
    maxH = Math.max(maxH, h)
    const net = model.cluster.network
    return { name: n.name, ip: formatIp(n.ip), bridgeName: net.plugin === 'bridge' ? 'bridge' : 'cni0', vxlan: net.plugin === 'flannel' && net.backend === 'vxlan', x, y: 20, w: NODE_W, h, pods: boxes, hostPods: model.pods.filter((p) => p.nodeName === n.name && p.hostNetwork).length }
  })
  const underlayY = 20 + maxH + 40
  const width = Math.max(GAP + model.nodes.length * (NODE_W + GAP), GAP + model.cluster.externalClients.length * 220 + GAP)
  const externals = model.cluster.externalClients.map((e, j): ExternalBox => ({ name: e.name, ip: formatIp(e.ip), x: GAP + j * 220, y: underlayY + 40, w: 190, h: 44 }))
  return {
    nodes: nodes.map((n) => ({
      ...n, h: maxH,
      anchors: {
        eth0: { x: n.x + n.w / 2, y: 20 + maxH },
        bridge: { x: n.x + n.w / 2, y: n.y + 93 },
        netfilter: { x: n.x + n.w / 2, y: n.y + 62 },
        vxlan: { x: n.x + n.w - 18, y: n.y + 62 },
      },
    })),
    externals, underlayY, width, height: underlayY + 110,
  }
}
