import { describe, expect, it } from 'vitest'
import { podsByIpOf, podsByNameOf } from '../../src/model/podLookup.js'
import { addressesOf, reloadModel } from '../../src/model/incremental/reload.js'
import { applyWhatIf, type WhatIfKind } from '../../src/model/edit/whatIf.js'
import { generateCluster } from '../../bench/generate.js'
import type { Model } from '../../src/model/model.js'

/** What a Map built from the model's pods answers, for every pod and for keys no pod has. */
function expectSameAsMaps(model: Model): { names: boolean; ips: boolean } {
  const names = podsByNameOf(model)
  const ips = podsByIpOf(model)
  const byName = new Map(model.pods.map((p) => [`${p.namespace}/${p.name}`, p]))
  const byIp = new Map(model.pods.filter((p) => p.ip !== null && !p.hostNetwork).map((p) => [String(p.ip), p]))
  if (names) {
    for (const [k, p] of byName) expect(names.get(k), k).toBe(p)
    expect(names.get('default/no-such-pod')).toBeUndefined()
  }
  if (ips) {
    for (const [k, p] of byIp) expect(ips.get(k), k).toBe(p)
    for (const p of model.pods) if (p.hostNetwork && p.ip !== null && !byIp.has(String(p.ip))) expect(ips.get(String(p.ip))).toBeUndefined()
  }
  return { names: names !== undefined, ips: ips !== undefined }
}

describe('the derivation\'s pod indexes as a model\'s lookups', () => {
  it('answer what maps of the model\'s pods answer, after every kind of what-if', () => {
    const file = 'lookup.yaml'
    let text = generateCluster(8, 30, { nodePortEvery: 3, standalonePods: 6 })
    let r = reloadModel(null, file, text, { limits: false })
    if (!r.ok) throw new Error('generated cluster did not load')
    const steps: [WhatIfKind, string, number][] = [
      ['scale', 'default/app3', 5], ['delete', 'default/solo1', 0], ['scale', 'default/app7', 0], ['etp', 'default/app9', 0],
      ['scale', 'default/app3', 1], ['delete', 'default/solo2', 0], ['drain', 'node3', 0], ['scale', 'default/app12', 4], ['deny', 'default', 0],
    ]
    const seen = { names: 0, ips: 0 }
    for (const [kind, target, value] of steps) {
      const next = applyWhatIf(kind, target, value, text)
      expect(next, `${kind} ${target}`).not.toBe(text)
      const n = reloadModel(r.model, file, next, { limits: false, keepAddresses: addressesOf(r.model) })
      if (!n.ok) throw new Error(`${kind} ${target} did not load`)
      const got = expectSameAsMaps(n.model)
      seen.names += Number(got.names)
      seen.ips += Number(got.ips)
      r = n
      text = next
    }
    // The lookups are registered on the incremental path (else the engine scans, which is only slower).
    expect(seen.names).toBeGreaterThanOrEqual(steps.length - 1)
    expect(seen.ips).toBeGreaterThan(2)
  })
})
