/**
 * Pod drafts from Pod objects and from workloads (named per names.ts): what the ReplicaSet,
 * StatefulSet and DaemonSet controllers would create. After an edit that changed a few objects
 * and left the nodes and add-on roles as they were, only those objects are expanded: the last
 * derivation's drafts, in object order, with the changed objects' drafts spliced in.
 */
import type { AddonRole, ModelNode } from '../model.js'
import type { ClusterObject, PodObject, WorkloadObject } from '../objects.js'
import { roleLookup } from './addons.js'
import type { DeriveMemo, ExpansionRecord } from './memo.js'
import { podSuffix, podTemplateHash } from './names.js'
import { nodeRejects, type PodDraft } from './pods.js'
import type { Reporter } from './report.js'
import { LabelIndex, matchesSelector } from './selectors.js'

/** How often expansion ran from the last one and in full: for tests and the benchmark. */
export const expansionCounters = { again: 0, full: 0 }

// Every draft has the same fields in the same order (one object shape for the placement's loops).
const draft = (key: string, obj: PodObject, addon: AddonRole | null, daemonSet: boolean): PodDraft => ({ key, obj, addon, daemonSet, stamp: 0, slot: 0 })

function podFromTemplate(w: WorkloadObject, name: string, labels: Record<string, string>, nodeName: string | null): PodObject {
  return {
    kind: 'Pod', namespace: w.namespace, name, template: { ...w.template, labels, nodeName: nodeName ?? w.template.nodeName },
    podIP: null, ready: true, owner: { kind: w.kind === 'Deployment' ? 'ReplicaSet' : w.kind, name },
    ...(w.origin ? { origin: w.origin } : {}),
  }
}

function podAddonRole(p: PodObject): AddonRole | null {
  const l = p.template.labels
  if (p.namespace === 'kube-system' && l['k8s-app'] === 'kube-dns') return 'coredns'
  if (p.namespace === 'kube-system' && l['k8s-app'] === 'kube-proxy') return 'kube-proxy'
  if (l['app'] === 'flannel') return 'flannel'
  if (l['app.kubernetes.io/component'] === 'controller' && l['app.kubernetes.io/name'] === 'ingress-nginx') return 'ingress-controller'
  return null
}

/** What expanding one object needs besides the object. */
interface Expander {
  readonly nodes: readonly ModelNode[]
  readonly rep: Reporter
  readonly memo: DeriveMemo | undefined
  readonly roleOf: (kind: string, ns: string, name: string) => AddonRole | null
  /** Pods a dump lists with an owner, by namespace and label (null: none). */
  readonly owned: () => OwnedIndex | null
  /** The owned pods' index if it was asked for (for the next expansion: the same owned pods give the same index). */
  readonly ownedIfBuilt: () => OwnedIndex | null | undefined
}

type OwnedIndex = LabelIndex<{ namespace: string; labels: Readonly<Record<string, string>> }>

function expander(objects: readonly ClusterObject[], nodes: readonly ModelNode[], roles: ReadonlyMap<string, AddonRole | 'apiserver'>, rep: Reporter, memo: DeriveMemo | undefined,
  noOwnedPods: boolean, lastOwned?: OwnedIndex | null): Expander {
  // Indexed when the first workload asks (a dump of pods alone has no workload to ask); known
  // to be empty when told so (expandAgain: the last expansion had no owned pod, and it declines
  // an edit that adds or removes one).
  // An expansion whose owned pods are the last one's (expandAgain) takes the last index (30,000 pods on a dump).
  let owned: OwnedIndex | null | undefined = noOwnedPods ? null : lastOwned
  const roleIn = roleLookup(roles)
  return {
    nodes, rep, memo,
    roleOf: (kind, ns, name) => {
      const r = roleIn(kind, ns, name)
      return r && r !== 'apiserver' ? r : null
    },
    ownedIfBuilt: () => owned,
    owned: () => {
      if (owned !== undefined) return owned
      const ownedPods = objects.flatMap((o) => (o.kind === 'Pod' && o.owner ? [{ namespace: o.namespace, labels: o.template.labels }] : []))
      return (owned = ownedPods.length ? new LabelIndex(ownedPods) : null)
    },
  }
}

