/**
 * The model worker's part of a pasted 1,000-node × 10,000-Service dump, in Node: LabCore and the
 * worker's own steps run as modelWorker.ts runs them, each stage's CPU time (min of N rounds):
 * reading the pieces while the 2 MB slices arrive (preread.ts), the load that takes them,
 * copying the model for postMessage and serializing it (what postMessage does), the idle-time
 * warm-up (warmUp.ts) and the learner's first trace. A developer tool:
 * `npx tsx bench/workerLoad.ts [rounds] [--profile]`; with --profile a last round runs under
 * V8's CPU profiler and each stage's time is printed by kind of work (bench/workerProfile.ts).
 */
import { deserialize, serialize } from 'node:v8'
import { generateDump } from './generateDump.js'
import { WHAT_IF_OBJECTS } from './pasteDump.js'
import { LabCore } from '../src/ui/worker/labCore.js'
import { LIST_KEYS, headDelta, listDelta } from '../src/ui/worker/modelDelta.js'
import { plain, sendPlain } from '../src/ui/worker/plain.js'
import { Preread } from '../src/ui/worker/preread.js'
import { warmUpSteps } from '../src/ui/worker/warmUp.js'
import { TEXT_PART_CHARS } from '../src/ui/worker/client.js'
import { SLICE } from '../src/ui/worker/protocol.js'
import type { Model } from '../src/model/model.js'
import { Session } from 'node:inspector/promises'
import { BUCKETS, profiled } from './workerProfile.js'

const rounds = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 3)
const text = generateDump({ nodes: 1000, services: 10_000 }) + WHAT_IF_OBJECTS
const slices: string[] = []
// Each slice as the worker gets it: postMessage's structured clone makes it a string of its
// own (a slice of `text` would be read through an indirection the worker never pays).
for (let i = 0; i < text.length; i += TEXT_PART_CHARS) slices.push(deserialize(serialize(text.slice(i, i + TEXT_PART_CHARS))) as string)

const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const best = new Map<string, number>()
function stage<T>(label: string, f: () => T): T {
  const c = cpu()
  const r = f()
  best.set(label, Math.min(best.get(label) ?? Infinity, cpu() - c))
  return r
}

/** postMessage's serialization; refusing a function as the browser's does (a DataCloneError). */
function post(v: unknown): void {
  try {
    serialize(v)
  } catch (err) {
    throw Object.assign(new Error(String(err)), { name: 'DataCloneError' })
  }
}

function pack(model: Model): void {
  post(plain(headDelta(null, model).head))
  for (const k of LIST_KEYS) {
    const { fresh } = listDelta<object>(null, model[k])
    for (let i = 0; i < fresh.length; i += SLICE[k]) sendPlain(fresh.slice(i, i + SLICE[k]), post)
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

if (process.argv.includes('--profile')) {
  // One more round, each stage profiled: its self time by kind of work (the profiler's own cost included).
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  const rows: [string, Map<string, number>][] = []
  const core = new LabCore()
  const preread = await profiled(session, () => {
    const p = new Preread('')
    for (const s of slices) p.add(s)
    return p
  })
  rows.push(['read while the slices arrive', preread.buckets])
  const load = await profiled(session, () => core.load({ fileName: 'dump.yaml', text: slices.join(''), keepAddresses: false }, preread.value).model!)
  rows.push(['load', load.buckets])
  rows.push(['copy and serialize', (await profiled(session, () => pack(load.value))).buckets])
  rows.push(['warm-up', (await profiled(session, () => { for (const step of warmUpSteps(load.value)) step() })).buckets])
  const from = load.value.pods.find((p) => p.namespace === 'team-1' && !p.hostNetwork)!
  rows.push(['first trace', (await profiled(session, () => core.trace({ from: `pod/${from.namespace}/${from.name}`, to: 'app-5.team-5:80' }))).buckets])
  session.disconnect()
  const kinds = [...BUCKETS.map(([k]) => k), 'other'].filter((k) => rows.some(([, b]) => (b.get(k) ?? 0) >= 0.5))
  console.log('\nCPU profile of one more round, self time (ms) by kind of work:')
  console.log(`  ${''.padEnd(30)}${kinds.map((k) => k.slice(0, 12).padStart(13)).join('')}${'all'.padStart(8)}`)
  for (const [label, b] of rows) {
    const all = [...b.values()].reduce((a, x) => a + x, 0)
    console.log(`  ${label.padEnd(30)}${kinds.map((k) => (b.get(k) ?? 0).toFixed(0).padStart(13)).join('')}${all.toFixed(0).padStart(8)}`)
  }
}
