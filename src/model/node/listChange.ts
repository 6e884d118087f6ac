/**
 * What an edit changed in a list the incremental loader rebuilt (Services, pods): a module of
 * its own, with no imports, so the page's modules that carry a list across what-ifs
 * (src/engine/net/announce.ts) do not pull in the model's address parsers.
 */
/**
 * Which objects of `after` are not in `before` (added) and which of `before` are not in `after`
 * (dropped), walking both lists side by side: the loader keeps the order of what an edit did not
 * touch, so a short look ahead finds where they meet again. An object found out of place counts
 * as dropped and added, which the callers treat as a change (correct, only not the least work).
 */
export function listChange<T>(before: readonly T[], after: readonly T[]): { added: T[]; dropped: T[] }
/** With `maxAdded`: null as soon as more than that many were added (the caller gives up then). */
export function listChange<T>(before: readonly T[], after: readonly T[], maxAdded: number): { added: T[]; dropped: T[] } | null
export function listChange<T>(before: readonly T[], after: readonly T[], maxAdded = Infinity): { added: T[]; dropped: T[] } | null {
  const LOOK = 16
  const added: T[] = []
  const dropped: T[] = []
  let i = 0
  let j = 0
  while (i < after.length && j < before.length) {
    if (added.length > maxAdded) return null
    if (after[i] === before[j]) { i++; j++; continue }
    // after[i] further down `before`: the ones up to it were dropped.
    let k = 1
    while (k <= LOOK && j + k < before.length && before[j + k] !== after[i]) k++
    if (k <= LOOK && j + k < before.length) {
      for (let d = 0; d < k; d++) dropped.push(before[j + d]!)
      j += k
      continue
    }
    added.push(after[i++]!)
  }
  while (i < after.length) added.push(after[i++]!)
  while (j < before.length) dropped.push(before[j++]!)
  return { added, dropped }
}
