/**
 * The lab page: pick or edit a scenario, trace a connection, play it back hop by hop on the
 * canvas with the headers, the deciding rule in context and the explanation beside it. Names,
 * labels and annotations come from files and links and are untrusted: everything is set as
 * text (textContent, pixi Text), never as HTML.
 */
import { createActor } from 'xstate'
import { trace } from '../engine/trace/trace.js'
import type { Decision, Hop, Place, Trace } from '../engine/trace/types.js'
import { formatCidr, formatIpv4 } from '../model/addr/ipv4.js'
import { loadModel } from '../model/derive/buildModel.js'
import { formatDiagnostic } from '../model/load/diagnostics.js'
import type { Model } from '../model/model.js'
import { NODE_VIEWS, POD_VIEWS, VIEW_COMMANDS, showCluster, showDns, showNode, showPod, type ViewResult } from '../model/show/views.js'
import { ClusterScene, type Selection } from '../render/ClusterScene.js'
import { layoutCluster, type ClusterLayout } from '../render/layout.js'
import { buildSteps, packetFields, packetOf, stepPoints, type Step } from '../render/tracePath.js'
import type { YamlEditor } from './editor.js'
import { currentLang, setLang, t, translatePage, type Lang } from './i18n.js'
import { playbackMachine } from './playbackMachine.js'
import { DEFAULT_SCENARIO, SCENARIOS } from './scenarios.js'
import { decodeShare, encodeShare } from './share.js'
import { LINK_SCENARIO, hideKeepButton, keepLink, keptScenarios, linkText, problemText, showKeepButton, showLinkMessage } from './shareFlow.js'
import { applyWhatIf, whatIfTargets, type WhatIfKind } from './whatIf.js'

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text = '', cls = ''): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag)
  if (text) e.textContent = text
  if (cls) e.className = cls
  return e
}

const STORE = (id: string): string => `kube-netlab.yaml.${id}`
const CONTEXT_LINES = 25

interface LabState {
  scenario: string
  text: string
  edited: boolean
  model: Model | null
  layout: ClusterLayout | null
  trace: Trace | null
  steps: Step[]
  selection: Selection | null
  view: string
}

const state: LabState = { scenario: DEFAULT_SCENARIO.id, text: DEFAULT_SCENARIO.text, edited: false, model: null, layout: null, trace: null, steps: [], selection: null, view: 'iptables' }
let scene: ClusterScene
let editor: YamlEditor | null = null
const playback = createActor(playbackMachine).start()

// ---- state views (the same as `kube-netlab show`) ------------------------------------------

function renderViews(): void {
  const box = $('views')
  box.replaceChildren()
  const model = state.model
  if (!model) return
  let names: readonly string[] = ['cluster', 'dns']
  let result: ViewResult
  const sel = state.selection
  if (!sel) {
    $('selection').textContent = t('overview')
    result = state.view === 'dns' ? showDns(model) : showCluster(model)
  } else if (sel.kind === 'node') {
    names = NODE_VIEWS
    if (!names.includes(state.view)) state.view = 'iptables'
    $('selection').textContent = `node/${sel.name} — ${VIEW_COMMANDS[state.view as keyof typeof VIEW_COMMANDS]}`
    result = showNode(model, sel.name, state.view)
  } else {
    names = POD_VIEWS
    if (!names.includes(state.view)) state.view = 'route'
    const [ns, name] = sel.key.split('/')
    $('selection').textContent = `pod/${sel.key} — ${VIEW_COMMANDS[state.view as keyof typeof VIEW_COMMANDS]}`
    result = showPod(model, ns!, name!, state.view)
  }
  for (const v of names) {
    const b = el('button', v)
    b.setAttribute('aria-pressed', String(v === state.view))
    b.addEventListener('click', () => { state.view = v; renderViews() })
    box.appendChild(b)
  }
  $('view-text').textContent = result.ok ? result.text : `${result.error}${result.hint ? `\n${result.hint}` : ''}`
}

// ---- scenario loading ----------------------------------------------------------------------

