import { loadModel } from '../src/model/derive/buildModel.js'
import { nodeState } from '../src/model/node/nodeState.js'
import { syncProxyRules } from '../src/model/kubeproxy/syncProxyRules.js'
import { proxyInputFor } from '../src/model/node/proxyInput.js'
import { applyKubeProxy } from '../src/model/kubeproxy/applyToRuleset.js'
import { createRuleset } from '../src/model/netfilter/ruleset.js'
import { generateCluster } from '../bench/generate.js'
const r = loadModel('b.yaml', generateCluster(1000, 10000), { limits: false })
if (!r.ok) throw new Error('x')
for (const name of ['node500', 'node501']) {
  const node = r.model.nodes.find(n => n.name === name)!
  let t = performance.now()
  const input = proxyInputFor(r.model, node, [node.ip])
  const t1 = performance.now()
  const ri = syncProxyRules(input)
  const t2 = performance.now()
  const rs = createRuleset(); applyKubeProxy(rs, input.config, ri)
  const t3 = performance.now()
  const s = nodeState(r.model, name)!
  const t4 = performance.now()
  s.iptablesSave()
  console.log(name, 'input', (t1-t).toFixed(0), 'sync', (t2-t1).toFixed(0), 'apply(parse)', (t3-t2).toFixed(0), 'full state', (t4-t3).toFixed(0), 'save', (performance.now()-t4).toFixed(0))
}
