/**
 * The Services with a load-balancer ingress after a what-if (announce.ts withIngress) are the
 * earlier model's with the replaced ones swapped: they must be what a walk of the new model's
 * Services picks, in model order, and the announcing node of every LoadBalancer IP the same,
 * over random what-ifs that change those Services' endpoints and traffic policies.
 */
import { describe, expect, it } from 'vitest'
import { loadText, randomWhatIfs } from '../../support/randomWhatIfs.js'
import { generateCluster } from '../../../bench/generate.js'
import { announcer, loadBalancerAnnouncers, withIngress } from '../../../src/engine/net/announce.js'
import { isIpv4, parseIpv4 } from '../../../src/model/addr/ipv4Math.js'
import type { WhatIfKind } from '../../../src/model/edit/whatIf.js'
import type { Model } from '../../../src/model/model.js'

const KINDS: readonly WhatIfKind[] = ['scale', 'drain', 'etp', 'delete']

/** Every fourth app gets a LoadBalancer twin with an ingress address. */
function balancers(n: number): string {
  const out: string[] = []
  for (let i = 0; i < n; i += 4) {
    out.push(`---
apiVersion: v1
kind: Service
metadata: { name: lb${i}, namespace: default }
spec:
  type: LoadBalancer
  selector: { app: app${i} }
  ports: [{ name: http, port: 80, targetPort: http }]
status:
  loadBalancer:
    ingress: [{ ip: 172.16.200.${i + 1} }]
`)
  }
  return out.join('')
}

/** The announcers the slow way: every Service walked. */
function walked(model: Model): Map<number, string | undefined> {
  const out = new Map<number, string | undefined>()
  for (const svc of model.services) for (const ing of svc.obj.loadBalancerIngress) if (isIpv4(ing.ip)) out.set(parseIpv4(ing.ip), announcer(model, svc)?.name)
  return out
}

const names = (m: Map<number, { name: string } | undefined>): Map<number, string | undefined> => new Map([...m].map(([ip, n]) => [ip, n?.name]))

describe('LoadBalancer announcers after a what-if', () => {
  it('are what a walk of the new model\'s Services gives, over random what-ifs', () => {
    const text = generateCluster(5, 20, { standalonePods: 3 }) + balancers(20)
    const first = loadText(text)
    expect(withIngress(first).length).toBe(5)
    let steps = 0
    for (const { step, kind, target, model } of randomWhatIfs(first, text, 21, 30, KINDS)) {
      const at = `step ${step} ${kind} ${target}`
      expect(withIngress(model), at).toEqual(model.services.filter((s) => s.obj.loadBalancerIngress.length > 0))
      expect(names(loadBalancerAnnouncers(model)), at).toEqual(walked(model))
      steps++
    }
    expect(steps).toBeGreaterThan(15)
  })
})
