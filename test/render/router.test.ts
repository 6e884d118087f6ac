/** The packet moves along drawn links only, in the real order of devices. */
import { describe, expect, it } from 'vitest'
import { trace } from '../../src/engine/trace/trace.js'
import type { Point } from '../../src/render/geometry.js'
import { layoutStage } from '../../src/render/layout/stageLayout.js'
import { ENGLISH_WORDS, type StageLayout } from '../../src/render/layout/types.js'
import { route } from '../../src/render/router.js'
import { buildSteps, stepPaths, stepVertices } from '../../src/render/tracePath.js'
import { loadBuiltin } from '../support/topologies.js'

function onSomeLink(layout: StageLayout, a: Point, b: Point): boolean {
  return layout.links.some((l) => l.points.some((p, i) => {
    const q = l.points[i + 1]
    if (!q) return false
    const within = (x: Point): boolean => Math.min(p.x, q.x) - 0.01 <= x.x && x.x <= Math.max(p.x, q.x) + 0.01 && Math.min(p.y, q.y) - 0.01 <= x.y && x.y <= Math.max(p.y, q.y) + 0.01
    const collinear = Math.abs((q.x - p.x) * (a.y - p.y) - (q.y - p.y) * (a.x - p.x)) < 0.01 && Math.abs((q.x - p.x) * (b.y - p.y) - (q.y - p.y) * (b.x - p.x)) < 0.01
    return collinear && within(a) && within(b)
  }))
}

describe('router', () => {
  const model = loadBuiltin('two-node-flannel-vxlan')
  const layout = layoutStage(model, { aspect: 1.6, words: ENGLISH_WORDS })

  it('goes pod eth0 → veth → bridge → netfilter → flannel.1 → eth0 → node network → the other node', () => {
    const pts = route(layout, 'pod:default/client', 'vx:node1')
    for (let i = 1; i < pts.length; i++) expect(onSomeLink(layout, pts[i - 1]!, pts[i]!)).toBe(true)
    const across = route(layout, 'eth:node1', 'eth:node2')
    expect(across.some((p) => p.y === layout.vertices.get('ul:node1')!.y)).toBe(true)
  })

  it('places every hop of a cross-node ClusterIP trace on the device it names, and every move on links', () => {
    const r = trace(model, { from: 'pod/default/client', to: 'web:80', pick: '10.244.1.3' })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    const steps = buildSteps(r.trace, { kind: 'pod', pod: 'default/client', node: 'node1' })
    const ids = stepVertices(layout, steps)
    const forward = ids.slice(r.trace.dns.length * 2, r.trace.dns.length * 2 + r.trace.hops.length)
    expect(forward.slice(0, 4)).toEqual(['pod:default/client', 'vport:default/client', 'nf:node1', 'br:node1'])
    expect(forward).toContain('vx:node1')
    expect(forward).toContain('ul:node2')
    expect(forward).toContain('vx:node2')
    expect(forward.at(-1)).toBe('pod:default/web-mpg2nfmm6z-bzjrc')
    for (const { path } of stepPaths(layout, steps)) {
      for (let i = 1; i < path.length; i++) expect(onSomeLink(layout, path[i - 1]!, path[i]!)).toBe(true)
    }
  })
})
