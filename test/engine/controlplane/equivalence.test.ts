/**
 * The chain's final model must be the model the lab derives when the same manifests are part of
 * the topology file: same pods on the same nodes with the same IPs, and every node's views
 * (addr, route, neigh, fdb, iptables-save) byte for byte, on every built-in topology.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runChange } from '../../../src/engine/controlplane/run.js'
import { loadControlPlane } from '../../../src/engine/controlplane/state.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import type { Model } from '../../../src/model/model.js'
import { NODE_VIEWS, showDns, showNode } from '../../../src/model/show/views.js'
import { BUILTIN_TOPOLOGIES, TOPOLOGY_DIR } from '../../support/topologies.js'

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/controlplane/${name}`, import.meta.url), 'utf8')
const MANIFESTS = [fixture('nginx-service.yaml'), fixture('nginx-deployment.yaml')]

function views(m: Model): Record<string, string> {
  const out: Record<string, string> = { dns: JSON.stringify(showDns(m)) }
  for (const n of m.nodes) for (const v of NODE_VIEWS) {
    const r = showNode(m, n.name, v)
    out[`${n.name} ${v}`] = r.ok ? r.text : r.error
  }
  return out
}

describe.each(BUILTIN_TOPOLOGIES)('%s', (name) => {
  const text = readFileSync(new URL(`${name}.yaml`, TOPOLOGY_DIR), 'utf8')

  it('applying the manifests gives the model of the topology that contains them', () => {
    const l = loadControlPlane(name, text)
    if (!l.ok) throw new Error('does not load')
    let state = l.state
    for (const m of MANIFESTS) {
      const r = runChange(state, { kind: 'apply', file: 'm.yaml', text: m })
      expect(r.result.ok).toBe(true)
      state = r.state
    }
    const whole = loadModel(name, [text, ...MANIFESTS].join('\n---\n'))
    if (!whole.ok) throw new Error('combined file does not load')
    const key = (m: Model) => m.pods.map((p) => `${p.namespace}/${p.name} ${p.nodeName} ${p.ip}`)
    expect(key(state.model)).toEqual(key(whole.model))
    expect(views(state.model)).toEqual(views(whole.model))
  })

  it('deleting the Deployment again leaves every node as it was', () => {
    const l = loadControlPlane(name, text)
    if (!l.ok) throw new Error('does not load')
    const up = runChange(l.state, { kind: 'apply', file: 'm.yaml', text: MANIFESTS[1]! })
    const down = runChange(up.state, { kind: 'delete', object: { kind: 'Deployment', namespace: 'default', name: 'nginx-deployment' } })
    expect(down.result.ok).toBe(true)
    expect(views(down.state.model)).toEqual(views(l.state.model))
  })
})
