/**
 * Lesson mode: a picker by topic with progress, and a panel beside the stage with the step's
 * narration and its question. The question comes before the step's action: the stage shows the
 * cluster as the previous step left it, the learner answers, and only then does the action run
 * (the trace plays to the hop that shows the answer). A wrong answer is explained from the
 * trace — the hop's own explanation, on the stage — and can be tried again; a right first try
 * scores. Instructor mode shows every answer and steps through freely. All text is set as text.
 */
import type { Lang, Lesson, RunStep } from '../../engine/lessons/types.js'
import { TOPICS } from '../../engine/lessons/types.js'
import type { Trace } from '../../engine/trace/types.js'
import { formatDiagnosticIn } from '../../i18n/diagnostics.js'
import { renderMessage } from '../../i18n/render.js'
import { buildSteps } from '../../render/tracePath.js'
import { currentLang } from '../i18n.js'
import { lessonLink, linkedLesson, openLessonEditor } from './authoring.js'
import { CATALOG, lessonText, loadCustom, openLesson } from './catalog.js'
import type { LessonLoad } from '../../engine/lessons/runLesson.js'
import type { LessonStage } from './init.js'
import { renderMarkdown } from './markdown.js'
import { progressOf, score, updateProgress } from './progress.js'
import { tr, valueLabel } from './text.js'
import './lessons.css'

interface Current {
  lesson: Lesson
  step: number
  /** The step's action has run on the stage (after an answer, or at once without a question). */
  revealed: boolean
  feedback: 'right' | 'wrong' | null
  /** The learner's last answer, kept across re-renders. */
  given: string | null
  finished: boolean
  /** The YAML of a lesson written or shared by a user (null: a shipped lesson). */
  custom: string | null
}

let stage: LessonStage
let current: Current | null = null
let instructor = false
let shownText: string | null = null
let panel: HTMLElement | null = null
/** The re-rendered part of the panel; the editor above it stays put (and keeps its focus). */
let content: HTMLElement | null = null
let editorSlot: HTMLElement | null = null
let picker: HTMLDialogElement | null = null

const lang = (): Lang => currentLang()
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text = '', cls = ''): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag)
  if (text) e.textContent = text
  if (cls) e.className = cls
  return e
}
const button = (text: string, id: string, onClick: () => void): HTMLButtonElement => {
  const b = el('button', text)
  b.id = id
  b.addEventListener('click', onClick)
  return b
}

export async function startLessonMode(s: LessonStage, id?: string, step?: number): Promise<void> {
  stage = s
  instructor = instructor || new URLSearchParams(location.search).get('instructor') === '1'
  ensureUi()
  if (id === 'custom') {
    const linked = await linkedLesson()
    if (linked && 'text' in linked) show(loadCustom(linked.text), 'custom', step ?? 0, linked.text)
    else show(null, linked ? linked.error : 'no lesson in this link', 0, null)
  } else if (id) open(id, step ?? 0)
  else showPicker()
}

function ensureUi(): void {
  if (!picker) {
    picker = el('dialog', '', 'lesson-picker')
    picker.id = 'lesson-picker'
    document.body.appendChild(picker)
    // The page's language switch re-renders the lesson in the new language.
    document.getElementById('lang')?.addEventListener('change', () => queueMicrotask(() => { render(); if (picker?.open) showPicker() }))
  }
  if (!panel) {
    panel = el('section', '', 'lesson-panel')
    panel.id = 'lesson-panel'
    panel.hidden = true
    editorSlot = el('div')
    content = el('div')
    panel.append(editorSlot, content)
    document.querySelector('main')?.prepend(panel)
  }
}

// ---- picker --------------------------------------------------------------------------------

function showPicker(): void {
  const d = picker!
  d.replaceChildren(el('h2', tr(lang(), 'pick')))
  for (const topic of TOPICS) {
    const entries = CATALOG.filter((e) => e.spec.topic === topic)
    if (!entries.length) continue
    d.appendChild(el('h3', tr(lang(), topic)))
    const list = el('ul')
    for (const e of entries) {
      const p = progressOf(e.id)
      const questions = e.spec.steps.filter((s) => s.question).length
      const li = el('li')
      const b = el('button', e.spec.title[lang()])
      b.dataset['lesson'] = e.id
      b.addEventListener('click', () => { d.close(); open(e.id, p.finished ? 0 : p.step) })
      const status = el('span', `${p.finished ? `✓ ${tr(lang(), 'done')} · ` : ''}${tr(lang(), 'score')} ${score(p)}/${questions}`, 'lesson-status')
      status.dataset['progress'] = e.id
      li.append(b, status)
      list.appendChild(li)
    }
    d.appendChild(list)
  }
  d.appendChild(button(tr(lang(), 'close'), 'lesson-picker-close', () => d.close()))
  if (!d.open) d.showModal()
}

