/**
 * What the stage shows of the pods while a control-plane chain plays. The cluster is laid out
 * once with every pod the chain touches (those of the model before and after it), so nothing
 * moves; each pod the chain creates or deletes then has a look per step, read from the chain
 * itself: not there until kube-scheduler binds it; a dashed placeholder while it is bound but
 * Pending (no sandbox, no address yet); drawn from its kubelet's CNI ADD, which gives it its veth
 * and IP; faded from its kubelet's StopContainer (`Killing`); gone after the CNI DEL. The
 * Services whose endpoints change light up on kube-proxy's checkpoint at the EndpointSlice step
 * (on every node: each kube-proxy watches the slice) and on one node at that node's sync.
 */
import type { ChainResult, ChainStep } from '../engine/controlplane/types.js'
import type { Model } from '../model/model.js'
import type { StageLayout } from './layout/types.js'

export type PodLook = 'absent' | 'pending' | 'running' | 'leaving'

/** A Service line to light at a step: on these nodes (null: every node). */
export interface LitService {
  readonly service: string
  readonly nodes: readonly string[] | null
}

export interface ChainStage {
  /** The model to lay out: the chain's model before it, with the pods it adds and their places after. */
  readonly model: Model
  /** The pods whose look changes during the chain (`namespace/name`). */
  readonly pods: readonly string[]
  /** For each step, the look of each of those pods once the step has happened. */
  readonly looks: readonly ReadonlyMap<string, PodLook>[]
  /** For each step, the Service lines to light. */
  readonly lit: readonly (readonly LitService[])[]
}

const key = (p: { namespace: string; name: string }): string => `${p.namespace}/${p.name}`

/** Before's pods and Services, with the after model's added ones; after's version where both have one. */
export function chainModel(r: ChainResult): Model {
  const afterPods = new Map(r.after.pods.map((p) => [key(p), p]))
  const beforeKeys = new Set(r.before.pods.map(key))
  const pods = [...r.before.pods.map((p) => afterPods.get(key(p)) ?? p), ...r.after.pods.filter((p) => !beforeKeys.has(key(p)))]
  const afterSvcs = new Set(r.after.services.map(key))
  const services = [...r.after.services, ...r.before.services.filter((s) => !afterSvcs.has(key(s)))]
  return { ...r.after, pods, services }
}

const isPod = (s: ChainStep, k: string): boolean => s.object.kind === 'Pod' && key(s.object) === k

/** The look a pod takes at step `s`, or null when the step does not change it. */
function lookAt(s: ChainStep, k: string): PodLook | null {
  if (!isPod(s, k)) return null
  if (s.verb === 'bind' && s.phase === 'write' && s.from.component === 'kube-scheduler') return 'pending'
  if (s.verb === 'ADD' && s.dataplane?.kind === 'cni-add') return 'running'
  if (s.verb === 'StopContainer') return 'leaving'
  if (s.verb === 'DEL' && s.dataplane?.kind === 'cni-del') return 'absent'
  // The kubelet removes the object once the pod is down (a hostNetwork pod has no CNI DEL).
  if (s.verb === 'delete' && s.from.component === 'kubelet') return 'absent'
  return null
}

function litAt(s: ChainStep): LitService[] {
  const d = s.dataplane
  if (!d) return []
  if (d.kind === 'endpoints') {
    return d.endpoints.map((e) => ({ service: e.service, nodes: null }))
  }
  if (d.kind === 'proxy-sync' && d.node && d.diffs.length) {
    // The Services whose chains this sync wrote: KUBE-SVC/SEP comments carry `ns/name:port`.
    const services = new Set<string>()
    for (const v of d.diffs) for (const l of [...v.added, ...v.removed]) {
      const m = /--comment "?([\w.-]+\/[\w.-]+)(?::[\w-]*)?/.exec(l)
      if (m) services.add(m[1]!)
    }
    return [...services].sort().map((service) => ({ service, nodes: [d.node!] }))
  }
  return []
}

export function chainStage(r: ChainResult): ChainStage {
  const model = chainModel(r)
  const before = new Set(r.before.pods.map(key))
  const changing = model.pods
    .filter((p) => !p.hostNetwork && p.nodeName !== null && p.ip !== null)
    .map(key)
    .filter((k) => !before.has(k) || r.steps.some((s) => lookAt(s, k) !== null))
  const now = new Map<string, PodLook>(changing.map((k) => [k, before.has(k) ? 'running' : 'absent']))
  const looks = r.steps.map((s) => {
    for (const k of changing) { const l = lookAt(s, k); if (l) now.set(k, l) }
    return new Map(now)
  })
  return { model, pods: changing, looks, lit: r.steps.map(litAt) }
}

/** The drawn parts of one pod: its box, its labels (the host-side veth's name too) and its links (`in:` and `veth:`). */
export interface PodPart {
  readonly key: string
  readonly layout: StageLayout
}

/**
 * Splits the pods whose look changes off the still layout, so the scene can draw them on their
 * own layer. Vertices stay in the still layout: a message still travels to a pod not drawn yet.
 */
export function splitPods(layout: StageLayout, keys: readonly string[]): { still: StageLayout; parts: PodPart[] } {
  const of = (k: string) => ({
    box: (id: string) => id === `pod:${k}`,
    label: (id: string) => id.startsWith(`pod:${k}:`) || id === `veth:${k}`,
    link: (id: string) => id === `in:${k}` || id === `veth:${k}`,
  })
  const tests = keys.map(of)
  const owned = (id: string, f: 'box' | 'label' | 'link'): boolean => tests.some((t) => t[f](id))
  const still: StageLayout = {
    ...layout,
    boxes: layout.boxes.filter((b) => !owned(b.id, 'box')),
    labels: layout.labels.filter((l) => !owned(l.id, 'label')),
    links: layout.links.filter((l) => !owned(l.id, 'link')),
  }
  const parts = keys.flatMap((k, i) => {
    const t = tests[i]!
    const boxes = layout.boxes.filter((b) => t.box(b.id))
    if (!boxes.length) return []
    return [{
      key: k,
      layout: {
        ...layout, nodes: [], boxes, labels: layout.labels.filter((l) => t.label(l.id)), links: layout.links.filter((l) => t.link(l.id)),
      },
    }]
  })
  return { still, parts }
}
