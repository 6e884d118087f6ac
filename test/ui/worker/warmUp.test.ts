/**
 * The model worker's idle-time warm-up (src/ui/worker/warmUp.ts): it builds caches only, so a
 * trace after it answers exactly as on a model nobody warmed, and small clusters get no steps.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generateDump } from '../../../bench/generateDump.js'
import { trace } from '../../../src/engine/trace/trace.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import type { Model } from '../../../src/model/model.js'
import { WARM_UP_MIN_OBJECTS, warmUpSteps, whatIfSteps } from '../../../src/ui/worker/warmUp.js'
import { LabCore } from '../../../src/ui/worker/labCore.js'
import { primedEdits } from '../../../src/model/incremental/reload.js'
import { DUMP_WHAT_IFS, WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'
import type { WhatIfKind } from '../../../src/model/edit/whatIf.js'

const modelOf = (text: string): Model => {
  const r = loadModel('dump.yaml', text, { limits: false })
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '))
  return r.model
}

describe('warmUpSteps', () => {
  it('a small cluster gets none', () => {
    const model = modelOf(readFileSync(new URL('../../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8'))
    expect(model.pods.length + model.services.length).toBeLessThan(WARM_UP_MIN_OBJECTS)
    expect(warmUpSteps(model)).toEqual([])
    expect(whatIfSteps(model)).toEqual([])
  })

  it('on a big dump: the traces after the steps equal those on a model nobody warmed', () => {
    const text = generateDump({ nodes: 20, services: 700 })
    const cold = modelOf(text)
    const warm = modelOf(text)
    expect(warm.pods.length + warm.services.length).toBeGreaterThanOrEqual(WARM_UP_MIN_OBJECTS)
    const steps = warmUpSteps(warm)
    // The node running CoreDNS, CoreDNS's view, then a trace through cluster DNS.
    expect(steps).toHaveLength(3)
    for (const step of steps) step()
    const pods = warm.pods.filter((p) => p.namespace.startsWith('team-') && !p.hostNetwork)
    const requests = [
      { from: `pod/${pods[0]!.namespace}/${pods[0]!.name}`, to: 'app-5.team-5:80' },
      { from: `pod/${pods[7]!.namespace}/${pods[7]!.name}`, to: 'kubernetes.default:443' },
      { from: `pod/${pods[3]!.namespace}/${pods[3]!.name}`, to: `${pods[9]!.name}:8080` },
    ]
    for (const request of requests) {
      const a = trace(warm, request)
      const b = trace(cold, request)
      expect(a.ok, request.to).toBe(true)
      expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    }
  })

  it('the what-ifs after the steps (their lookups built in idle time) equal those on a cluster nobody warmed', () => {
    const text = generateDump({ nodes: 20, services: 700 }) + WHAT_IF_OBJECTS
    const cold = new LabCore()
    const warm = new LabCore()
    const input = { fileName: 'dump.yaml', text, keepAddresses: false }
    const first = warm.load(input).model!
    cold.load(input)
    expect(primedEdits(first)).toEqual({ names: false, placement: false, services: false })
    for (const step of [...warmUpSteps(first), ...whatIfSteps(first)]) step()
    expect(primedEdits(first)).toEqual({ names: true, placement: true, services: true })
    const source = first.pods.find((p) => p.namespace === 'team-1' && !p.hostNetwork)!
    const request = { from: `pod/${source.namespace}/${source.name}`, to: 'app-5.team-5:80' }
    let warmText = text
    let coldText = text
    for (const [kind, target, value] of DUMP_WHAT_IFS.slice(0, 4)) {
      const edit = { kind: kind as WhatIfKind, target, value }
      const a = warm.load({ fileName: 'dump.yaml', text: warmText, keepAddresses: true, edit })
      const b = cold.load({ fileName: 'dump.yaml', text: coldText, keepAddresses: true, edit })
      expect(a.text, kind).toBe(b.text)
      expect(JSON.stringify(a.diagnostics)).toBe(JSON.stringify(b.diagnostics))
      expect(JSON.stringify(a.model!.pods)).toBe(JSON.stringify(b.model!.pods))
      expect(JSON.stringify(a.model!.services.map((s) => s.ports))).toBe(JSON.stringify(b.model!.services.map((s) => s.ports)))
      expect(JSON.stringify(warm.trace(request))).toBe(JSON.stringify(cold.trace(request)))
      warmText = a.text
      coldText = b.text
    }
  })
})
