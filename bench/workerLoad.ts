/**
 * The model worker's part of a pasted 1,000-node × 10,000-Service dump, in Node: LabCore and the
 * worker's own steps run as modelWorker.ts runs them, each stage's CPU time (min of N rounds):
 * reading the pieces while the 2 MB slices arrive (preread.ts), the load that takes them,
 * copying the model for postMessage and serializing it (what postMessage does), the idle-time
 * warm-up (warmUp.ts) and the learner's first trace. A developer tool:
 * `npx tsx bench/workerLoad.ts [rounds]`.
 */
import { serialize } from 'node:v8'
import { generateDump } from './generateDump.js'
import { WHAT_IF_OBJECTS } from './pasteDump.js'
import { LabCore } from '../src/ui/worker/labCore.js'
import { LIST_KEYS, headDelta, listDelta } from '../src/ui/worker/modelDelta.js'
import { plain } from '../src/ui/worker/plain.js'
import { Preread } from '../src/ui/worker/preread.js'
import { warmUpSteps } from '../src/ui/worker/warmUp.js'
import { TEXT_PART_CHARS } from '../src/ui/worker/client.js'
import type { Model } from '../src/model/model.js'

/** Items per message, as modelWorker.ts sends them (that module runs only inside a worker). */
const SLICE = 500
const rounds = Number(process.argv[2] ?? 3)
const text = generateDump({ nodes: 1000, services: 10_000 }) + WHAT_IF_OBJECTS
const slices: string[] = []
for (let i = 0; i < text.length; i += TEXT_PART_CHARS) slices.push(text.slice(i, i + TEXT_PART_CHARS))

const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const best = new Map<string, number>()
function stage<T>(label: string, f: () => T): T {
  const c = cpu()
  const r = f()
  best.set(label, Math.min(best.get(label) ?? Infinity, cpu() - c))
  return r
}

function pack(model: Model): void {
  serialize(plain(headDelta(null, model).head))
  for (const k of LIST_KEYS) {
    const { fresh } = listDelta<object>(null, model[k])
    for (let i = 0; i < fresh.length; i += SLICE) serialize(plain(fresh.slice(i, i + SLICE)))
  }
}

for (let r = 0; r < rounds; r++) {
  const core = new LabCore()
  const preread = stage('read while the slices arrive', () => {
    const p = new Preread('')
    for (const s of slices) p.add(s)
    return p
  })
  const model = stage('load (the rest of the pieces, derivation)', () => core.load({ fileName: 'dump.yaml', text: slices.join(''), keepAddresses: false }, preread).model)
  if (!model) throw new Error('the dump did not load')
  stage('copy and serialize for postMessage', () => pack(model))
  stage('warm-up in idle time', () => { for (const step of warmUpSteps(model)) step() })
  const from = model.pods.find((p) => p.namespace === 'team-1' && !p.hostNetwork)!
  stage('first trace', () => core.trace({ from: `pod/${from.namespace}/${from.name}`, to: 'app-5.team-5:80' }))
}
console.log(`model worker, 1,000 nodes × 10,000 Services dump (${(text.length / 1e6).toFixed(1)} MB), CPU ms, min of ${rounds}:`)
for (const [label, ms] of best) console.log(`  ${label.padEnd(44)} ${ms.toFixed(0).padStart(6)}`)
