/**
 * The first node's full state (nodeState + its iptables-save text) on a freshly loaded cluster,
 * timed N times: each run loads the cluster afresh in a namespace of its own (its objects, and so
 * every cache keyed on them, are new, and no name cached by text carries over), a full GC before
 * the timed step. For bench/firstNode.ts and the first-node row of bench/run.ts, so both measure
 * the same thing the same way. The timed step starts once the GC before it has finished (settledGc).
 */
import { loadModel } from '../src/model/derive/buildModel.js'
import { nodeState } from '../src/model/node/nodeState.js'
import type { Model } from '../src/model/model.js'
import { readFileSync } from 'node:fs'

export interface FirstNodeRuns {
  /** Wall time of each run, ms. */
  readonly wall: number[]
  /** The process's CPU time (user + system) of each run: less disturbed by other jobs than the wall clock. */
  readonly cpu: number[]
  /** The main thread's own CPU time of each run (without the collector's and compiler's helper threads); empty where unknown. */
  readonly main: number[]
  /** The last run's iptables-save text. */
  readonly text: string
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.()
const cpuMs = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1000 }
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A full GC, then a wait until the process's helper threads are idle. V8 sweeps the heap a full
 * GC freed on background threads after gc() returns: after a fresh load that sweep (the earlier
 * runs' models, 100+ MB) took ~90 ms of CPU, and on a 2-core machine it ran beside the timed
 * step and lengthened it by ~35-50 ms (the same runs with --no-concurrent-sweeping, which
 * sweeps inside gc(), measured 138 ms against 200). That is the bench's own garbage, not the
 * step's work: the wait ends once 10 ms pass with under 1 ms of the process's CPU time (the main
 * thread sleeps, so that is the helpers'), at most 2 s.
 */
export async function settledGc(): Promise<void> {
  gc()
  const until = Date.now() + 2000
  for (let c0 = cpuMs(); Date.now() < until; ) {
    await pause(10)
    const c1 = cpuMs()
    if (c1 - c0 < 1) return
    c0 = c1
  }
}

/**
 * The main thread's own CPU time (Linux: /proc/self/task/PID/schedstat, nanoseconds on a CPU):
 * on a machine shared with other jobs, the steadiest of the three figures (null where there is
 * no such file).
 */
export function mainThreadMs(): number | null {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
  } catch {
    return null
  }
}

export interface RunHooks {
  /** Called right before / after each timed step (bench/firstNode.ts's CPU profile). */
  before?: (run: number) => Promise<void> | void
  after?: (run: number) => Promise<void> | void
}

/** `runs` fresh loads of `yaml`, each one's middle node timed. */
export async function firstNodeRuns(yaml: string, label: string, runs: number, hooks: RunHooks = {}): Promise<FirstNodeRuns> {
  const wall: number[] = []
  const cpu: number[] = []
  const main: number[] = []
  let text = ''
  for (let i = 0; i < runs; i++) {
    // A namespace of its own per run: no name (or anything cached by name) carries over.
    const r = loadModel(`${label}.yaml`, yaml.replaceAll('namespace: default', `namespace: run${i}`), { limits: false })
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics.slice(0, 3)))
    const model: Model = r.model
    const target = model.nodes[Math.floor(model.nodes.length / 2)]!.name
    await settledGc()
    await hooks.before?.(i)
    const c0 = cpuMs()
    const m0 = mainThreadMs()
    const t0 = process.hrtime.bigint()
    const state = nodeState(model, target)!
    text = state.iptablesSave().text
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6)
    cpu.push(cpuMs() - c0)
    const m1 = mainThreadMs()
    if (m0 !== null && m1 !== null) main.push(m1 - m0)
    await hooks.after?.(i)
  }
  return { wall, cpu, main, text }
}

/** "min (all: a b c)" of a list of milliseconds. */
export const minOf = (xs: readonly number[]): string => `${Math.min(...xs).toFixed(0)} (all: ${xs.map((t) => t.toFixed(0)).join(' ')})`
