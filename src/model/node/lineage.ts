/**
 * Which model a model was made from: the incremental loader (incremental/reload.ts) notes the
 * model it reloaded from, so the per-model work of node state (the proxy input, the write order
 * of 10,000 service ports, the chain-name index) can start from the earlier model's instead of
 * from nothing. Held weakly both ways: a model never keeps its predecessors alive.
 */
import type { Model } from '../model.js'

const predecessors = new WeakMap<Model, WeakRef<Model>>()

export function notePredecessor(model: Model, previous: Model): void {
  if (model !== previous) predecessors.set(model, new WeakRef(previous))
}

/** The nearest earlier model (at most `depth` steps back, still alive) for which `find` answers. */
export function nearestEarlier<T>(model: Model, find: (m: Model) => T | undefined, depth = 4): T | undefined {
  let m: Model | undefined = model
  for (let i = 0; i < depth; i++) {
    m = m ? predecessors.get(m)?.deref() : undefined
    if (!m) return undefined
    const hit = find(m)
    if (hit !== undefined) return hit
  }
  return undefined
}
