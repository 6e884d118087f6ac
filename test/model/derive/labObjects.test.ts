/**
 * The Gateway proxies the lab adds are the last derivation's when no Gateway, GatewayClass (or,
 * with Gateways, Service) changed and the cluster is the same, or when there was no Gateway at
 * all (labObjects.ts): a cordon of a cluster without Gateways keeps them, and a cluster change
 * that moves a Gateway's address does not.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { addressesOf, reloadModel } from '../../../src/model/incremental/reload.js'
import { applyWhatIf } from '../../../src/model/edit/whatIf.js'
import type { Model } from '../../../src/model/model.js'

const gatewayText = readFileSync(new URL('../../../topologies/gateway-api.yaml', import.meta.url), 'utf8')
const plainText = readFileSync(new URL('../../../topologies/course-examples.yaml', import.meta.url), 'utf8')

/** The lab's gateway proxies' Services and their addresses. */
const proxies = (m: Model): string[] => m.services.filter((s) => s.namespace === 'envoy-gateway-system').map((s) => `${s.name} ${JSON.stringify(s.obj.loadBalancerIngress)}`)

function reloaded(before: string, after: string): { incremental: Model; full: Model } {
  const r = reloadModel(null, 'x.yaml', before)
  if (!r.ok) throw new Error('did not load')
  const next = reloadModel(r.model, 'x.yaml', after, { keepAddresses: addressesOf(r.model) })
  const full = loadModel('x.yaml', after, { keepAddresses: addressesOf(r.model) })
  if (!next.ok || !full.ok) throw new Error('edit did not load')
  return { incremental: next.model, full: full.model }
}

describe('the lab\'s Gateway proxies after an edit', () => {
  it('move when a node takes the address a Gateway had', () => {
    const first = loadModel('x.yaml', gatewayText)
    if (!first.ok) throw new Error('did not load')
    const before = proxies(first.model)
    const ip = before.map((p) => /"ip":"([\d.]+)"/.exec(p)?.[1]).find((x) => x)
    expect(ip).toBeDefined()
    // worker2 renumbered onto the Gateway's address: the Gateway must take another.
    const after = gatewayText.replace('name: worker2, ip: 192.168.10.12', `name: worker2, ip: ${ip}`)
    expect(after).not.toBe(gatewayText)
    const { incremental, full } = reloaded(gatewayText, after)
    expect(proxies(full)).not.toEqual(before)
    expect(proxies(incremental)).toEqual(proxies(full))
  })

  it('stay none after a cordon of a cluster without Gateways', () => {
    const { incremental, full } = reloaded(plainText, applyWhatIf('drain', 'worker1', 0, plainText))
    expect(proxies(incremental)).toEqual([])
    expect(proxies(incremental)).toEqual(proxies(full))
    expect(incremental.nodes.find((n) => n.name === 'worker1')?.spec.unschedulable).toBe(true)
  })
})
