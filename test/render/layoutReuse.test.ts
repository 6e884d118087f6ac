/**
 * A layout made in slices with reused nodes (nodeCache.ts, layoutStageSteps) is the layout made
 * from scratch; a layout of a model whose drawn parts did not change is the previous layout
 * itself (the stage then draws nothing again), and after an edit only the nodes it touched are
 * laid out again; those are the only nodes a scene need draw again (keptNodes).
 */
import { describe, expect, it } from 'vitest'
import { generateDump } from '../../bench/generateDump.js'
import { LabCore } from '../../src/ui/worker/labCore.js'
import { NodePartsCache, placeSlot } from '../../src/render/layout/nodeCache.js'
import { layoutNode, type NodeInput } from '../../src/render/layout/nodeLayout.js'
import { keptNodes, layoutStage, layoutStageSteps } from '../../src/render/layout/stageLayout.js'
import { ENGLISH_WORDS, type StageLayout } from '../../src/render/layout/types.js'
import type { Model } from '../../src/model/model.js'
import { plain } from '../../src/ui/worker/plain.js'

const run = (model: Model, cache: NodePartsCache, previous: StageLayout | null): { layout: StageLayout; slices: number } => {
  const steps = layoutStageSteps(model, { aspect: 1.6, words: ENGLISH_WORDS, cache }, previous)
  for (let slices = 1; ; slices++) {
    const r = steps.next()
    if (r.done) return { layout: r.value, slices }
  }
}

/** Coordinates to a 1e-6 grid: a node placed by moving its parts may differ from one laid out in place in the last bit. */
const rounded = (l: StageLayout): unknown => JSON.parse(JSON.stringify(l, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v instanceof Map ? [...v] : v)))

describe('stage layout made in slices, reusing nodes', () => {
  const core = new LabCore()
  const text = generateDump({ nodes: 30, services: 40 })
  const first = core.load({ fileName: 'dump.yaml', text, keepAddresses: false }).model!

  it('equals the layout made at once, a slice per node', () => {
    const { layout, slices } = run(first, new NodePartsCache(), null)
    expect(slices).toBeGreaterThan(first.nodes.length)
    expect(rounded(layout)).toEqual(rounded(layoutStage(first, { aspect: 1.6, words: ENGLISH_WORDS })))
  })

  it('the same model again gives the previous layout itself; an edit lays out only the nodes it touched', () => {
    const cache = new NodePartsCache()
    const a = run(first, cache, null).layout
    expect(run(first, cache, a).layout).toBe(a)
    const pod = first.pods.find((p) => p.nodeName === 'worker-0002' && !p.hostNetwork && !p.addon)!
    // Cordon a node: nothing drawn changes.
    const cordoned = core.load({ fileName: 'dump.yaml', text, keepAddresses: true, edit: { kind: 'drain', target: 'worker-0003', value: 0 } }).model!
    expect(run(cordoned, cache, a).layout).toBe(a)
    expect(cache.laidOut).toBe(0)
    // Delete a pod: its node is laid out again, the other 29 are reused.
    const deleted = core.load({ fileName: 'dump.yaml', text, keepAddresses: true, edit: { kind: 'delete', target: `${pod.namespace}/${pod.name}`, value: 0 } }).model!
    const b = run(deleted, cache, a).layout
    expect(b).not.toBe(a)
    // From scratch: a copy of the model (new objects, so nothing any node laid out before is reused).
    expect(rounded(b)).toEqual(rounded(layoutStage(structuredClone(plain(deleted)), { aspect: 1.6, words: ENGLISH_WORDS })))
    expect(cache.laidOut).toBe(1)
    // The scene may keep the drawing of every node but the one the edit touched (same parts at the same place).
    // (A node with fewer pods is shorter: the rows under it move up, and are drawn again.)
    const kept = keptNodes(a, b)!
    const touched = b.nodes.findIndex((n) => n.name === 'worker-0002')
    expect(kept[touched]).toBe(false)
    expect(kept.slice(0, touched).every((k) => k)).toBe(true)
    for (const [i, k] of kept.entries()) if (k) expect(b.nodes[i]!.box).toEqual(a.nodes[i]!.box)
    expect(keptNodes(a, layoutStage(deleted, { aspect: 1.6, words: ENGLISH_WORDS }))!.every((k) => !k)).toBe(true)
    expect(a.boxes.some((x) => x.id === `pod:${pod.namespace}/${pod.name}`)).toBe(true)
    expect(b.boxes.some((x) => x.id === `pod:${pod.namespace}/${pod.name}`)).toBe(false)
  })
})

