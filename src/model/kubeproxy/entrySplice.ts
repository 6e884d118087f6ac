/**
 * A model's service ports in write order, made from the last model's by a what-if's few changes:
 * the removed ports and the insertion points of the added ones are found by binary search on the
 * names (kube-proxy's order here: see sortedPorts), and every per-port list that follows the
 * write order (the cluster-wide fragments, the shared chains' layout) is spliced the same way,
 * instead of 11,000 ports walked and named again per what-if.
 */
import { byteCompare } from '../netfilter/formatSave.js'

/** Where an edit's ports were in the last list and are in the new one (ascending indices). */
export interface EntryPositions {
  readonly removedAt: readonly number[]
  readonly addedAt: readonly number[]
}

export interface MergedByName<E> {
  readonly entries: E[]
  readonly delta: { readonly from: readonly E[]; readonly removed: E[]; readonly added: E[]; readonly at: EntryPositions }
}

/**
 * `before` (names strictly increasing) without the entries of `removed`'s ports and with `added`
 * (sorted by name) put in by name: what a merge walking both lists gives. Null when an added name
 * is another added one's or a kept port's (the full sort's order is then not a merge's);
 * undefined when a removed port is not where its name says (the caller merges the slow way).
 */
export function mergeByName<E extends { readonly sp: S }, S>(before: readonly E[], removed: ReadonlySet<S>, added: readonly { readonly entry: E; readonly name: string }[],
  nameOf: (sp: S) => string): MergedByName<E> | null | undefined {
  const n = before.length
  const lowerBound = (name: string): number => {
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (byteCompare(nameOf(before[mid]!.sp), name) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const removedAt: number[] = []
  for (const sp of removed) {
    const i = lowerBound(nameOf(sp))
    if (i >= n || before[i]!.sp !== sp) return undefined
    removedAt.push(i)
  }
  removedAt.sort((a, b) => a - b)

  const pos: number[] = []
  for (let j = 0; j < added.length; j++) {
    if (j > 0 && added[j]!.name === added[j - 1]!.name) return null
    const i = lowerBound(added[j]!.name)
    if (i < n && !removed.has(before[i]!.sp) && nameOf(before[i]!.sp) === added[j]!.name) return null
    pos.push(i)
  }
  const entries: E[] = new Array(n - removedAt.length + added.length)
  const addedAt: number[] = []
  let k = 0
  let r = 0
  let j = 0
  for (let i = 0; i <= n; i++) {
    // The added ports that sort before before[i] (pos is ascending: `added` is in name order).
    while (j < added.length && pos[j] === i) {
      addedAt.push(k)
      entries[k++] = added[j++]!.entry
    }
    if (i === n) break
    if (r < removedAt.length && removedAt[r] === i) {
      r++
      continue
    }
    entries[k++] = before[i]!
  }
  return { entries, delta: { from: before, removed: removedAt.map((i) => before[i]!), added: added.map((a) => a.entry), at: { removedAt, addedAt } } }
}

/**
 * mergeByName's result by walking both lists (for a list not known to have unique names): null
 * as soon as two names are equal, since the full sort keeps list order for equal names and a
 * merge would not.
 */
export function mergeWalking<E extends { readonly sp: S }, S>(before: readonly E[], removed: ReadonlySet<S>, added: readonly { readonly entry: E; readonly name: string }[],
  nameOf: (sp: S) => string): { entries: E[]; delta: { from: readonly E[]; removed: E[]; added: E[] } } | null {
  const entries: E[] = []
  const out: E[] = []
  let j = 0
  let last = ''
  for (const e of before) {
    if (removed.has(e.sp)) {
      out.push(e)
      continue
    }
    const name = nameOf(e.sp)
    while (j < added.length && added[j]!.name <= name) {
      if (added[j]!.name === name || added[j]!.name === last) return null
      last = added[j]!.name
      entries.push(added[j++]!.entry)
    }
    if (name === last) return null
    last = name
    entries.push(e)
  }
  for (; j < added.length; j++) {
    if (added[j]!.name === last) return null
    last = added[j]!.name
    entries.push(added[j]!.entry)
  }
  return { entries, delta: { from: before, removed: out, added: added.map((a) => a.entry) } }
}

/** A list that follows the last entries, spliced as they were: `addedValue(j)` for the j-th added port. */
export function spliceList<T>(old: readonly T[], at: EntryPositions, addedValue: (j: number) => T): T[] {
  const { removedAt, addedAt } = at
  const out: T[] = new Array(old.length - removedAt.length + addedAt.length)
  let i = 0
  let r = 0
  let a = 0
  for (let k = 0; k < out.length; k++) {
    if (a < addedAt.length && addedAt[a] === k) {
      out[k] = addedValue(a++)
      continue
    }
    while (r < removedAt.length && removedAt[r] === i) { i++; r++ }
    out[k] = old[i++]!
  }
  return out
}

/** Each last entry's index in the new list (-1: removed). */
export function newIndexOf(oldLength: number, at: EntryPositions): Int32Array {
  const map = new Int32Array(oldLength)
  let r = 0
  let a = 0
  let k = 0
  for (let i = 0; i < oldLength; i++) {
    if (r < at.removedAt.length && at.removedAt[r] === i) {
      map[i] = -1
      r++
      continue
    }
    while (a < at.addedAt.length && at.addedAt[a] === k) { a++; k++ }
    map[i] = k++
  }
  return map
}
