/**
 * A chain travels in a share link as its change: every kind the lab plays comes back equal,
 * and a link whose change was tampered with (wrong types, unknown kind, out-of-range
 * replicas, not JSON) is refused as damaged rather than half-used.
 */
import { describe, expect, it } from 'vitest'
import type { Change } from '../../src/engine/controlplane/types.js'
import { changeFromJson } from '../../src/ui/chainShare.js'
import { decodeShare, deflate, encodeShare, type ShareState } from '../../src/ui/share.js'

const web = { kind: 'Deployment', namespace: 'default', name: 'web' }
const CHANGES: Change[] = [
  { kind: 'apply', file: 'nginx-deployment.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\n' },
  { kind: 'delete', object: { kind: 'Pod', namespace: 'default', name: 'client' } },
  { kind: 'scale', object: web, replicas: 3 },
  { kind: 'cordon', node: 'node1' },
  { kind: 'uncordon', node: 'node1' },
  { kind: 'drain', node: 'node2', force: true, ignoreDaemonSets: true },
  { kind: 'taint', node: 'node2', key: 'dedicated', value: 'db', effect: 'NoSchedule', remove: false },
  { kind: 'rollout', object: web, container: null, image: 'nginx:1.28' },
]
const base: ShareState = { scenario: 'two-node-flannel-vxlan', yaml: null, from: 'pod/default/client', to: 'web:80', pick: '', step: 17 }

describe('a chain in a share link', () => {
  it.each(CHANGES.map((c) => [c.kind, c] as const))('%s comes back as it went', async (_kind, change) => {
    const hash = await encodeShare({ ...base, chain: change })
    expect(hash).toMatch(/[#&]cp=/)
    const back = await decodeShare(hash)
    expect(back).toEqual({ ok: true, state: { ...base, chain: change } })
  })

  it('a link without a chain has none', async () => {
    const back = await decodeShare(await encodeShare(base))
    expect(back?.ok && back.state.chain).toBe(null)
  })

  it.each([
    ['unknown kind', { kind: 'exec', node: 'node1' }],
    ['replicas not an integer', { kind: 'scale', object: web, replicas: 2.5 }],
    ['negative replicas', { kind: 'scale', object: web, replicas: -1 }],
    ['replicas as text', { kind: 'scale', object: web, replicas: '3' }],
    ['object without a name', { kind: 'delete', object: { kind: 'Pod', namespace: 'default' } }],
    ['unknown taint effect', { kind: 'taint', node: 'n', key: 'k', value: '', effect: 'Never', remove: false }],
    ['drain without its flags', { kind: 'drain', node: 'node2' }],
    ['a name too long for Kubernetes', { kind: 'cordon', node: 'n'.repeat(254) }],
    ['an array', [{ kind: 'cordon', node: 'node1' }]],
  ])('refuses a change with %s', async (_why, json) => {
    expect(changeFromJson(json)).toBe(null)
    expect(await decodeShare(`#s=two-node-flannel-vxlan&cp=${await deflate(JSON.stringify(json))}`)).toEqual({ ok: false, problem: 'damaged' })
  })

  it('refuses a chain that is not JSON or not deflated', async () => {
    expect(await decodeShare(`#s=two-node-flannel-vxlan&cp=${await deflate('{"kind": "scale",')}`)).toEqual({ ok: false, problem: 'damaged' })
    expect(await decodeShare('#s=two-node-flannel-vxlan&cp=!!!')).toEqual({ ok: false, problem: 'damaged' })
  })
})
