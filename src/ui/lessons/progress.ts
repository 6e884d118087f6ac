/** Progress and score per lesson, kept in localStorage (nothing leaves the browser). */
const KEY = 'kube-netlab.lessons.progress'

export interface LessonProgress {
  /** Per question step: whether the first answer was right; present once answered right. */
  readonly answered: Record<string, { readonly firstTry: boolean }>
  /** Steps whose first answer was wrong (so a later right answer does not score). */
  readonly missed: readonly number[]
  readonly finished: boolean
  readonly step: number
}

type Store = Record<string, LessonProgress>

function read(): Store {
  try { return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Store } catch { return {} }
}

function write(s: Store): void {
  try { localStorage.setItem(KEY, JSON.stringify(s)) } catch { /* private mode: progress lasts for this page */ }
}

export function progressOf(id: string): LessonProgress {
  return read()[id] ?? { answered: {}, missed: [], finished: false, step: 0 }
}

export function updateProgress(id: string, f: (p: LessonProgress) => LessonProgress): LessonProgress {
  const s = read()
  const next = f(s[id] ?? { answered: {}, missed: [], finished: false, step: 0 })
  s[id] = next
  write(s)
  return next
}

export function score(p: LessonProgress): number {
  return Object.values(p.answered).filter((a) => a.firstTry).length
}
