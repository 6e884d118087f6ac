/**
 * The lab page: pick or edit a scenario, trace a connection, play it back hop by hop on the
 * stage with the event list, the packet layer by layer, the rules that decided and the kernel's
 * hook map beside it. The lab's flow is the xstate machine in labMachine.ts; this file wires the
 * page to it and to the playback machine. Names, labels and annotations come from files and
 * links and are untrusted: everything is set as text (textContent, pixi Text), never as HTML.
 */
import { createActor, waitFor } from 'xstate'
import type { TraceRequest } from '../engine/trace/trace.js'
import type { Trace } from '../engine/trace/types.js'
import type { Model } from '../model/model.js'
import { diagnosticsCatalog, formatDiagnostic } from './diagnosticsText.js'
import { buildSteps, type Step } from '../render/tracePath.js'
import { $, el } from './dom.js'
import type { YamlEditor } from './editor.js'
import { createChainMode } from './chainMode.js'
import { attachKeys } from './keys.js'
import { coreActors, labMachine, type LabContext } from './labMachine.js'
import { initLessons } from './lessons/init.js'
import { currentLang, msgText, setLang, t, tf, translatePage, type Lang } from './i18n.js'
import { applyFilter, renderEventList } from './panels/eventList.js'
import { eventLabel, eventType, firstPacketStep, stepAt } from './panels/events.js'
import { renderHint, renderTryList } from './panels/firstVisit.js'
import { renderHookMap } from './panels/hookMap.js'
import { renderResult } from './panels/results.js'
import { ruleContexts } from './panels/ruleContexts.js'
import { dropPendingView, renderStateViews, type ViewState } from './panels/stateViews.js'
import { otherModeHop, sourcePlace } from './panels/otherMode.js'
import { renderStepDetail } from './panels/stepDetail.js'
import { playbackMachine } from './playbackMachine.js'
import { DEFAULT_SCENARIO, SCENARIOS, scenarioTitle } from './scenarios.js'
import { decodeShare } from './share.js'
import { LINK_SCENARIO, keptScenarios, linkText, problemText, showLinkMessage } from './shareFlow.js'
import { createStage, type StageView } from './stage.js'
import { attachExports } from './exportButtons.js'
import { attachTraceChoices, fillTraceChoices, selectSource } from './traceChoices.js'
import { whatIfForm } from './whatIfForm.js'
import { STORE, scenarioOpeners, type LinkCluster } from './scenarioOpen.js'
import { openDroppedFiles, showProgress } from './loadFlow.js'
import { BIG_PAGE_PODS, afterResult } from './afterResult.js'
import { startModelWorker } from './worker/client.js'

/** Loading, deriving and tracing run in the model worker; the lab machine calls it. */
const core = startModelWorker()
const lab = createActor(labMachine.provide({ actors: coreActors(core) })).start()
const playback = createActor(playbackMachine).start()
const views: ViewState = { selection: null, view: 'iptables' }
let steps: Step[] = []
let stage: StageView
let editor: YamlEditor | null = null
let notice = ''

const ctx = (): LabContext => lab.getSnapshot().context
/** The context the page last rendered: what changed since is drawn when the machine is ready. */
let rendered: LabContext = ctx()
/** The step to open on when the trace being computed arrives. */
let pendingStep: number | undefined
/** The last event came from the editor: its text is already there. */
let fromEditor = false
/** The model before the last change of model (the other kube-proxy mode's walk reads it). */
let previousModel: Model | null = null
/** Settles when the machine has loaded and traced everything sent so far. */
const ready = (): Promise<LabContext> => waitFor(lab, (s) => s.matches('ready') && s.context.queue.length === 0, { timeout: Infinity }).then((s) => s.context)
const currentTrace = (): Trace | null => { const o = ctx().outcome; return o?.ok ? o.trace : null }
/** The what-if bar (whatIfForm.ts); its notice is said after the result. */
const wiForm = whatIfForm({
  core, ctx, send: (e) => send(e),
  notice: (text, show) => { notice = text; if (show) renderOutcome(ctx()) },
})

