import { describe, expect, it } from 'vitest'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { serviceCounters } from '../../../src/model/derive/services.js'
import { whatIfEdit } from '../../../src/model/edit/whatIf.js'
import { addressesOf, knownPieces, reloadModel } from '../../../src/model/incremental/reload.js'
import type { Model } from '../../../src/model/model.js'
import { generateDump } from '../../../bench/generateDump.js'
import { WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'

/** What the Services are: addresses, ports and endpoints (objects compared by content). */
const services = (m: Model): string => JSON.stringify(m.services.map((s) => [s.namespace, s.name, s.clusterIP, s.healthCheckNodePort, s.addon, s.obj.externalTrafficPolicy, s.ports.map((p) => [p.spec.name, p.nodePort, p.endpoints]), s.portlessEndpoints ?? null]))

describe("a dump's EndpointSlices after an edit that kept them: the last load's map", () => {
  it('gives the Services a full load of the edited text gives, and is taken', () => {
    const text = generateDump({ nodes: 5, services: 40 }) + WHAT_IF_OBJECTS
    const first = reloadModel(null, 'dump.yaml', text, { limits: false })
    if (!first.ok) throw new Error('no load')
    let model = first.model
    let cur = text
    const svc = model.services.find((s) => s.namespace.startsWith('team-') && s.ports.some((p) => p.endpoints.length))!
    const pod = model.pods.find((p) => p.namespace.startsWith('team-') && !p.hostNetwork)!
    // An editor's edit of an EndpointSlice among them: an endpoint no longer ready (the map must not be the last one).
    const steps = [['etp', 'default/web'], ['scale', 'default/web', 5], ['etp', `${svc.namespace}/${svc.name}`], ['slice', ''], ['drain', 'worker-0002'], ['delete', 'default/debug-1'], ['delete', `${pod.namespace}/${pod.name}`], ['slice', ''], ['scale', 'default/web', 1]] as const
    const before = serviceCounters.sameSlices
    for (const [kind, target, value = 0] of steps) {
      const ready = 'conditions: { ready: true, serving: true, terminating: false }, nodeName: '
      const e = kind === 'slice' ? { text: cur.replace(ready, ready.replace('ready: true', 'ready: false')) } : whatIfEdit(kind, target, value, cur, knownPieces(model) ?? undefined)
      expect(e.text, `${kind} ${target}`).not.toBe(cur)
      const keep = addressesOf(model)
      const next = reloadModel(model, 'dump.yaml', e.text, { limits: false, keepAddresses: keep, ...('change' in e ? { change: { before: cur, ...e.change } } : {}) })
      const full = loadModel('dump.yaml', e.text, { limits: false, keepAddresses: keep })
      if (!next.ok || !full.ok) throw new Error(`${kind} did not load`)
      expect(services(next.model), `${kind} ${target}`).toBe(services(full.model))
      model = next.model
      cur = e.text
    }
    expect(serviceCounters.sameSlices - before).toBeGreaterThanOrEqual(steps.length - 4)
  })
})
