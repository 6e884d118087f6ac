/**
 * Only the "first node" row of `npm run bench` at 1,000 nodes × 10,000 Services (or the sizes
 * given as arguments): the cluster is generated and built once, then the first node's full state
 * (nodeState + its iptables-save text) is timed on a fresh model each run (min of N, a full GC
 * before each), and — as root with iptables-restore and nfacct — the kernel loads that text once.
 *   node --expose-gc --import tsx bench/firstNode.ts [nodes] [services] [runs] [--kernel]
 *   PROFILE=/tmp/x node --expose-gc --import tsx bench/firstNode.ts   (CPU profile per run)
 * Each run loads the cluster afresh (its objects, and so every cache keyed on them, are new) in a
 * namespace of its own, so it costs what the first node of a freshly loaded cluster costs. The
 * heap is larger than in `npm run bench` (the last model's proxy input is kept for a what-if), so
 * its figures run somewhat higher; compare runs of this script with each other.
 */
import { restoreMs } from './kernelRestore.js'
import { loadModel } from '../src/model/derive/buildModel.js'
import { nodeState } from '../src/model/node/nodeState.js'
import { generateCluster } from './generate.js'
import { Session } from 'node:inspector/promises'
import { readFileSync, writeFileSync } from 'node:fs'

const [nodes, services, runs] = [Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 10000), Number(process.argv[4] ?? 5)]
const gc = (): void => (globalThis as { gc?: () => void }).gc?.()
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6

const yaml = generateCluster(nodes, services)
const times: number[] = []
/** CPU time of the same work (user + system): on a shared machine, less disturbed by other jobs than the wall clock. */
const cpuTimes: number[] = []
const cpuMs = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1000 }
/**
 * The main thread's own CPU time (Linux: /proc/self/task/PID/schedstat, nanoseconds on a CPU),
 * without the garbage collector's and the compiler's helper threads: on a machine shared with
 * other jobs, the steadiest of the three figures (null where there is no such file).
 */
const mainThreadMs = (): number | null => {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
  } catch {
    return null
  }
}
const mainTimes: number[] = []
const profile = process.env.PROFILE ? new Session() : null
if (profile) { profile.connect(); await profile.post('Profiler.enable'); await profile.post('Profiler.setSamplingInterval', { interval: 200 }) }
let text = ''
for (let i = 0; i < runs; i++) {
  // A namespace of its own per run: no name (or anything cached by name) carries over.
  const r = loadModel(`bench-${nodes}x${services}.yaml`, yaml.replaceAll('namespace: default', `namespace: run${i}`), { limits: false })
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics.slice(0, 3)))
  const target = r.model.nodes[Math.floor(nodes / 2)]!.name
  gc()
  // PROFILE=prefix: each run's node state alone as prefix.N.cpuprofile.
  if (profile) await profile.post('Profiler.start')
  const c0 = cpuMs()
  const m0 = mainThreadMs()
  const t0 = process.hrtime.bigint()
  const state = nodeState(r.model, target)!
  text = state.iptablesSave().text
  times.push(ms(t0))
  cpuTimes.push(cpuMs() - c0)
  const m1 = mainThreadMs()
  if (m0 !== null && m1 !== null) mainTimes.push(m1 - m0)
  if (profile) writeFileSync(`${process.env.PROFILE}.${i}.cpuprofile`, JSON.stringify((await profile.post('Profiler.stop')).profile))
}
const best = Math.min(...times)
console.log(`first node ms (min of ${runs}): ${best.toFixed(0)}   all: ${times.map((t) => t.toFixed(0)).join(' ')}   lines: ${text.split('\n').length - 1}`)
console.log(`  its CPU time ms (min): ${Math.min(...cpuTimes).toFixed(0)}   all: ${cpuTimes.map((t) => t.toFixed(0)).join(' ')}`)
if (mainTimes.length) console.log(`  main thread's CPU time ms (min): ${Math.min(...mainTimes).toFixed(0)}   all: ${mainTimes.map((t) => t.toFixed(0)).join(' ')}`)

if (process.argv.includes('--kernel')) {
  const r = restoreMs(text)
  console.log('ms' in r ? `kernel iptables-restore ms: ${r.ms.toFixed(0)} (${(r.ms / best).toFixed(1)}×)` : `iptables-restore: ${r.error}`)
}
