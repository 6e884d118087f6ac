/**
 * Draws a cluster layout with pixi.js: node boxes with their host netns, pods on the bridge,
 * and the underlay network. Raises selections through a callback; reads no global state.
 */
import { Application, Container, Graphics, Text } from 'pixi.js'
import type { ClusterLayout } from './layout.js'

export type Selection = { kind: 'node'; name: string } | { kind: 'pod'; key: string }

const COLORS = { node: 0x1e293b, nodeLine: 0x64748b, pod: 0x0f766e, addon: 0x7c3aed, text: 0xe2e8f0, underlay: 0xf59e0b }

export class ClusterScene {
  readonly root = new Container()
  onSelect?: (s: Selection) => void

  constructor(private readonly app: Application) {
    app.stage.addChild(this.root)
  }

  static async create(parent: HTMLElement): Promise<ClusterScene> {
    const app = new Application()
    await app.init({ resizeTo: parent, background: '#0f172a', antialias: true })
    parent.appendChild(app.canvas)
    return new ClusterScene(app)
  }

  draw(layout: ClusterLayout, underlayLabel: string): void {
    this.root.removeChildren().forEach((c) => c.destroy({ children: true }))
    const label = (text: string, x: number, y: number, size = 13): void => {
      const t = new Text({ text, style: { fill: COLORS.text, fontSize: size, fontFamily: 'ui-monospace, monospace' } })
      t.position.set(x, y)
      this.root.addChild(t)
    }
    const underlay = new Graphics().rect(20, layout.underlayY, layout.width - 20, 4).fill(COLORS.underlay)
    this.root.addChild(underlay)
    label(underlayLabel, 24, layout.underlayY + 10, 12)
    for (const n of layout.nodes) {
      const box = new Graphics().roundRect(n.x, n.y, n.w, n.h, 8).fill(COLORS.node).stroke({ width: 2, color: COLORS.nodeLine })
      box.eventMode = 'static'
      box.cursor = 'pointer'
      box.on('pointertap', () => this.onSelect?.({ kind: 'node', name: n.name }))
      this.root.addChild(box)
      label(`${n.name}  (host netns, ${n.hostPods} hostNetwork pods)`, n.x + 10, n.y + 8)
      label('eth0 · cni0 bridge · kube-proxy netfilter', n.x + 10, n.y + 30, 11)
      this.root.addChild(new Graphics().rect(n.x + n.w / 2 - 1, n.y + n.h, 2, layout.underlayY - n.y - n.h).fill(COLORS.nodeLine))
      this.root.addChild(new Graphics().rect(n.x + 12, n.y + 92, n.w - 24, 3).fill(COLORS.nodeLine))
      for (const p of n.pods) {
        const g = new Graphics().roundRect(p.x, p.y, p.w, p.h, 6).fill(p.role ? COLORS.addon : COLORS.pod)
        g.eventMode = 'static'
        g.cursor = 'pointer'
        g.on('pointertap', (e) => { e.stopPropagation(); this.onSelect?.({ kind: 'pod', key: p.key }) })
        this.root.addChild(g)
        label(`${p.label.slice(0, 26)}  ${p.ip}`, p.x + 8, p.y + 9, 12)
      }
    }
  }
}