/** Appends `o`'s drafts to `drafts` (none for an object that is not a pod or a workload). */
function expandOne(o: ClusterObject, x: Expander, drafts: PodDraft[]): void {
  const { memo, rep } = x
  if (o.kind === 'Pod') {
    let d = memo?.drafts.get(o) as PodDraft | undefined
    if (!d) {
      d = draft(`${o.namespace}/${o.name}`, o, podAddonRole(o), o.owner?.kind === 'DaemonSet')
      memo?.drafts.set(o, d)
    }
    drafts.push(d)
    return
  }
  if (o.kind !== 'Deployment' && o.kind !== 'ReplicaSet' && o.kind !== 'StatefulSet' && o.kind !== 'DaemonSet') return
  // A workload object expanded before passed this check then (the check reads only the object).
  if (!memo?.drafts.has(o) && !matchesSelector(o.selector, o.template.labels)) {
    rep.add('error', o.origin?.doc, ['spec', 'selector'], `${o.kind} ${o.namespace}/${o.name}`, 'spec.selector does not match the pod template labels', 'the selector must select spec.template.metadata.labels')
    return
  }
  // Pods a dump lists with an owner: a workload whose selector picks one of them is not expanded again.
  if (x.owned()?.select(o.namespace, o.selector.matchLabels).some((p) => matchesSelector(o.selector, p.labels))) return
  const addon = x.roleOf(o.kind, o.namespace, o.name)
  // The same workload object (its document unchanged) gives the same drafts: reuse them, so
  // its pods keep their template objects and with them their identity in the next model.
  const cached = memo?.drafts.get(o) as { addon: AddonRole | null; drafts?: PodDraft[]; perNode?: WeakMap<ModelNode, PodDraft | null> } | undefined
  const entry = cached && cached.addon === addon ? cached : { addon }
  if (entry !== cached) memo?.drafts.set(o, entry)
  if (o.kind === 'DaemonSet') {
    const perNode = (entry.perNode ??= new WeakMap())
    for (const n of x.nodes) {
      let d = perNode.get(n)
      if (d === undefined) {
        const name = `${o.name}-${podSuffix(o.namespace, o.name, n.name)}`
        d = nodeRejects(o.template, n, true) ? null : draft(`${o.namespace}/${name}`, podFromTemplate(o, name, { ...o.template.labels }, n.name), addon, true)
        perNode.set(n, d)
      }
      if (d) drafts.push(d)
    }
    return
  }
  if (entry.drafts) {
    for (const d of entry.drafts) drafts.push(d)
    return
  }
  const first = drafts.length
  if (o.kind === 'StatefulSet') {
    for (let i = 0; i < o.replicas; i++) {
      // The StatefulSet controller gives each pod its own name as hostname and the
      // governing Service as subdomain, which is what names it in DNS (db-0.db.ns.svc…).
      const pod = podFromTemplate(o, `${o.name}-${i}`, { ...o.template.labels, 'statefulset.kubernetes.io/pod-name': `${o.name}-${i}` }, null)
      drafts.push(draft(`${o.namespace}/${pod.name}`, { ...pod, template: { ...pod.template, hostname: `${o.name}-${i}`, subdomain: o.serviceName ?? pod.template.subdomain } }, addon, false))
    }
    if (memo) entry.drafts = drafts.slice(first)
    return
  }
  let owner = o.name
  let labels: Record<string, string> = { ...o.template.labels }
  if (o.kind === 'Deployment') {
    const hash = podTemplateHash(o.namespace, o.name, JSON.stringify(o.template))
    owner = `${o.name}-${hash}`
    labels = { ...labels, 'pod-template-hash': hash }
  }
  for (let i = 0; i < o.replicas; i++) {
    const name = `${owner}-${podSuffix(o.namespace, owner, i)}`
    drafts.push(draft(`${o.namespace}/${name}`, podFromTemplate(o, name, labels, null), addon, false))
  }
  if (memo) entry.drafts = drafts.slice(first)
}

/**
 * Expands workloads into pod drafts, skipping workloads whose pods the input already lists
 * (dumps). `generated` is how many of `objects` (at the front) the lab generated.
 */
export function expandWorkloads(objects: readonly ClusterObject[], generated: number, nodes: readonly ModelNode[], roles: ReadonlyMap<string, AddonRole | 'apiserver'>, rep: Reporter, memo?: DeriveMemo): PodDraft[] {
  const again = memo ? expandAgain(objects, generated, nodes, roles, rep, memo) : null
  if (again) return again
  const x = expander(objects, nodes, roles, rep, memo, false)
  expansionCounters.full++
  const mark = rep.diagnostics.length
  const drafts: PodDraft[] = []
  const starts = new Int32Array(objects.length + 1)
  const daemonSets: number[] = []
  let owned = false
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i]!
    starts[i] = drafts.length
    if (o.kind === 'DaemonSet') daemonSets.push(i)
    else if (o.kind === 'Pod' && o.owner) owned = true
    expandOne(o, x, drafts)
  }
  starts[objects.length] = drafts.length
  if (memo) memo.expansionNow = { objects, generated, nodes, roles, drafts, starts, daemonSets, owned, ownedIndex: x.ownedIfBuilt(), clean: rep.diagnostics.length === mark }
  return drafts
}

