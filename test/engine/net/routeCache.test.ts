/** Route decisions are kept per netns state: the kept answer is what a fresh lookup gives. */
import { describe, expect, it } from 'vitest'
import { generateCluster } from '../../../bench/generate.js'
import { routeGet } from '../../../src/engine/net/routing.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { nodeState } from '../../../src/model/node/nodeState.js'

describe('routeGet', () => {
  it('answers a repeated destination as a fresh lookup would', () => {
    const r = loadModel('g.yaml', generateCluster(6, 4), { limits: false })
    if (!r.ok) throw new Error('generated cluster does not load')
    const ns = nodeState(r.model, r.model.nodes[0]!.name)!
    const dsts = [...r.model.nodes.flatMap((n) => [n.ip, (n.podCIDR.base + 7) >>> 0]), ...r.model.pods.flatMap((p) => (p.ip === null ? [] : [p.ip])), 0x08080808, 0x7f000001]
    for (const d of dsts) {
      const first = routeGet(ns, d)
      expect(routeGet(ns, d)).toBe(first)
      // A copy of the state is another key: its decision is computed afresh, and equal.
      expect(routeGet({ devices: ns.devices, routes: ns.routes, neighbors: ns.neighbors }, d)).toEqual(first)
    }
  })
})
