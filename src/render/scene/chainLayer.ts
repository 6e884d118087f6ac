/**
 * What a control-plane chain adds to the stage, over the still cluster: the pods the chain
 * creates or deletes, each on its own layer so a step can show, ghost or fade it without
 * redrawing the cluster (a Pending pod bound to its node is a dashed outline with its name, a
 * terminating one is faded); the Service lines lit on kube-proxy's checkpoint when the
 * EndpointSlice changes and when a node's kube-proxy syncs; the faint trail of the messages
 * sent so far (not those to come: they would point at pods not made yet); and the current
 * message as an arrow from sender to receiver, dashed for a watch notification and solid for a
 * request.
 */
import { Container, Graphics } from 'pixi.js'
import type { Point } from '../geometry.js'
import { dashes } from '../chainPath.js'
import type { LitService, PodLook, PodPart } from '../chainPods.js'
import type { StageLayout } from '../layout/types.js'
import { drawLayout, makeText } from './drawLayout.js'
import type { Theme } from './theme.js'

interface DrawnPod { readonly key: string; readonly real: Container; readonly ghost: Container }

export interface ChainShow {
  readonly looks: ReadonlyMap<string, PodLook>
  readonly lit: readonly LitService[]
  /** The current message's path, and whether it is a watch notification. */
  readonly path: readonly Point[]
  readonly watch: boolean
  /** The paths of the messages sent so far, this one included. */
  readonly trail: readonly (readonly Point[])[]
}

export class ChainLayer {
  /** Under the trace's trail: the chain's pods and lit Services. */
  readonly root = new Container()
  /** Over the trail, under the moving dot: the current message's arrow. */
  readonly top = new Graphics()
  private readonly podsLayer = new Container()
  private readonly trail = new Graphics()
  private readonly marks = new Graphics()
  private pods: DrawnPod[] = []
  /** The pods' text, hidden with the cluster's when it would be too small to read. */
  private texts: Container[] = []
  private legible = true
  private parts: readonly PodPart[] = []
  private layout: StageLayout | null = null
  private theme: Theme | null = null
  private last: ChainShow | null = null

  constructor() {
    this.root.addChild(this.trail, this.podsLayer, this.marks)
  }

  /** The pods to draw on their own (from splitPods) and the full layout (for Service lines). */
  set(layout: StageLayout | null, parts: readonly PodPart[], theme: Theme): void {
    this.layout = layout
    this.parts = parts
    this.theme = theme
    this.last = null
    this.draw()
  }

  setTheme(theme: Theme): void {
    this.theme = theme
    const last = this.last
    this.draw()
    if (last) this.show(last)
  }

  clear(): void {
    this.set(null, [], this.theme!)
  }

  private draw(): void {
    this.podsLayer.removeChildren().forEach((c) => c.destroy({ children: true }))
    this.marks.clear()
    this.top.clear()
    this.trail.clear()
    this.pods = []
    this.texts = []
    const theme = this.theme
    if (!theme) return
    const res = 2 * (window.devicePixelRatio || 1)
    for (const p of this.parts) {
      const real = new Container()
      // One pod: drawn whole now (drawLayout draws only as far as `more` is asked to).
      const d = drawLayout(p.layout, theme, { select: () => undefined, hover: () => undefined }, res)
      d.more(Infinity)
      real.addChild(d.shared, ...d.groups)
      this.texts.push(...d.texts)
      const ghost = new Container()
      const box = p.layout.boxes[0]!
      const g = new Graphics()
      const outline = [{ x: box.x, y: box.y }, { x: box.x + box.w, y: box.y }, { x: box.x + box.w, y: box.y + box.h }, { x: box.x, y: box.y + box.h }, { x: box.x, y: box.y }]
      for (const d of dashes(outline, 8, 6)) { g.moveTo(d[0]!.x, d[0]!.y); for (const q of d.slice(1)) g.lineTo(q.x, q.y) }
      g.stroke({ width: 2, color: theme.box.pod.stroke, alpha: 0.9 })
      const name = p.layout.labels.find((l) => l.id === `pod:${p.key}:name`)
      ghost.addChild(g)
      if (name) {
        const t = makeText(`${name.text}`, name.size, theme.text.muted, false, res)
        t.position.set(name.x, name.y)
        const pending = makeText('Pending', name.size, theme.text.muted, false, res)
        pending.position.set(name.x, name.y + name.h + 4)
        const words = new Container()
        words.addChild(t, pending)
        ghost.addChild(words)
        this.texts.push(words)
      }
      real.visible = ghost.visible = false
      this.podsLayer.addChild(real, ghost)
      this.pods.push({ key: p.key, real, ghost })
    }
    this.setLegible(this.legible)
  }

  /** Text under 4 px on screen is left out, as the still cluster's is. */
  setLegible(legible: boolean): void {
    this.legible = legible
    for (const t of this.texts) t.visible = legible
  }

  show(s: ChainShow): void {
    this.last = s
    const theme = this.theme
    if (!theme) return
    for (const p of this.pods) {
      const look = s.looks.get(p.key) ?? 'running'
      p.real.visible = look === 'running' || look === 'leaving'
      p.real.alpha = look === 'leaving' ? 0.3 : 1
      p.ghost.visible = look === 'pending'
    }
    this.marks.clear()
    this.top.clear()
    this.trail.clear()
    // Each distinct route once: repeated messages would add up to a brighter line.
    const seen = new Set<string>()
    for (const path of s.trail) {
      const key = path.map((p) => `${p.x},${p.y}`).join(' ')
      if (path.length < 2 || seen.has(key)) continue
      seen.add(key)
      this.trail.moveTo(path[0]!.x, path[0]!.y)
      for (const p of path.slice(1)) this.trail.lineTo(p.x, p.y)
    }
    if (seen.size) this.trail.stroke({ width: 7, color: theme.trail, alpha: 0.28, cap: 'round', join: 'round' })
    for (const l of s.lit) {
      const at = this.layout?.services.get(l.service)?.at
      if (!at) continue
      for (const [node, r] of at) {
        if (l.nodes && !l.nodes.includes(node)) continue
        this.marks.roundRect(r.x - 4, r.y - 2, r.w + 8, r.h + 4, 4).fill({ color: theme.changed, alpha: 0.25 }).stroke({ width: 2, color: theme.changed })
      }
    }
    this.arrow(s.path, s.watch, theme)
  }

  /** The message from sender to receiver: a line with a head, dashed when it is a watch event. */
  private arrow(path: readonly Point[], watch: boolean, theme: Theme): void {
    if (path.length < 2) return
    const color = watch ? theme.reply : theme.packet
    const segments = watch ? dashes(path, 10, 7) : [path]
    for (const d of segments) { this.top.moveTo(d[0]!.x, d[0]!.y); for (const q of d.slice(1)) this.top.lineTo(q.x, q.y) }
    this.top.stroke({ width: 4, color, alpha: 0.95, cap: 'round', join: 'round' })
    const end = path[path.length - 1]!
    const from = [...path].reverse().find((q) => Math.hypot(q.x - end.x, q.y - end.y) > 1) ?? path[0]!
    const len = Math.hypot(end.x - from.x, end.y - from.y) || 1
    const ux = (end.x - from.x) / len, uy = (end.y - from.y) / len
    const back = { x: end.x - ux * 14, y: end.y - uy * 14 }
    this.top.poly([end.x, end.y, back.x - uy * 7, back.y + ux * 7, back.x + uy * 7, back.y - ux * 7]).fill(color)
  }
}
