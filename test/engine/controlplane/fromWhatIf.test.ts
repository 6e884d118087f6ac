/**
 * The what-if form and the changes kubectl sends: each what-if that is a change maps to one,
 * and back (a shared or lesson chain shows in the form); field edits (eTP, kube-proxy's mode)
 * are no change, and a change the form cannot express maps to no what-if.
 */
import { describe, expect, it } from 'vitest'
import { changeFromWhatIf, whatIfOfChange } from '../../../src/engine/controlplane/fromWhatIf.js'
import type { WhatIfKind } from '../../../src/model/edit/whatIf.js'
import { loadBuiltin } from '../../support/topologies.js'

const model = loadBuiltin('two-node-flannel-vxlan')

describe('what-if ↔ change', () => {
  it.each([
    ['scale', 'default/web', 3],
    ['drain', 'node2', 0],
    ['delete', 'default/client', 0],
    ['apply', 'nginx-deployment', 0],
    ['deny', 'default', 0],
  ] as [WhatIfKind, string, number][])('%s %s round-trips', (kind, target, value) => {
    const change = changeFromWhatIf(kind, target, value, model)
    expect(change).not.toBe(null)
    expect(whatIfOfChange(change!)).toEqual({ kind, target, value })
  })

  it('scales a StatefulSet as a StatefulSet', () => {
    expect(changeFromWhatIf('scale', 'default/db', 2, model)).toEqual({ kind: 'scale', object: { kind: 'StatefulSet', namespace: 'default', name: 'db' }, replicas: 2 })
  })

  it('field edits are no change; changes the form cannot make are no what-if', () => {
    expect(changeFromWhatIf('etp', 'default/web-nodeport', 0, model)).toBe(null)
    expect(changeFromWhatIf('proxy-mode', '', 0, model)).toBe(null)
    expect(whatIfOfChange({ kind: 'cordon', node: 'node1' })).toBe(null)
    expect(whatIfOfChange({ kind: 'apply', file: 'mine.yaml', text: 'kind: ConfigMap\n' })).toBe(null)
    expect(whatIfOfChange({ kind: 'delete', object: { kind: 'Service', namespace: 'default', name: 'web' } })).toBe(null)
  })
})
