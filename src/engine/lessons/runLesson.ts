/**
 * Loads a lesson the only way it is ever used: parse it, build its topology, run every step's
 * action through the engine (trace, dig, what-if, hop selection, highlight), compute every
 * question's answer and options, and check that the narration names only what exists. Any
 * problem is a located error and no Lesson is returned: a lesson never half-loads.
 */
import { applyWhatIf, whatIfTargets } from '../../model/edit/whatIf.js'
import { loadModel } from '../../model/derive/buildModel.js'
import type { Diagnostic } from '../../model/load/diagnostics.js'
import type { Model } from '../../model/model.js'
import { dig, type DigResult } from '../dns/dig.js'
// Lesson-check diagnostics are English text like the loader's (src/i18n/diagnostics.ts translates
// known ones); the engine's request errors are messages, rendered here in English for them.
import { renderMessage } from '../../i18n/render.js'
import { trace } from '../trace/trace.js'
import type { Hop, Trace } from '../trace/types.js'
import { playChainAction } from './chainAction.js'
import { parseLesson, type ResolveTopology } from './parseLesson.js'
import { computeAnswer } from './questions.js'
import { badReferences } from './references.js'
import { LANGS, type HopMatcher, type Lesson, type LessonChain, type LessonSpec, type RunStep } from './types.js'

export type LessonLoad = { ok: true; lesson: Lesson } | { ok: false; diagnostics: Diagnostic[] }

function matches(h: Hop, m: HopMatcher): boolean {
  if (m.kind && h.kind !== m.kind) return false
  if (m.hook && h.hook !== m.hook) return false
  if (m.device && h.device !== m.device) return false
  // `node` means the node's own network namespace, not a pod that runs on it.
  if (m.node && !(h.place.kind === 'node' && h.place.node === m.node)) return false
  return true
}

function findHop(t: Trace, m: HopMatcher): number {
  const hops = m.reply ? t.reply?.hops ?? [] : t.hops
  if (m.number !== undefined) return m.number <= hops.length && matches(hops[m.number - 1]!, m) ? m.number - 1 : -1
  return hops.findIndex((h) => matches(h, m))
}

function objectExists(model: Model, ref: string): boolean {
  const [kind, a, b, extra] = ref.split('/')
  if (extra !== undefined || !a) return false
  switch (kind) {
    case 'pod': return model.pods.some((p) => p.namespace === a && p.name === b)
    case 'service': return model.services.some((s) => s.namespace === a && s.name === b)
    case 'node': return b === undefined && model.nodes.some((n) => n.name === a)
    case 'external': return b === undefined && model.cluster.externalClients.some((e) => e.name === a)
  }
  return false
}

function build(spec: LessonSpec, text: string, label: string): { model: Model } | { diagnostics: Diagnostic[] } {
  const r = loadModel(label, text)
  return r.ok ? { model: r.model } : { diagnostics: r.diagnostics.filter((d) => d.severity === 'error') }
}

