/**
 * Draws a cluster layout with pixi.js — node boxes with their host netns (eth0, cni0, flannel.1,
 * kube-proxy's netfilter as a checkpoint), pods on the bridge, outside hosts on the node
 * network — and the packet of the current step: a dot with its addresses, wrapped in an outer
 * box while VXLAN-encapsulated, that glides from step to step. Pan by dragging, zoom with the
 * wheel. Raises selections through a callback; reads no global state.
 * It renders on demand (a frame only when something moved) and culls nodes off screen, so a
 * big cluster or a machine without a GPU stays smooth.
 */
import { Application, Container, Culler, Graphics, Text } from 'pixi.js'
import type { Packet } from '../engine/trace/types.js'
import type { ClusterLayout, Point } from './layout.js'

export type Selection = { kind: 'node'; name: string } | { kind: 'pod'; key: string }

const COLORS = {
  node: 0x1e293b, nodeLine: 0x64748b, pod: 0x0f766e, addon: 0x7c3aed, text: 0xe2e8f0, underlay: 0xf59e0b,
  external: 0x334155, netfilter: 0xdc2626, vxlan: 0x0ea5e9, packet: 0xfacc15, reply: 0x22c55e, changed: 0xf97316, path: 0x94a3b8,
}

/** Whether WebGL here is a software rasterizer (SwiftShader, llvmpipe) rather than a GPU. */
function softwareWebGl(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl')
    if (!gl) return true
    const info = gl.getExtension('WEBGL_debug_renderer_info')
    const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : ''
    gl.getExtension('WEBGL_lose_context')?.loseContext()
    return /swiftshader|llvmpipe|software/i.test(name)
  } catch {
    return true
  }
}

export class ClusterScene {
  readonly world = new Container()
  private readonly root = new Container()
  private readonly pathLayer = new Graphics()
  private readonly packetLayer = new Container()
  private from: Point | null = null
  private to: Point | null = null
  private t = 1
  private scheduled = false
  private lastFrame = 0
  onSelect?: (s: Selection) => void

  constructor(private readonly app: Application) {
    app.stage.addChild(this.world)
    this.world.addChild(this.root, this.pathLayer, this.packetLayer)
    this.enablePanZoom()
    app.renderer.on('resize', () => this.requestRender())
    this.requestRender()
  }

  static async create(parent: HTMLElement): Promise<ClusterScene> {
    const app = new Application()
    // No MSAA and no preserved buffer: both multiply the cost of a frame on software WebGL; toPng
    // renders right before it reads the canvas.
    // WebGL when a GPU does it; on software WebGL (no GPU, headless CI) canvas 2D is faster.
    await app.init({ resizeTo: parent, background: '#0f172a', antialias: false, autoStart: false, preference: softwareWebGl() ? 'canvas' : 'webgl' })
    app.ticker.stop()
    parent.appendChild(app.canvas)
    parent.dataset['renderer'] = app.renderer.name
    return new ClusterScene(app)
  }

  /** Draws one frame soon; keeps drawing while the packet glides. */
  requestRender(): void {
    if (this.scheduled) return
    this.scheduled = true
    requestAnimationFrame((now) => {
      this.scheduled = false
      if (this.t < 1 && this.from && this.to) {
        const dt = this.lastFrame ? now - this.lastFrame : 16
        this.t = Math.min(1, this.t + dt / 250)
        const e = 1 - (1 - this.t) ** 2
        this.packetLayer.position.set(this.from.x + (this.to.x - this.from.x) * e, this.from.y + (this.to.y - this.from.y) * e)
      }
      this.lastFrame = this.t < 1 ? now : 0
      Culler.shared.cull(this.root, this.app.screen)
      this.app.render()
      if (this.t < 1) this.requestRender()
    })
  }

  get canvas(): HTMLCanvasElement {
    return this.app.canvas
  }

  private enablePanZoom(): void {
    const stage = this.app.stage
    stage.eventMode = 'static'
    stage.hitArea = this.app.screen
    let drag: { x: number; y: number } | null = null
    stage.on('pointerdown', (e) => { drag = { x: e.global.x - this.world.x, y: e.global.y - this.world.y } })
    stage.on('pointerup', () => { drag = null })
    stage.on('pointerupoutside', () => { drag = null })
    stage.on('pointermove', (e) => {
      if (!drag) return
      this.world.position.set(e.global.x - drag.x, e.global.y - drag.y)
      this.requestRender()
    })
    this.app.canvas.addEventListener('wheel', (e) => {
      e.preventDefault()
      const k = e.deltaY < 0 ? 1.1 : 1 / 1.1
      const s = Math.max(0.2, Math.min(3, this.world.scale.x * k))
      this.world.scale.set(s)
      this.requestRender()
    }, { passive: false })
  }

  private label(parent: Container, text: string, x: number, y: number, size = 13, color = COLORS.text): Text {
    const t = new Text({ text, style: { fill: color, fontSize: size, fontFamily: 'ui-monospace, monospace' } })
    t.position.set(x, y)
    parent.addChild(t)
    return t
  }