// ---- opening and moving --------------------------------------------------------------------

/** The stage's canvas follows its box on window resize (pixi's resizeTo); the panel changes the box. */
function setPanelShown(shown: boolean): void {
  if (panel!.hidden === !shown) return
  panel!.hidden = !shown
  window.dispatchEvent(new Event('resize'))
}

function open(id: string, step: number): void {
  show(openLesson(id), id, step, null)
}

function show(r: LessonLoad | null, label: string, step: number, custom: string | null): void {
  setPanelShown(true)
  closeEditor()
  if (!r || !r.ok) {
    current = null
    content!.replaceChildren(el('h2', label), el('pre', r ? r.diagnostics.map((d) => formatDiagnosticIn(d, lang())).join('\n') : `no lesson "${label}"`, 'lesson-errors'), button(tr(lang(), 'lessons'), 'lesson-open-picker', showPicker))
    return
  }
  current = { lesson: r.lesson, step: 0, revealed: false, feedback: null, given: null, finished: false, custom }
  shownText = null
  document.body.dataset['lesson'] = r.lesson.id
  goto(Math.max(0, Math.min(step, r.lesson.steps.length - 1)))
}

function goto(i: number): void {
  const c = current!
  c.step = i
  c.feedback = null
  c.given = null
  c.finished = false
  const s = c.lesson.steps[i]!
  c.revealed = !s.answer
  updateProgress(c.lesson.id, (p) => ({ ...p, step: i }))
  const q = new URLSearchParams(location.search)
  q.set('lesson', c.custom !== null ? 'custom' : c.lesson.id)
  q.set('step', String(i + 1))
  history.replaceState(null, '', `${location.pathname}?${q.toString()}${location.hash}`)
  document.body.dataset['lessonStep'] = String(i + 1)
  delete document.body.dataset['lessonFeedback']
  // Before the answer, the stage shows the cluster as the previous step left it.
  showStage(c.revealed ? i : i - 1)
  render()
}

/** The stage as step `j` leaves it: its cluster, its latest trace or chain at the step that matters, its highlight. */
function showStage(j: number): void {
  const c = current!
  const s: RunStep | undefined = c.lesson.steps[j]
  // A chain plays on the cluster before its change.
  const text = s?.chain?.base ?? s?.topologyText ?? c.lesson.topologyText
  if (text !== shownText) {
    stage.load(text, `${c.lesson.topologyName ? `topologies/${c.lesson.topologyName}.yaml` : c.lesson.file}${j >= 0 ? ` (lesson step ${j + 1})` : ''}`)
    shownText = text
  }
  if (s?.chain) stage.chain(s.chain.change, s.chain.at)
  if (s?.trace) {
    const action = traceAction(c.lesson, j)
    if (action) stage.trace(action.from, action.to, action.pick, playbackIndex(s.trace, s.selected ?? s.answer?.hop ?? null))
  }
  const h = s?.highlight?.split('/')
  if (h) stage.highlight(h[0] === 'node' ? { kind: 'node', name: h[1]! } : h[0] === 'pod' ? { kind: 'pod', key: `${h[1]}/${h[2]}` } : null)
}

/** A `pod/ns/name` or `node/name` the narration names, selected on the stage. */
function pointAt(ref: string): void {
  const [kind, a, b] = ref.split('/')
  stage.highlight(kind === 'node' ? { kind: 'node', name: a! } : { kind: 'pod', key: `${a}/${b}` })
}

/** The trace action behind step j's latest trace (a what-if in between drops traces, so none is crossed). */
function traceAction(l: Lesson, j: number): { from: string; to: string; pick?: string } | null {
  for (let k = j; k >= 0; k--) {
    const a = l.steps[k]!.spec.action
    if (a?.kind === 'trace') return { from: a.from, to: a.to, ...(a.pick ? { pick: a.pick } : {}) }
  }
  return null
}

