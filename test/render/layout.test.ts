/**
 * The layout's promises on every built-in scenario and on generated 10- and 50-node clusters,
 * at a desktop and a phone-shaped stage: no two labels overlap, no label pokes out of its box,
 * no link runs through an unrelated box, every pod, device and wire has its vertex, and every
 * coordinate is a whole pixel (text on the pixel grid; small integers, not boxed doubles).
 */
import { describe, expect, it } from 'vitest'
import { generateCluster } from '../../bench/generate.js'
import { loadModel } from '../../src/model/derive/buildModel.js'
import type { Model } from '../../src/model/model.js'
import { textWidth } from '../../src/render/geometry.js'
import { FONT } from '../../src/render/layout/nodeLayout.js'
import { labelOverlaps, linkCrossings } from '../../src/render/layout/overlaps.js'
import { layoutStage } from '../../src/render/layout/stageLayout.js'
import { ENGLISH_WORDS } from '../../src/render/layout/types.js'
import { BUILTIN_TOPOLOGIES, loadBuiltin } from '../support/topologies.js'

function generated(nodes: number, services: number): Model {
  const r = loadModel(`generated-${nodes}`, generateCluster(nodes, services))
  if (!r.ok) throw new Error('generated cluster does not load')
  return r.model
}

const ASPECTS = [{ name: 'desktop', aspect: 1.6 }, { name: 'phone', aspect: 0.8 }]
const cases: [string, () => Model][] = [
  ...BUILTIN_TOPOLOGIES.map((t): [string, () => Model] => [t, () => loadBuiltin(t)]),
  ['generated 10 nodes / 200 pods', () => generated(10, 66)],
  ['generated 50 nodes / 1,000 pods', () => generated(50, 333)],
]

describe('stage layout', () => {
  for (const [name, build] of cases) {
    for (const { name: shape, aspect } of ASPECTS) {
      it(`${name} (${shape}): no overlapping labels, no link through a box`, () => {
        const model = build()
        const layout = layoutStage(model, { aspect, words: ENGLISH_WORDS })
        expect(labelOverlaps(layout)).toEqual([])
        expect(linkCrossings(layout)).toEqual([])
        for (const n of model.nodes) {
          for (const v of ['br', 'nf', 'eth', 'ul']) expect(layout.vertices.has(`${v}:${n.name}`), `${v}:${n.name}`).toBe(true)
        }
        // Every label is at least 14 px at zoom 1 and fits the width reserved for it.
        for (const l of layout.labels) {
          expect(l.size).toBeGreaterThanOrEqual(14)
          expect(textWidth(l.text, l.size)).toBeLessThanOrEqual(l.w + 0.01)
        }
        const fractional = [
          ...[...layout.boxes, ...layout.labels, ...layout.slots.values()].flatMap((r) => [r.x, r.y, r.w, r.h].map((v) => [r, v] as const)),
          ...[...layout.links.flatMap((l) => l.points), ...layout.vertices.values()].flatMap((q) => [q.x, q.y].map((v) => [q, v] as const)),
        ].filter(([, v]) => !Number.isInteger(v))
        expect(fractional.slice(0, 3)).toEqual([])
      })
    }
  }

  it('draws every running pod of a small cluster with its veth on the bridge', () => {
    const model = loadBuiltin('two-node-flannel-vxlan')
    const layout = layoutStage(model, { aspect: 1.6, words: ENGLISH_WORDS })
    for (const p of model.pods.filter((x) => !x.hostNetwork && x.ip !== null)) {
      const key = `${p.namespace}/${p.name}`
      expect(layout.links.some((l) => l.kind === 'veth' && l.a === `podeth:${key}` && l.b === `vport:${key}`)).toBe(true)
      expect(layout.labels.some((l) => l.id === `veth:${key}` && l.full.startsWith('veth'))).toBe(true)
    }
    for (const p of model.pods.filter((x) => x.hostNetwork)) expect(layout.vertices.has(`hp:${p.namespace}/${p.name}`)).toBe(true)
    expect(layout.vertices.has('vx:node1')).toBe(true)
    // The LoadBalancer address is marked on the bus at the announcing node.
    expect([...layout.vertices.keys()].some((k) => k.startsWith('lb:'))).toBe(true)
    // Services are listed at every node's netfilter checkpoint.
    const web = layout.services.get('default/web')
    expect(web && [...web.at.keys()].sort()).toEqual(['node1', 'node2'])
  })

  it('shortens long names with an ellipsis and keeps the whole name', () => {
    const model = loadBuiltin('two-node-flannel-vxlan')
    const layout = layoutStage(model, { aspect: 1.6, words: { ...ENGLISH_WORDS, hostProcesses: 'x'.repeat(200) } })
    const l = layout.labels.find((x) => x.full === 'x'.repeat(200))!
    expect(l.text.endsWith('…')).toBe(true)
    expect(textWidth(l.text, FONT)).toBeLessThan(textWidth(l.full, FONT))
  })

  it('picks more columns for a wide stage than for a tall one', () => {
    const model = generated(10, 20)
    const wide = layoutStage(model, { aspect: 3, words: ENGLISH_WORDS })
    const tall = layoutStage(model, { aspect: 0.5, words: ENGLISH_WORDS })
    const cols = (l: typeof wide): number => l.nodes.filter((n) => n.row === 0).length
    expect(cols(wide)).toBeGreaterThan(cols(tall))
  })
})