  draw(layout: ClusterLayout, underlayLabel: string): void {
    this.root.cacheAsTexture(false)
    this.root.removeChildren().forEach((c) => c.destroy({ children: true }))
    this.pathLayer.clear()
    this.packetLayer.removeChildren().forEach((c) => c.destroy({ children: true }))
    this.from = this.to = null
    const r = this.root
    r.addChild(new Graphics().rect(20, layout.underlayY, layout.width - 20, 4).fill(COLORS.underlay))
    this.label(r, underlayLabel, 24, layout.underlayY + 10, 12)
    for (const n of layout.nodes) {
      // One container per node, culled when off screen (50-node clusters are wider than any screen).
      const group = new Container()
      group.cullable = true
      r.addChild(group)
      const box = new Graphics().roundRect(n.x, n.y, n.w, n.h, 8).fill(COLORS.node).stroke({ width: 2, color: COLORS.nodeLine })
      box.eventMode = 'static'
      box.cursor = 'pointer'
      box.on('pointertap', () => this.onSelect?.({ kind: 'node', name: n.name }))
      group.addChild(box)
      this.label(group, `${n.name} ${n.ip}  (host netns)`, n.x + 10, n.y + 8)
      // kube-proxy's netfilter: a checkpoint on the path, not a box a packet can live in.
      group.addChild(new Graphics().roundRect(n.anchors.netfilter.x - 60, n.anchors.netfilter.y - 12, 120, 24, 4).stroke({ width: 2, color: COLORS.netfilter }))
      this.label(group, 'netfilter', n.anchors.netfilter.x - 30, n.anchors.netfilter.y - 8, 11, COLORS.netfilter)
      if (n.vxlan) {
        group.addChild(new Graphics().circle(n.anchors.vxlan.x, n.anchors.vxlan.y, 9).stroke({ width: 2, color: COLORS.vxlan }))
        this.label(group, 'flannel.1', n.anchors.vxlan.x - 58, n.anchors.vxlan.y + 12, 10, COLORS.vxlan)
      }
      group.addChild(new Graphics().rect(n.x + 12, n.anchors.bridge.y - 1, n.w - 24, 3).fill(COLORS.nodeLine))
      this.label(group, n.bridgeName, n.x + 14, n.anchors.bridge.y + 3, 10)
      group.addChild(new Graphics().rect(n.anchors.eth0.x - 1, n.anchors.eth0.y, 2, layout.underlayY - n.anchors.eth0.y).fill(COLORS.nodeLine))
      this.label(group, 'eth0', n.anchors.eth0.x + 4, n.anchors.eth0.y + 4, 10)
      for (const p of n.pods) {
        const g = new Graphics().roundRect(p.x, p.y, p.w, p.h, 6).fill(p.role ? COLORS.addon : COLORS.pod)
        g.eventMode = 'static'
        g.cursor = 'pointer'
        g.on('pointertap', (e) => { e.stopPropagation(); this.onSelect?.({ kind: 'pod', key: p.key }) })
        group.addChild(g)
        this.label(group, `${p.label.slice(0, 24)}${p.role ? ` [${p.role}]` : ''}  ${p.ip}`, p.x + 8, p.y + 4, 11)
        // Containers share the pod's netns: drawn inside its box.
        this.label(group, p.containers.map((c) => `▪ ${c}`).join('  ').slice(0, 44), p.x + 8, p.y + 19, 9, COLORS.path)
      }
    }
    for (const e of layout.externals) {
      r.addChild(new Graphics().roundRect(e.x, e.y, e.w, e.h, 6).fill(COLORS.external).stroke({ width: 1, color: COLORS.underlay }))
      r.addChild(new Graphics().rect(e.x + e.w / 2 - 1, layout.underlayY, 2, e.y - layout.underlayY).fill(COLORS.underlay))
      this.label(r, `${e.name}\n${e.ip}`, e.x + 8, e.y + 6, 11)
    }
    // The cluster does not move while a packet does: draw it once into a texture when it fits
    // one (wider clusters rely on culling instead).
    if (layout.width * layout.height <= 4096 * 4096 && layout.width <= 4096) this.root.cacheAsTexture(true)
    this.requestRender()
  }

  /** The path of the trace, faintly, so the packet's route reads at a glance. */
  drawPath(points: readonly Point[]): void {
    this.pathLayer.clear()
    if (points.length < 2) return
    this.pathLayer.moveTo(points[0]!.x, points[0]!.y)
    for (const p of points.slice(1)) this.pathLayer.lineTo(p.x, p.y)
    this.pathLayer.stroke({ width: 2, color: COLORS.path, alpha: 0.35 })
    this.requestRender()
  }

  /** Moves the packet to `at`, showing its addresses; changed fields glow, VXLAN wraps it. */
  showPacket(at: Point, packet: Packet | null, caption: string, opts: { reply: boolean; changed: boolean; dropped: boolean }): void {
    this.packetLayer.removeChildren().forEach((c) => c.destroy({ children: true }))
    const color = opts.dropped ? COLORS.netfilter : opts.reply ? COLORS.reply : COLORS.packet
    if (packet?.outer) this.packetLayer.addChild(new Graphics().roundRect(-16, -16, 32, 32, 6).stroke({ width: 3, color: COLORS.vxlan }))
    this.packetLayer.addChild(new Graphics().circle(0, 0, 9).fill(color))
    const text = packet ? `${packet.src}:${packet.sport} → ${packet.dst}:${packet.dport}${packet.outer ? `\nVXLAN ${packet.outer.src} → ${packet.outer.dst}` : ''}\n${caption}` : caption
    const t = this.label(this.packetLayer, text, 14, -10, 11, opts.changed ? COLORS.changed : COLORS.text)
    t.style.fontWeight = opts.changed ? 'bold' : 'normal'
    const start = this.to ?? at
    this.from = { x: start.x, y: start.y }
    this.to = at
    this.t = this.from.x === at.x && this.from.y === at.y ? 1 : 0
    if (this.t >= 1) this.packetLayer.position.set(at.x, at.y)
    this.requestRender()
  }

  clearPacket(): void {
    this.packetLayer.removeChildren().forEach((c) => c.destroy({ children: true }))
    this.pathLayer.clear()
    this.from = this.to = null
    this.requestRender()
  }

  /** The canvas as a PNG data URL, freshly drawn. */
  toPng(): string {
    this.app.render()
    return this.app.canvas.toDataURL('image/png')
  }
}
