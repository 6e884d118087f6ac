/**
 * The stage: draws a StageLayout with pixi.js at the screen's device pixel ratio, moves the
 * packet along the links from hop to hop, and runs the camera — fit to the cluster, follow the
 * current and the next hop (smoothly), or let the person pan, zoom and pinch, with a minimap
 * when the cluster is larger than the view. It renders on demand (a frame only while something
 * moves), keeps only the nodes in view in the scene graph (onScreen.ts), and publishes where the packet is on the canvas element
 * (`data-packet-x`, `data-packet-y`, CSS pixels) for tests and assistive tools.
 */
import { Application, Container, Graphics, Rectangle } from 'pixi.js'
import { approach, fit, fitZoom, follow, panBy, screenRect, screenToWorld, settled, worldToScreen, zoomAt, type Camera, type Viewport } from '../camera.js'
import { pointAlong, pointsRect, polylineLength, union, type Point, type Rect } from '../geometry.js'
import type { Selection, StageLayout } from '../layout/types.js'
import { keptNodes } from '../layout/stageLayout.js'
import { drawLayout, type DrawnLayout } from './drawLayout.js'
import { ChainLayer, type ChainShow } from './chainLayer.js'
import { attachGestures } from './input.js'
import { Minimap } from './minimap.js'
import { TraceOverlay, type PacketLook, type TraceMarks } from './traceOverlay.js'
import { OVERVIEW_FROM_NODES, drawOverview, wantsOverview } from './overview.js'
import { StillLayer } from './stillLayer.js'
import { destroySoon, softwareWebGl } from './pixiSetup.js'
import { CanvasRecorder } from './canvasRecorder.js'
import { captioned } from './pngExport.js'
import type { Theme } from './theme.js'

export interface StepPath {
  readonly at: Point
  readonly path: readonly Point[]
  /** The box the step is at (published for tests while the packet stands there). */
  readonly box?: { readonly rect: Rect; readonly kind: string } | null
}

/** Milliseconds of drawing per task: the first slice (all of a small cluster), and each after it. */
const FIRST_SLICE_MS = 40
const SLICE_MS = 16
/** Labels above which a layout is big: drawn from the next task on, and at the device's pixel ratio. */
const BIG_LABELS = 1500

export class StageScene {
  private readonly view = new Container()
  private readonly content = new Container()
  private readonly still = new StillLayer(() => this.requestRender())
  /** A big cluster from afar: one box per node (overview.ts), shown instead of `still` when zoomed out. */
  private readonly overview = new Graphics()
  private readonly overlay: TraceOverlay
  /** A control-plane chain's pods, lit Services and current message (empty for a packet trace). */
  private readonly chainLayer = new ChainLayer()
  /** Which redraw is current. */
  private drawGen = 0
  /** The drawing on the stage (whole or still being drawn): a redraw keeps its nodes that show the same and are drawn whole. */
  private drawnNow: { layout: StageLayout; theme: Theme; textRes: number; drawn: DrawnLayout } | null = null
  private layout: StageLayout | null = null
  private theme: Theme | null = null
  private cam: Camera = { x: 0, y: 0, zoom: 1 }
  private target: Camera = { x: 0, y: 0, zoom: 1 }
  /** The person's Follow toggle. */
  private following = true
  /** What the camera is doing now: showing everything, tracking the packet, or left to the person. */
  private mode: 'fit' | 'track' | 'manual' = 'fit'
  private preferZoom = 1
  private steps: readonly StepPath[] = []
  private index = -1
  /** A trace just loaded shows the whole cluster until the person steps. */
  private fresh = true
  /** A new layout under a following camera: its old place means nothing there, so the next aim cuts instead of gliding. */
  private cutNext = false
  private anim: { path: readonly Point[]; t: number; ms: number } | null = null
  private packetAt: Point | null = null
  /** What the trace marks on the stage (the minimap keeps clear of it where it can). */
  private marks: TraceMarks | null = null
  private scheduled = false
  private lastFrame = 0
  private dragging = false
  /** People who ask their system for less motion get cuts instead of glides. */
  private readonly reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches
  private readonly minimap: Minimap
  private readonly tooltip: HTMLDivElement
  private readonly recorder = new CanvasRecorder()
  onSelect?: (s: Selection) => void
  onTap?: () => void
  onSwipe?: (steps: number) => void
  onFollowChange?: (on: boolean) => void

