/**
 * Object names are unique per kind and namespace, as the API server enforces (a second `kubectl
 * create` of one name is AlreadyExists). After an edit that changed a few objects of a clean
 * file, only those are checked: the last derivation's names, with the edit's removals and
 * additions layered on, hold a duplicate exactly when an added name is still held.
 */
import { LayeredIndex } from '../layeredIndex.js'
import type { ClusterObject } from '../objects.js'
import type { DeriveMemo } from './memo.js'
import type { Reporter } from './report.js'

/** `Kind/namespace/name` of an object, written once per object (an edit keeps most objects). */
const identities = new WeakMap<ClusterObject, string>()
function identity(o: ClusterObject): string {
  let k = identities.get(o)
  if (k === undefined) identities.set(o, (k = `${o.kind}/${'namespace' in o ? o.namespace : ''}/${'name' in o ? o.name : ''}`))
  return k
}

/** Names are looked up only for an edit's few objects: many layers before a 30,000-entry copy. */
const DEPTH = 16

const named = (objects: readonly ClusterObject[]): [string, ClusterObject][] => objects.map((o) => [identity(o), o])

/** Reports every object whose kind, namespace and name an earlier object has. */
export function checkDuplicates(objects: readonly ClusterObject[], rep: Reporter, memo?: DeriveMemo): void {
  const last = memo?.names
  const change = memo?.objectChanges
  if (last && change) {
    const now = last.next(named(change.removed), named(change.added))
    if (now) {
      memo.namesNow = now
      return
    }
  }
  const seen = new Map<string, ClusterObject>()
  let clean = true
  for (const o of objects) {
    const k = identity(o)
    if (!seen.has(k)) {
      seen.set(k, o)
      continue
    }
    clean = false
    const ns = 'namespace' in o ? o.namespace : ''
    const name = 'name' in o ? o.name : ''
    rep.add('error', o.origin?.doc, ['metadata', 'name'], `${o.kind} ${ns ? `${ns}/` : ''}${name}`, `${o.kind} ${name} is defined twice in namespace ${ns || '(cluster)'}`, 'names must be unique per kind within a namespace')
  }
  if (memo && clean) memo.namesNow = LayeredIndex.of(seen, DEPTH)
}