function loadText(text: string, fileName: string): boolean {
  const r = loadModel(fileName, text)
  $('diagnostics').replaceChildren(...r.diagnostics.map((d) => el('li', formatDiagnostic(d))))
  editor?.showDiagnostics(r.diagnostics)
  $('editor-status').textContent = r.ok ? '' : t('editorInvalid')
  if (!r.ok) return false // the last valid cluster stays on screen
  const model = r.model
  state.model = model
  $('summary').textContent = `${model.nodes.length} nodes · ${model.pods.length} pods · ${model.services.length} services · ${model.cluster.network.plugin}${model.cluster.network.backend ? ` ${model.cluster.network.backend}` : ''}`
  fillTraceChoices(model)
  fillWhatIfTargets()
  redrawCluster()
  renderViews()
  return true
}

function redrawCluster(): void {
  const model = state.model
  if (!model) return
  const focus = new Set<string>()
  for (const s of state.steps) if (s.kind === 'hop' && s.hop.place.kind === 'pod') focus.add(s.hop.place.pod)
  state.layout = layoutCluster(model, formatIpv4, focus)
  scene.draw(state.layout, `node network ${formatCidr(model.cluster.underlay.cidr)}`)
  if (state.steps.length) {
    scene.drawPath(stepPoints(state.layout, state.steps))
    showStep(playback.getSnapshot().context.index)
  }
}

function fillTraceChoices(model: Model): void {
  const from = $<HTMLSelectElement>('from')
  const keep = from.value
  from.replaceChildren(
    ...model.pods.filter((p) => p.ip !== null && !p.hostNetwork).flatMap((p) => [`pod/${p.namespace}/${p.name}`, ...(p.template.containers.length > 1 ? p.template.containers.map((c) => `pod/${p.namespace}/${p.name}/${c.name}`) : [])]).map((v) => el('option', v)),
    ...model.nodes.map((n) => el('option', `node/${n.name}`)),
    ...model.cluster.externalClients.map((e) => el('option', `external/${e.name}`)),
  )
  for (const o of from.options) o.value = o.textContent ?? ''
  if ([...from.options].some((o) => o.value === keep)) from.value = keep
  const targets: string[] = []
  for (const s of model.services) {
    for (const p of s.ports) {
      targets.push(`${s.name}.${s.namespace}:${p.spec.port}`)
      if (typeof s.clusterIP === 'number') targets.push(`${formatIpv4(s.clusterIP)}:${p.spec.port}`)
      if (p.nodePort) for (const n of model.nodes) targets.push(`${formatIpv4(n.ip)}:${p.nodePort}`)
      for (const lb of s.obj.loadBalancerIngress) targets.push(`${lb.ip}:${p.spec.port}`)
      if (s.addon === 'ingress-controller' && p.nodePort && p.spec.port === 80) for (const n of model.nodes) targets.push(`http://${formatIpv4(n.ip)}:${p.nodePort}/`)
    }
  }
  for (const p of model.pods) if (p.ip !== null && !p.hostNetwork) for (const c of p.template.containers) for (const cp of c.ports) targets.push(`${formatIpv4(p.ip)}:${cp.containerPort}`)
  $('targets').replaceChildren(...[...new Set(targets)].map((v) => Object.assign(el('option'), { value: v })))
  $('endpoints').replaceChildren(...model.pods.filter((p) => p.ip !== null && !p.hostNetwork).flatMap((p) => [p.name, formatIpv4(p.ip!)]).map((v) => Object.assign(el('option'), { value: v })))
}

// ---- tracing and playback ------------------------------------------------------------------

function sourcePlace(model: Model, from: string): Place {
  const [kind, a = '', b = ''] = from.split('/')
  if (kind === 'pod') {
    const pod = model.pods.find((p) => p.namespace === a && p.name === b)
    return { kind: 'pod', pod: `${a}/${b}`, node: pod?.nodeName ?? '' }
  }
  return kind === 'node' ? { kind: 'node', node: a } : { kind: 'external', client: a }
}

function runTrace(step = 0): void {
  const model = state.model
  if (!model) return
  const from = $<HTMLSelectElement>('from').value
  const to = $<HTMLInputElement>('to').value.trim()
  const pick = $<HTMLInputElement>('pick').value.trim()
  const r = trace(model, { from, to, ...(pick ? { pick } : {}) })
  const result = $('result')
  if (!r.ok) {
    state.trace = null
    state.steps = []
    result.dataset['result'] = 'error'
    result.textContent = `${r.error}${r.hint ? ` — ${r.hint}` : ''}`
    $('hops').replaceChildren()
    $('detail').replaceChildren()
    scene.clearPacket()
    playback.send({ type: 'LOAD', total: 0 })
    return
  }
  state.trace = r.trace
  state.steps = buildSteps(r.trace, sourcePlace(model, from))
  result.dataset['result'] = r.trace.result
  document.body.dataset['traceResult'] = r.trace.result
  result.textContent = `${t('result')}: ${r.trace.result.toUpperCase()} — ${r.trace.summary}`
  renderHopList()
  redrawCluster()
  // For the browser benchmark: navigation to the first trace on screen.
  if (!performance.getEntriesByName('first-trace-ready').length) performance.mark('first-trace-ready')
  playback.send({ type: 'LOAD', total: state.steps.length })
  if (step) playback.send({ type: 'SEEK', index: step })
  showStep(playback.getSnapshot().context.index)
}