  private constructor(private readonly app: Application, private readonly parent: HTMLElement) {
    // Not a render group: with `this.view.isRenderGroup = true` (tried to spare a 1,000-node
    // cluster's ~50 ms frames while the camera glides) the packet, its path and the rule highlight
    // were drawn where the nodes had been before the camera moved (test-results/ui/panels-korean.png:
    // the packet off its pod, the highlight on a label).
    app.stage.addChild(this.view)
    this.view.addChild(this.content)
    this.overlay = new TraceOverlay()
    this.overview.visible = false
    this.content.addChild(this.still.root, this.overview, this.chainLayer.root, this.overlay.root)
    // The chain's arrow goes over the trail and under the moving dot (the overlay's last child).
    this.overlay.root.addChildAt(this.chainLayer.top, this.overlay.root.children.length - 1)
    this.minimap = new Minimap(parent)
    this.minimap.onJump = (w) => { this.setFollow(false); this.target = { ...this.cam, x: w.x, y: w.y }; this.requestRender() }
    this.tooltip = document.createElement('div')
    this.tooltip.className = 'stage-tip'
    this.tooltip.hidden = true
    parent.appendChild(this.tooltip)
    attachGestures(app.canvas, {
      pan: (dx, dy) => { this.takeOver(); this.cam = this.target = panBy(this.cam, dx, dy); this.requestRender() },
      zoom: (at, f) => { this.takeOver(); this.cam = this.target = zoomAt(this.cam, this.viewport, at, f); this.requestRender() },
      tap: () => this.onTap?.(),
      swipe: (n) => this.onSwipe?.(n),
      dragged: () => { this.dragging = true },
    })
    app.canvas.addEventListener('pointerdown', () => { this.dragging = false })
    app.canvas.addEventListener('pointerleave', () => { this.tooltip.hidden = true })
    // A tooltip placed for the old size or layout would point at nothing (the lesson screenshot
    // kept "…controller-manager (node1)" over the stage, cut at its edge, after the panel opened).
    app.renderer.on('resize', () => { this.tooltip.hidden = true; this.refit(); this.requestRender() })
    // The stage changes size with the window and with the panels. Not pixi's resizeTo: its
    // resize renders a frame there and then (a 1,000-node cluster's frame in the observer's
    // callback, then the frame asked for here again).
    new ResizeObserver(() => {
      const w = parent.clientWidth, h = parent.clientHeight
      if (w !== app.screen.width || h !== app.screen.height) app.renderer.resize(w, h)
    }).observe(parent)
    this.watchPixelRatio()
  }

  static async create(parent: HTMLElement): Promise<StageScene> {
    const app = new Application()
    // Backing store at the device pixel ratio (crisp on HiDPI); no MSAA (costly on software
    // WebGL); canvas 2D where WebGL would be a software rasterizer (no GPU, headless CI).
    await app.init({
      width: Math.max(1, parent.clientWidth), height: Math.max(1, parent.clientHeight), background: '#0f172a', antialias: false, autoStart: false, autoDensity: true,
      resolution: window.devicePixelRatio || 1, preference: softwareWebGl() ? 'canvas' : 'webgl',
    })
    app.ticker.stop()
    parent.appendChild(app.canvas)
    parent.dataset['renderer'] = app.renderer.name
    return new StageScene(app, parent)
  }

  get canvas(): HTMLCanvasElement { return this.app.canvas }
  get viewport(): Viewport { return { w: this.app.screen.width, h: this.app.screen.height } }
  get follow(): boolean { return this.following }
  get zoom(): number { return this.cam.zoom }

