/**
 * The stage's controls around the canvas: laying the cluster out for the stage's shape, the
 * trace's steps as points and paths, the caption and the spoken (aria-live) line for each step,
 * Fit / Follow / Present / Theme / Record, and the whole-scene PNG. main.ts owns the lab's
 * state; this module only turns it into what the stage shows.
 */
import type { Trace } from '../engine/trace/types.js'
import { formatIpv4 } from '../model/addr/ipv4Math.js'
import type { Model } from '../model/model.js'
import type { ChainResult } from '../engine/controlplane/types.js'
import { chainPaths } from '../render/chainPath.js'
import { chainStage, splitPods, type ChainStage } from '../render/chainPods.js'
import { NodePartsCache } from '../render/layout/nodeCache.js'
import { layoutStage, layoutStageSteps } from '../render/layout/stageLayout.js'
import type { Selection, StageLayout, StageWords } from '../render/layout/types.js'
import { StageScene } from '../render/scene/StageScene.js'
import { THEMES, type ThemeName } from '../render/scene/theme.js'
import type { FanoutTarget, PacketLook, TraceMarks } from '../render/scene/traceOverlay.js'
import { prepareRoutes } from '../render/router.js'
import { packetOf, stepPaths, type Step } from '../render/tracePath.js'
import { t, tf } from './i18n.js'

const THEME_STORE = 'kube-netlab.theme'
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T

export function stageWords(): StageWords {
  return {
    hostNetns: t('stHostNetns'), hostNetworkPods: t('stHostPods'), hostProcesses: t('stHostProcesses'), operator: t('stOperator'), netfilter: t('stNetfilter'), services: t('stServices'),
    moreServices: (n) => t('stMoreServices').replace('{n}', String(n)), morePods: (n) => t('stMorePods').replace('{n}', String(n)),
    nodePorts: t('stNodePorts'), nodeNetwork: t('stNodeNetwork'), controlPlane: t('stControlPlane'),
  }
}

/** What changed at a hop, in words: NAT and encapsulation are marked in text, not only colour. */
export function changeText(s: Step): string {
  if (s.kind === 'dns') return s.answer ? `${s.query.rcode} ${s.query.answers.map((a) => a.split(/\s+/).slice(4).join(' ')).join(', ')}`.trim() : `${s.query.type} ${s.query.name}`
  const b = s.hop.before, a = s.hop.after
  // A proxy does not rewrite the packet: it opens a connection of its own.
  if (s.hop.kind === 'proxy') return `⇄ ${tf('evProxy', { flow: `${a.src}:${a.sport} → ${a.dst}:${a.dport}` })}`
  const parts: string[] = []
  if (b.dst !== a.dst || b.dport !== a.dport) parts.push(`✎ DNAT ${b.dst}:${b.dport} → ${a.dst}:${a.dport}`)
  if (b.src !== a.src || b.sport !== a.sport) parts.push(`✎ SNAT ${b.src}:${b.sport} → ${a.src}:${a.sport}`)
  if (!b.outer && a.outer) parts.push(`⧉ VXLAN ${a.outer.src} → ${a.outer.dst} UDP ${a.outer.dport} VNI ${a.outer.vni}`)
  if (b.outer && !a.outer) parts.push('⧉ VXLAN −')
  if (['drop', 'reject', 'rst', 'ttl-exceeded', 'no-route'].includes(s.hop.kind)) parts.push(`✖ ${s.hop.kind}`)
  if (!parts.length) parts.push(`${a.src}:${a.sport} → ${a.dst}:${a.dport}`)
  return parts.join(' · ')
}

/** Where kube-proxy rewrote the destination, and the Service whose address it was. */
function dnatOf(model: Model, trace: Trace): { node: string; svc: Model['services'][number] } | null {
  const dnat = trace.hops.find((h) => h.kind === 'netfilter' && h.place.kind === 'node' && (h.before.dst !== h.after.dst || h.before.dport !== h.after.dport))
  if (!dnat || dnat.place.kind !== 'node') return null
  const dst = dnat.before.dst, port = dnat.before.dport
  const svc = model.services.find((s) => typeof s.clusterIP === 'number' && formatIpv4(s.clusterIP) === dst && s.ports.some((p) => p.spec.port === port))
    ?? model.services.find((s) => s.ports.some((p) => p.nodePort === port) || s.obj.loadBalancerIngress.some((l) => l.ip === dst))
  return svc ? { node: dnat.place.node, svc } : null
}