function stepTitle(s: Step): { where: string; what: string } {
  if (s.kind === 'dns') return { where: s.query.server || s.query.answeredBy, what: `${t('dns')} ${s.answer ? `${s.query.rcode} ${s.query.answers.map((a) => a.split(' ').slice(3).join(' ')).join(', ') || ''}` : `${s.query.type} ${s.query.name}`}` }
  const h = s.hop
  const where = h.place.kind === 'pod' ? `pod ${h.place.pod}` : h.place.kind === 'node' ? `node ${h.place.node}` : h.place.kind === 'external' ? h.place.client : 'node network'
  return { where: `${where}${h.device ? ` ${h.device}` : ''}`, what: `${s.phase === 'reply' || s.phase === 'upstream-reply' ? `${t('reply')}: ` : ''}${h.hook ?? h.kind}` }
}

function renderHopList(): void {
  const list = $('hops')
  list.replaceChildren(...state.steps.map((s, i) => {
    const { where, what } = stepTitle(s)
    const li = el('li', `${where} — ${what}`, `phase-${s.phase === 'upstream-reply' ? 'reply' : s.phase}${s.kind === 'hop' && ['drop', 'reject', 'rst'].includes(s.hop.kind) ? ' drop' : ''}`)
    li.dataset['step'] = String(i)
    li.addEventListener('click', () => playback.send({ type: 'SEEK', index: i }))
    return li
  }))
}

function decisionContext(d: Decision): HTMLElement {
  const box = el('div', '', 'context')
  const title = el('div', `${d.view || d.what}${d.line ? `:${d.line}` : ''}`, 'title')
  box.appendChild(title)
  const model = state.model
  let text: string | null = null
  if (model && d.view) {
    const [ref, view] = d.view.split(' ')
    const parts = ref?.split('/') ?? []
    const r = parts[0] === 'node' && view ? showNode(model, parts[1]!, view) : parts[0] === 'pod' && view ? showPod(model, parts[1]!, parts[2]!, view) : null
    if (r?.ok) text = r.text
  }
  if (text === null || !d.line) {
    box.appendChild(el('div', d.text, 'hl'))
    return box
  }
  // The lines around the deciding one (a big node's iptables-save has thousands).
  const lines = text.split('\n')
  const from = Math.max(0, d.line - 1 - CONTEXT_LINES)
  const to = Math.min(lines.length, d.line + CONTEXT_LINES)
  let target: HTMLElement | null = null
  if (from > 0) box.appendChild(el('div', `… ${from} lines above`, 'title'))
  for (let i = from; i < to; i++) {
    const row = el('div', lines[i] || ' ', i + 1 === d.line ? 'hl' : '')
    if (i + 1 === d.line) { target = row; row.dataset['line'] = String(d.line) }
    box.appendChild(row)
  }
  if (to < lines.length - 1) box.appendChild(el('div', `… ${lines.length - 1 - to} lines below`, 'title'))
  // Scroll only this box (scrollIntoView would move the whole page too).
  queueMicrotask(() => { const row = target as HTMLElement | null; if (row) box.scrollTop = row.offsetTop - box.clientHeight / 2 })
  return box
}

