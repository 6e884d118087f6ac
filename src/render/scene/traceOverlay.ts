/**
 * What a trace adds to the still stage: the route it takes (a faint trail along the links), the
 * Service's fan-out from the netfilter checkpoint that rewrote the destination to each endpoint
 * (its probability written in the endpoint's reserved slot, the chosen one lit), and the packet:
 * a dot wrapped in a box while VXLAN-encapsulated, with a symbol for a reply (↩) or a drop (✖)
 * so colour is never the only sign.
 */
import { Container, Graphics, type Text } from 'pixi.js'
import type { Point, Rect } from '../geometry.js'
import type { StageLayout } from '../layout/types.js'
import { makeText } from './drawLayout.js'
import type { Theme } from './theme.js'

export interface FanoutTarget {
  readonly at: Point
  readonly slot: Rect | null
  readonly text: string
  readonly picked: boolean
}

export interface TraceMarks {
  /** The Service line at the checkpoint where kube-proxy's DNAT happened, and its endpoints. */
  readonly fanout: { readonly from: Rect; readonly to: readonly FanoutTarget[] } | null
}

export interface PacketLook {
  readonly reply: boolean
  readonly dropped: boolean
  readonly vxlan: boolean
  /** NAT rewrote an address at this hop. */
  readonly changed: boolean
  /** A notification on a watch stream rather than a request: drawn as a ring. */
  readonly hollow?: boolean
}

export class TraceOverlay {
  readonly root = new Container()
  private readonly trail = new Graphics()
  private readonly fan = new Container()
  private readonly packet = new Container()
  private readonly dot = new Graphics()
  private readonly glyph: Text = makeText('', 14, 0x000000, true, 4)
  private theme: Theme | null = null
  private look: PacketLook | null = null
  private lastTrail: { layout: StageLayout | null; paths: readonly (readonly Point[])[]; marks: TraceMarks | null } = { layout: null, paths: [], marks: null }

  constructor() {
    this.root.addChild(this.trail, this.fan, this.packet)
    this.glyph.anchor.set(0.5)
    this.packet.addChild(this.dot, this.glyph)
    this.packet.visible = false
  }

  setTheme(theme: Theme): void {
    this.theme = theme
    this.setTrace(this.lastTrail.layout, this.lastTrail.paths, this.lastTrail.marks)
    if (this.look) this.showPacket(this.look)
  }

  /** The route as the steps' paths: each drawn on its own, so steps that start elsewhere leave no false line. */
  setTrace(layout: StageLayout | null, paths: readonly (readonly Point[])[], marks: TraceMarks | null): void {
    this.lastTrail = { layout, paths, marks }
    const theme = this.theme
    this.trail.clear()
    this.fan.removeChildren().forEach((c) => c.destroy())
    if (!theme) return
    let drawn = false
    // A path drawn twice would look brighter than the rest (the alphas add up): draw each once.
    const seen = new Set<string>()
    for (const path of paths) {
      if (path.length < 2) continue
      const key = path.map((p) => `${p.x},${p.y}`).join(' ')
      if (seen.has(key)) continue
      seen.add(key)
      this.trail.moveTo(path[0]!.x, path[0]!.y)
      for (const p of path.slice(1)) this.trail.lineTo(p.x, p.y)
      drawn = true
    }
    if (drawn) this.trail.stroke({ width: 7, color: theme.trail, alpha: 0.28, cap: 'round', join: 'round' })
    const f = marks?.fanout
    if (!f) return
    const g = new Graphics()
    this.fan.addChild(g)
    const from = { x: f.from.x + f.from.w + 6, y: f.from.y + f.from.h / 2 }
    g.rect(f.from.x - 4, f.from.y - 2, f.from.w + 8, f.from.h + 4).stroke({ width: 2, color: theme.fanout })
    for (const t of f.to) {
      // A gentle curve from the Service's line to the endpoint's pod: an annotation, not a link.
      // It ends on the right of the probability's slot, coming in from above right, so it never
      // crosses the pod's own lines (its name, eth0 address) on the way in.
      const end = t.slot ? { x: t.slot.x + t.slot.w + 3, y: t.slot.y + t.slot.h / 2 } : t.at
      const mid = t.slot
        ? { x: Math.max((from.x + end.x) / 2, end.x + 60), y: Math.min(from.y, end.y) - 30 }
        : { x: (from.x + end.x) / 2 + 40, y: Math.min(from.y, end.y) - 30 }
      g.moveTo(from.x, from.y).quadraticCurveTo(mid.x, mid.y, end.x, end.y)
      g.stroke({ width: t.picked ? 3 : 1.5, color: theme.fanout, alpha: t.picked ? 0.95 : 0.5 })
      if (t.slot) {
        g.roundRect(t.slot.x, t.slot.y, t.slot.w, t.slot.h, 4).fill({ color: theme.fanout, alpha: t.picked ? 0.9 : 0.25 })
        const label = makeText(t.text, 14, t.picked ? 0xffffff : theme.text.service, t.picked, 2 * (window.devicePixelRatio || 1))
        label.position.set(t.slot.x + 4, t.slot.y + 2)
        this.fan.addChild(label)
      }
    }
  }

  showPacket(look: PacketLook): void {
    this.look = look
    const theme = this.theme
    if (!theme) return
    // Redrawn in place each step (no new objects): a step is a frame's work at most.
    this.packet.visible = true
    const color = look.dropped ? theme.drop : look.reply ? theme.reply : theme.packet
    this.dot.clear()
    if (look.vxlan) this.dot.roundRect(-20, -20, 40, 40, 8).fill({ color: theme.link.tunnel.color, alpha: 0.25 }).stroke({ width: 3, color: theme.link.tunnel.color })
    if (look.hollow) this.dot.circle(0, 0, 10).stroke({ width: 4, color })
    else this.dot.circle(0, 0, 11).fill(color).stroke({ width: look.changed ? 4 : 2, color: look.changed ? theme.changed : 0x000000 })
    this.glyph.text = look.dropped ? '✖' : look.reply ? '↩' : look.changed ? '✎' : ''
  }

  hidePacket(): void {
    this.look = null
    this.packet.visible = false
  }

  /** Places the packet, keeping it the same size on screen whatever the zoom (never tiny). */
  movePacket(at: Point, zoom: number): void {
    this.packet.position.set(at.x, at.y)
    this.packet.scale.set(Math.max(1, 1 / Math.max(0.05, zoom)) ** 0.75)
  }
}
