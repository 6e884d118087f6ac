/**
 * Chain mode: the page plays the control plane's chain of events for a change instead of a
 * packet trace. It runs the change through the engine (runChange), fills the event list and the
 * result line, draws the chain on the stage and shows each step (the message, the pods as they
 * appear and go, the detail panel). main.ts owns the lab and the playback machines; it asks
 * this module first whether a chain is on screen and hands it the form's change.
 */
import { whatIfOfChange } from '../engine/controlplane/fromWhatIf.js'
import type { Change, ChainResult } from '../engine/controlplane/types.js'
import type { LabContext } from './labMachine.js'
import { $ } from './dom.js'
import { renderMessage } from '../i18n/render.js'
import { currentLang, t, tf } from './i18n.js'
import { changeFromForm, renderChainDetail, renderChainEvents, stepLook, stepWhat, stepWhere } from './panels/chainPanel.js'
import type { StageView } from './stage.js'
import type { WhatIfKind } from './whatIf.js'
import { restoreLocators } from './worker/plain.js'

// The control plane's simulation loads on demand: the page's first screen does without it.
const engine = (): Promise<[typeof import('../engine/controlplane/state.js'), typeof import('../engine/controlplane/run.js')]> =>
  Promise.all([import('../engine/controlplane/state.js'), import('../engine/controlplane/run.js')])

export interface ChainHost {
  readonly ctx: () => LabContext
  readonly stage: () => StageView
  /** Loads a chain of `total` steps into the playback machine and seeks to `step`. */
  readonly load: (total: number, step: number) => void
  readonly seek: (index: number) => void
  /** The step on screen, and the playback speed (steps a second). */
  readonly index: () => number
  readonly speed: () => number
  /** Settles when the lab machine has loaded and traced everything sent so far. */
  readonly ready: () => Promise<unknown>
}

export interface ChainMode {
  /** The chain on screen, or null while a packet trace is. */
  readonly current: () => ChainResult | null
  /** Leaves chain mode (a trace or a new cluster replaces it). */
  readonly clear: () => void
  /** Plays `change` on the lab's cluster from `step` (0-based), once the simulation has loaded; false when the cluster has no model. */
  readonly play: (change: Change, step?: number) => boolean
  /** Renders the chain on screen again at its step (the language changed); false when none is. */
  readonly refresh: () => boolean
  /** The PNG export's caption for the chain on screen (null: none is). */
  readonly caption: () => string[] | null
  /** The chain on screen as Markdown: each step, its message and the event it left (null: none is). */
  readonly markdown: () => string | null
  /** Plays the what-if form's change. */
  readonly playForm: () => void
  /** Redraws the chain on the stage (resize, theme); false when no chain is on screen. */
  readonly redraw: (keepCamera: boolean) => boolean
  /** Shows step `index`; false when no chain is on screen. */
  readonly show: (index: number, playing: boolean) => boolean
}

/** The what-if form shows the change being played (a shared link's, a lesson's), when it has one like it. */
function showInForm(change: Change): void {
  const w = whatIfOfChange(change)
  const kind = $<HTMLSelectElement>('wi-kind')
  if (!w || ![...kind.options].some((o) => o.value === w.kind)) return
  if (kind.value !== w.kind) {
    kind.value = w.kind
    // The form lists the targets of the kind chosen.
    kind.dispatchEvent(new Event('change'))
  }
  const target = $<HTMLSelectElement>('wi-target')
  if ([...target.options].some((o) => o.value === w.target)) target.value = w.target
  if (w.kind === 'scale') $<HTMLInputElement>('wi-value').value = String(w.value)
}

export function createChainMode(host: ChainHost): ChainMode {
  let chain: ChainResult | null = null

  /** Runs and shows the chain once the engine has loaded; the latest request wins. */
  let requested = 0
  const run = async (change: Change, step: number): Promise<void> => {
    // A lesson opens its cluster and plays a chain on it at once: the load runs in the worker, so
    // the chain waits until the lab machine is ready (and has drawn that cluster) before it reads it.
    await host.ready()
    const ticket = ++requested
    const [{ loadControlPlane }, { runChange }] = await engine()
    const c = host.ctx()
    if (ticket !== requested || !c.model) return
    // The page's model came from the worker as plain data: the simulation asks its objects' positions.
    restoreLocators(c.model)
    const loaded = loadControlPlane(c.fileName, c.text, { ok: true, model: c.model, diagnostics: [] })
    if (!loaded.ok) return
    const r = runChange(loaded.state, change).result
    chain = r
    showInForm(change)
    const events = r.steps.filter((x) => x.event).length
    $('result').dataset['result'] = r.ok ? 'chain' : 'refused'
    $('result').textContent = `${tf('cpHeadline', { verb: change.kind, n: r.steps.length, events })}${r.error ? ` — ${r.error.code} ${r.error.reason}: ${r.error.message}` : ''}`
    $('compare').hidden = true
    renderChainEvents($('hops'), $<HTMLSelectElement>('event-filter'), r, host.seek)
    host.stage().drawChain(r, false)
    host.load(r.steps.length, Math.min(Math.max(0, step), Math.max(0, r.steps.length - 1)))
  }
  const play = (change: Change, step = 0): boolean => {
    if (!host.ctx().model) return false
    void run(change, step)
    return true
  }

  return {
    current: () => chain,
    // A trace or a new cluster replaces the chain, including one still being computed.
    clear: () => { chain = null; requested++ },
    play,
    refresh: () => (chain ? play(chain.change, host.index()) : false),
    caption: () => (chain ? [$('result').textContent ?? '', $('stage-step').textContent ?? '', $('stage-change').textContent ?? ''].filter(Boolean) : null),
    markdown() {
      if (!chain) return null
      const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
      const rows = chain.steps.map((s) => `| ${s.step} | ${cell(stepWhere(s))} | ${cell(stepWhat(s))} | ${cell(renderMessage(s.why, currentLang()))} | ${s.event ? cell(`${s.event.reason}: ${renderMessage(s.event.message, currentLang())}`) : ''} |`)
      return [`# ${$('result').textContent ?? ''}`, '', '| # | who | what | why | event |', '|---|---|---|---|---|', ...rows, ''].join('\n').replace(/<[^>]*>/g, '')
    },
    playForm() {
      const c = host.ctx()
      if (!c.model) return
      const kind = $<HTMLSelectElement>('wi-kind').value as WhatIfKind
      const change = changeFromForm(kind, $<HTMLSelectElement>('wi-target').value, Number($<HTMLInputElement>('wi-value').value), c.model)
      if (!change) { $('result').textContent = t('cpNotAChange'); return }
      play(change)
    },
    redraw(keepCamera) {
      if (!chain) return false
      host.stage().drawChain(chain, keepCamera)
      return true
    },
    show(index, playing) {
      if (!chain) return false
      const cs = chain.steps[index]
      $('hookmap').hidden = true
      if (!cs) return true
      if (!playing) renderChainDetail($('detail'), cs)
      host.stage().showChainStep(index, chain.steps.length, stepWhere(cs), stepWhat(cs), stepLook(cs), host.speed())
      $('pb-play').textContent = playing ? '❚❚' : '▶'
      return true
    },
  }
}