const sameRoles = (a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean => {
  if (a.size !== b.size) return false
  for (const [k, v] of a) if (b.get(k) !== v) return false
  return true
}

/**
 * The last expansion with the edit's objects expanded in their place, or null when that would
 * not be what a full expansion gives: the last one reported a problem, the lab's own objects or
 * the add-on roles changed, or a pod with an owner came or went (it decides whether its
 * workload is expanded). Changed nodes (a cordon) expand the DaemonSets again too: their pods
 * are per node; no other object's drafts read the nodes.
 */
function expandAgain(objects: readonly ClusterObject[], generated: number, nodes: readonly ModelNode[], roles: ReadonlyMap<string, AddonRole | 'apiserver'>,
  rep: Reporter, memo: DeriveMemo): PodDraft[] | null {
  const rec: ExpansionRecord | null | undefined = memo.expansion
  const change = memo.objectChanges
  if (!rec || !rec.clean || !change || rec.generated !== generated || rec.nodes.length !== nodes.length) return null
  const removed = change.removed.length
  const added = change.added.length
  if (objects.length !== rec.objects.length - removed + added) return null
  for (let i = 0; i < generated; i++) if (objects[i] !== rec.objects[i]) return null
  if (!sameRoles(rec.roles, roles)) return null
  const from = generated + change.at
  const to = from + removed
  for (let k = 0; k < removed; k++) {
    const o = change.removed[k]!
    if (rec.objects[from + k] !== o || (o.kind === 'Pod' && o.owner)) return null
  }
  for (const o of change.added) if (o.kind === 'Pod' && o.owner) return null
  const x = expander(objects, nodes, roles, rep, memo, !rec.owned, rec.ownedIndex)
  let nodesChanged = false
  for (let i = 0; i < nodes.length && !nodesChanged; i++) nodesChanged = nodes[i] !== rec.nodes[i]
  // The objects expanded again, in the new list's order: the edit's, and the DaemonSets when the nodes changed.
  const redo: number[] = []
  const daemonSets: number[] = []
  for (const i of rec.daemonSets) {
    if (i >= from && i < to) continue
    const j = i < from ? i : i - removed + added
    daemonSets.push(j)
    if (nodesChanged && i < from) redo.push(j)
  }
  for (let j = from; j < from + added; j++) {
    redo.push(j)
    if (objects[j]!.kind === 'DaemonSet') daemonSets.push(j)
  }
  if (nodesChanged) for (const i of rec.daemonSets) if (i >= to) redo.push(i - removed + added)
  daemonSets.sort((a, b) => a - b)
  // Where an object of the new list was in the last one (for those the edit did not touch).
  const before = (j: number): number => (j < from ? j : j - added + removed)
  const mark = x.rep.diagnostics.length
  const drafts: PodDraft[] = []
  const starts = new Int32Array(objects.length + 1)
  // Untouched objects a..b-1, one stretch of the last list too: their drafts as they were.
  const copy = (a: number, b: number): void => {
    if (b <= a) return
    const b0 = before(a)
    const shift = drafts.length - rec.starts[b0]!
    for (let k = a; k < b; k++) starts[k] = rec.starts[b0 + k - a]! + shift
    const d1 = rec.starts[b0 + b - a]!
    for (let d = rec.starts[b0]!; d < d1; d++) drafts.push(rec.drafts[d]!)
  }
  let j = 0
  for (const r of [...redo, objects.length]) {
    // A stretch across a deletion's place is two stretches of the last list.
    if (j < from && r > from) {
      copy(j, from)
      copy(from, r)
    } else copy(j, r)
    if (r === objects.length) break
    starts[r] = drafts.length
    expandOne(objects[r]!, x, drafts)
    j = r + 1
  }
  starts[objects.length] = drafts.length
  // One stretch of the last drafts replaced (the nodes kept, so no DaemonSet was expanded again).
  if (!nodesChanged) {
    const at = rec.starts[from]!
    memo.draftSplice = { at, removed: rec.starts[to]! - at, added: starts[from + added]! - at }
  }
  expansionCounters.again++
  memo.expansionNow = { objects, generated, nodes, roles, drafts, starts, daemonSets, owned: rec.owned, ownedIndex: x.ownedIfBuilt(), clean: x.rep.diagnostics.length === mark }
  return drafts
}
