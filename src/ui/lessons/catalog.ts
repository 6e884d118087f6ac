/**
 * The shipped lessons, bundled as text (like the built-in topologies). The picker only parses
 * them (cheap); a lesson is run through the engine when it is opened.
 */
import { parseLesson } from '../../engine/lessons/parseLesson.js'
import { loadLesson, type LessonLoad } from '../../engine/lessons/runLesson.js'
import type { LessonSpec } from '../../engine/lessons/types.js'
import { SCENARIOS } from '../scenarios.js'

const files = import.meta.glob('../../../lessons/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>

const resolveTopology = (name: string): string | null => SCENARIOS.find((s) => s.id === name)?.text ?? null

export interface CatalogEntry { readonly id: string; readonly file: string; readonly text: string; readonly spec: LessonSpec }

export const CATALOG: readonly CatalogEntry[] = Object.entries(files).flatMap(([path, text]) => {
  const file = `lessons/${path.split('/').pop()!}`
  const r = parseLesson(file, text, resolveTopology)
  return r.ok ? [{ id: r.spec.id, file, text, spec: r.spec }] : []
}).sort((a, b) => a.spec.order - b.spec.order)

const loaded = new Map<string, LessonLoad>()

export function openLesson(id: string): LessonLoad | null {
  const entry = CATALOG.find((e) => e.id === id)
  if (!entry) return null
  let r = loaded.get(id)
  if (!r) loaded.set(id, (r = loadLesson(entry.file, entry.text, resolveTopology)))
  return r
}

/** A lesson written or shared by a user. Its file is not named after an id, so any id is accepted. */
export function loadCustom(text: string): LessonLoad {
  return loadLesson('custom lesson', text, resolveTopology)
}

export function lessonText(id: string): string | null {
  return CATALOG.find((e) => e.id === id)?.text ?? null
}
