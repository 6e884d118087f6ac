import { describe, expect, it } from 'vitest'
import { loadModel } from '../../src/model/derive/buildModel.js'
import { podsOnNode } from '../../src/model/podsByNode.js'
import { generateCluster } from '../../bench/generate.js'

describe('podsOnNode', () => {
  it('gives each node\'s pod-network and host-network pods in model order, as filters of the model\'s pods do', () => {
    const r = loadModel('gen.yaml', generateCluster(6, 20, { standalonePods: 4 }), { limits: false })
    if (!r.ok) throw new Error('generated cluster did not load')
    const m = r.model
    let host = 0
    for (const n of [...m.nodes.map((x) => x.name), 'no-such-node']) {
      expect(podsOnNode(m, n).net).toEqual(m.pods.filter((p) => p.nodeName === n && !p.hostNetwork && p.ip !== null))
      expect(podsOnNode(m, n).host).toEqual(m.pods.filter((p) => p.nodeName === n && p.hostNetwork))
      host += podsOnNode(m, n).host.length
    }
    // The cluster has host-network pods (kube-proxy, flannel …), so both lists were compared.
    expect(host).toBeGreaterThan(0)
  })
})
