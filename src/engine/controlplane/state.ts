/**
 * The cluster as the control plane holds it between changes: the derived model plus what the
 * model does not keep — the workload objects (replicas, selector, template, rollout strategy)
 * and each node's host-local `last_reserved_ip`, so a new pod takes the address after the last
 * one handed out, as host-local does (plugins/ipam/host-local/backend/allocator: the range
 * iterator starts after lastReservedIP), instead of re-placing every pod.
 */
import { nthAddress } from '../../model/addr/ipv4.js'
import { addonObjects, roleKey } from '../../model/derive/addons.js'
import { loadModel, type LoadResult } from '../../model/derive/buildModel.js'
import { Reporter } from '../../model/derive/report.js'
import { buildServices } from '../../model/derive/services.js'
import type { Diagnostic } from '../../model/load/diagnostics.js'
import { parseObjects } from '../../model/load/parseObjects.js'
import { readDocuments } from '../../model/load/readDocuments.js'
import type { AddonRole, Model, ModelPod, ModelService } from '../../model/model.js'
import type { ServiceObject, WorkloadObject } from '../../model/objects.js'

export interface ClusterState {
  readonly model: Model
  readonly workloads: readonly WorkloadObject[]
  /** Node name → the last pod IP host-local reserved there. */
  readonly lastReserved: ReadonlyMap<string, number>
  /** Node name → images in its runtime's store: pulled images stay until image GC, after their pods. */
  readonly images: ReadonlyMap<string, ReadonlySet<string>>
}

export type StateLoad = { ok: true; state: ClusterState; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] }

/** Loads a topology as `loadModel` does and keeps its workloads (add-ons included) beside it. */
export function loadControlPlane(file: string, text: string, already?: LoadResult): StateLoad {
  const loaded = already ?? loadModel(file, text)
  if (!loaded.ok) return loaded
  const read = readDocuments(file, text)
  const parsed = parseObjects(read.docs, [])
  read.release()
  const m = loaded.model
  const addons = addonObjects(parsed.objects, {
    dnsServiceIP: m.cluster.dnsServiceIP, plugin: m.cluster.network.plugin, firstServiceIP: nthAddress(m.cluster.serviceCIDR, 1),
    nodeLocalDNS: m.cluster.nodeLocalDNS !== null,
  })
  const workloads = [...addons.objects, ...parsed.objects].filter((o): o is WorkloadObject =>
    o.kind === 'Deployment' || o.kind === 'ReplicaSet' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet')
  return { ok: true, state: stateOf(m, workloads), diagnostics: loaded.diagnostics }
}

export function stateOf(model: Model, workloads: readonly WorkloadObject[]): ClusterState {
  // The model hands out .2, .3, … in order and skips addresses a dump already gives, so where it
  // stopped is the end of the run of used addresses from .2: that is host-local's last reservation.
  const used = new Set(model.pods.filter((p) => p.ip !== null && !p.hostNetwork).map((p) => p.ip!))
  const lastReserved = new Map<string, number>()
  for (const n of model.nodes) {
    let off = 2
    while (used.has(nthAddress(n.podCIDR, off))) off++
    lastReserved.set(n.name, nthAddress(n.podCIDR, off - 1))
  }
  const images = new Map<string, Set<string>>(model.nodes.map((n) => [n.name, new Set<string>()]))
  for (const p of model.pods) if (p.nodeName) for (const c of p.template.containers) images.get(p.nodeName)?.add(c.image)
  return { model, workloads, lastReserved, images }
}

export const podKey = (p: { namespace: string; name: string }): string => `${p.namespace}/${p.name}`

/** The same Service with its allocated ClusterIP and ports written in, so a rebuild keeps them. */
function pinned(s: ModelService): ServiceObject {
  return {
    ...s.obj,
    clusterIP: s.clusterIP,
    ports: s.obj.ports.map((p, i) => ({ ...p, nodePort: s.ports[i]?.nodePort ?? p.nodePort })),
    healthCheckNodePort: s.healthCheckNodePort,
  }
}

/**
 * Services after the EndpointSlice controller has caught up with `pods` (and `added` Services
 * are allocated): the model's own Service derivation (selectors, named target ports,
 * readiness) on the existing allocations. Services without a selector keep their endpoints
 * (their slices are written by hand or by the API server, as for `kubernetes`).
 */
export function servicesFor(model: Model, pods: readonly ModelPod[], added: readonly ServiceObject[] = [], removed: ReadonlySet<string> = new Set()): ModelService[] {
  const kept = model.services.filter((s) => !removed.has(podKey(s)))
  const roles = new Map<string, AddonRole | 'apiserver'>()
  for (const s of kept) if (s.addon) roles.set(roleKey('Service', s.namespace, s.name), s.addon)
  const rebuilt = buildServices([...kept.map(pinned), ...added], [], pods, model.cluster, roles, new Reporter(model.file, []))
  const byKey = new Map(rebuilt.map((s) => [podKey(s), s]))
  const out = kept.map((s) => (s.obj.selector ? byKey.get(podKey(s)) ?? s : s))
  for (const a of added) out.push(byKey.get(podKey(a))!)
  return out
}
