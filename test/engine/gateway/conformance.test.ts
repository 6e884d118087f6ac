/**
 * The shared Gateway API vectors (kubernetes-sigs/gateway-api conformance tests as JSON): every
 * case's status code, backend, and where given the backend request, redirect and split; and the
 * route status each vector asserts.
 */
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderMessage } from '../../../src/i18n/render.js'
import { readVector, runCase, vectorModel, type VectorCase } from '../../support/gatewayVectors.js'

const files = readdirSync(new URL('../../fixtures/conformance/gateway-api/', import.meta.url)).filter((f) => f.endsWith('.json'))

describe.each(files)('Gateway API conformance vector %s', (file) => {
  const v = readVector(file)
  const model = vectorModel(v)

  it('has cases', () => expect(v.cases.length).toBeGreaterThan(0))

  it.each(v.status.map((s) => [`${s.kind} ${s.namespace}/${s.name} on ${s.parent}`, s] as const))('status of %s', (_n, s) => {
    const rs = model.gatewayApi.routes.find((r) => r.route.kind === s.kind && r.route.namespace === s.namespace && r.route.name === s.name)!
    const parent = rs.parents.find((p) => `${p.parentRef.namespace}/${p.parentRef.name}` === s.parent)!
    for (const c of s.conditions) expect(parent.conditions.find((x) => x.type === c.type), c.type).toMatchObject(c)
  })

  it.each(v.cases.map((c, i) => [`${i}: ${c.request.method} ${c.request.host ?? '(address)'}${c.request.path} ${JSON.stringify(c.request.headers)}${JSON.stringify(c.request.query)} → ${c.expect.status} ${c.expect.backend ?? ''}`, c] as const))('%s', (_n, c: VectorCase) => {
    const m = c.without?.length ? vectorModel(v, c.without) : model
    const out = runCase(m, c)
    if (c.expect.split) {
      for (const [backend, share] of Object.entries(c.expect.split.backends)) {
        const p = out.outcomes.filter((o) => o.backend === backend).reduce((n, o) => n + o.probability, 0)
        expect(Math.abs(p - share), `${backend} share ${p}`).toBeLessThanOrEqual(c.expect.split.tolerance)
      }
      return
    }
    // Without a split every request must give the same answer: one outcome.
    expect(out.outcomes, renderMessage(out.routing.reason)).toHaveLength(1)
    expect(out.outcomes[0]!.status, renderMessage(out.routing.reason)).toBe(c.expect.status)
    expect(out.outcomes[0]!.backend, renderMessage(out.routing.reason)).toBe(c.expect.backend)
    const br = c.expect.backendRequest
    if (br) {
      const got = out.routing.backendRequest!
      if (br.path !== undefined) expect(got.path).toBe(br.path)
      for (const [k, val] of Object.entries(br.headers ?? {})) expect(got.headers.find(([n]) => n.toLowerCase() === k.toLowerCase())?.[1], k).toBe(val)
      for (const k of br.absentHeaders ?? []) expect(got.headers.some(([n]) => n.toLowerCase() === k.toLowerCase()), k).toBe(false)
    }
    const rd = c.expect.redirect
    if (rd) {
      const loc = new URL(out.routing.location!)
      expect(loc.protocol).toBe(`${rd.scheme ?? 'http'}:`)
      if (rd.host !== undefined) expect(loc.hostname).toBe(rd.host)
      expect(loc.pathname).toBe(rd.path ?? c.request.path)
      if (rd.portOneOf) expect(rd.portOneOf).toContain(loc.port)
    }
  })
})
