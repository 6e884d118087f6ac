import { describe, expect, it } from 'vitest'
import { objectKinds, objectKindsCounters, sortObjects, spliceObjects, type ObjectKinds } from '../../../src/model/derive/objectKinds.js'
import type { ClusterObject } from '../../../src/model/objects.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { knownPieces, reloadModel } from '../../../src/model/incremental/reload.js'
import { whatIfEdit } from '../../../src/model/edit/whatIf.js'
import { generateDump } from '../../../bench/generateDump.js'
import { WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'

const KINDS = ['Service', 'EndpointSlice', 'Pod', 'Deployment', 'Namespace', 'Corefile', 'KubeProxyConfig', 'HTTPRoute', 'Gateway', 'Ingress', 'NetworkPolicy', 'Node'] as const

/** A deterministic pseudo-random sequence (mulberry32). */
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Objects with just what the sort reads: kind, and a namespace or (a Namespace's) name. */
function object(r: () => number, n: number): ClusterObject {
  const kind = KINDS[Math.floor(r() * KINDS.length)]!
  const ns = `ns-${Math.floor(r() * 5)}`
  if (kind === 'Namespace') return { kind, name: ns, labels: {} } as unknown as ClusterObject
  if (kind === 'Node' || kind === 'KubeProxyConfig') return { kind, name: `x${n}` } as unknown as ClusterObject
  return { kind, namespace: ns, name: `o${n}`, text: `t${n}` } as unknown as ClusterObject
}

const view = (k: ObjectKinds): unknown => {
  const { objects: _, namespaces, ...lists } = k
  return { lists, namespaces: [...namespaces].sort(([a], [b]) => (a < b ? -1 : 1)) }
}

describe('objects by kind: spliced after an edit = sorted afresh', () => {
  it('equals a full pass after every one of 400 random splices', () => {
    const r = rng(7)
    let n = 0
    let objects = Array.from({ length: 300 }, () => object(r, n++))
    let kinds = sortObjects(objects)
    for (let step = 0; step < 400; step++) {
      const at = Math.floor(r() * (objects.length + 1))
      const removed = objects.slice(at, at + Math.floor(r() * 4))
      const added = Array.from({ length: Math.floor(r() * 4) }, () => object(r, n++))
      const next = [...objects.slice(0, at), ...added, ...objects.slice(at + removed.length)]
      const spliced = objectKinds(next, kinds, { at, removed, added, from: objects })
      expect(spliced.objects).toBe(next)
      expect(view(spliced), `step ${step}`).toEqual(view(sortObjects(next)))
      objects = next
      kinds = spliced
    }
  })

  it('sorts afresh when the change is not from the last list', () => {
    const r = rng(3)
    const objects = Array.from({ length: 50 }, (_, i) => object(r, i))
    const kinds = sortObjects(objects)
    const other = objects.slice(1)
    expect(view(objectKinds(other, kinds, { at: 0, removed: [], added: [], from: other }))).toEqual(view(sortObjects(other)))
    expect(view(spliceObjects(kinds, other, 0, [objects[0]!], []))).toEqual(view(sortObjects(other)))
  })

  it('a reloaded dump after what-ifs has the namespaces, Services and model of a full load', () => {
    const text = generateDump({ nodes: 4, services: 20 }) + WHAT_IF_OBJECTS
    const first = reloadModel(null, 'dump.yaml', text, { limits: false })
    if (!first.ok) throw new Error('no load')
    // Flip a Service's policy, delete a pod, scale a Deployment (what-ifs): splices of the object list.
    let model = first.model
    let cur = text
    const svc = first.model.services.find((s) => s.obj.type === 'NodePort' || s.obj.type === 'LoadBalancer') ?? first.model.services.find((s) => s.namespace.startsWith('team-'))!
    let next: ReturnType<typeof reloadModel> = first
    for (const [kind, target] of [['etp', `${svc.namespace}/${svc.name}`], ['delete', 'default/debug-1'], ['scale', 'default/web']] as const) {
      const e = whatIfEdit(kind, target, 0, cur, knownPieces(model) ?? undefined)
      expect(e.text).not.toBe(cur)
      const spliced = objectKindsCounters.spliced
      next = reloadModel(model, 'dump.yaml', e.text, { limits: false, change: { before: cur, ...e.change } })
      expect(objectKindsCounters.spliced).toBe(spliced + 1)
      if (!next.ok) throw new Error('no load')
      model = next.model
      cur = e.text
    }
    const edited = cur
    const full = loadModel('dump.yaml', edited, { limits: false })
    if (!next.ok || !full.ok) throw new Error('no load')
    expect(next.model.namespaces).toEqual(full.model.namespaces)
    expect(next.model.services.map((s) => `${s.namespace}/${s.name}`)).toEqual(full.model.services.map((s) => `${s.namespace}/${s.name}`))
    const names = (m: typeof model): string[] => m.pods.map((p) => `${p.namespace}/${p.name}`).sort()
    expect(names(next.model)).toEqual(names(full.model))
    expect(next.model.corefile).toBe(full.model.corefile)
    expect([...(next.model.namespaceLabels ?? [])]).toEqual([...(full.model.namespaceLabels ?? [])])
  })
})
