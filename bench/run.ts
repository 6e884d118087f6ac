/**
 * `npm run bench`: model build time and memory for generated clusters, the cost of one node's
 * full state (its iptables-save text included), and — when root with iptables-restore present —
 * how long the kernel takes to load that node's rules into a scratch network namespace.
 * Prints figures; asserts nothing. Run with --expose-gc (npm run bench does) so each timed step
 * starts after a full GC and is not charged for garbage the model build left behind (the node
 * steps also wait for that GC's background sweep to end: firstNodeRuns.ts settledGc).
 */
import { restoreRuns } from './kernelRestore.js'
import { firstNodeRuns, minOf, settledGc } from './firstNodeRuns.js'
import { loadModel } from '../src/model/derive/buildModel.js'
import { nodeState } from '../src/model/node/nodeState.js'
import { formatBridgeFdb, formatIpBrAddr, formatIpNeigh, formatIpRoute } from '../src/model/show/iproute2.js'
import { generateCluster } from './generate.js'
import { TRACES, traceFigures } from './traceTimes.js'
import { nodeStateAfterOneServiceChange } from './nodeReuse.js'

const SIZES: [number, number][] = [[10, 100], [100, 1000], [1000, 10000]]

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6
}

/**
 * The first node is timed as the min of this many fresh loads (each in a namespace of its own:
 * firstNodeRuns.ts) and the kernel's restore of its text as the min of as many restores: one
 * timed node in a process whose heap holds the earlier sizes' models was one sample against one.
 */
const FIRST_NODE_RUNS = 3

function kernelLoad(k: ReturnType<typeof restoreRuns>, firstNodeMs: number): string {
  if (!('ms' in k)) return k.error
  const best = Math.min(...k.ms)
  return `${best.toFixed(0)} ms (first node ${(best / firstNodeMs).toFixed(1)}× faster; target ≥ 10×)`
}

console.log('kube-netlab model benchmark (generated clusters, 3 endpoints per service)\n')
const gc = (): void => (globalThis as { gc?: () => void }).gc?.()


const traceRows: string[] = []
const afterRows: string[] = []
const firstNodeRows: string[] = []

console.log('nodes  services  yaml MB  build ms  heap MB  | first node ms  next node ms  iptables-save lines  other views ms  | kernel iptables-restore')
for (const [nodes, services] of SIZES) {
  const yaml = generateCluster(nodes, services)
  gc()
  const heap0 = process.memoryUsage().heapUsed
  const t0 = process.hrtime.bigint()
  const r = loadModel(`bench-${nodes}x${services}.yaml`, yaml, { limits: false })
  const build = ms(t0)
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics.slice(0, 3)))
  gc()
  const heap = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024
  const target = r.model.nodes[Math.floor(nodes / 2)]!.name
  // The first node: min of fresh loads, beside the kernel's min of as many restores of its text.
  const first = await firstNodeRuns(yaml, `bench-${nodes}x${services}`, FIRST_NODE_RUNS)
  const stateMs = Math.min(...first.wall)
  const kernel = restoreRuns(first.text, FIRST_NODE_RUNS)
  firstNodeRows.push(`${String(nodes).padStart(5)}  ${String(services).padStart(8)}  first node ms ${minOf(first.wall)}, its CPU ${minOf(first.cpu)}${first.main.length ? `, main thread's CPU ${minOf(first.main)}` : ''}  |  kernel iptables-restore ms ${'ms' in kernel ? minOf(kernel.ms) : kernel.error}`)
  // This model's own first node (untimed): the next node reuses what it shares with it.
  const state = nodeState(r.model, target)!
  const saved = state.iptablesSave()
  // A second node reuses the service chains every node shares (see syncProxyRules).
  const other = r.model.nodes[(Math.floor(nodes / 2) + 1) % nodes]!.name
  await settledGc()
  const t3 = process.hrtime.bigint()
  nodeState(r.model, other)!.iptablesSave()
  const nextMs = ms(t3)
  const t2 = process.hrtime.bigint()
  formatIpBrAddr(state.devices); formatIpRoute(state.routes); formatIpNeigh(state.neighbors); formatBridgeFdb(state.fdb)
  const otherMs = ms(t2)
  const lines = saved.text.split('\n').length - 1
  console.log(
    `${String(nodes).padStart(5)}  ${String(services).padStart(8)}  ${(yaml.length / 1e6).toFixed(1).padStart(7)}  ${build.toFixed(0).padStart(8)}  ${heap.toFixed(0).padStart(7)}  | ${stateMs.toFixed(0).padStart(13)}  ${nextMs.toFixed(0).padStart(12)}  ${String(lines).padStart(19)}  ${otherMs.toFixed(1).padStart(14)}  | ${kernelLoad(kernel, stateMs)}`,
  )
  const after = nodeStateAfterOneServiceChange(r.model, target)
  afterRows.push(`${String(services).padStart(8)}  ${after.state.toFixed(1).padStart(8)}  ${after.save.toFixed(1).padStart(16)}`)
  const tf = traceFigures(r.model)
  traceRows.push(`${String(services).padStart(8)}  ${tf.median.toFixed(3).padStart(9)}  ${tf.p95.toFixed(3).padStart(6)}  ${String(tf.rules).padStart(29)}`)
}

console.log(`\nfirst node (min of ${FIRST_NODE_RUNS} fresh loads, each in a namespace of its own) and the kernel's iptables-restore of its text (min of ${FIRST_NODE_RUNS}), every run\n`)
for (const row of firstNodeRows) console.log(row)

console.log('\nnode state after a one-Service change (that Service\'s endpoints; every other object kept), median of 11\n')
console.log('services  state ms  iptables-save ms')
for (const row of afterRows) console.log(row)

console.log(`\npod → ClusterIP trace (first packet and reply, ${TRACES} runs after a warm-up)\n`)
console.log('services  median ms  p95 ms  rules the kernel walks (SYN)')
for (const row of traceRows) console.log(row)

;(await import('./yamlParse.js')).yamlParseBench()
;(await import('./whatif.js')).whatIfBench()
;(await import('./nftables.js')).nftablesBench()
await (await import('./browser.js')).browserBench()
