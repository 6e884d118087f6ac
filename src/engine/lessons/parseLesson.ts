/**
 * Reads a lesson file (YAML) into a LessonSpec, or located errors: every problem is reported
 * at its line and column with a hint, and a lesson with any error is not returned at all.
 */
import { LineCounter, isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml'
import type { Diagnostic } from '../../model/load/diagnostics.js'
import type { WhatIfKind } from '../../model/edit/whatIf.js'
import {
  ACTION_KINDS, LANGS, QUESTION_KINDS, TOPICS, type At, type HopMatcher, type LessonAction, type LessonSpec, type LessonText,
  type QuestionKind, type QuestionSpec, type StepSpec, type Topic,
} from './types.js'

type Path = readonly (string | number)[]
export type ResolveTopology = (name: string) => string | null
export type Parsed = { ok: true; spec: LessonSpec } | { ok: false; diagnostics: Diagnostic[] }

const WHAT_IFS: readonly WhatIfKind[] = ['scale', 'drain', 'etp', 'deny', 'delete']
/**
 * What a lesson plays through the control plane: applying a manifest. Scaling, draining and
 * deleting place pods where a history put them (host-local hands out the address after the
 * last one reserved), which the topology text after the change cannot state; lessons use
 * whatIf for those.
 */
const CHAIN_WHAT_IFS: readonly WhatIfKind[] = ['apply', 'deny']
const LESSON_KEYS = ['id', 'topic', 'order', 'title', 'goal', 'topology', 'steps']
const STEP_KEYS = ['narration', 'question', ...ACTION_KINDS]
const QUESTION_KEYS = ['ask', 'en', 'ko', 'format', 'service', 'pod', 'node', 'distractors']
const IP_ANSWERS: readonly QuestionKind[] = ['server-sees', 'client-sees', 'outer-dst', 'cluster-ip']

class Reader {
  readonly diagnostics: Diagnostic[] = []
  constructor(readonly file: string, readonly at: At) {}
  error(path: Path, message: string, hint?: string, key = false): void {
    const p = this.at(path, key)
    this.diagnostics.push({ severity: 'error', file: this.file, line: p.line, col: p.col, message, ...(hint ? { hint } : {}) })
  }
  map(v: unknown, path: Path, what: string): Record<string, unknown> | null {
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>
    this.error(path, `${what} must be a mapping`)
    return null
  }
  str(v: unknown, path: Path, what: string): string | null {
    if (typeof v === 'string' && v.trim()) return v
    if (typeof v === 'number') return String(v)
    this.error(path, `${what} must be non-empty text`)
    return null
  }
  keys(m: Record<string, unknown>, path: Path, allowed: readonly string[], what: string, hint?: string): void {
    for (const k of Object.keys(m)) if (!allowed.includes(k)) this.error([...path, k], `unknown ${what} "${k}"`, hint ?? `known: ${allowed.join(', ')}`, true)
  }
  /** Text in both languages: `{ en: ..., ko: ... }`. */
  text(v: unknown, path: Path, what: string): LessonText | null {
    const m = this.map(v, path, `${what} (English and Korean: { en: ..., ko: ... })`)
    if (!m) return null
    this.keys(m, path, LANGS, 'language', 'write en and ko')
    const out: Partial<Record<string, string>> = {}
    for (const lang of LANGS) {
      const t = m[lang]
      if (typeof t !== 'string' || !t.trim()) this.error(lang in m ? [...path, lang] : path, `${what} has no ${lang === 'en' ? 'English' : 'Korean'} text (${lang})`, `add ${lang}: under ${path.join('.')}`)
      else out[lang] = t.trim()
    }
    return out.en && out.ko ? { en: out.en, ko: out.ko } : null
  }
}

function locate(text: string): { data: unknown; at: At; syntax: { line: number; col: number; message: string }[] } {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true })
  const syntax = doc.errors.map((e) => ({ ...lc.linePos(e.pos[0]), message: e.message.split('\n')[0] ?? '' }))
  const at: At = (path, key = false) => {
    for (let n = path.length; n >= 0; n--) {
      // An unknown key is shown at the key; a bad value at the value (a missing one at its key).
      const parent = doc.getIn(path.slice(0, n - 1), true) as YamlNode | undefined
      const value = doc.getIn(path.slice(0, n), true) as YamlNode | undefined
      if (n > 0 && isMap(parent) && (key || n < path.length || !value)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[n - 1])
        const r = pair && isScalar(pair.key) ? pair.key.range : undefined
        if (r) return lc.linePos(r[0])
      }
      const range = value && typeof value === 'object' && 'range' in value ? value.range : undefined
      if (range) return lc.linePos(range[0])
    }
    return { line: 1, col: 1 }
  }
  return { data: syntax.length ? null : doc.toJS({ maxAliasCount: 100 }), at, syntax }
}