/** The control plane's chain, played instead of a packet trace when asked (chainMode.ts). */
const chainMode = createChainMode({
  ctx, ready, stage: () => stage, seek: (i) => playback.send({ type: 'SEEK', index: i }), index: () => playback.getSnapshot().context.index, speed: () => playback.getSnapshot().context.speed,
  load: (total, step) => { playback.send({ type: 'LOAD', total }); playback.send({ type: 'SEEK', index: step }); showStep(step) },
})

// ---- rendering from the lab machine -------------------------------------------------------

/** `big`: a big cluster's result is on the page first; its lists, state panel and editor follow in tasks of their own (afterResult.ts). */
function renderModel(c: LabContext, big = false): void {
  const model = c.model
  $('diagnostics').replaceChildren(...c.diagnostics.map((d) => el('li', formatDiagnostic(d, currentLang()))))
  afterResult(big, () => editor?.showDiagnostics(c.diagnostics))
  $('editor-status').textContent = c.diagnostics.some((d) => d.severity === 'error') ? t('editorInvalid') : ''
  const modified = c.text !== c.original
  $('modified').hidden = !modified
  $<HTMLButtonElement>('wi-undo').disabled = c.history.length === 0
  $<HTMLButtonElement>('wi-reset').disabled = !modified
  if (!model) return
  $('summary').textContent = `${model.nodes.length} nodes · ${model.pods.length} pods · ${model.services.length} services · ${model.cluster.network.plugin}${model.cluster.network.backend ? ` ${model.cluster.network.backend}` : ''}`
  fillTraceChoices(model, (job) => afterResult(big, job))
  afterResult(big, () => {
    // A newer model came meanwhile: its own jobs fill the form and the views.
    if (ctx().model !== model) return
    wiForm.modelChanged(c)
    renderTryList(model, (tc) => {
      selectSource(tc.from)
      $<HTMLInputElement>('to').value = tc.to
      $<HTMLInputElement>('pick').value = tc.pick ?? ''
      runTrace()
    })
    renderStateViews(model, views, core.view, true)
  })
}

function renderOutcome(c: LabContext, step?: number): void {
  chainMode.clear()
  renderResult(c.outcome, c.before)
  const tr = c.outcome?.ok ? c.outcome.trace : null
  steps = tr && c.model && c.request ? buildSteps(tr, sourcePlace(c.model, c.request.from)) : []
  if (notice) $('result').textContent += ` ${notice}`
  renderEventList($('hops'), $<HTMLSelectElement>('event-filter'), steps, tr?.gateway ? 'gateway' : tr?.ingress ? 'ingress' : null, (i) => playback.send({ type: 'SEEK', index: i }))
  if (!tr) $('detail').replaceChildren()
  // The step is shown once, at the end (each showing draws the detail and the hook map again).
  redrawCluster(false, false)
  if (tr && !performance.getEntriesByName('first-trace-ready').length) performance.mark('first-trace-ready')
  quietPlayback = true
  try {
    playback.send({ type: 'LOAD', total: steps.length })
    playback.send({ type: 'SEEK', index: step ?? firstPacketStep(steps) })
  } finally { quietPlayback = false }
  showStep(playback.getSnapshot().context.index)
}

function redrawCluster(keepCamera = false, show = true): void {
  const c = ctx()
  if (chainMode.redraw(keepCamera)) { if (show) showStep(playback.getSnapshot().context.index); return }
  if (!c.model) return
  stage.draw(c.model, steps, currentTrace(), keepCamera)
  if (show && steps.length) showStep(playback.getSnapshot().context.index)
}