/** A node showing every kind of part: two banks of pods, an ingress pod, host pods, the control plane, Services, flannel.1, nodelocaldns, NodePorts. */
const busyNode: NodeInput = {
  name: 'node-a', ip: '10.0.0.2', controlPlane: true,
  bridge: { name: 'cni0', address: '10.244.1.1/24' }, vxlan: '10.244.1.0', nodeLocalDns: '169.254.20.10',
  pods: Array.from({ length: 6 }, (_, i) => ({
    key: `default/web-${i}`, name: `web-${i}`, ip: `10.244.1.${10 + i}`, role: i === 0 ? 'ingress' as const : null,
    containers: ['nginx'], veth: `veth${i}`, ...(i === 0 ? { entry: 'Ingress /' } : {}),
  })),
  hiddenPods: 2,
  hostPods: [{ key: 'kube-system/kube-proxy-a', name: 'kube-proxy-a' }],
  components: [{ id: 'kubelet', label: 'kubelet :10250' }, { id: 'etcd', label: 'etcd :2379' }],
  services: [{ key: 'default/web', text: 'web 10.96.0.10:80' }], hiddenServices: 3, nodePorts: [30080],
}

describe("a node's parts moved into place", () => {
  it('are the node laid out there, every point moved once (a link ends at a vertex; a Service line is its label)', () => {
    const parts = layoutNode(busyNode, 0, 0, ENGLISH_WORDS)
    const slot = { parts, x: 0, y: 0, fresh: true }
    expect(placeSlot(slot, 30, 50)).toBe(parts)
    expect(rounded(parts as unknown as StageLayout)).toEqual(rounded(layoutNode(busyNode, 30, 50, ENGLISH_WORDS) as unknown as StageLayout))
    // Placed once, the slot's parts are not moved again (a layout may be drawing them): a copy is.
    const copy = placeSlot(slot, 0, 0)
    expect(copy).not.toBe(parts)
    expect(slot.parts).toBe(copy)
    expect(rounded(parts as unknown as StageLayout)).toEqual(rounded(layoutNode(busyNode, 30, 50, ENGLISH_WORDS) as unknown as StageLayout))
    expect(rounded(copy as unknown as StageLayout)).toEqual(rounded(layoutNode(busyNode, 0, 0, ENGLISH_WORDS) as unknown as StageLayout))
    expect(placeSlot(slot, 0, 0)).toBe(copy)
  })

  it('a layout of other proportions with the same cache leaves the one before as it was', () => {
    const core = new LabCore()
    const model = core.load({ fileName: 'dump.yaml', text: generateDump({ nodes: 6, services: 12 }), keepAddresses: false }).model!
    const cache = new NodePartsCache()
    const wide = run(model, cache, null).layout
    const before = rounded(wide)
    const tall = layoutStage(model, { aspect: 0.3, words: ENGLISH_WORDS, cache })
    expect(tall.nodes.some((n, i) => n.box.x !== wide.nodes[i]!.box.x || n.box.y !== wide.nodes[i]!.box.y)).toBe(true)
    expect(rounded(wide)).toEqual(before)
    expect(rounded(tall)).toEqual(rounded(layoutStage(model, { aspect: 0.3, words: ENGLISH_WORDS })))
  })
})
