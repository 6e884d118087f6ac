/**
 * Writing a lesson in the browser: the lesson's YAML in the lab's editor, checked on every
 * change exactly like `kube-netlab lesson --check` (errors underlined at their line and
 * column, the lesson replaced only when it loads whole), and a link that carries the lesson.
 */
import type { LessonLoad } from '../../engine/lessons/runLesson.js'
import type { Lesson } from '../../engine/lessons/types.js'
import { formatDiagnostic } from '../../model/load/diagnostics.js'
import type { YamlEditor } from '../editor.js'
import { deflate, inflate } from '../share.js'
import { loadCustom } from './catalog.js'

const HASH = '#lesson='

export async function lessonLink(text: string, step: number): Promise<string> {
  return `${location.origin}${location.pathname}?lesson=custom&step=${step + 1}${HASH}${await deflate(text)}`
}

/** The lesson text a link carries, or null; a damaged one is an error message. */
export async function linkedLesson(): Promise<{ text: string } | { error: string } | null> {
  if (!location.hash.startsWith(HASH)) return null
  try {
    return { text: await inflate(location.hash.slice(HASH.length)) }
  } catch {
    return { error: 'the lesson in this link is damaged' }
  }
}

export interface LessonEditor { readonly editor: YamlEditor }

/**
 * Opens the editor in `box` with `text`; `onLesson` gets every version that loads whole, and
 * `status` shows the located errors of the others.
 */
export async function openLessonEditor(box: HTMLElement, status: HTMLElement, text: string, onLesson: (lesson: Lesson, text: string) => void): Promise<LessonEditor> {
  const { createEditor } = await import('../editor.js')
  let timer: ReturnType<typeof setTimeout> | null = null
  const check = (t: string): void => {
    const r: LessonLoad = loadCustom(t)
    editor.showDiagnostics(r.ok ? [] : r.diagnostics)
    status.dataset['status'] = r.ok ? 'ok' : 'error'
    status.textContent = r.ok ? `ok — ${r.lesson.steps.length} steps` : r.diagnostics.map(formatDiagnostic).join('\n')
    if (r.ok) onLesson(r.lesson, t)
  }
  // Running every step through the engine takes a moment: check once typing pauses.
  const editor = await createEditor(box, text, (t) => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => check(t), 300)
  })
  return { editor }
}