function renderDetail(s: Step): void {
  const detail = $('detail')
  detail.replaceChildren()
  if (s.kind === 'dns') {
    detail.appendChild(el('div', `${s.query.type} ${s.query.name} → ${s.query.rcode} (${s.query.answeredBy})`, 'why'))
    const pre = el('pre', [...s.query.answers, ...s.query.authority].join('\n') || '(no records)')
    detail.appendChild(pre)
    return
  }
  const h: Hop = s.hop
  const before = packetFields(h.before)
  const after = new Map(packetFields(h.after))
  const table = el('table')
  const head = el('tr')
  head.append(el('th', ''), el('th', t('before')), el('th', t('after')))
  table.appendChild(head)
  const keys = [...new Set([...before.map(([k]) => k), ...after.keys()])]
  const beforeMap = new Map(before)
  for (const k of keys) {
    const tr = el('tr')
    const b = beforeMap.get(k) ?? ''
    const a = after.get(k) ?? ''
    tr.append(el('th', k), el('td', b), el('td', a, a !== b ? 'changed' : ''))
    table.appendChild(tr)
  }
  detail.appendChild(table)
  detail.appendChild(el('div', `${t('explanation')}: ${h.explanation}`, 'why'))
  if (h.decidedBy.length) {
    detail.appendChild(el('div', `${t('decidedBy')}:`, 'why'))
    for (const d of h.decidedBy.slice(-3)) detail.appendChild(decisionContext(d))
  }
}

function showStep(index: number): void {
  const total = state.steps.length
  $<HTMLInputElement>('pb-scrub').max = String(Math.max(0, total - 1))
  $<HTMLInputElement>('pb-scrub').value = String(index)
  $('pb-pos').textContent = `${total ? index + 1 : 0}/${total}`
  for (const li of $('hops').querySelectorAll('li')) {
    if (li.dataset['step'] === String(index)) {
      li.setAttribute('aria-current', 'step')
      const list = $('hops')
      if (li.offsetTop < list.scrollTop || li.offsetTop > list.scrollTop + list.clientHeight - li.offsetHeight) list.scrollTop = li.offsetTop - list.clientHeight / 2
    } else li.removeAttribute('aria-current')
  }
  const s = state.steps[index]
  if (!s || !state.layout) return
  renderDetail(s)
  const points = stepPoints(state.layout, state.steps)
  const p = packetOf(s)
  const changed = s.kind === 'hop' && (s.hop.before.src !== s.hop.after.src || s.hop.before.dst !== s.hop.after.dst || s.hop.before.sport !== s.hop.after.sport || s.hop.before.dport !== s.hop.after.dport)
  const caption = s.kind === 'dns' ? `${s.answer ? 'DNS answer' : 'DNS query'} ${s.query.type} ${s.query.name}` : (s.hop.hook ?? s.hop.kind)
  scene.showPacket(points[index]!, p, caption, { reply: s.phase === 'reply' || s.phase === 'upstream-reply' || (s.kind === 'dns' && s.answer), changed, dropped: s.kind === 'hop' && ['drop', 'reject', 'rst', 'ttl-exceeded'].includes(s.hop.kind) })
  $('pb-play').textContent = playback.getSnapshot().matches('playing') ? '❚❚' : '▶'
}

let timer: ReturnType<typeof setInterval> | null = null
playback.subscribe((snap) => {
  showStep(snap.context.index)
  if (snap.matches('playing') && !timer) timer = setInterval(() => playback.send({ type: 'TICK' }), 1000 / snap.context.speed)
  if (!snap.matches('playing') && timer) { clearInterval(timer); timer = null }
})

// ---- share, export, editor, what-ifs -------------------------------------------------------

async function shareLink(): Promise<string> {
  const hash = await encodeShare({
    scenario: state.scenario, yaml: state.edited || !SCENARIOS.some((x) => x.id === state.scenario) ? state.text : null, from: $<HTMLSelectElement>('from').value, to: $<HTMLInputElement>('to').value,
    pick: $<HTMLInputElement>('pick').value, step: playback.getSnapshot().context.index,
  })
  return `${location.origin}${location.pathname}${hash}`
}

function traceMarkdown(tr: Trace): string {
  const rows = state.steps.map((s, i) => {
    const { where, what } = stepTitle(s)
    const p = packetOf(s)
    return `| ${i + 1} | ${where} | ${what} | ${p ? `${p.src}:${p.sport} → ${p.dst}:${p.dport}` : ''} |`
  })
  return [`# kube-netlab trace: ${tr.request.from} → ${tr.request.to}`, '', `**${tr.result}** — ${tr.summary}`, '', '| # | where | what | packet |', '|---|---|---|---|', ...rows, ''].join('\n').replace(/<[^>]*>/g, '')
}

function download(name: string, href: string): void {
  const a = el('a')
  a.href = href
  a.download = name
  a.click()
}