/** Where the playback stops: the selected hop, else where the first packet ended. */
function playbackIndex(t: Trace, sel: { index: number; reply: boolean } | null): number {
  const steps = buildSteps(t, { kind: 'underlay' })
  if (sel) {
    const k = steps.findIndex((s) => s.kind === 'hop' && s.phase === (sel.reply ? 'reply' : 'forward') && s.index === sel.index)
    if (k >= 0) return k
  }
  let last = Math.max(0, steps.length - 1)
  steps.forEach((s, k) => { if (s.kind === 'hop' && s.phase === 'forward') last = k })
  return last
}

// ---- answering -----------------------------------------------------------------------------

function check(): void {
  const c = current!
  const s = c.lesson.steps[c.step]!
  const a = s.answer
  if (!a) return
  const given = a.choices
    ? panel!.querySelector<HTMLInputElement>('input[name="lesson-answer"]:checked')?.value
    : panel!.querySelector<HTMLInputElement>('#lesson-text-answer')?.value.trim()
  if (!given) {
    panel!.querySelector('#lesson-feedback')!.textContent = tr(lang(), 'chooseOne')
    return
  }
  const right = given === a.value
  const id = c.lesson.id
  const step = c.step
  updateProgress(id, (p) => right
    ? { ...p, answered: { ...p.answered, [step]: { firstTry: !p.missed.includes(step) } } }
    : { ...p, missed: p.missed.includes(step) ? p.missed : [...p.missed, step] })
  c.feedback = right ? 'right' : 'wrong'
  c.given = given
  document.body.dataset['lessonFeedback'] = c.feedback
  // Right or wrong, the step's action now runs: the trace on the stage is the explanation.
  if (!c.revealed) showStage(step)
  c.revealed = true
  render()
}

function finish(): void {
  const c = current!
  c.finished = true
  updateProgress(c.lesson.id, (p) => ({ ...p, finished: true }))
  document.body.dataset['lessonFinished'] = c.lesson.id
  render()
}

function exit(): void {
  current = null
  closeEditor()
  setPanelShown(false)
  for (const k of ['lesson', 'lessonStep', 'lessonFeedback', 'lessonFinished']) delete document.body.dataset[k]
  history.replaceState(null, '', `${location.pathname}${location.hash}`)
}

// ---- the panel -----------------------------------------------------------------------------

function render(): void {
  const c = current
  if (!panel || !c) return
  const L = lang()
  const l = c.lesson
  const questions = l.steps.filter((s) => s.answer).length
  const head = el('div', '', 'lesson-head')
  const mode = el('label', '', 'lesson-instructor')
  const box = Object.assign(el('input'), { type: 'checkbox', checked: instructor, id: 'lesson-instructor' })
  box.addEventListener('change', () => { instructor = box.checked; render() })
  mode.append(box, document.createTextNode(` ${tr(L, 'instructor')}`))
  head.append(button(tr(L, 'lessons'), 'lesson-open-picker', showPicker), button(tr(L, 'edit'), 'lesson-edit', () => void toggleEditor()), Object.assign(button(tr(L, 'link'), 'lesson-link', () => void copyLink()), { title: tr(L, 'linkTitle') }), mode, button('×', 'lesson-exit', exit))
  const parts: HTMLElement[] = [head, el('h2', l.title[L]), el('p', `${tr(L, 'goal')}: ${l.goal[L]}`, 'lesson-goal')]
  if (c.finished) {
    const p = progressOf(l.id)
    const done = el('div', `${tr(L, 'finished')} — ${tr(L, 'score')} ${score(p)}/${questions}`, 'lesson-finished')
    done.id = 'lesson-finished'
    parts.push(done, button(tr(L, 'restart'), 'lesson-restart', () => { updateProgress(l.id, () => ({ answered: {}, missed: [], finished: false, step: 0 })); goto(0) }))
    content!.replaceChildren(...parts)
    return
  }
  const s = l.steps[c.step]!
  const pos = el('div', `${tr(L, 'step')} ${c.step + 1} ${tr(L, 'of')} ${l.steps.length}`, 'lesson-pos')
  pos.id = 'lesson-pos'
  parts.push(pos, renderMarkdown(s.spec.narration[L], pointAt))
  if (s.answer && s.spec.question) parts.push(questionBox(s, L))
  const nav = el('div', '', 'lesson-nav')
  const prev = button(tr(L, 'prev'), 'lesson-prev', () => goto(c.step - 1))
  prev.disabled = c.step === 0
  const last = c.step === l.steps.length - 1
  const next = button(last ? tr(L, 'finish') : tr(L, 'next'), 'lesson-next', () => (last ? finish() : goto(c.step + 1)))
  next.disabled = !instructor && !!s.answer && c.feedback !== 'right'
  nav.append(prev, next)
  parts.push(nav)
  if (instructor) parts.push(answerKey(l, L))
  content!.replaceChildren(...parts)
}

