/** Pure layout: where nodes, pods and the underlay go on the canvas, from the model alone. */
import type { Model } from '../model/model.js'

export interface Box { readonly x: number; readonly y: number; readonly w: number; readonly h: number }
export interface PodBox extends Box { readonly key: string; readonly label: string; readonly ip: string; readonly role: string | null }
export interface NodeBox extends Box { readonly name: string; readonly pods: readonly PodBox[]; readonly hostPods: number }
export interface ClusterLayout { readonly nodes: readonly NodeBox[]; readonly underlayY: number; readonly width: number; readonly height: number }

const NODE_W = 300
const POD_H = 34
const GAP = 40

export function layoutCluster(model: Model, formatIp: (n: number) => string): ClusterLayout {
  let maxH = 0
  const nodes = model.nodes.map((n, i) => {
    const pods = model.pods.filter((p) => p.nodeName === n.name && !p.hostNetwork)
    const x = GAP + i * (NODE_W + GAP)
    const boxes = pods.map((p, j): PodBox => ({
      key: `${p.namespace}/${p.name}`, label: p.name, ip: p.ip === null ? '-' : formatIp(p.ip), role: p.addon,
      x: x + 12, y: 120 + j * (POD_H + 8), w: NODE_W - 24, h: POD_H,
    }))
    const h = 130 + pods.length * (POD_H + 8) + 20
    maxH = Math.max(maxH, h)
    return { name: n.name, x, y: 20, w: NODE_W, h, pods: boxes, hostPods: model.pods.filter((p) => p.nodeName === n.name && p.hostNetwork).length }
  })
  const underlayY = 20 + maxH + 40
  return { nodes: nodes.map((n) => ({ ...n, h: maxH })), underlayY, width: GAP + model.nodes.length * (NODE_W + GAP), height: underlayY + 60 }
}