function setText(text: string, edited: boolean): void {
  state.text = text
  state.edited = edited
  if (state.scenario === LINK_SCENARIO) return // a link's cluster is stored only when kept
  try {
    if (edited) localStorage.setItem(STORE(state.scenario), text)
    else localStorage.removeItem(STORE(state.scenario))
  } catch { /* storage unavailable: edits last for this page only */ }
}

function fillWhatIfTargets(): void {
  const kind = $<HTMLSelectElement>('wi-kind').value as WhatIfKind
  $('wi-target').replaceChildren(...whatIfTargets(kind, state.text).map(([v, label]) => Object.assign(el('option', label), { value: v })))
  $<HTMLInputElement>('wi-value').hidden = kind !== 'scale'
}

function selectScenario(id: string, text?: string): void {
  const s = SCENARIOS.find((x) => x.id === id) ?? keptScenarios().find((x) => x.id === id) ?? DEFAULT_SCENARIO
  hideKeepButton()
  state.scenario = s.id
  let saved: string | null = null
  try { saved = localStorage.getItem(STORE(s.id)) } catch { saved = null }
  const body = text ?? saved ?? s.text
  setText(body, body !== s.text)
  editor?.setText(body)
  state.selection = null
  state.trace = null
  state.steps = []
  $('hops').replaceChildren()
  $('detail').replaceChildren()
  $('result').textContent = t('noTrace')
  scene.clearPacket()
  // Never a blank canvas: if the (edited or shared) text does not load, show the built-in
  // scenario underneath and keep the text and its errors for the editor.
  if (body !== s.text && !state.model) loadText(s.text, `topologies/${s.id}.yaml`)
  loadText(body, `topologies/${s.id}.yaml${body !== s.text ? ' (edited)' : ''}`)
  document.body.dataset['ready'] = s.id
}

/** The cluster of the link this page was opened with (kept in memory only). */
let link: { text: string; base: (typeof SCENARIOS)[number] } | null = null

/**
 * Shows a link's cluster as the "from a link" scenario without touching storage; the user's
 * saved edits stay as they are. False when it does not load (the reason stays on screen).
 */
function openLink(l: NonNullable<typeof link>): boolean {
  const picker = $<HTMLSelectElement>('scenario')
  if (![...picker.options].some((o) => o.value === LINK_SCENARIO)) picker.prepend(Object.assign(el('option', `${linkText('fromLink')}: ${l.base.title}`), { value: LINK_SCENARIO }))
  try {
    if (!state.model) loadText(l.base.text, `topologies/${l.base.id}.yaml`)
    state.scenario = LINK_SCENARIO
    setText(l.text, true)
    editor?.setText(l.text)
    picker.value = LINK_SCENARIO
    const ok = loadText(l.text, 'shared link')
    document.body.dataset['ready'] = LINK_SCENARIO
    if (!ok) {
      showLinkMessage(linkText('invalid'))
      return false
    }
    showKeepButton(() => {
      const kept = keepLink(l.text, l.base.title)
      if (!kept) return
      picker.appendChild(Object.assign(el('option', kept.title), { value: kept.id }))
      picker.value = kept.id
      state.scenario = kept.id
      setText(state.text, state.text !== kept.text)
    })
    return true
  } catch {
    showLinkMessage(linkText('crashed'))
    selectScenario(DEFAULT_SCENARIO.id)
    picker.value = DEFAULT_SCENARIO.id
    return false
  }
}