export function loadLesson(file: string, text: string, resolveTopology: ResolveTopology): LessonLoad {
  const parsed = parseLesson(file, text, resolveTopology)
  if (!parsed.ok) return parsed
  const spec = parsed.spec
  const diagnostics: Diagnostic[] = []
  const lines = text.split('\n')
  const err = (path: readonly (string | number)[], message: string, hint?: string): void => {
    const p = spec.at(path)
    diagnostics.push({ severity: 'error', file, line: p.line, col: p.col, message, ...(hint ? { hint } : {}) })
  }
  const topologyLabel = spec.topologyName ? `topologies/${spec.topologyName}.yaml` : file
  const first = build(spec, spec.topologyText, topologyLabel)
  if ('diagnostics' in first) {
    const inline = spec.topologyInline
    const shifted = inline ? first.diagnostics.map((d) => ({ ...d, file, line: inline.line + d.line - 1, col: d.col + inline.indent })) : first.diagnostics
    return { ok: false, diagnostics: shifted.length ? shifted : [{ severity: 'error', file, line: 1, col: 1, message: 'the topology does not load' }] }
  }

  let model = first.model
  let topologyText = spec.topologyText
  let tr: Trace | null = null
  let dg: DigResult | null = null
  let chain: LessonChain | null = null
  const steps: RunStep[] = []
  spec.steps.forEach((s, i) => {
    const before = model
    let selected: RunStep['selected'] = null
    let highlight: string | null = null
    let latest: 'trace' | 'dig' | null = null
    const a = s.action
    const ap = ['steps', i, a?.kind ?? 'narration']
    if (a?.kind === 'trace') {
      const r = trace(model, { from: a.from, to: a.to, ...(a.proto ? { proto: a.proto } : {}), ...(a.pick ? { pick: a.pick } : {}), ...(a.seed !== undefined ? { seed: a.seed } : {}) })
      if (!r.ok) err(ap, `the trace cannot run: ${renderMessage(r.error)}`, r.hint && renderMessage(r.hint))
      else {
        tr = r.trace
        chain = null
        latest = 'trace'
        // The engine falls back to its seeded choice when a pin matches nothing; a lesson must not.
        if (a.pick && !r.trace.choices.some((c) => c.phase === 'connection' && c.how !== 'seeded')) err([...ap, 'pick'], `pick ${a.pick} matches no endpoint kube-proxy chooses from`, `endpoints: ${r.trace.choices.filter((c) => c.phase === 'connection').flatMap((c) => c.alternatives.map((x) => x.label)).join(', ') || 'none (no random choice in this trace)'}`)
      }
    } else if (a?.kind === 'dig') {
      const r = dig(model, { from: a.from, name: a.name, ...(a.type ? { type: a.type } : {}) })
      if (r.ok) { dg = r.dig; chain = null; latest = 'dig' } else err(ap, `the dig cannot run: ${renderMessage(r.error)}`, r.hint && renderMessage(r.hint))
    } else if (a?.kind === 'whatIf') {
      const targets = whatIfTargets(a.whatIf, topologyText).map(([v]) => v)
      if (!targets.includes(a.target)) err([...ap, 'target'], `${a.whatIf} has no target "${a.target}" in this topology`, targets.length ? `targets: ${targets.join(', ')}` : `this topology offers nothing to ${a.whatIf}`)
      else {
        const next = applyWhatIf(a.whatIf, a.target, a.value, topologyText)
        const r = build(spec, next, `${topologyLabel} after ${a.whatIf} ${a.target}`)
        if ('diagnostics' in r) err(ap, `after the what-if the topology does not load: ${r.diagnostics[0]?.message ?? ''}`)
        else {
          topologyText = next
          model = r.model
          // Traces, digs and chains describe the cluster before the change.
          tr = null
          dg = null
          chain = null
        }
      }
    } else if (a?.kind === 'controlPlane') {
      const targets = whatIfTargets(a.whatIf, topologyText).map(([v]) => v)
      if (!targets.includes(a.target)) err([...ap, 'target'], `${a.whatIf} has no target "${a.target}" in this topology`, targets.length ? `targets: ${targets.join(', ')}` : `this topology offers nothing to ${a.whatIf}`)
      else {
        const r = playChainAction(a, model, topologyText, topologyLabel)
        if (!r.ok) err(ap, r.message, r.hint)
        else {
          chain = { change: r.change, base: topologyText, result: r.result, at: r.result.steps.length - 1 }
          topologyText = r.text
          model = r.model
          tr = null
          dg = null
        }
      }
    } else if (a?.kind === 'select') {
      if (!tr) err(ap, 'select needs a trace in this step or an earlier one', 'add a trace action before it')
      else {
        const t: Trace = tr
        const index = findHop(t, a.hop)
        if (index < 0) err(ap, 'no hop of the latest trace matches this selection', `hops: ${(a.hop.reply ? t.reply?.hops ?? [] : t.hops).map((h, n) => `${n + 1} ${h.hook ?? h.kind}${h.device ? ` ${h.device}` : ''}`).join(', ')}`)
        else selected = { index, reply: a.hop.reply }
      }
    } else if (a?.kind === 'highlight') {
      if (!objectExists(model, a.object)) err(ap, `no ${a.object} in the topology`, 'use pod/<ns>/<name>, service/<ns>/<name>, node/<name> or external/<name>')
      else highlight = a.object
    }
    let answer: RunStep['answer'] = null
    if (s.question) {
      const c = computeAnswer(s.question, { model, trace: tr, dig: dg, latest, selected, chain: chain?.result ?? null, key: `${spec.id}#${i}` })
      if (c.ok) answer = c.answer
      else err(['steps', i, 'question', 'ask'], `the engine cannot answer this question: ${c.error}`, c.hint)
    }
    const texts: [readonly (string | number)[], string][] = [
      ...LANGS.map((l): [readonly (string | number)[], string] => [['steps', i, 'narration', l], s.narration[l]]),
      ...(s.question ? LANGS.map((l): [readonly (string | number)[], string] => [['steps', i, 'question', l], s.question!.text[l]]) : []),
    ]
    for (const [path, t] of texts) {
      for (const b of badReferences(t, [before, model])) {
        // A multi-line text is a block scalar: its first line is the one below the key.
        const before = t.slice(0, t.indexOf(b.ref)).split('\n')
        const p = spec.at(path)
        const line = t.includes('\n') ? p.line + 1 + before.length - 1 : p.line
        // In a block the text starts at the line's indentation; on one line, find the reference in it.
        const fileLine = lines[line - 1] ?? ''
        const found = fileLine.indexOf(b.ref)
        const col = found >= 0 ? found + 1 : p.col
        diagnostics.push({ severity: 'error', file, line, col, message: `the text names ${b.ref}: ${b.why}`, hint: 'name only what this step\'s topology has (kube-netlab show <topology> cluster)' })
      }
    }
    // A chain question shows the chain at the step that answers it; otherwise the chain's end.
    const shown = chain && answer?.hop && s.question && ['scheduled-node', 'sep-chains'].includes(s.question.ask) ? { ...chain, at: answer.hop.index } : chain
    steps.push({ spec: s, topologyText, trace: tr, chain: shown, dig: dg, selected, highlight, answer })
  })
  if (diagnostics.length) return { ok: false, diagnostics }
  const { at: _at, steps: _steps, ...rest } = spec
  return { ok: true, lesson: { ...rest, steps } }
}