function stepTitle(s: Step): { where: string; what: string } {
  if (s.kind === 'dns') return { where: msgText(s.query.server ?? s.query.answeredBy), what: `${t('dns')} ${s.answer ? `${s.query.rcode} ${s.query.answers.map((a) => a.split(' ').slice(3).join(' ')).join(', ')}` : `${s.query.type} ${s.query.name}`}` }
  const h = s.hop
  return { where: stepAt(s, '').replace(' · ', ' '), what: `${s.phase === 'reply' || s.phase === 'upstream-reply' ? `${t('reply')}: ` : ''}${h.hook ?? eventLabel(eventType(s))}` }
}

function showStep(index: number): void {
  const total = chainMode.current()?.steps.length ?? steps.length
  $<HTMLInputElement>('pb-scrub').max = String(Math.max(0, total - 1))
  $<HTMLInputElement>('pb-scrub').value = String(index)
  $('pb-pos').textContent = `${total ? index + 1 : 0}/${total}`
  const list = $('hops')
  let current: HTMLElement | null = null
  for (const li of list.querySelectorAll<HTMLElement>('li[data-step]')) {
    if (li.dataset['step'] === String(index)) { li.setAttribute('aria-current', 'step'); current = li } else li.removeAttribute('aria-current')
  }
  scrollIntoList(list, current)
  // While playing, the stage and the caption follow every step; the detail panels (headers, rule
  // walk, hook map) are drawn when playback stops — nobody reads them at 4 steps a second, and
  // drawing them each step would cost the animation its frames.
  const playing = playback.getSnapshot().matches('playing')
  if (chainMode.show(index, playing)) return
  const s = steps[index]
  $('hookmap').hidden = false
  if (!playing) renderHookMap($('hookmap'), s ?? null)
  // No trace (a lesson's question before its answer, an edit that dropped the trace): no stale caption.
  if (!s) { stage.clear(); return }
  if (!playing) showDetail(s, index)
  const { where, what } = stepTitle(s)
  // A big cluster's new layout is still being made: the caption says the step now, the stage
  // shows it when it is drawn.
  if (!stage.layout) { stage.caption(index, steps, where, what); return }
  stage.show(index, steps, where, what, playback.getSnapshot().context.speed)
  $('pb-play').textContent = playback.getSnapshot().matches('playing') ? '❚❚' : '▶'
}

/**
 * Scrolls the event list to its current row in the next frame, where the page is laid out anyway:
 * measuring it right after the list was made again (a new trace) forced a layout of the whole
 * page inside the task that made it.
 */
let scrollFor: HTMLElement | null = null
function scrollIntoList(list: HTMLElement, li: HTMLElement | null): void {
  const first = scrollFor === null
  scrollFor = li
  if (!li || !first) return
  requestAnimationFrame(() => {
    const row = scrollFor
    scrollFor = null
    if (!row?.isConnected || row.parentElement?.closest('#hops') !== list) return
    if (row.offsetTop < list.scrollTop || row.offsetTop > list.scrollTop + list.clientHeight - row.offsetHeight) list.scrollTop = row.offsetTop - list.clientHeight / 2
  })
}

let timer: ReturnType<typeof setInterval> | null = null
/** Set while renderOutcome moves the playback to its first step (it shows that step itself, once). */
let quietPlayback = false
playback.subscribe((snap) => {
  if (stage && !quietPlayback) showStep(snap.context.index)
  if (snap.matches('playing') && !timer) timer = setInterval(() => playback.send({ type: 'TICK' }), 1000 / snap.context.speed)
  if (!snap.matches('playing') && timer) { clearInterval(timer); timer = null }
})

// ---- the lab's events -----------------------------------------------------------------------

