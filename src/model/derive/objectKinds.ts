/**
 * The parsed objects sorted by what the derivation needs of them (Services, EndpointSlices,
 * Ingresses, NetworkPolicies, Namespaces, the Corefile, kube-proxy's config, Gateway API
 * objects) and the namespaces they name. A full pass reads the kind of each of a dump's 50,000
 * objects (~15 ms, the objects being of many shapes); after an edit that replaced a stretch of
 * the objects (memo.objectChanges) the last derivation's lists are spliced instead: the same
 * lists, in the same order, as a full pass over the new objects gives.
 */
import { GATEWAY_API_VERSIONS, type GatewayApiObject } from '../gateway/objects.js'
import type { ClusterObject, CorefileObject, EndpointSliceObject, IngressObject, KubeProxyConfigObject, NamespaceObject, NetworkPolicyObject, ServiceObject } from '../objects.js'
import { lowerBound } from '../sortedSearch.js'

/** The Gateway API kinds the lab reads: those it knows versions of. */
const GATEWAY_KINDS = new Set(Object.keys(GATEWAY_API_VERSIONS))

/** One kind's objects in object order, and where each is in the objects. */
interface Picked<T> { readonly items: readonly T[]; readonly at: readonly number[] }

export interface ObjectKinds {
  /** The objects these lists were sorted from. */
  readonly objects: readonly ClusterObject[]
  readonly services: Picked<ServiceObject>
  readonly slices: Picked<EndpointSliceObject>
  readonly ingresses: Picked<IngressObject>
  readonly networkPolicies: Picked<NetworkPolicyObject>
  readonly namespaceObjects: Picked<NamespaceObject>
  readonly corefiles: Picked<CorefileObject>
  readonly kubeProxyConfigs: Picked<KubeProxyConfigObject>
  readonly gateway: Picked<GatewayApiObject>
  /** How many objects name each namespace (a Namespace its own name; an object without one, default). */
  readonly namespaces: ReadonlyMap<string, number>
}

type Lists = { -readonly [K in Exclude<keyof ObjectKinds, 'objects' | 'namespaces'>]: { items: ObjectKinds[K]['items'][number][]; at: number[] } }

const emptyLists = (): Lists => ({
  services: { items: [], at: [] }, slices: { items: [], at: [] }, ingresses: { items: [], at: [] }, networkPolicies: { items: [], at: [] },
  namespaceObjects: { items: [], at: [] }, corefiles: { items: [], at: [] }, kubeProxyConfigs: { items: [], at: [] }, gateway: { items: [], at: [] },
})

const namespaceOf = (o: ClusterObject): string => (o.kind === 'Namespace' ? o.name : 'namespace' in o ? o.namespace : 'default')

/** Puts `o` (at index `i`) into its list. */
function pick(lists: Lists, o: ClusterObject, i: number): void {
  let list: { items: ClusterObject[]; at: number[] } | null
  switch (o.kind) {
    case 'Service': list = lists.services; break
    case 'EndpointSlice': list = lists.slices; break
    case 'Ingress': list = lists.ingresses; break
    case 'NetworkPolicy': list = lists.networkPolicies; break
    case 'Namespace': list = lists.namespaceObjects; break
    case 'Corefile': list = lists.corefiles; break
    case 'KubeProxyConfig': list = lists.kubeProxyConfigs; break
    default: list = GATEWAY_KINDS.has(o.kind) ? lists.gateway : null
  }
  if (list) {
    list.items.push(o)
    list.at.push(i)
  }
}

/** Every object read once. */
export function sortObjects(objects: readonly ClusterObject[]): ObjectKinds {
  const lists = emptyLists()
  const namespaces = new Map<string, number>()
  let last = ''
  let run = 0
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i]!
    const ns = namespaceOf(o)
    // Objects come in runs of one namespace: counted per run.
    if (ns !== last) {
      if (run) namespaces.set(last, (namespaces.get(last) ?? 0) + run)
      last = ns
      run = 0
    }
    run++
    pick(lists, o, i)
  }
  if (run) namespaces.set(last, (namespaces.get(last) ?? 0) + run)
  return { objects, ...lists, namespaces }
}


/**
 * `last`'s lists for `objects`, which are `last.objects` with `removed.length` objects from
 * index `at` replaced by `added`.
 */
export function spliceObjects(last: ObjectKinds, objects: readonly ClusterObject[], at: number, removed: readonly ClusterObject[], added: readonly ClusterObject[]): ObjectKinds {
  const fresh = emptyLists()
  added.forEach((o, j) => pick(fresh, o, at + j))
  const shift = added.length - removed.length
  const end = at + removed.length
  const spliced = (key: keyof Lists): { items: ClusterObject[]; at: number[] } => {
    const old = last[key] as Picked<ClusterObject>
    const put = fresh[key] as { items: ClusterObject[]; at: number[] }
    const a = lowerBound(old.at, at)
    const b = lowerBound(old.at, end)
    if (a === b && put.items.length === 0 && shift === 0) return old as { items: ClusterObject[]; at: number[] }
    const items = old.items.slice(0, a)
    const pos = old.at.slice(0, a)
    for (let k = 0; k < put.items.length; k++) {
      items.push(put.items[k]!)
      pos.push(put.at[k]!)
    }
    for (let k = b; k < old.items.length; k++) {
      items.push(old.items[k]!)
      pos.push(old.at[k]! + shift)
    }
    return { items, at: pos }
  }
  const lists = {} as Record<keyof Lists, { items: ClusterObject[]; at: number[] }>
  for (const key of Object.keys(fresh) as (keyof Lists)[]) lists[key] = spliced(key)
  const namespaces = new Map(last.namespaces)
  for (const o of removed) {
    const ns = namespaceOf(o)
    const n = namespaces.get(ns)! - 1
    if (n > 0) namespaces.set(ns, n)
    else namespaces.delete(ns)
  }
  for (const o of added) {
    const ns = namespaceOf(o)
    namespaces.set(ns, (namespaces.get(ns) ?? 0) + 1)
  }
  return { objects, ...(lists as unknown as Lists), namespaces }
}

/** Derivations whose lists were spliced: for tests. */
export const objectKindsCounters = { spliced: 0 }

/**
 * The lists of `objects`: spliced from `last` when `changes` says how `last.objects` became
 * them, else a full pass.
 */
export function objectKinds(objects: readonly ClusterObject[], last: ObjectKinds | null | undefined, changes: { readonly at: number; readonly removed: readonly ClusterObject[]; readonly added: readonly ClusterObject[]; readonly from?: readonly ClusterObject[] } | null | undefined): ObjectKinds {
  if (last && changes && changes.from === last.objects && last.objects.length - changes.removed.length + changes.added.length === objects.length) {
    objectKindsCounters.spliced++
    return spliceObjects(last, objects, changes.at, changes.removed, changes.added)
  }
  return sortObjects(objects)
}
