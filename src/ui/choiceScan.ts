/**
 * Choices from lists too long for the page's own controls. A 1,000-node cluster has ~33,000
 * trace sources and ~150,000 completions (every NodePort on every node): as `<option>`s in a
 * `<select>` or `<datalist>` they cost the page seconds of style, layout and slot assignment,
 * and Chromium's autofill walks a changed datalist option by option (a 640 ms task in a
 * performance trace). So a list holds at most LIST_MAX entries — the ones matching what was
 * typed — and is searched a few milliseconds per task, a newer search cancelling the older.
 */

/** Entries a list holds at most (a small cluster's lists hold everything). */
export const LIST_MAX = 300

/** Milliseconds of searching per task. */
const SLICE_MS = 8

/** The words of a query, lower-cased: an entry matches when it contains every one. */
export const queryWords = (query: string): string[] => query.toLowerCase().split(/\s+/).filter(Boolean)

export function matchesWords(value: string, words: readonly string[]): boolean {
  if (!words.length) return true
  const v = value.toLowerCase()
  return words.every((w) => v.includes(w))
}

/** The first `max` entries matching `query`, and how many match in all (scanChoices counts duplicates once; findChoices takes a list without them). */
export interface Found { readonly shown: string[]; readonly total: number }

/** Searches all of `items` now (a list known to be a few tens of thousands of strings at most). */
export function findChoices(items: Iterable<string>, query: string, max = LIST_MAX): Found {
  const words = queryWords(query)
  const shown: string[] = []
  let total = 0
  for (const v of items) {
    if (!matchesWords(v, words)) continue
    total++
    if (shown.length < max) shown.push(v)
  }
  return { shown, total }
}

/**
 * Searches `items` a slice per task (the first slice now) and calls `done` once with the first
 * `max` distinct matches and the count of all; returns a function that cancels the search.
 */
export function scanChoices(items: Iterable<string>, query: string, max: number, done: (found: Found) => void): () => void {
  const words = queryWords(query)
  const it = items[Symbol.iterator]()
  const seen = new Set<string>()
  const shown: string[] = []
  let cancelled = false
  let timer: ReturnType<typeof setTimeout> | null = null
  const step = (): void => {
    timer = null
    if (cancelled) return
    const until = performance.now() + SLICE_MS
    for (let n = 1; ; n++) {
      const r = it.next()
      if (r.done) { done({ shown, total: seen.size }); return }
      const v = r.value
      if (!seen.has(v) && matchesWords(v, words)) {
        seen.add(v)
        if (shown.length < max) shown.push(v)
      }
      if ((n & 255) === 0 && performance.now() > until) break
    }
    timer = setTimeout(step, 0)
  }
  step()
  return () => { cancelled = true; if (timer) clearTimeout(timer) }
}
