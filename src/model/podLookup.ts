/**
 * A model's pods by `namespace/name` and by pod-network address, when the derivation that made
 * the model already holds such an index (an incremental reload layers an edit's few pods on the
 * last one's: derive/memo.ts podsNow, placeSpliced.ts byIp). The engine asks these first: a
 * trace after a what-if then finds its pods without scanning or indexing 30,000 of them.
 * Registered only when the index holds exactly the model's pods (every name unique, every
 * pod-network address unique), so it answers what a Map built from `model.pods` would.
 */
import type { Model, ModelPod } from './model.js'

export interface PodLookup {
  get(key: string): ModelPod | undefined
}

const byName = new WeakMap<Model, PodLookup>()
const byIp = new WeakMap<Model, PodLookup>()

/** `names`: pods by `namespace/name`; `ips`: pod-network pods by String(ip) (either may be absent). */
export function notePodLookups(model: Model, lookups: { names?: PodLookup; ips?: PodLookup }): void {
  if (lookups.names) byName.set(model, lookups.names)
  if (lookups.ips) byIp.set(model, lookups.ips)
}

export const podsByNameOf = (model: Model): PodLookup | undefined => byName.get(model)
export const podsByIpOf = (model: Model): PodLookup | undefined => byIp.get(model)
