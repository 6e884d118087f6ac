/**
 * The lesson mode's hook into the page: the header's Lessons button and `?lesson=<id>&step=<n>`
 * links. The lesson code and texts load on demand, so the lab's first screen stays small.
 */
import type { Change } from '../../engine/controlplane/types.js'
import type { Selection } from '../../render/layout/types.js'
import { currentLang } from '../i18n.js'

/** What a lesson needs from the lab's stage; main.ts provides it. */
export interface LessonStage {
  /** Show this cluster (a lesson's topology as of a step; not saved as the user's edit). */
  load(text: string, label: string): void
  /** Trace on the stage and stop the playback at `step`. */
  trace(from: string, to: string, pick: string | undefined, step: number): void
  /** Play a control-plane change on the cluster on screen and stop at chain step `step` (0-based). */
  chain(change: Change, step: number): void
  /** Point the state panel at a node or pod (null: the cluster overview). */
  highlight(selection: Selection | null): void
}

export function initLessons(stage: LessonStage): void {
  const open = async (id?: string, step?: number): Promise<void> => {
    const m = await import('./lessonMode.js')
    await m.startLessonMode(stage, id, step)
  }
  const b = document.getElementById('lessons')
  const label = (): void => { if (b) b.textContent = currentLang() === 'ko' ? '레슨' : 'Lessons' }
  label()
  document.getElementById('lang')?.addEventListener('change', () => queueMicrotask(label))
  b?.addEventListener('click', () => void open())
  const q = new URLSearchParams(location.search)
  const id = q.get('lesson')
  if (id) void open(id, Number(q.get('step') ?? '1') - 1)
}