/** Keeps an edited text in the browser (a reload loses nothing); the original needs no copy. */
function persist(c: LabContext): void {
  if (c.scenario === LINK_SCENARIO || files.has(c.scenario)) return // a link's cluster is stored only when kept; a file is on disk
  try {
    // A pasted dump of megabytes would not fit the browser's storage (5-10 MB) and costs the page seconds to try.
    if (c.text !== c.original && c.text.length > 2_000_000) localStorage.removeItem(STORE(c.scenario))
    else if (c.text !== c.original) localStorage.setItem(STORE(c.scenario), c.text)
    else localStorage.removeItem(STORE(c.scenario))
  } catch { /* storage unavailable: edits last for this page only */ }
}

/** Sends an event that may change the model, the trace or both; what changed is drawn once the machine is ready. */
function send(event: Parameters<typeof lab.send>[0], step?: number): void {
  fromEditor = event.type === 'EDIT'
  if (step !== undefined) pendingStep = step
  // A new trace or cluster is being computed: the list's current step is no longer the current one.
  if (event.type === 'TRACE' || event.type === 'OPEN') for (const li of $('hops').querySelectorAll('li[aria-current]')) li.removeAttribute('aria-current')
  lab.send(event)
}

/** Puts the lab's text into the editor (quietly: the editor reports no edit of the person's for it). */
function setEditorText(text: string, before?: string, change?: LabContext['change']): void {
  // A what-if on the text the editor shows: just the item it rewrote (not 28 MB again).
  if (editor && change && before !== undefined && editor.length() === before.length && before.length - (change.to - change.from) + change.insert.length === text.length) editor.splice(change.from, change.to, change.insert)
  else editor?.setText(text)
}

/** Draws what changed since the last ready state (one draw for a load and its trace). */
function renderChanges(): void {
  const before = rendered
  const c = ctx()
  rendered = c
  // A big cluster's result first: the editor's splice, the lists and the state panel follow it.
  const big = (c.model?.pods.length ?? 0) > BIG_PAGE_PODS
  if (c.model !== before.model) { previousModel = before.model; rules.clear() }
  // A what-if's new change says the text changed without comparing two 28 MB texts of the same
  // length character by character (a scale 4 → 5 on a pasted dump: ~200 ms of the page's thread).
  const textChanged = c.text.length !== before.text.length || (c.change !== null && c.change !== before.change) || c.text !== before.text
  if (textChanged) {
    persist(c)
    // The editor open now takes the change; one opened meanwhile starts from the lab's text.
    const ed = editor
    if (!fromEditor && ed) afterResult(big, () => { if (editor === ed) setEditorText(c.text, before.text, c.change) })
  }
  if (c.failure && c.failure !== before.failure) {
    $('result').textContent = tf('pgFailed', { why: c.failure })
    // The load that failed dropped the view asked before it (dropPendingView): asked again of the model still shown.
    renderStateViews(c.model, views, core.view)
  }
  if (c.model !== before.model || c.diagnostics !== before.diagnostics || c.history !== before.history) renderModel(c, big)
  if (c.outcome !== before.outcome || c.model !== before.model) {
    const step = pendingStep
    pendingStep = undefined
    renderOutcome(c, step)
  }
}

lab.subscribe((snap) => {
  const busy = snap.matches('loading') ? 'loading' : snap.matches('tracing') ? 'tracing' : null
  if (busy === 'loading' && document.body.dataset['busy'] !== 'loading') dropPendingView()
  showProgress(busy)
  if (!busy) renderChanges()
})
core.onProgress = (p) => showProgress(lab.getSnapshot().matches('loading') ? 'loading' : 'tracing', p)

// ---- rule places from the worker ------------------------------------------------------------

const rules = ruleContexts(core)

/** The step's detail now, and again when the worker has placed the rules it names. */
function showDetail(s: Step, index: number): void {
  const compare = otherModeHop(ctx(), steps, index, previousModel, rules.lookup('previous'))
  const render = (): void => renderStepDetail($('detail'), s, rules.lookup('current'), currentTrace()?.choices ?? [], compare)
  render()
  rules.fetch([[s, 'current'], [compare?.hop, 'previous']], () => {
    if (playback.getSnapshot().context.index === index && steps[index] === s && !playback.getSnapshot().matches('playing')) render()
  })
}