function hopMatcher(r: Reader, v: unknown, path: Path): HopMatcher | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1 ? { number: v, reply: false } : (r.error(path, 'a hop number counts from 1'), null)
  const m = r.map(v, path, 'select (a hop number, or { kind, hook, node, device, number, reply })')
  if (!m) return null
  r.keys(m, path, ['number', 'kind', 'hook', 'node', 'device', 'reply'], 'hop field')
  const s = (k: string): string | undefined => (typeof m[k] === 'string' ? (m[k] as string) : undefined)
  if (m['number'] !== undefined && !(Number.isInteger(m['number']) && (m['number'] as number) >= 1)) r.error([...path, 'number'], 'a hop number counts from 1')
  const out: HopMatcher = {
    reply: m['reply'] === true,
    ...(typeof m['number'] === 'number' ? { number: m['number'] } : {}),
    ...(s('kind') ? { kind: s('kind')! } : {}), ...(s('hook') ? { hook: s('hook')! } : {}),
    ...(s('node') ? { node: s('node')! } : {}), ...(s('device') ? { device: s('device')! } : {}),
  }
  if (Object.keys(out).length === 1) r.error(path, 'select names no hop', 'give a hop number or at least one of kind, hook, node, device')
  return out
}

function action(r: Reader, kind: string, v: unknown, path: Path): LessonAction | null {
  switch (kind) {
    case 'trace': {
      const m = r.map(v, path, 'trace (from, to, proto, pick, seed)')
      if (!m) return null
      r.keys(m, path, ['from', 'to', 'proto', 'pick', 'seed'], 'trace field')
      const from = r.str(m['from'], [...path, 'from'], 'trace.from')
      const to = r.str(m['to'], [...path, 'to'], 'trace.to')
      const proto = m['proto']
      if (proto !== undefined && proto !== 'tcp' && proto !== 'udp') r.error([...path, 'proto'], `proto must be tcp or udp, not "${String(proto)}"`)
      if (m['seed'] !== undefined && !Number.isInteger(m['seed'])) r.error([...path, 'seed'], 'seed must be a whole number')
      if (!from || !to) return null
      return {
        kind: 'trace', from, to, ...(proto === 'udp' || proto === 'tcp' ? { proto } : {}),
        ...(m['pick'] !== undefined ? { pick: String(m['pick']) } : {}), ...(typeof m['seed'] === 'number' ? { seed: m['seed'] } : {}),
      }
    }
    case 'dig': {
      const m = r.map(v, path, 'dig (from, name, type)')
      if (!m) return null
      r.keys(m, path, ['from', 'name', 'type'], 'dig field')
      const from = r.str(m['from'], [...path, 'from'], 'dig.from')
      const name = r.str(m['name'], [...path, 'name'], 'dig.name')
      const type = m['type'] ?? 'A'
      if (!['A', 'AAAA', 'SRV', 'PTR'].includes(String(type))) r.error([...path, 'type'], `dig.type must be A, AAAA, SRV or PTR, not "${String(type)}"`)
      if (!from || !name) return null
      return { kind: 'dig', from, name, type: String(type) as 'A' }
    }
    case 'whatIf':
    case 'controlPlane': {
      const m = r.map(v, path, `${kind} (kind, target, value)`)
      if (!m) return null
      r.keys(m, path, ['kind', 'target', 'value'], `${kind} field`)
      const k = String(m['kind'] ?? '')
      // The control plane plays what kubectl sends; eTP and kube-proxy's mode are field edits.
      const kinds = kind === 'controlPlane' ? CHAIN_WHAT_IFS : WHAT_IFS
      if (!kinds.includes(k as WhatIfKind)) r.error([...path, 'kind'], `unknown ${kind} kind "${k}"`, `kinds: ${kinds.join(', ')}`)
      const target = r.str(m['target'], [...path, 'target'], `${kind}.target`)
      if (k === 'scale' && !Number.isInteger(m['value'])) r.error([...path, 'value'], 'scale needs value: the number of replicas')
      if (!target || !kinds.includes(k as WhatIfKind)) return null
      return { kind, whatIf: k as WhatIfKind, target, value: typeof m['value'] === 'number' ? m['value'] : 0 }
    }
    case 'select': {
      const hop = hopMatcher(r, v, path)
      return hop ? { kind: 'select', hop } : null
    }
    case 'highlight': {
      const object = r.str(v, path, 'highlight (pod/<ns>/<name>, service/<ns>/<name>, node/<name> or external/<name>)')
      return object ? { kind: 'highlight', object } : null
    }
  }
  return null
}