function questionBox(s: RunStep, L: Lang): HTMLElement {
  const a = s.answer!
  const box = el('div', '', 'lesson-question')
  box.appendChild(el('p', s.spec.question!.text[L], 'lesson-ask'))
  if (a.choices) {
    for (const [n, choice] of a.choices.entries()) {
      const label = el('label', '', 'lesson-choice')
      const input = Object.assign(el('input'), { type: 'radio', name: 'lesson-answer', value: choice, id: `lesson-choice-${n}`, checked: choice === current!.given })
      label.append(input, document.createTextNode(` ${valueLabel(L, choice)}`))
      box.appendChild(label)
    }
  } else {
    const input = Object.assign(el('input'), { type: 'text', id: 'lesson-text-answer', placeholder: tr(L, 'yourAnswer'), autocomplete: 'off', value: current!.given ?? '' })
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') check() })
    box.appendChild(input)
  }
  box.appendChild(button(tr(L, 'check'), 'lesson-check', check))
  const fb = el('div', '', 'lesson-feedback')
  fb.id = 'lesson-feedback'
  const c = current!
  if (c.feedback) {
    fb.dataset['feedback'] = c.feedback
    fb.appendChild(el('strong', c.feedback === 'right' ? `${tr(L, 'correct')} ${tr(L, 'answer')}: ${valueLabel(L, a.value)}` : tr(L, 'wrong')))
    fb.appendChild(el('div', `${tr(L, 'why')}:`, 'lesson-why-title'))
    const why = el('pre', renderMessage(a.evidence, L), 'lesson-why')
    why.id = 'lesson-why'
    fb.appendChild(why)
  }
  box.appendChild(fb)
  if (instructor) box.appendChild(el('div', `${tr(L, 'answer')}: ${valueLabel(L, a.value)}`, 'lesson-instructor-answer'))
  return box
}

function answerKey(l: Lesson, L: Lang): HTMLElement {
  const box = el('details', '', 'lesson-key')
  box.appendChild(el('summary', tr(L, 'allAnswers')))
  const list = el('ol')
  l.steps.forEach((s, i) => {
    if (!s.answer || !s.spec.question) return
    const li = el('li', `${tr(L, 'step')} ${i + 1}: ${s.spec.question.text[L]} — ${valueLabel(L, s.answer.value)}`)
    li.addEventListener('click', () => goto(i))
    list.appendChild(li)
  })
  box.appendChild(list)
  return box
}

// ---- authoring -----------------------------------------------------------------------------

let editorBox: HTMLElement | null = null

/** The lesson's YAML in the editor; every version that loads whole replaces the lesson at the same step. */
async function toggleEditor(): Promise<void> {
  const c = current
  if (!c) return
  if (editorBox) {
    closeEditor()
    return
  }
  const text = c.custom ?? lessonText(c.lesson.id) ?? ''
  editorBox = el('div', '', 'lesson-editor')
  const status = el('pre', '', 'lesson-editor-status')
  status.id = 'lesson-editor-status'
  const box = el('div', '', 'lesson-editor-text')
  editorBox.append(status, box)
  editorSlot!.replaceChildren(editorBox)
  await openLessonEditor(box, status, text, (lesson, t) => {
    const at = current?.step ?? 0
    current = { lesson, step: 0, revealed: false, feedback: null, given: null, finished: false, custom: t }
    shownText = null
    document.body.dataset['lesson'] = lesson.id
    goto(Math.min(at, lesson.steps.length - 1))
  })
  document.body.dataset['lessonEditor'] = 'ready'
}

function closeEditor(): void {
  editorBox = null
  editorSlot?.replaceChildren()
  delete document.body.dataset['lessonEditor']
}

async function copyLink(): Promise<void> {
  const c = current
  if (!c) return
  // A shipped lesson is linked by id; an edited or shared one carries its own text.
  const link = c.custom === null ? `${location.origin}${location.pathname}?lesson=${encodeURIComponent(c.lesson.id)}&step=${c.step + 1}` : await lessonLink(c.custom, c.step)
  try { await navigator.clipboard.writeText(link) } catch { /* clipboard denied: the link is on the button */ }
  document.getElementById('lesson-link')?.setAttribute('data-link', link)
}