function request(): TraceRequest {
  const pick = $<HTMLInputElement>('pick').value.trim()
  return { from: $<HTMLSelectElement>('from').value, to: $<HTMLInputElement>('to').value.trim(), ...(pick ? { pick } : {}) }
}

function runTrace(step?: number): void {
  notice = ''
  send({ type: 'TRACE', request: request() }, step)
}

/** Opening a scenario, a file or a link's cluster (scenarioOpen.ts). */
const { selectScenario, openFile, openLink, files } = scenarioOpeners({
  send: (e) => send(e), ready, ctx,
  fresh: () => { views.selection = null; notice = '' },
})
/** The cluster of the link this page was opened with (kept in memory only). */
let link: LinkCluster | null = null

// ---- share, export, editor -----------------------------------------------------------------

function on(id: string, type: string, f: (e: Event) => void): void {
  $(id).addEventListener(type, f)
}

async function start(): Promise<void> {
  await diagnosticsCatalog(currentLang())
  setLang(currentLang())
  translatePage()
  $<HTMLSelectElement>('lang').value = currentLang()
  renderHint()
  stage = await createStage((s) => { views.selection = s; renderStateViews(ctx().model, views, core.view) }, {
    next: () => playback.send({ type: 'NEXT' }),
    seek: (d) => playback.send({ type: 'SEEK', index: playback.getSnapshot().context.index + d }),
  }, () => redrawCluster(true), () => { if (steps.length && !chainMode.current()) showStep(playback.getSnapshot().context.index) })
  const picker = $<HTMLSelectElement>('scenario')
  for (const s of [...SCENARIOS, ...keptScenarios()]) picker.appendChild(Object.assign(el('option', scenarioTitle(s, currentLang())), { value: s.id }))

  on('scenario', 'change', async () => {
    if (picker.value === LINK_SCENARIO && link) { void openLink(link); return }
    const file = files.get(picker.value)
    if (file !== undefined) { void openFile(picker.value.slice('file:'.length), file); return }
    await selectScenario(picker.value)
    // A scenario opens on its first ready-made case.
    const first = ctx().model?.cluster.cases[0]
    if (first) {
      selectSource(first.from)
      $<HTMLInputElement>('to').value = first.to
      $<HTMLInputElement>('pick').value = first.pick ?? ''
      runTrace()
    }
  })
  on('lang', 'change', () => {
    // The Korean diagnostics catalog loads on first use; the lists that use it are drawn again then.
    void diagnosticsCatalog($<HTMLSelectElement>('lang').value as Lang).then(() => { renderModel(ctx()); renderStateViews(ctx().model, views, core.view) })
    setLang($<HTMLSelectElement>('lang').value as Lang)
    translatePage()
    for (const o of picker.options) { const s = SCENARIOS.find((x) => x.id === o.value); if (s) o.textContent = scenarioTitle(s, currentLang()) }
    renderHint()
    renderModel(ctx())
    if (!chainMode.refresh()) renderOutcome(ctx(), playback.getSnapshot().context.index)
  })
  on('run-trace', 'click', () => runTrace())
  attachTraceChoices()
  on('to', 'keydown', (e) => {
    if ((e as KeyboardEvent).key !== 'Enter') return
    runTrace()
    // Hand the keys back to the stage: → steps at once.
    $('stage').focus()
  })
  on('event-filter', 'change', () => applyFilter($('hops'), $<HTMLSelectElement>('event-filter').value))
  on('pb-start', 'click', () => playback.send({ type: 'START' }))
  on('pb-prev', 'click', () => playback.send({ type: 'PREV' }))
  on('pb-play', 'click', () => playback.send({ type: 'TOGGLE' }))
  on('pb-next', 'click', () => playback.send({ type: 'NEXT' }))
  on('pb-end', 'click', () => playback.send({ type: 'END' }))
  on('pb-scrub', 'input', () => playback.send({ type: 'SEEK', index: Number($<HTMLInputElement>('pb-scrub').value) }))
  on('pb-speed', 'change', () => {
    playback.send({ type: 'SPEED', speed: Number($<HTMLSelectElement>('pb-speed').value) })
    if (timer) { clearInterval(timer); timer = setInterval(() => playback.send({ type: 'TICK' }), 1000 / playback.getSnapshot().context.speed) }
  })
  attachKeys({
    toggle: () => playback.send({ type: 'TOGGLE' }), next: () => playback.send({ type: 'NEXT' }), prev: () => playback.send({ type: 'PREV' }),
    start: () => playback.send({ type: 'START' }), end: () => playback.send({ type: 'END' }),
  })
  attachExports(on, {
    playback, stage: () => stage, trace: currentTrace, steps: () => steps, stepTitle, chain: chainMode, ctx,
  })
  on('toggle-editor', 'click', async () => {
    const pane = $('editor-pane')
    pane.hidden = !pane.hidden
    if (!pane.hidden && !editor) {
      const { createEditor } = await import('./editor.js')
      editor = await createEditor($('editor'), ctx().text, (text) => send({ type: 'EDIT', text }), { settled: () => new Promise((r) => setTimeout(r, 0)).then(ready).then(() => undefined) })
      editor.showDiagnostics(ctx().diagnostics)
      document.body.dataset['editor'] = 'ready'
    }
  })
  wiForm.attach(on)
  openDroppedFiles((name, text) => void openFile(name, text), (message) => { $('result').textContent = message })
  on('cp-play', 'click', chainMode.playForm)
  on('wi-undo', 'click', () => { notice = ''; send({ type: 'UNDO' }) })
  on('wi-reset', 'click', () => { notice = ''; send({ type: 'RESET' }) })

  let shared: Awaited<ReturnType<typeof decodeShare>>
  try { shared = await decodeShare(location.hash) } catch { shared = { ok: false, problem: 'damaged' } }
  if (shared && !shared.ok) showLinkMessage(problemText(shared.problem))
  if (shared?.ok) {
    const s = shared.state
    const base = SCENARIOS.find((x) => x.id === s.scenario) ?? DEFAULT_SCENARIO
    link = { text: s.yaml ?? base.text, base }
    if (await openLink(link)) {
      try {
        if (s.from) selectSource(s.from)
        $<HTMLInputElement>('to').value = s.to
        $<HTMLInputElement>('pick').value = s.pick
        // A link to a chain plays the chain at its step; otherwise it traces.
        if (s.chain) chainMode.play(s.chain, s.step)
        else if (s.to) runTrace(s.step)
      } catch { showLinkMessage(linkText('crashed')) }
    }
  } else {
    picker.value = DEFAULT_SCENARIO.id
    await selectScenario(DEFAULT_SCENARIO.id)
    // A ready trace on first load: the default scenario's client reaching the web Service.
    if ([...$<HTMLSelectElement>('from').options].some((o) => o.value === 'pod/default/client')) {
      selectSource('pod/default/client')
      $<HTMLInputElement>('to').value = 'web:80'
      runTrace()
    }
  }
  initLessons({
    // A lesson's cluster opens like a scenario of its own: no trace yet, edits kept apart from the scenario's.
    load: (text, label) => {
      views.selection = null
      notice = ''
      send({ type: 'OPEN', scenario: label.replace(/^topologies\//, '').replace(/\.yaml\b/, ''), original: text })
    },
    chain: (change, step) => { chainMode.play(change, step) },
    trace: (from, to, pick, step) => { selectSource(from); $<HTMLInputElement>('to').value = to; $<HTMLInputElement>('pick').value = pick ?? ''; runTrace(step) },
    highlight: (selection) => { views.selection = selection; renderStateViews(ctx().model, views, core.view) },
  })
}

void start()
