/**
 * A model sent to the page as what changed since the model the page already has. The
 * incremental loader (src/model/incremental/reload.ts) keeps every node, pod and Service an
 * edit did not touch as the very same object, so after a what-if on a 1,000-node cluster the
 * worker can say "the page's pod #17 again" for 33,000 of 33,003 pods instead of copying them
 * all (copying took the page seconds of main-thread work): each big list travels as an index
 * map into the page's previous list plus the few new items, and every other top-level field
 * that is the same object is named, not sent. Pure: both sides of the trip are here.
 */
import type { Model } from '../../model/model.js'

/** The model's lists sent by index map (and in slices, when new). */
export const LIST_KEYS = ['nodes', 'pods', 'services'] as const
export type ListKey = (typeof LIST_KEYS)[number]

export type ModelHead = Partial<Omit<Model, ListKey>>

/** How a list is made from the previous one: `reuse[i]` is the previous index, or -1 for the next new item. */
export interface ListDelta<T> { readonly reuse: Int32Array | null; readonly fresh: readonly T[] }

/** The list `next` against `prev` (null: nothing to reuse, every item is new). */
export function listDelta<T extends object>(prev: readonly T[] | null, next: readonly T[]): ListDelta<T> {
  if (!prev || prev.length === 0) return { reuse: null, fresh: next }
  const at = new Map<T, number>()
  prev.forEach((x, i) => at.set(x, i))
  const reuse = new Int32Array(next.length)
  const fresh: T[] = []
  next.forEach((x, i) => {
    const j = at.get(x)
    if (j === undefined) { reuse[i] = -1; fresh.push(x) } else reuse[i] = j
  })
  return { reuse, fresh }
}

/** The list put back together from the previous one (same objects) and the new items, in order. */
export function applyListDelta<T>(prev: readonly T[] | null, reuse: Int32Array | null, fresh: readonly T[]): T[] {
  if (!reuse) return [...fresh]
  let k = 0
  const out: T[] = new Array(reuse.length)
  for (let i = 0; i < reuse.length; i++) {
    const j = reuse[i]!
    if (j >= 0) {
      const x = prev?.[j]
      if (x === undefined) throw new Error(`model delta: the page has no item ${j} to reuse`)
      out[i] = x
    } else {
      if (k >= fresh.length) throw new Error('model delta: fewer new items than the index map names')
      out[i] = fresh[k++]!
    }
  }
  if (k !== fresh.length) throw new Error('model delta: more new items than the index map names')
  return out
}

/** The top-level fields other than the lists: those that changed, and the names of those that did not. */
export function headDelta(prev: Model | null, next: Model): { head: ModelHead; same: string[] } {
  const head: Record<string, unknown> = {}
  const same: string[] = []
  for (const [k, v] of Object.entries(next)) {
    if ((LIST_KEYS as readonly string[]).includes(k)) continue
    if (prev && k in prev && (prev as unknown as Record<string, unknown>)[k] === v) same.push(k)
    else head[k] = v
  }
  return { head: head as ModelHead, same }
}

/** The page's side: the model from the previous one, the changed fields and each list's delta. */
export function applyModelDelta(prev: Model | null, head: ModelHead, same: readonly string[], lists: Record<ListKey, ListDelta<unknown>>): Model {
  const out: Record<string, unknown> = { ...head }
  for (const k of same) {
    if (!prev) throw new Error('model delta: no previous model to take fields from')
    out[k] = (prev as unknown as Record<string, unknown>)[k]
  }
  for (const k of LIST_KEYS) out[k] = applyListDelta(prev?.[k] ?? null, lists[k].reuse, lists[k].fresh)
  return out as unknown as Model
}
