/**
 * The overview of a big cluster draws each node's pods as one band: the rectangle around that
 * node's pod boxes. Every pod box lies in its node's band, every band inside its node's box,
 * and there is one band per node with pods.
 */
import { describe, expect, it } from 'vitest'
import { generateCluster } from '../../bench/generate.js'
import { loadModel } from '../../src/model/derive/buildModel.js'
import { contains } from '../../src/render/geometry.js'
import { layoutStage } from '../../src/render/layout/stageLayout.js'
import { ENGLISH_WORDS } from '../../src/render/layout/types.js'
import { podBands } from '../../src/render/scene/overview.js'

describe('the overview', () => {
  it('draws one band per node around exactly its pods', () => {
    const r = loadModel('gen.yaml', generateCluster(12, 60), { limits: false })
    if (!r.ok) throw new Error('generated cluster does not load')
    const layout = layoutStage(r.model, { aspect: 1.6, words: ENGLISH_WORDS })
    const bands = podBands(layout)
    const pods = layout.boxes.filter((b) => b.kind === 'pod')
    const withPods = layout.nodes.filter((n) => pods.some((p) => contains(n.box, p)))
    expect(withPods.length).toBeGreaterThan(1)
    expect(bands).toHaveLength(withPods.length)
    for (const n of withPods) {
      const own = pods.filter((p) => contains(n.box, p))
      const band = bands.find((b) => contains(n.box, b))!
      expect(band).toBeDefined()
      for (const p of own) expect(contains(band, p)).toBe(true)
      // The band is the tightest: each of its edges touches one of the node's pods.
      expect(Math.min(...own.map((p) => p.x))).toBe(band.x)
      expect(Math.max(...own.map((p) => p.y + p.h))).toBe(band.y + band.h)
    }
  })
})