  /** Browser zoom and moving between screens change the pixel ratio: re-render at the new one. */
  private watchPixelRatio(): void {
    const watch = (): void => {
      const mq = matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`)
      mq.addEventListener('change', () => {
        this.app.renderer.resize(this.app.screen.width, this.app.screen.height, window.devicePixelRatio || 1)
        this.redraw()
        watch()
      }, { once: true })
    }
    watch()
  }

  private takeOver(): void {
    this.tooltip.hidden = true
    this.mode = 'manual'
    if (this.following) this.setFollow(false)
  }

  setFollow(on: boolean): void {
    if (this.following === on) return
    this.following = on
    this.onFollowChange?.(on)
    if (on && this.index >= 0) { this.mode = 'track'; this.aim() }
    this.requestRender()
  }

  /** Zoom the camera prefers while following (presentation mode enlarges everything). */
  setPreferZoom(z: number): void {
    this.preferZoom = z
    this.aim()
    this.requestRender()
  }

  private fitCamera(): Camera {
    return fit(this.layout?.bounds ?? { x: 0, y: 0, w: 1, h: 1 }, this.viewport, 12)
  }

  /** Show the whole cluster; hands the camera back from the person (follow resumes on the next step). */
  fit(): void {
    this.mode = 'fit'
    this.target = this.fitCamera()
    this.requestRender()
  }

  /** The stage changed size: keep showing what the camera was showing. */
  private refit(): void {
    if (!this.layout) return
    if (this.mode === 'fit') this.target = this.cam = this.fitCamera()
    else if (this.mode === 'track') this.aim()
  }

  private aim(): void {
    if (!this.following || !this.layout || this.mode !== 'track') return
    if (this.index < 0 || !this.steps.length) { this.target = this.fitCamera(); return }
    const cur = this.steps[this.index]!
    const next = this.steps[this.index + 1]
    const r = pointsRect([...cur.path, cur.at, ...(next ? [next.at] : [])])
    const pad = { x: r.x - 60, y: r.y - 50, w: r.w + 120, h: r.h + 100 }
    this.target = follow(this.cam, this.viewport, pad, { margin: 24, preferZoom: this.preferZoom, minZoom: fitZoom(this.layout.bounds, this.viewport, 12) })
  }

  setLayout(layout: StageLayout, theme: Theme, keepCamera = false): void {
    const first = !this.layout
    this.tooltip.hidden = true
    if (!first && keepCamera && this.layout !== layout && this.mode === 'track') this.cutNext = true
    this.layout = layout
    this.theme = theme
    this.redraw()
    if (first || !keepCamera || this.mode === 'fit') { this.mode = 'fit'; this.cam = this.target = this.fitCamera() }
    this.requestRender()
  }

  setTheme(theme: Theme): void {
    this.theme = theme
    this.redraw()
  }

  private redraw(): void {
    if (!this.layout || !this.theme) return
    this.app.renderer.background.color = this.theme.background
    this.still.uncache()
    const res = (window.devicePixelRatio || 1) * 2
    const big = this.layout.labels.length > BIG_LABELS
    const textRes = big ? window.devicePixelRatio || 1 : res
    // A what-if that changed one node of 1,000 draws that node again, not the ~65,000 objects of all.
    const last = this.drawnNow
    const same = last && last.theme === this.theme && last.textRes === textRes ? keptNodes(last.layout, this.layout) : null
    const keptGroups = same && last ? this.still.groups.map((g, i) => (same[i] && last.drawn.complete(g) ? g : null)) : null
    const keep = new Set(keptGroups?.filter((g) => g !== null))
    // The kept nodes stay; the rest of the old drawing goes.
    const old = last ? [last.drawn.shared, ...this.still.groups] : []
    this.still.clear()
    destroySoon(old.filter((c) => !keep.has(c)))
    const drawn = drawLayout(this.layout, this.theme, {
      select: (s) => { if (!this.dragging) this.onSelect?.(s) },
      hover: (text, at) => this.showTip(text, at),
    }, textRes, keptGroups && last ? { groups: keptGroups, textOf: last.drawn.textOf } : undefined, this.layout.nodes.length > OVERVIEW_FROM_NODES)
    this.drawnNow = { layout: this.layout, theme: this.theme, textRes, drawn }
    this.parent.dataset['keptNodes'] = String(keep.size)
    this.still.set(drawn, this.layout.nodes.map((n) => n.box), this.layout.nodes.length > OVERVIEW_FROM_NODES)
    this.overlay.setTheme(this.theme)
    this.chainLayer.setTheme(this.theme)
    // A small cluster is drawn at once; a big one a slice per task from the next task on (no
    // long task on the page: its overview alone is ~50 ms), nothing cached as a texture until the
    // last slice. `data-drawn` says when it is complete.
    const token = ++this.drawGen
    const layout = this.layout, theme = this.theme
    const slice = (ms: number): void => {
      if (token !== this.drawGen) return
      const more = drawn.more(ms)
      this.still.drawing = more
      this.still.uncache()
      this.parent.dataset['drawn'] = more ? 'partial' : 'done'
      if (more) setTimeout(() => slice(SLICE_MS), 0)
      this.requestRender()
    }
    if (!big) {
      drawOverview(this.overview, this.layout, this.theme)
      slice(FIRST_SLICE_MS)
      return
    }
    this.parent.dataset['drawn'] = 'partial'
    setTimeout(() => {
      if (token !== this.drawGen) return
      drawOverview(this.overview, layout, theme)
      this.requestRender()
      setTimeout(() => slice(SLICE_MS), 0)
    }, 0)
  }

  private showTip(text: string | null, at: Point): void {
    if (!text || this.dragging) { this.tooltip.hidden = true; return }
    this.tooltip.textContent = text
    this.tooltip.hidden = false
    const vp = this.viewport
    this.tooltip.style.left = `${Math.max(4, Math.min(at.x + 12, vp.w - 260))}px`
    this.tooltip.style.top = `${Math.max(4, Math.min(at.y + 14, vp.h - 60))}px`
  }

  /** A trace's steps (each with its point and the path to it) and what to mark on the stage. */
  setTrace(steps: readonly StepPath[], marks: TraceMarks | null, trail = true): void {
    this.steps = steps
    this.index = -1
    this.fresh = true
    this.anim = null
    this.packetAt = null
    this.marks = marks
    this.overlay.setTrace(this.layout, trail ? steps.map((s) => s.path) : [], marks)
    this.publishPacket()
    this.requestRender()
  }

  /** The chain's own pods (drawn apart from the still cluster) and the full layout; empty parts for a packet trace. */
  setChain(layout: StageLayout | null, parts: Parameters<ChainLayer['set']>[1]): void {
    if (this.theme) this.chainLayer.set(layout, parts, this.theme)
    this.requestRender()
  }

  showChain(s: ChainShow): void {
    this.chainLayer.show(s)
    this.requestRender()
  }

  clearTrace(): void {
    this.setTrace([], null)
    this.overlay.hidePacket()
  }

  /** Moves the packet to step `index` along the links; jumps when stepping back or far. */
  showStep(index: number, look: PacketLook, speed = 1): void {
    const s = this.steps[index]
    if (!s) return
    const glide = !this.reducedMotion && index === this.index + 1 && s.path.length > 1
    this.index = index
    this.overlay.showPacket(look)
    const len = polylineLength(s.path)
    this.anim = glide ? { path: s.path, t: 0, ms: Math.min(900, Math.max(250, len * 0.9)) / Math.max(0.5, speed) } : null
    if (!glide) this.packetAt = s.at
    if (this.fresh && index === 0) { if (this.mode !== 'manual') { this.mode = 'fit'; this.target = this.fitCamera() } } else {
      this.fresh = false
      if (this.following) { this.mode = 'track'; this.aim() }
    }
    // A glide across a big cluster shows nodes that have nothing to do with the trace (and a
    // screenshot mid-way shows the wrong node): cut when the target is more than two screens
    // away, or the layout under the camera is a new one.
    if (this.cutNext || this.far(this.cam, this.target)) this.cam = this.target
    this.cutNext = false
    this.requestRender()
  }

  /** Whether `b` is over two screens from `a` (at the nearer of their zooms). */
  private far(a: Camera, b: Camera): boolean {
    const vp = this.viewport
    return Math.hypot(a.x - b.x, a.y - b.y) * Math.min(a.zoom, b.zoom) > 2 * Math.max(vp.w, vp.h)
  }

  /** Draws one frame soon; keeps drawing while the packet glides or the camera moves. */
  requestRender(): void {
    if (this.scheduled) return
    this.scheduled = true
    // `data-camera="still"`: the canvas shows the latest state and nothing moves (a frame is due now).
    this.app.canvas.dataset['camera'] = 'moving'
    requestAnimationFrame((now) => {
      this.scheduled = false
      const dt = this.lastFrame ? Math.min(64, now - this.lastFrame) : 16
      if (this.anim) {
        this.anim.t = Math.min(1, this.anim.t + dt / this.anim.ms)
        const e = 1 - (1 - this.anim.t) ** 2
        this.packetAt = pointAlong(this.anim.path, e)
        if (this.anim.t >= 1) this.anim = null
      }
      if (!settled(this.cam, this.target) && !this.reducedMotion) this.cam = approach(this.cam, this.target, dt)
      else this.cam = this.target
      this.applyCamera()
      const moving = this.anim !== null || this.cam !== this.target
      // Still only when no frame is due: drawing nodes or revealing text may have asked for one.
      this.app.canvas.dataset['camera'] = moving || this.scheduled ? 'moving' : 'still'
      this.lastFrame = moving ? now : 0
      this.app.render()
      if (moving) this.requestRender()
    })
  }

  private applyCamera(): void {
    const vp = this.viewport
    this.view.scale.set(this.cam.zoom)
    this.view.position.set(vp.w / 2 - this.cam.x * this.cam.zoom, vp.h / 2 - this.cam.y * this.cam.zoom)
    if (this.packetAt) this.overlay.movePacket(this.packetAt, this.cam.zoom)
    // A big cluster from afar is its overview: its nodes' parts could not be made out anyway.
    const far = wantsOverview(this.layout, this.cam.zoom)
    this.still.root.visible = !far
    this.overview.visible = far
    this.app.canvas.dataset['overview'] = String(far)
    // Text under 4 px cannot be read and costs the most to draw: leave it out when zoomed out
    // (the overview's zoom is below this, so it has no text either).
    const legible = this.cam.zoom >= 0.3
    this.still.revealTexts(legible)
    this.chainLayer.setLegible(legible)
    if (!far && this.layout) this.still.cache(this.layout.bounds, this.cam.zoom * (window.devicePixelRatio || 1), this.cam === this.target)
    this.still.show(far ? null : this.visibleWorld())
    this.publishPacket()
    const tl = screenToWorld(this.cam, vp, { x: 0, y: 0 })
    const bounds = this.layout?.bounds
    if (bounds && this.theme) {
      const big = fitZoom(bounds, vp, 12) < this.cam.zoom * 0.8
      // The minimap keeps out of the way of the packet and the box it is at.
      const box = this.steps[this.index]?.box?.rect
      const avoid = [this.packetAt ? worldToScreen(this.cam, vp, this.packetAt) : null, box ? worldToScreen(this.cam, vp, box) : null, box ? worldToScreen(this.cam, vp, { x: box.x + box.w, y: box.y + box.h }) : null].filter((p): p is Point => p !== null)
      // Where it can, it also leaves the Service line the trace's DNAT chose from in view.
      const line = this.marks?.fanout?.from
      const prefer = line ? [screenRect(this.cam, vp, line)] : []
      this.minimap.draw(big, bounds, this.layout!.nodes.map((n) => n.box), { x: tl.x, y: tl.y, w: vp.w / this.cam.zoom, h: vp.h / this.cam.zoom }, this.packetAt, this.theme, vp, avoid, prefer)
    }
    const c = this.app.canvas
    c.dataset['zoom'] = this.cam.zoom.toFixed(3)
  }

  /**
   * Where the packet is on the canvas (CSS pixels), and while it stands at its step the box of
   * that step's hop (`data-packet-box`: x y w h, and its kind): what the camera's maths says,
   * for a test to compare with the pixels drawn.
   */
  private publishPacket(): void {
    const c = this.app.canvas
    if (!this.packetAt || this.index < 0) { c.dataset['packetX'] = ''; c.dataset['packetY'] = ''; c.dataset['packetBox'] = ''; return }
    const s = worldToScreen(this.cam, this.viewport, this.packetAt)
    c.dataset['packetX'] = s.x.toFixed(1)
    c.dataset['packetY'] = s.y.toFixed(1)
    const box = this.anim ? null : this.steps[this.index]?.box
    if (!box) { c.dataset['packetBox'] = ''; return }
    const tl = worldToScreen(this.cam, this.viewport, box.rect)
    c.dataset['packetBox'] = `${tl.x.toFixed(1)} ${tl.y.toFixed(1)} ${(box.rect.w * this.cam.zoom).toFixed(1)} ${(box.rect.h * this.cam.zoom).toFixed(1)} ${box.kind}`
  }

  /** The whole scene (not only the view) at 2× with a caption band on top, as a PNG data URL. */
  toPng(caption: readonly string[]): string {
    const bounds = this.layout?.bounds ?? { x: 0, y: 0, w: 1, h: 1 }
    const theme = this.theme
    // The whole scene: every node drawn (a big cluster's export takes a while).
    this.still.showAll()
    this.overview.visible = false
    const frame = new Rectangle(bounds.x, bounds.y, bounds.w, bounds.h)
    const scene = this.app.renderer.extract.canvas({ target: this.content, frame, resolution: 2, clearColor: theme?.background ?? '#0f172a' }) as HTMLCanvasElement
    this.applyCamera()
    return captioned(scene, caption, theme)
  }

  /** Starts capturing the canvas as video; `stopRecording` resolves with the WebM. */
  startRecording(): boolean { return this.recorder.start(this.app.canvas) }

  stopRecording(): Promise<Blob | null> { return this.recorder.stop() }

  /** The world rectangle currently on screen. */
  visibleWorld(): Rect {
    const vp = this.viewport
    const tl = screenToWorld(this.cam, vp, { x: 0, y: 0 })
    return { x: tl.x, y: tl.y, w: vp.w / this.cam.zoom, h: vp.h / this.cam.zoom }
  }

  get bounds(): Rect { return this.layout ? union([this.layout.bounds]) : { x: 0, y: 0, w: 0, h: 0 } }
  get parentElement(): HTMLElement { return this.parent }
}
