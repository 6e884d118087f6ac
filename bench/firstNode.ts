/**
 * Only the "first node" row of `npm run bench` at 1,000 nodes × 10,000 Services (or the sizes
 * given as arguments): the cluster is generated once, then the first node's full state
 * (nodeState + its iptables-save text) is timed on a fresh model each run (min of N, a full GC
 * before each: firstNodeRuns.ts), and — as root with iptables-restore and nfacct — the kernel
 * loads that text (`--kernel`: once; `--kernel=N`: min of N).
 *   node --expose-gc --import tsx bench/firstNode.ts [nodes] [services] [runs] [--kernel[=N]]
 *   PROFILE=/tmp/x node --expose-gc --import tsx bench/firstNode.ts   (CPU profile per run)
 * Each run loads the cluster afresh (its objects, and so every cache keyed on them, are new) in a
 * namespace of its own, so it costs what the first node of a freshly loaded cluster costs.
 */
import { restoreRuns } from './kernelRestore.js'
import { generateCluster } from './generate.js'
import { firstNodeRuns, minOf } from './firstNodeRuns.js'
import { Session } from 'node:inspector/promises'
import { writeFileSync } from 'node:fs'

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const [nodes, services, runs] = [Number(args[0] ?? 1000), Number(args[1] ?? 10000), Number(args[2] ?? 5)]

const yaml = generateCluster(nodes, services)
const profile = process.env.PROFILE ? new Session() : null
if (profile) { profile.connect(); await profile.post('Profiler.enable'); await profile.post('Profiler.setSamplingInterval', { interval: 200 }) }
// PROFILE=prefix: each run's node state alone as prefix.N.cpuprofile.
const r = await firstNodeRuns(yaml, `bench-${nodes}x${services}`, runs, profile ? {
  before: async () => { await profile.post('Profiler.start') },
  after: async (i) => writeFileSync(`${process.env.PROFILE}.${i}.cpuprofile`, JSON.stringify((await profile.post('Profiler.stop')).profile)),
} : {})
const best = Math.min(...r.wall)
console.log(`first node ms (min of ${runs}): ${minOf(r.wall)}   lines: ${r.text.split('\n').length - 1}`)
console.log(`  its CPU time ms (min): ${minOf(r.cpu)}`)
if (r.main.length) console.log(`  main thread's CPU time ms (min): ${minOf(r.main)}`)

const kernelArg = process.argv.find((a) => a === '--kernel' || a.startsWith('--kernel='))
if (kernelArg) {
  const k = restoreRuns(r.text, kernelArg.includes('=') ? Number(kernelArg.split('=')[1]) : 1)
  console.log('ms' in k ? `kernel iptables-restore ms (min): ${minOf(k.ms)} (${(Math.min(...k.ms) / best).toFixed(1)}×)` : `iptables-restore: ${k.error}`)
}
