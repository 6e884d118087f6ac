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
  // The loader keeps the order of what an edit did not touch: each item is looked for where the
  // last one matched left off, a few places either side. An item not found there is sent as new (a
  // copy of an item the page has is still right, only not shared); after a few such misses the
  // whole list is indexed (an edit that moved many), instead of on every what-if (33,000 pods).
  let at: Map<T, number> | null = null
  let misses = 0
  const reuse = new Int32Array(next.length)
  const fresh: T[] = []
  let j = 0
  for (let i = 0; i < next.length; i++) {
    const x = next[i]!
    let found = -1
    if (at) found = at.get(x) ?? -1
    else {
      for (let k = j; k < prev.length && k < j + LOOK_AHEAD; k++) if (prev[k] === x) { found = k; break }
      for (let k = j - 1; found < 0 && k >= 0 && k >= j - LOOK_AHEAD; k--) if (prev[k] === x) found = k
      if (found < 0 && ++misses > MISSES_BEFORE_INDEX) {
        at = new Map<T, number>()
        for (let k = 0; k < prev.length; k++) if (!at.has(prev[k]!)) at.set(prev[k]!, k)
        found = at.get(x) ?? -1
      }
    }
    if (found < 0) { reuse[i] = -1; fresh.push(x) } else { reuse[i] = found; j = found + 1 }
  }
  return { reuse, fresh }
}

/** Places looked at after the last match, and misses before the whole list is indexed. */
const LOOK_AHEAD = 8
const MISSES_BEFORE_INDEX = 64

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

/**
 * The Cluster document's spec as what changed in it: a cordon rewrites one Node, and the spec
 * (which lists every node's) is a new object whose 1,000 node entries are 999 of the old ones
 * — sent whole it was 0.5 MB to copy for the worker and to read for the page. Its fields go as
 * the model's do (changed, or named as the same), its `nodes` as an index map and new items.
 */
export interface ClusterDelta {
  readonly head: Partial<Omit<Model['cluster'], 'nodes'>>
  readonly same: readonly string[]
  readonly nodes: ListDelta<unknown>
}

function fieldsDelta(prev: object | null, next: object, skip: readonly string[]): { head: Record<string, unknown>; same: string[] } {
  const head: Record<string, unknown> = {}
  const same: string[] = []
  for (const [k, v] of Object.entries(next)) {
    if (skip.includes(k)) continue
    if (prev && k in prev && (prev as Record<string, unknown>)[k] === v) same.push(k)
    else head[k] = v
  }
  return { head, same }
}

function applyFields(prev: object | null, head: object, same: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...head }
  for (const k of same) {
    if (!prev) throw new Error('model delta: no previous model to take fields from')
    out[k] = (prev as Record<string, unknown>)[k]
  }
  return out
}

/**
 * The top-level fields other than the lists: those that changed, and the names of those that
 * did not; a changed cluster spec of a model the page has comes as its own delta (`cluster`).
 */
export function headDelta(prev: Model | null, next: Model): { head: ModelHead; same: string[]; cluster?: ClusterDelta } {
  const { head, same } = fieldsDelta(prev, next, LIST_KEYS)
  if (!prev || !('cluster' in head)) return { head: head as ModelHead, same }
  delete head['cluster']
  const c = fieldsDelta(prev.cluster, next.cluster, ['nodes'])
  return { head: head as ModelHead, same, cluster: { head: c.head, same: c.same, nodes: listDelta<object>(prev.cluster.nodes, next.cluster.nodes) } }
}

/** The page's side: the model from the previous one, the changed fields, each list's delta and the cluster spec's. */
export function applyModelDelta(prev: Model | null, head: ModelHead, same: readonly string[], lists: Record<ListKey, ListDelta<unknown>>, cluster?: ClusterDelta): Model {
  const out = applyFields(prev, head, same)
  if (cluster) {
    if (!prev) throw new Error('model delta: no previous cluster to take fields from')
    const spec = applyFields(prev.cluster, cluster.head, cluster.same)
    spec['nodes'] = applyListDelta(prev.cluster.nodes, cluster.nodes.reuse, cluster.nodes.fresh)
    out['cluster'] = spec
  }
  for (const k of LIST_KEYS) out[k] = applyListDelta(prev?.[k] ?? null, lists[k].reuse, lists[k].fresh)
  return out as unknown as Model
}