function marksFor(model: Model, layout: StageLayout, trace: Trace): TraceMarks {
  const d = dnatOf(model, trace)
  const choice = trace.choices.find((c) => c.phase === 'connection')
  const from = d && layout.services.get(`${d.svc.namespace}/${d.svc.name}`)?.at.get(d.node)
  if (!from || !choice) return { fanout: null }
  const to: FanoutTarget[] = []
  for (const alt of choice.alternatives) {
    const ip = alt.label.split(':')[0]
    const pod = model.pods.find((p) => p.ip !== null && !p.hostNetwork && formatIpv4(p.ip) === ip)
    const key = pod ? `${pod.namespace}/${pod.name}` : null
    const at = key ? layout.vertices.get(`pod:${key}`) : undefined
    if (!key || !at) continue
    const picked = alt.label === choice.picked
    to.push({ at, slot: layout.slots.get(`pod:${key}`) ?? null, text: `${Math.round(alt.probability * 100)}%${picked ? ' ✓' : ''}`, picked })
  }
  return { fanout: { from, to } }
}

/** A layout's first slice runs at once (a small cluster is laid out in it); the rest one slice per task. */
const FIRST_LAYOUT_MS = 30
const LAYOUT_SLICE_MS = 12
/** Pods above which the stage is laid out and drawn in tasks of its own only. */
const BIG_STAGE_PODS = 2000

export interface StageView {
  readonly scene: StageScene
  /** The layout on the stage; null while a new one is being made (the trace waits for it). */
  layout: StageLayout | null
  /**
   * Lays the cluster out and draws it with the trace. A big cluster is laid out a slice per task
   * (nodes that show what they showed before are reused) and `drawn` is called when it is on
   * the stage; when nothing drawn changed, only the trace is drawn again.
   */
  draw(model: Model, steps: readonly Step[], trace: Trace | null, keepCamera: boolean): void
  show(index: number, steps: readonly Step[], where: string, what: string, speed: number): void
  /** The caption of step `index` alone (a big cluster's stage still being drawn shows the step when it is). */
  caption(index: number, steps: readonly Step[], where: string, what: string): void
  clear(): void
  png(caption: readonly string[]): string
  /** The control plane's chain instead of a packet: kubectl drawn, each message a path, the pods it adds or removes on their own layer. */
  drawChain(chain: ChainResult, keepCamera: boolean): void
  showChainStep(index: number, total: number, where: string, change: string, look: PacketLook, speed: number): void
}

/** A step the packet ends at (dropped, rejected, reset, out of TTL or of routes). */
const isDropped = (s: Step): boolean => s.kind === 'hop' && ['drop', 'reject', 'rst', 'ttl-exceeded', 'no-route'].includes(s.hop.kind)
/** A hop that rewrote an address or port (NAT). */
const isChanged = (s: Step): boolean => s.kind === 'hop' && (s.hop.before.src !== s.hop.after.src || s.hop.before.dst !== s.hop.after.dst || s.hop.before.sport !== s.hop.after.sport || s.hop.before.dport !== s.hop.after.dport)

