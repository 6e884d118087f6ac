import { loadModel } from '../src/model/derive/buildModel.js'
import { nodeState } from '../src/model/node/nodeState.js'
import { generateCluster } from '../bench/generate.js'
const r = loadModel('b.yaml', generateCluster(1000, 10000), { limits: false })
if (!r.ok) throw new Error('x')
const t = performance.now()
const s = nodeState(r.model, 'node500')!
const t2 = performance.now()
s.iptablesSave()
console.log('state', (t2 - t).toFixed(0), 'save', (performance.now() - t2).toFixed(0))
