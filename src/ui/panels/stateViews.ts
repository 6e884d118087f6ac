/**
 * The state panel: the same views as `kube-netlab show`, for the cluster, a node or a pod. The
 * model worker prints them (a node's state at 1,000 nodes takes it a second) when the panel is
 * in sight; the panel shows the answer to the last request only, its first lines first.
 */
import { showTextIn } from '../diagnosticsText.js'
import type { Model } from '../../model/model.js'
import { NODE_VIEWS, POD_VIEWS, VIEW_COMMANDS } from '../../model/show/viewNames.js'
import type { Selection } from '../../render/layout/types.js'
import { $, el } from '../dom.js'
import { currentLang, t, tf } from '../i18n.js'
import type { ViewReply } from '../worker/labCore.js'

export interface ViewState { selection: Selection | null; view: string }

/** Prints `show <ref> <view>` (ref: cluster, dns, node/<name>, pod/<ns>/<name>). */
export type ViewSource = (ref: string, view: string) => Promise<ViewReply>

let asked = 0

/**
 * Lines of a view shown at first, and added per "more": a 1,000-node cluster's overview or a
 * node's `iptables-save` (150,000 lines) laid out whole took the page 0.6 s of text shaping in
 * one task, again after every what-if.
 */
const VIEW_LINES = 400

/** The offset just past the `n`th line of `text` from `from` (the text's end when it has fewer). */
function afterLines(text: string, from: number, n: number): number {
  let at = from
  for (let i = 0; i < n; i++) {
    const nl = text.indexOf('\n', at)
    if (nl < 0) return text.length
    at = nl + 1
  }
  return at
}

function countLines(text: string, from: number): number {
  let n = 0
  for (let at = text.indexOf('\n', from); at >= 0; at = text.indexOf('\n', at + 1)) n++
  return n + (text.length > from && !text.endsWith('\n') ? 1 : 0)
}

/** Shows a view's first lines, and a button for the next ones while there are more. */
function showView(pre: HTMLElement, text: string): void {
  const more = $<HTMLButtonElement>('view-more')
  let shown = afterLines(text, 0, VIEW_LINES)
  pre.textContent = text.slice(0, shown)
  const update = (): void => {
    more.hidden = shown >= text.length
    if (!more.hidden) more.textContent = tf('viewMore', { n: countLines(text, shown) })
  }
  more.onclick = () => {
    const next = afterLines(text, shown, VIEW_LINES * 5)
    pre.appendChild(document.createTextNode(text.slice(shown, next)))
    shown = next
    update()
  }
  update()
}

/** A view that took the worker longer than this is asked in the background only once the lab is quiet. */
const COSTLY_MS = 50
/** Pods above which a cluster's views are taken to be costly before one was timed. */
const BIG_PODS = 5000
/**
 * How long the lab stays quiet (nothing loading or tracing) before a background view is asked:
 * long enough for a person (or the browser bench) to pick a source and trace after a big load.
 */
const QUIET_MS = 3000
/** How long the last view took the worker to answer (ms). */
let lastCost = 0

/**
 * `background`: the panel follows a new model (a load, a what-if), nobody asked for it. A costly
 * view then waits until the lab has been quiet for QUIET_MS: asked at once, it kept the worker
 * busy for half a second at 1,000 nodes just when the next trace or what-if was asked.
 */
export function renderStateViews(model: Model | null, vs: ViewState, source: ViewSource, background = false): void {
  const box = $('views')
  box.replaceChildren()
  if (!model) return
  let names: readonly string[] = ['cluster', 'dns']
  let ref: string
  const sel = vs.selection
  if (!sel) {
    $('selection').textContent = t('overview')
    ref = vs.view === 'dns' ? 'dns' : 'cluster'
  } else if (sel.kind === 'node') {
    names = NODE_VIEWS
    if (!names.includes(vs.view)) vs.view = 'iptables'
    $('selection').textContent = `node/${sel.name} — ${VIEW_COMMANDS[vs.view as keyof typeof VIEW_COMMANDS]}`
    ref = `node/${sel.name}`
  } else {
    names = POD_VIEWS
    if (!names.includes(vs.view)) vs.view = 'route'
    $('selection').textContent = `pod/${sel.key} — ${VIEW_COMMANDS[vs.view as keyof typeof VIEW_COMMANDS]}`
    ref = `pod/${sel.key}`
  }
  for (const v of names) {
    const b = el('button', v)
    b.setAttribute('aria-pressed', String(v === vs.view))
    b.addEventListener('click', () => { vs.view = v; renderStateViews(model, vs, source) })
    box.appendChild(b)
  }
  const mine = ++asked
  const text = $('view-text')
  text.setAttribute('aria-busy', 'true')
  const view = vs.view
  const ask = (): void => {
    if (mine !== asked) return
    const t0 = performance.now()
    void source(ref, view).then((r) => {
      lastCost = performance.now() - t0
      if (mine !== asked) return // a newer selection answered or will answer
      text.removeAttribute('aria-busy')
      showView(text, r.ok ? r.text : `${showTextIn(r.error, currentLang())}${r.hint ? `\n${showTextIn(r.hint, currentLang())}` : ''}`)
    }, (e: unknown) => { if (mine === asked) { text.removeAttribute('aria-busy'); showView(text, String(e)) } })
  }
  const costly = lastCost > COSTLY_MS || model.pods.length > BIG_PODS
  whenVisible(text, background && costly ? () => whenQuiet(ask) : ask)
}

/**
 * A load has started: a view not yet asked (the panel out of sight, or waiting for quiet) is
 * dropped. The worker answers a view from the model it has when the request arrives, so a view
 * asked for the model on screen after a new text was sent is printed from the new model, before
 * anything else queued: a stale ask of the cluster overview, fired when the panel scrolled into
 * sight while a pasted 1,000-node dump was arriving, held the worker ~0.5 s just before the
 * first trace. The new model's render asks again (renderStateViews), or, when the load fails,
 * the page asks again of the model it still shows (main.ts).
 */
export function dropPendingView(): void {
  asked++
  waiting = null
}

/** Runs `f` once the page has not been busy (loading or tracing, `body[data-busy]`) for QUIET_MS. */
function whenQuiet(f: () => void): void {
  let quietSince = performance.now()
  const check = (): void => {
    if (document.body.dataset['busy']) quietSince = performance.now()
    const left = quietSince + QUIET_MS - performance.now()
    if (left <= 0) f()
    else setTimeout(check, Math.min(left, 200))
  }
  setTimeout(check, 200)
}

/** The view asked while the panel is scrolled out of sight, asked when it comes into sight. */
let waiting: (() => void) | null = null
let inSight: boolean | null = null
let watching: IntersectionObserver | null = null

/**
 * Runs `ask` now if `pre` is in sight, else when it comes into sight (the latest ask only). The
 * model worker prints a 1,000-node cluster's overview in half a second: printed for a panel
 * nobody sees, after every load and what-if, it made the next trace wait for it.
 */
function whenVisible(pre: HTMLElement, ask: () => void): void {
  if (typeof IntersectionObserver === 'undefined') { ask(); return }
  if (!watching) {
    watching = new IntersectionObserver((entries) => {
      inSight = entries[entries.length - 1]!.isIntersecting
      if (inSight && waiting) { const f = waiting; waiting = null; f() }
    })
    watching.observe(pre)
  }
  if (inSight) ask()
  else waiting = ask
}