async function start(): Promise<void> {
  setLang(currentLang())
  translatePage()
  $<HTMLSelectElement>('lang').value = currentLang()
  scene = await ClusterScene.create($('canvas'))
  scene.onSelect = (s) => { state.selection = s; renderViews() }
  const picker = $<HTMLSelectElement>('scenario')
  for (const s of [...SCENARIOS, ...keptScenarios()]) picker.appendChild(Object.assign(el('option', s.title), { value: s.id }))

  picker.addEventListener('change', () => (picker.value === LINK_SCENARIO && link ? openLink(link) : selectScenario(picker.value)))
  $('lang').addEventListener('change', () => { setLang($<HTMLSelectElement>('lang').value as Lang); translatePage(); renderViews(); if (state.steps.length) { renderHopList(); showStep(playback.getSnapshot().context.index) } })
  $('run-trace').addEventListener('click', () => runTrace())
  $('to').addEventListener('keydown', (e) => { if (e.key === 'Enter') runTrace() })
  $('pb-start').addEventListener('click', () => playback.send({ type: 'START' }))
  $('pb-prev').addEventListener('click', () => playback.send({ type: 'PREV' }))
  $('pb-play').addEventListener('click', () => playback.send({ type: 'TOGGLE' }))
  $('pb-next').addEventListener('click', () => playback.send({ type: 'NEXT' }))
  $('pb-end').addEventListener('click', () => playback.send({ type: 'END' }))
  $('pb-scrub').addEventListener('input', () => playback.send({ type: 'SEEK', index: Number($<HTMLInputElement>('pb-scrub').value) }))
  $('pb-speed').addEventListener('change', () => {
    playback.send({ type: 'SPEED', speed: Number($<HTMLSelectElement>('pb-speed').value) })
    if (timer) { clearInterval(timer); timer = setInterval(() => playback.send({ type: 'TICK' }), 1000 / playback.getSnapshot().context.speed) }
  })
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement
    if (target.closest('input, select, textarea, .cm-editor')) return
    const events: Record<string, () => void> = {
      ' ': () => playback.send({ type: 'TOGGLE' }), ArrowRight: () => playback.send({ type: 'NEXT' }), ArrowLeft: () => playback.send({ type: 'PREV' }),
      Home: () => playback.send({ type: 'START' }), End: () => playback.send({ type: 'END' }),
    }
    const f = events[e.key]
    if (f) { e.preventDefault(); f() }
  })
  $('share').addEventListener('click', async () => {
    const link = await shareLink()
    history.replaceState(null, '', link)
    try { await navigator.clipboard.writeText(link) } catch { /* clipboard denied: the address bar has the link */ }
    $('share').dataset['link'] = link
    $('result').dataset['shared'] = 'yes'
  })
  $('export-png').addEventListener('click', () => download('kube-netlab.png', scene.toPng()))
  $('export-md').addEventListener('click', () => {
    if (!state.trace) return
    download('kube-netlab-trace.md', URL.createObjectURL(new Blob([traceMarkdown(state.trace)], { type: 'text/markdown' })))
  })
  $('toggle-editor').addEventListener('click', async () => {
    const pane = $('editor-pane')
    pane.hidden = !pane.hidden
    if (!pane.hidden && !editor) {
      const { createEditor } = await import('./editor.js')
      editor = await createEditor($('editor'), state.text, (text) => {
        setText(text, true)
        if (loadText(text, `topologies/${state.scenario}.yaml (edited)`) && state.trace) runTrace(0)
      })
      document.body.dataset['editor'] = 'ready'
    }
  })
  $('wi-kind').addEventListener('change', fillWhatIfTargets)
  $('wi-apply').addEventListener('click', () => {
    const kind = $<HTMLSelectElement>('wi-kind').value as WhatIfKind
    const next = applyWhatIf(kind, $<HTMLSelectElement>('wi-target').value, Number($<HTMLInputElement>('wi-value').value), state.text)
    setText(next, true)
    editor?.setText(next)
    if (loadText(next, `topologies/${state.scenario}.yaml (what-if)`) && state.trace) runTrace(0)
  })

  let shared: Awaited<ReturnType<typeof decodeShare>>
  try { shared = await decodeShare(location.hash) } catch { shared = { ok: false, problem: 'damaged' } }
  if (shared && !shared.ok) showLinkMessage(problemText(shared.problem))
  if (shared?.ok) {
    const s = shared.state
    const base = SCENARIOS.find((x) => x.id === s.scenario) ?? DEFAULT_SCENARIO
    link = { text: s.yaml ?? base.text, base }
    if (openLink(link)) {
      try {
        if (s.from) $<HTMLSelectElement>('from').value = s.from
        $<HTMLInputElement>('to').value = s.to
        $<HTMLInputElement>('pick').value = s.pick
        if (s.to) runTrace(s.step)
      } catch { showLinkMessage(linkText('crashed')) }
    }
  } else {
    picker.value = DEFAULT_SCENARIO.id
    selectScenario(DEFAULT_SCENARIO.id)
    // A ready trace on first load: the default scenario's client reaching the web Service.
    if ([...$<HTMLSelectElement>('from').options].some((o) => o.value === 'pod/default/client')) {
      $<HTMLSelectElement>('from').value = 'pod/default/client'
      $<HTMLInputElement>('to').value = 'web:80'
      runTrace()
    }
  }
}

void start()