function question(r: Reader, v: unknown, path: Path): QuestionSpec | null {
  const m = r.map(v, path, 'question')
  if (!m) return null
  r.keys(m, path, QUESTION_KEYS, 'question field')
  const ask = String(m['ask'] ?? '')
  if (!(QUESTION_KINDS as readonly string[]).includes(ask)) {
    r.error('ask' in m ? [...path, 'ask'] : path, `unknown question kind "${ask}"`, `kinds: ${QUESTION_KINDS.join(', ')}`)
    return null
  }
  const text = r.text({ en: m['en'], ko: m['ko'] }, path, 'the question')
  const format = m['format'] ?? 'choice'
  if (format !== 'choice' && format !== 'text') r.error([...path, 'format'], `format must be choice or text, not "${String(format)}"`)
  if (format === 'text' && !IP_ANSWERS.includes(ask as QuestionKind)) r.error([...path, 'format'], `a ${ask} question cannot be free text`, `free text is for IP answers: ${IP_ANSWERS.join(', ')}`)
  if (m['node'] !== undefined && !/^[a-z0-9.-]+$/.test(String(m['node']))) r.error([...path, 'node'], 'node must be a node name')
  for (const k of ['service', 'pod'] as const) if (m[k] !== undefined && !/^[a-z0-9.-]+\/[a-z0-9.-]+$/.test(String(m[k]))) r.error([...path, k], `${k} must be <namespace>/<name>`)
  const d = m['distractors']
  if (d !== undefined && (!Array.isArray(d) || d.some((x) => typeof x !== 'string' && typeof x !== 'number'))) r.error([...path, 'distractors'], 'distractors must be a list of answers')
  if (!text) return null
  return {
    ask: ask as QuestionKind, text, format: format === 'text' ? 'text' : 'choice',
    ...(m['service'] !== undefined ? { service: String(m['service']) } : {}), ...(m['pod'] !== undefined ? { pod: String(m['pod']) } : {}),
    ...(m['node'] !== undefined ? { node: String(m['node']) } : {}),
    ...(Array.isArray(d) ? { distractors: d.map(String) } : {}),
  }
}

