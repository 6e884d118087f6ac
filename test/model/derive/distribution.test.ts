import { describe, expect, it } from 'vitest'
import { recognise } from '../../../src/model/derive/distribution.js'
import type { NodeSpec } from '../../../src/model/objects.js'

const node = (name: string, labels: Record<string, string>): NodeSpec => ({ name, ip: 0x0a000001, podCIDR: null, controlPlane: false, labels, taints: [], unschedulable: false })

describe('recognise: the distribution a dump\'s node labels and names give away', () => {
  it('reads each distribution\'s label, on any node', () => {
    const plain = node('n1', { 'kubernetes.io/hostname': 'n1' })
    const cases: [Record<string, string>, string | null][] = [
      [{ 'k3s.io/hostname': 'x' }, 'k3s'],
      [{ 'node.kubernetes.io/instance-type': 'k3s' }, 'k3s'],
      [{ 'node.kubernetes.io/instance-type': 'm5.large' }, null],
      [{ 'minikube.k8s.io/name': 'minikube' }, 'minikube'],
      [{ 'cloud.google.com/gke-nodepool': 'pool-1' }, 'GKE'],
      [{ 'eks.amazonaws.com/nodegroup': 'ng' }, 'EKS'],
      [{ 'alpha.eksctl.io/cluster-name': 'c' }, 'EKS'],
      [{ 'kubernetes.azure.com/agentpool': 'pool' }, 'AKS'],
      [{ 'node-role.kubernetes.io/control-plane': '' }, 'kubeadm'],
      [{ 'node-role.kubernetes.io/master': '' }, 'kubeadm'],
      [{ 'example.com/k3s.io/not': 'x' }, null],
    ]
    for (const [labels, want] of cases) {
      expect(recognise([plain, node('n2', labels)])?.name ?? null, JSON.stringify(labels)).toBe(want)
      // Asked again with the same labels object (a what-if's reload): the same answer.
      expect(recognise([node('n2', labels), plain])?.name ?? null).toBe(want)
    }
    expect(recognise([plain])).toBeNull()
    expect(recognise([])).toBeNull()
  })

  it('checks the labels in its order: k3s before kubeadm\'s control-plane label', () => {
    expect(recognise([node('a', { 'node-role.kubernetes.io/control-plane': '' }), node('b', { 'k3s.io/hostname': 'b' })])?.name).toBe('k3s')
    expect(recognise([node('k3d-x-server-0', { 'k3s.io/hostname': 'x' })])?.name).toBe('k3d')
  })
})