export async function createStage(onSelect: (s: Selection) => void, player: { next(): void; seek(delta: number): void }, redraw: () => void, drawn: () => void = () => undefined): Promise<StageView> {
  const scene = await StageScene.create($('canvas'))
  scene.onSelect = onSelect
  scene.onTap = () => player.next()
  scene.onSwipe = (n) => player.seek(n)
  let theme: ThemeName = 'dark'
  try { theme = localStorage.getItem(THEME_STORE) === 'light' ? 'light' : 'dark' } catch { /* default */ }
  document.body.dataset['theme'] = theme
  const followBtn = $('stage-follow')
  const syncFollow = (on: boolean): void => followBtn.setAttribute('aria-pressed', String(on))
  scene.onFollowChange = syncFollow
  syncFollow(true)
  let shown: { stage: ChainStage; paths: { at: { x: number; y: number }; path: { x: number; y: number }[] }[] } | null = null
  const cache = new NodePartsCache()
  /** The packet layout being made; a newer draw (or a chain) abandons it. */
  let job = 0
  /** The layout drawn last for a packet trace (a chain's layout is another). */
  let packetLayout: StageLayout | null = null
  const view: StageView = {
    scene,
    layout: null,
    draw(model, steps, trace, keepCamera) {
      const focusPods = new Set<string>()
      for (const s of steps) if (s.kind === 'hop' && s.hop.place.kind === 'pod') focusPods.add(s.hop.place.pod)
      // The trace's Service goes first on the checkpoints, so its fan-out has a line to start from.
      const d = trace ? dnatOf(model, trace) : null
      const focusServices = new Set<string>(d ? [`${d.svc.namespace}/${d.svc.name}`] : [])
      const vp = scene.viewport
      const token = ++job
      // The layout, then its link graph (the trace's paths are routed on it), both in slices.
      const making = (function* () {
        const layout = yield* layoutStageSteps(model, { aspect: vp.w / Math.max(1, vp.h), focusPods, focusServices, words: stageWords(), cache }, shown ? null : packetLayout)
        yield* prepareRoutes(layout)
        return layout
      })()
      const big = model.pods.length > BIG_STAGE_PODS
      const showTrace = (layout: StageLayout): void => {
        if (trace) scene.setTrace(stepPaths(layout, steps), marksFor(model, layout, trace))
        else scene.clearTrace()
      }
      /** True when the stage is complete now; a big cluster's new drawing gets its trace in the next task (and `drawn` then). */
      const finish = (layout: StageLayout): boolean => {
        view.layout = layout
        delete scene.canvas.dataset['layout']
        const same = layout === packetLayout
        packetLayout = layout
        shown = null
        delete scene.canvas.dataset['chainPods']
        scene.setChain(null, [])
        // Nothing drawn changed (a what-if that moved no pod on the stage): only the trace is new.
        if (same) { showTrace(layout); return true }
        scene.setLayout(layout, THEMES[theme], keepCamera)
        if (!big) { showTrace(layout); return true }
        // Drawing a 1,000-node cluster's first slice and its trace's paths in one task was over 100 ms.
        scene.clearTrace()
        setTimeout(() => { if (token === job) { showTrace(layout); drawn() } }, 0)
        return false
      }
      const slice = (ms: number): boolean => {
        if (token !== job) return false
        const end = performance.now() + ms
        for (;;) {
          const r = making.next()
          if (r.done) return finish(r.value)
          if (performance.now() > end) break
        }
        setTimeout(() => { if (slice(LAYOUT_SLICE_MS)) drawn() }, 0)
        return false
      }
      // A big cluster is laid out from the next task on: the task that asked (a trace's or a
      // what-if's result on the page) has work enough of its own.
      if (big) setTimeout(() => { if (slice(LAYOUT_SLICE_MS)) drawn() }, 0)
      else if (slice(FIRST_LAYOUT_MS)) return
      // Until it is ready, the old cluster stays on the stage without the old trace.
      view.layout = null
      scene.canvas.dataset['layout'] = 'making'
      scene.clearTrace()
    },
    show(index, steps, where, what, speed) {
      const s = steps[index]
      if (!s) return
      const p = packetOf(s)
      scene.showStep(index, { reply: s.phase === 'reply' || s.phase === 'upstream-reply' || (s.kind === 'dns' && s.answer), dropped: isDropped(s), vxlan: Boolean(p?.outer), changed: isChanged(s) }, speed)
      view.caption(index, steps, where, what)
    },
    caption(index, steps, where, what) {
      const s = steps[index]
      if (!s) return
      const head = t('stStep').replace('{i}', String(index + 1)).replace('{n}', String(steps.length))
      const change = changeText(s)
      $('stage-step').textContent = `${head}: ${where} — ${what}`
      $('stage-change').textContent = change
      $('stage-change').classList.toggle('nat', isChanged(s))
      $('stage-change').classList.toggle('drop', isDropped(s))
      $('announce').textContent = `${head}: ${where} ${what} — ${change}`
    },
    clear() {
      scene.clearTrace()
      $('stage-step').textContent = ''
      $('stage-change').textContent = ''
      $('announce').textContent = ''
    },
    png(caption) { return scene.toPng(caption) },
    drawChain(chain, keepCamera) {
      job++
      delete scene.canvas.dataset['layout']
      const vp = scene.viewport
      const cs = chainStage(chain)
      const model = cs.model
      // The chain's pods and the Services whose endpoints it changes are drawn whatever the cluster's size.
      const focusServices = new Set(cs.lit.flatMap((l) => l.map((x) => x.service)))
      const layout = layoutStage(model, { aspect: vp.w / Math.max(1, vp.h), words: stageWords(), kubectl: true, focusPods: new Set(cs.pods), focusServices })
      view.layout = layout
      // The pods the chain creates or deletes are drawn on their own layer, shown step by step.
      const { still, parts } = splitPods(layout, cs.pods)
      scene.setChain(null, [])
      scene.setLayout(still, THEMES[theme], keepCamera)
      scene.setChain(layout, parts)
      const cp = model.nodes.find((n) => n.spec.controlPlane)?.name ?? model.nodes[0]?.name ?? ''
      const dns = model.pods.find((p) => p.addon === 'coredns' && p.nodeName)
      const paths = chainPaths(layout, chain.steps, cp, dns ? `${dns.namespace}/${dns.name}` : null)
      shown = { stage: cs, paths }
      // A chain's trail is the messages sent so far (the chain layer draws it step by step).
      scene.setTrace(paths, null, false)
    },
    showChainStep(index, total, where, change, look, speed) {
      if (shown) {
        const looks = shown.stage.looks[index] ?? new Map()
        scene.showChain({ looks, lit: shown.stage.lit[index] ?? [], path: shown.paths[index]?.path ?? [], watch: look.hollow === true, trail: shown.paths.slice(0, index + 1).map((p) => p.path) })
        // The chain's pods and how each is drawn now, for tests and assistive tools.
        scene.canvas.dataset['chainPods'] = [...looks].map(([k, l]) => `${k}=${l}`).join(' ')
      }
      scene.showStep(index, look, speed)
      const head = t('stStep').replace('{i}', String(index + 1)).replace('{n}', String(total))
      $('stage-step').textContent = `${head}: ${where}`
      $('stage-change').textContent = change
      $('stage-change').classList.toggle('nat', false)
      $('stage-change').classList.toggle('drop', look.dropped)
      $('announce').textContent = `${head}: ${where} — ${change}`
    },
  }

  $('stage-fit').addEventListener('click', () => { scene.setFollow(false); scene.fit() })
  followBtn.addEventListener('click', () => scene.setFollow(!scene.follow))
  const setTheme = (name: ThemeName): void => {
    theme = name
    document.body.dataset['theme'] = name
    try { localStorage.setItem(THEME_STORE, name) } catch { /* not remembered */ }
    scene.setTheme(THEMES[name])
  }
  $('stage-theme').addEventListener('click', () => setTheme(theme === 'dark' ? 'light' : 'dark'))
  const present = (on?: boolean): void => {
    const next = on ?? !document.body.classList.contains('present')
    document.body.classList.toggle('present', next)
    $('stage-present').setAttribute('aria-pressed', String(next))
    scene.setPreferZoom(next ? 1.4 : 1)
    // The stage changes size with the panels: lay out again for its new shape.
    requestAnimationFrame(redraw)
  }
  $('stage-present').addEventListener('click', () => present())
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement
    if (target.closest('input, select, textarea, .cm-editor') || e.ctrlKey || e.metaKey || e.altKey) return
    if (e.key === 'f' || e.key === 'F') { e.preventDefault(); present() }
    if (e.key === 'Escape' && document.body.classList.contains('present')) present(false)
  })
  // A new shape of stage (window resize, rotation, panels) gets a layout that fits it.
  let resizeTimer: ReturnType<typeof setTimeout> | null = null
  new ResizeObserver(() => {
    if (resizeTimer) clearTimeout(resizeTimer)
    resizeTimer = setTimeout(redraw, 120)
  }).observe($('canvas'))
  return view
}