function step(r: Reader, v: unknown, path: Path): StepSpec | null {
  const m = r.map(v, path, 'a step')
  if (!m) return null
  r.keys(m, path, STEP_KEYS, 'step field', `a step has narration, optionally one action (${ACTION_KINDS.join(', ')}) and a question`)
  const narration = r.text(m['narration'], 'narration' in m ? [...path, 'narration'] : path, 'narration')
  const kinds = ACTION_KINDS.filter((k) => k in m)
  if (kinds.length > 1) r.error([...path, kinds[1]!], `a step has one action; this one has ${kinds.join(' and ')}`, 'split it into two steps')
  const act = kinds[0] ? action(r, kinds[0], m[kinds[0]], [...path, kinds[0]]) : null
  const q = 'question' in m ? question(r, m['question'], [...path, 'question']) : null
  if (!narration) return null
  return { narration, action: act, question: q }
}

/** Where an inline topology's first line sits in the lesson file: a block scalar starts a line below its `|`. */
function inlineStart(text: string, at: At): { line: number; indent: number } {
  const line = at(['topology', 'documents']).line + 1
  const indent = /^( *)/.exec(text.split('\n')[line - 1] ?? '')?.[1]?.length ?? 0
  return { line, indent }
}

export function parseLesson(file: string, text: string, resolveTopology: ResolveTopology): Parsed {
  const { data, at, syntax } = locate(text)
  const r = new Reader(file, at)
  if (syntax.length) {
    for (const s of syntax.filter((x, i) => syntax.findIndex((y) => y.line === x.line && y.col === x.col) === i)) r.diagnostics.push({ severity: 'error', file, line: s.line, col: s.col, message: `YAML syntax: ${s.message}`, hint: 'check indentation (spaces only)' })
    return { ok: false, diagnostics: r.diagnostics }
  }
  const m = r.map(data, [], 'a lesson')
  if (!m) return { ok: false, diagnostics: r.diagnostics }
  r.keys(m, [], LESSON_KEYS, 'lesson field')
  const base = file.split('/').pop()!.replace(/\.ya?ml$/, '')
  const id = r.str(m['id'], ['id'], 'id') ?? base
  if (id !== base && /^[a-z0-9-]+$/.test(base)) r.error(['id'], `id "${id}" is not the file name "${base}"`, `rename the file to ${id}.yaml or set id: ${base}`)
  const topic = String(m['topic'] ?? '')
  if (!(TOPICS as readonly string[]).includes(topic)) r.error(['topic'], `unknown topic "${topic}"`, `topics: ${TOPICS.join(', ')}`)
  const order = m['order']
  if (!Number.isInteger(order)) r.error(['order'], 'order must be a whole number (its place in the course)')
  const title = r.text(m['title'], ['title'], 'title')
  const goal = r.text(m['goal'], ['goal'], 'goal')
  let topologyName: string | null = null
  let topologyText: string | null = null
  const t = m['topology']
  if (typeof t === 'string') {
    topologyText = resolveTopology(t)
    topologyName = t
    if (topologyText === null) r.error(['topology'], `no built-in topology "${t}"`, 'use a name from topologies/ or { documents: | ... } with the YAML inline')
  } else {
    const tm = r.map(t, ['topology'], 'topology (a built-in name or { documents: | ... })')
    if (tm) {
      r.keys(tm, ['topology'], ['documents'], 'topology field')
      topologyText = r.str(tm['documents'], ['topology', 'documents'], 'topology.documents')
    }
  }
  const steps = m['steps']
  const parsedSteps: (StepSpec | null)[] = []
  if (!Array.isArray(steps) || steps.length === 0) r.error(['steps'], 'a lesson needs steps: a list of { narration, action, question }')
  else steps.forEach((s, i) => parsedSteps.push(step(r, s, ['steps', i])))
  if (r.diagnostics.length || !title || !goal || topologyText === null || parsedSteps.some((s) => s === null)) return { ok: false, diagnostics: r.diagnostics }
  return {
    ok: true,
    spec: { id, file, topic: topic as Topic, order: order as number, title, goal, topologyName, topologyText, topologyInline: topologyName === null ? inlineStart(text, at) : null, steps: parsedSteps as StepSpec[], at },
  }
}
