import { describe, expect, it } from 'vitest'
import { msg } from '../../../src/engine/controlplane/messages.js'
import { renderMessage as renderMsg } from '../../../src/i18n/render.js'
import { fitError } from '../../../src/engine/controlplane/scheduler.js'

describe('FailedScheduling text', () => {
  it('reproduces kube-scheduler 1.33 output seen on a real cluster (control-plane taint plus an unreachable node)', () => {
    // From `kubectl describe pod` on v1.33.2: one node tainted control-plane, one unreachable.
    expect(fitError(2, [
      { filter: 'TaintToleration', taint: { key: 'node-role.kubernetes.io/control-plane', value: '', effect: 'NoSchedule' } },
      { filter: 'TaintToleration', taint: { key: 'node.kubernetes.io/unreachable', value: '', effect: 'NoExecute' } },
    ])).toBe('0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.')
  })

  it('counts equal reasons and sorts the "<count> <reason>" strings', () => {
    expect(fitError(3, [
      { filter: 'NodeAffinity', selector: { key: 'disktype', value: 'ssd' } },
      { filter: 'TaintToleration', taint: { key: 'dedicated', value: 'db', effect: 'NoSchedule' } },
      { filter: 'NodeAffinity', selector: null },
    ])).toBe("0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")
  })
})

describe('control-plane messages (their catalog is checked in test/i18n/messages.test.ts)', () => {
  it('renders parameters', () => {
    expect(renderMsg(msg('ev.ScalingReplicaSet', { direction: 'up', rs: 'nginx-deployment-abc', from: 0, to: 3 }))).toBe('Scaled up replica set nginx-deployment-abc from 0 to 3')
    expect(renderMsg(msg('why.pull', { policy: 'IfNotPresent', image: 'nginx:1.15' }), 'ko')).toBe('imagePullPolicy IfNotPresent: kubelet이 런타임에 nginx:1.15 풀을 요청합니다')
  })
})
