/** `kube-netlab lessons` and `kube-netlab lesson <id|file> --check|--print [--lang ko]`. */
import { formatDiagnostic, type Diagnostic } from '../model/load/diagnostics.js'
import { loadLesson, type LessonLoad } from '../engine/lessons/runLesson.js'
import type { Lang, Lesson } from '../engine/lessons/types.js'
import type { CliIo } from './io.js'
import { formatWorksheet } from './lessonWorksheet.js'

export const LESSON_USAGE = `kube-netlab lessons [--json]
kube-netlab lesson <id|file> --check [--json]
kube-netlab lesson <id|file> --print [--lang en|ko]

  lessons   lists the shipped lessons (lessons/*.yaml): id, topic, title, steps, questions
  --check   runs every step through the engine: every question answerable, every distractor
            wrong, every pod, Service and address the narration names present; exit 1 with
            file:line:col errors otherwise
  --print   the lesson as a worksheet (Markdown): questions, then an answer key
`

const lessonsDir = (io: CliIo): string => io.topologiesDir.replace(/topologies\/?$/, 'lessons')

function resolver(io: CliIo): (name: string) => string | null {
  return (name) => (/^[a-z0-9-]+$/.test(name) ? io.readFile(`${io.topologiesDir}/${name}.yaml`) : null)
}

function loadArg(arg: string, io: CliIo): { file: string; load: LessonLoad } | null {
  for (const path of [arg, `${lessonsDir(io)}/${arg}.yaml`]) {
    if (io.fileSize(path) === null) continue
    const text = io.readFile(path)
    if (text === null) continue
    const file = io.displayPath(path)
    return { file, load: loadLesson(file, text, resolver(io)) }
  }
  return null
}

/** Every shipped lesson, in course order. */
export function shippedLessons(io: CliIo): { file: string; load: LessonLoad }[] {
  const names = (io.listDir?.(lessonsDir(io)) ?? []).filter((f) => /^[a-z0-9-]+\.yaml$/.test(f)).sort()
  const loaded = names.map((f) => loadArg(`${lessonsDir(io)}/${f}`, io)!).filter(Boolean)
  const order = (l: LessonLoad): number => (l.ok ? l.lesson.order : Number.MAX_SAFE_INTEGER)
  return loaded.sort((a, b) => order(a.load) - order(b.load))
}

const questions = (l: Lesson): number => l.steps.filter((s) => s.answer).length
const printErrors = (ds: readonly Diagnostic[], io: CliIo): void => io.stderr(ds.map((d) => `${formatDiagnostic(d)}\n`).join(''))

export function runLessons(io: CliIo, json: boolean): number {
  const all = shippedLessons(io)
  const bad = all.filter((l) => !l.load.ok)
  const good = all.flatMap((l) => (l.load.ok ? [l.load.lesson] : []))
  if (json) io.stdout(`${JSON.stringify(good.map((l) => ({ id: l.id, topic: l.topic, order: l.order, title: l.title, topology: l.topologyName, steps: l.steps.length, questions: questions(l) })), null, 2)}\n`)
  else {
    const rows = [['ID', 'TOPIC', 'STEPS', 'QUESTIONS', 'TITLE'], ...good.map((l) => [l.id, l.topic, String(l.steps.length), String(questions(l)), `${l.title.en} / ${l.title.ko}`])]
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
    io.stdout(rows.map((r) => r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]!))).join('   ')).join('\n') + '\n')
  }
  for (const l of bad) if (!l.load.ok) printErrors(l.load.diagnostics, io)
  return bad.length ? 1 : 0
}

export function runLesson(args: readonly string[], io: CliIo, json: boolean): number {
  const known = ['--check', '--print', '--lang']
  const unknown = args.find((a, i) => a.startsWith('--') && !known.includes(a) && args[i - 1] !== '--lang')
  const [target, ...rest] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--lang')
  const langAt = args.indexOf('--lang')
  const lang = langAt >= 0 ? args[langAt + 1] : 'en'
  if (unknown || !target || rest.length || (lang !== 'en' && lang !== 'ko') || args.includes('--check') === args.includes('--print')) {
    io.stderr(`error: ${unknown ? `unknown option ${unknown}` : lang !== 'en' && lang !== 'ko' ? `--lang must be en or ko, not "${lang}"` : 'lesson needs a lesson id or file and one of --check or --print'}\n\n${LESSON_USAGE}`)
    return 2
  }
  const found = loadArg(target, io)
  if (!found) {
    const ids = shippedLessons(io).flatMap((l) => (l.load.ok ? [l.load.lesson.id] : []))
    io.stderr(`error: no lesson "${target}"\n  hint: lessons: ${ids.join(', ')}\n`)
    return 1
  }
  const { load } = found
  if (!load.ok) {
    if (json) io.stdout(`${JSON.stringify({ ok: false, diagnostics: load.diagnostics }, null, 2)}\n`)
    else printErrors(load.diagnostics, io)
    return 1
  }
  const l = load.lesson
  if (args.includes('--print')) {
    io.stdout(formatWorksheet(l, lang))
    return 0
  }
  if (json) io.stdout(`${JSON.stringify({ ok: true, id: l.id, steps: l.steps.length, questions: l.steps.flatMap((s) => (s.answer ? [{ ask: s.spec.question!.ask, answer: s.answer.value, choices: s.answer.choices }] : [])) }, null, 2)}\n`)
  else io.stdout(`${found.file}: ok — lesson ${l.id}: ${l.steps.length} steps, ${questions(l)} questions answered by the engine\n`)
  return 0
}

export type { Lang }
