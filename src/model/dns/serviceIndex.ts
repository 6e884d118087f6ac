/**
 * A model's Services by name as CoreDNS's kubernetes plugin looks them up (namespace and name
 * compared case-insensitively), so a query costs a map lookup instead of a filter of 10,000
 * Services and 10,000 slices with a toLowerCase each. After a what-if the index is the earlier
 * model's with the Services the edit replaced taken out and put in (the incremental loader keeps
 * the ModelService objects of the Services it did not touch, in their order), not a new map.
 */
import { LayeredIndex } from '../layeredIndex.js'
import type { Model, ModelService } from '../model.js'
import { listChange } from '../node/listChange.js'
import { nearestEarlier } from '../node/lineage.js'

/** The key a query's lower-case namespace and name look up. */
export const serviceNameKey = (namespace: string, name: string): string => `${namespace.toLowerCase()}\u0000${name.toLowerCase()}`

export interface ServiceNameIndex {
  /** The model's Services the index holds (to tell, for a later model, what changed). */
  readonly services: readonly ModelService[]
  /** One Service per key, carried across what-ifs; null when two Services share a key. */
  readonly unique: LayeredIndex<ModelService> | null
  /** Every key's Services in model order, when two share one (no real cluster: made afresh each time). */
  readonly multi: Map<string, ModelService[]> | null
}

const byModel = new WeakMap<Model, ServiceNameIndex>()
/** Indexes made afresh and carried: for tests. */
export const serviceIndexCounters = { built: 0, carried: 0 }

const NONE: readonly ModelService[] = []

/** The Services whose lower-cased namespace and name are `namespace` and `name`, in model order. */
export function servicesNamed(model: Model, namespace: string, name: string): readonly ModelService[] {
  const index = serviceIndex(model)
  const key = serviceNameKey(namespace, name)
  if (index.unique) {
    const s = index.unique.get(key)
    return s ? [s] : NONE
  }
  return index.multi!.get(key) ?? NONE
}

export function serviceIndex(model: Model): ServiceNameIndex {
  let index = byModel.get(model)
  if (index) return index
  const base = nearestEarlier(model, (m) => byModel.get(m))
  index = (base?.unique ? carried(base, model.services) : null) ?? built(model.services)
  byModel.set(model, index)
  return index
}

/** The earlier index with the replaced Services swapped; null when most changed or two would share a key. */
function carried(base: ServiceNameIndex, services: readonly ModelService[]): ServiceNameIndex | null {
  if (base.services === services) return base
  const change = listChange(base.services, services, services.length / 8)
  if (!change || change.added.length > services.length / 8) return null
  const keyed = (list: readonly ModelService[]): [string, ModelService][] => list.map((s) => [serviceNameKey(s.namespace, s.name), s])
  const unique = base.unique!.next(keyed(change.dropped), keyed(change.added))
  if (!unique) return null
  serviceIndexCounters.carried++
  return { services, unique, multi: null }
}

/** The index from the whole list (a fresh load, or the earlier one could not be carried). */
export function built(services: readonly ModelService[]): ServiceNameIndex {
  serviceIndexCounters.built++
  const one = new Map<string, ModelService>()
  for (const s of services) {
    const key = serviceNameKey(s.namespace, s.name)
    if (one.has(key)) return { services, unique: null, multi: grouped(services) }
    one.set(key, s)
  }
  return { services, unique: LayeredIndex.of(one), multi: null }
}

function grouped(services: readonly ModelService[]): Map<string, ModelService[]> {
  const multi = new Map<string, ModelService[]>()
  for (const s of services) {
    const key = serviceNameKey(s.namespace, s.name)
    const list = multi.get(key)
    if (list) list.push(s)
    else multi.set(key, [s])
  }
  return multi
}
