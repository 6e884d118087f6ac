/**
 * Opening a cluster: a scenario (built-in or kept, with the person's saved edits), a file opened
 * or dropped (a scenario of its own, kept in memory only), or the cluster of a share link (shown
 * as "from a link" without touching storage). Each settles when the cluster is loaded and drawn
 * (`body[data-ready]` says which).
 */
import { $, el } from './dom.js'
import { currentLang } from './i18n.js'
import type { LabContext, LabEvent } from './labMachine.js'
import { DEFAULT_SCENARIO, SCENARIOS, scenarioTitle } from './scenarios.js'
import { LINK_SCENARIO, hideKeepButton, keepLink, keptScenarios, linkText, showKeepButton, showLinkMessage } from './shareFlow.js'

/** Where the person's edits of a scenario are saved. */
export const STORE = (id: string): string => `kube-netlab.yaml.${id}`

/** A share link's cluster: its text and the scenario it was made from. */
export interface LinkCluster { readonly text: string; readonly base: (typeof SCENARIOS)[number] }

export interface OpenDeps {
  send(event: LabEvent): void
  /** Settles when the lab is ready with nothing queued. */
  ready(): Promise<LabContext>
  ctx(): LabContext
  /** What the page forgets when another cluster opens (the selection, the what-if notice). */
  fresh(): void
}

export function scenarioOpeners(d: OpenDeps) {
  const send = d.send, ready = d.ready, ctx = d.ctx
  /** Files opened or dropped on this page, by scenario id (kept in memory only, like a link's cluster). */
  const files = new Map<string, string>()

  /** Opens a scenario; settles when it is loaded and drawn (`body[data-ready]` says which). */
  async function selectScenario(id: string, text?: string): Promise<void> {
    const s = SCENARIOS.find((x) => x.id === id) ?? keptScenarios().find((x) => x.id === id) ?? DEFAULT_SCENARIO
    hideKeepButton()
    let saved: string | null = null
    try { saved = localStorage.getItem(STORE(s.id)) } catch { saved = null }
    d.fresh()
    send({ type: 'OPEN', scenario: s.id, original: s.text, ...(text ?? saved ? { text: (text ?? saved)! } : {}) })
    await ready()
    document.body.dataset['ready'] = s.id
  }

  /** A file opened or dropped: a scenario of its own, named after the file, with no trace yet. */
  async function openFile(name: string, text: string): Promise<void> {
    const id = `file:${name}`
    files.set(id, text)
    const picker = $<HTMLSelectElement>('scenario')
    if (![...picker.options].some((o) => o.value === id)) picker.prepend(Object.assign(el('option', name), { value: id }))
    picker.value = id
    hideKeepButton()
    d.fresh()
    send({ type: 'OPEN', scenario: id, original: text })
    await ready()
    document.body.dataset['ready'] = id
  }

  /**
   * Shows a link's cluster as the "from a link" scenario without touching storage; the user's
   * saved edits stay as they are. False when it does not load (the reason stays on screen, and
   * the lab machine keeps the base scenario on the stage underneath).
   */
  async function openLink(l: LinkCluster): Promise<boolean> {
    const picker = $<HTMLSelectElement>('scenario')
    if (![...picker.options].some((o) => o.value === LINK_SCENARIO)) picker.prepend(Object.assign(el('option', `${linkText('fromLink')}: ${scenarioTitle(l.base, currentLang())}`), { value: LINK_SCENARIO }))
    try {
      d.fresh()
      send({ type: 'OPEN', scenario: LINK_SCENARIO, original: l.base.text, text: l.text })
      await ready()
      picker.value = LINK_SCENARIO
      document.body.dataset['ready'] = LINK_SCENARIO
      if (ctx().diagnostics.some((d) => d.severity === 'error')) {
        showLinkMessage(linkText('invalid'))
        return false
      }
      showKeepButton(() => {
        const c = ctx()
        const kept = keepLink(c.text, scenarioTitle(l.base, currentLang()))
        if (!kept) return
        picker.appendChild(Object.assign(el('option', kept.title), { value: kept.id }))
        picker.value = kept.id
        // The kept cluster is a scenario of its own now: edits to it are saved as usual; the trace stays.
        const request = c.request
        send({ type: 'OPEN', scenario: kept.id, original: kept.text, text: c.text })
        if (request) send({ type: 'TRACE', request })
        void ready().then(() => { document.body.dataset['ready'] = kept.id })
      })
      return true
    } catch {
      showLinkMessage(linkText('crashed'))
      await selectScenario(DEFAULT_SCENARIO.id)
      picker.value = DEFAULT_SCENARIO.id
      return false
    }
  }

  return { selectScenario, openFile, openLink, files }
}
