/**
 * The pods of a control-plane chain on the stage: a new pod is absent until kube-scheduler
 * binds it, a placeholder until its kubelet's CNI ADD, drawn after; a deleted pod fades at its
 * kubelet's StopContainer and goes at the CNI DEL; Services light up at the EndpointSlice step
 * (every node) and at each kube-proxy sync (that node). Watch arrows are cut into dashes.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runChange } from '../../src/engine/controlplane/run.js'
import { loadControlPlane } from '../../src/engine/controlplane/state.js'
import type { Change, ChainResult } from '../../src/engine/controlplane/types.js'
import { dashes } from '../../src/render/chainPath.js'
import { chainStage, splitPods } from '../../src/render/chainPods.js'
import { layoutStage } from '../../src/render/layout/stageLayout.js'
import { ENGLISH_WORDS } from '../../src/render/layout/types.js'

const TOPOLOGY = readFileSync(new URL('../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/controlplane/${name}`, import.meta.url), 'utf8')
/** The course notes' nginx-deployment (3 replicas) and its Service, applied as one file. */
const NGINX = `${fixture('nginx-deployment.yaml')}\n---\n${fixture('nginx-service.yaml')}`

function run(change: Change): ChainResult {
  const l = loadControlPlane('topologies/two-node-flannel-vxlan.yaml', TOPOLOGY)
  if (!l.ok) throw new Error(JSON.stringify(l.diagnostics))
  return runChange(l.state, change).result
}

const stepOf = (r: ChainResult, pod: string, f: (s: ChainResult['steps'][number]) => boolean): number =>
  r.steps.findIndex((s) => s.object.kind === 'Pod' && `${s.object.namespace}/${s.object.name}` === pod && f(s))

describe('pods appear step by step', () => {
  const r = run({ kind: 'apply', file: 'nginx-deployment.yaml', text: NGINX })
  const cs = chainStage(r)
  const created = r.after.pods.filter((p) => !r.before.pods.some((b) => b.name === p.name)).map((p) => `${p.namespace}/${p.name}`)

  it('tracks the three new pods and none of the old ones', () => {
    expect(created).toHaveLength(3)
    expect([...cs.pods].sort()).toEqual([...created].sort())
    expect(cs.looks).toHaveLength(r.steps.length)
  })

  it('each new pod: absent, pending from its binding, running from its CNI ADD', () => {
    for (const pod of created) {
      const bind = stepOf(r, pod, (s) => s.verb === 'bind' && s.phase === 'write')
      const add = stepOf(r, pod, (s) => s.verb === 'ADD')
      expect(bind).toBeGreaterThan(0)
      expect(add).toBeGreaterThan(bind)
      expect(cs.looks[bind - 1]!.get(pod)).toBe('absent')
      expect(cs.looks[bind]!.get(pod)).toBe('pending')
      expect(cs.looks[add - 1]!.get(pod)).toBe('pending')
      expect(cs.looks[add]!.get(pod)).toBe('running')
      expect(cs.looks.at(-1)!.get(pod)).toBe('running')
    }
  })

  it('lights the Service at the EndpointSlice write on every node, then at each node\'s sync on that node', () => {
    const esc = r.steps.findIndex((s) => s.dataplane?.kind === 'endpoints')
    expect(cs.lit[esc]).toEqual(expect.arrayContaining([{ service: 'default/nginx-service', nodes: null }]))
    const syncs = r.steps.flatMap((s, i) => (s.dataplane?.kind === 'proxy-sync' ? [i] : []))
    expect(syncs.length).toBe(r.after.nodes.length)
    for (const i of syncs) expect(cs.lit[i]).toEqual(expect.arrayContaining([{ service: 'default/nginx-service', nodes: [r.steps[i]!.dataplane!.node] }]))
    expect(cs.lit[0]).toEqual([])
  })

  it('splits the new pods off the still layout, keeping their vertices', () => {
    const layout = layoutStage(cs.model, { aspect: 1.6, kubectl: true, words: ENGLISH_WORDS })
    const { still, parts } = splitPods(layout, cs.pods)
    expect(parts.map((p) => p.key).sort()).toEqual([...created].sort())
    for (const pod of created) {
      expect(still.boxes.some((b) => b.id === `pod:${pod}`)).toBe(false)
      expect(still.labels.some((l) => l.id.startsWith(`pod:${pod}:`) || l.id === `veth:${pod}`)).toBe(false)
      expect(still.vertices.has(`pod:${pod}`)).toBe(true)
      const part = parts.find((p) => p.key === pod)!
      expect(part.layout.boxes.map((b) => b.id)).toEqual([`pod:${pod}`])
      expect(part.layout.links.map((l) => l.id).sort()).toEqual([`in:${pod}`, `veth:${pod}`])
    }
    expect(still.boxes.length + parts.length).toBe(layout.boxes.length)
  })
})

describe('pods leave step by step', () => {
  const r = run({ kind: 'scale', object: { kind: 'Deployment', namespace: 'default', name: 'web' }, replicas: 1 })
  const cs = chainStage(r)
  const gone = r.before.pods.filter((p) => !r.after.pods.some((a) => a.name === p.name)).map((p) => `${p.namespace}/${p.name}`)

  it('a deleted pod is drawn until its kubelet kills it, faded while it stops, gone after CNI DEL', () => {
    expect(gone).toHaveLength(1)
    const pod = gone[0]!
    expect(cs.pods).toContain(pod)
    const kill = stepOf(r, pod, (s) => s.verb === 'StopContainer')
    const del = stepOf(r, pod, (s) => s.verb === 'DEL')
    expect(kill).toBeGreaterThan(0)
    expect(del).toBeGreaterThan(kill)
    expect(cs.looks[kill - 1]!.get(pod)).toBe('running')
    expect(cs.looks[kill]!.get(pod)).toBe('leaving')
    expect(cs.looks[del]!.get(pod)).toBe('absent')
    // The layout still has its place (the model before the chain keeps it).
    expect(cs.model.pods.some((p) => `${p.namespace}/${p.name}` === pod)).toBe(true)
  })
})

describe('dashes (watch arrows)', () => {
  it('cuts a polyline into dashes of the given length with gaps, across corners', () => {
    const d = dashes([{ x: 0, y: 0 }, { x: 25, y: 0 }, { x: 25, y: 25 }], 10, 5)
    const len = (p: readonly { x: number; y: number }[]): number => p.slice(1).reduce((a, q, i) => a + Math.hypot(q.x - p[i]!.x, q.y - p[i]!.y), 0)
    // 50 units: dash 0–10, gap, dash 15–25, gap, dash 30–40 (around the corner at 25), gap, dash 45–50.
    expect(d.map((x) => Math.round(len(x)))).toEqual([10, 10, 10, 5])
    expect(d[2]![0]).toEqual({ x: 25, y: 5 })
    expect(dashes([{ x: 0, y: 0 }], 10, 5)).toEqual([])
  })
})
