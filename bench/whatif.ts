/**
 * What-if benchmark (issue 16): at 100 nodes × 1,000 Services and 1,000 × 10,000, the full
 * build, then each what-if from edit to re-traced result — the edit of the text as the lab's
 * worker makes it (whatIfEdit, the target looked up among the last load's pieces, the changed
 * span told to the loader), the incremental reload from the model before (reloadModel, keeping
 * the pods' addresses as the lab does), and a pod → ClusterIP trace on the new model — median and p95 over RUNS runs, beside the
 * targets. Each run edits the text the previous run left (as a learner stacks what-ifs).
 * Prints figures; asserts nothing.
 */
import { loadModel } from '../src/model/derive/buildModel.js'
import { addressesOf, knownPieces, reloadModel, reloadStats } from '../src/model/incremental/reload.js'
import { whatIfEdit, type WhatIfKind } from '../src/model/edit/whatIf.js'
import { trace } from '../src/engine/trace/trace.js'
import { formatIpv4 } from '../src/model/addr/ipv4.js'
import { generateCluster } from './generate.js'

const RUNS = 12
const SIZES: [number, number][] = [[100, 1000], [1000, 10000]]
const NODEPORT_EVERY = 10

const now = (): number => performance.now()

function quantiles(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b)
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]! }
}

/** The what-if of run `i`: a different target each run. */
function edit(kind: WhatIfKind, i: number, nodes: number, services: number): { target: string; value: number } {
  switch (kind) {
    case 'scale': return { target: `default/app${(i * 7919) % services}`, value: 4 + (i % 3) }
    case 'drain': return { target: `node${2 + ((i * 37) % (nodes - 1))}`, value: 0 }
    case 'etp': return { target: `default/app${(((i * 13) % Math.floor(services / NODEPORT_EVERY)) * NODEPORT_EVERY)}`, value: 0 }
    default: return { target: `default/solo${i}`, value: 0 }
  }
}

export function whatIfBench(): void {
  console.log(`\nwhat-if → re-traced result (whatIfEdit, incremental reload, pod → ClusterIP trace), ${RUNS} runs each`)
  console.log('targets at 1,000 nodes × 10,000 Services: median < 100 ms, p95 < 250 ms\n')
  console.log('nodes  services  full build ms  first reload ms  | what-if  median ms  p95 ms  (edit  reload  trace: medians)  pieces parsed/reused')
  for (const [nodes, services] of SIZES) {
    const file = `bench-${nodes}x${services}.yaml`
    let text = generateCluster(nodes, services, { nodePortEvery: NODEPORT_EVERY, standalonePods: RUNS })
    let t = now()
    const full = loadModel(file, text, { limits: false })
    const fullMs = now() - t
    if (!full.ok) throw new Error(JSON.stringify(full.diagnostics.slice(0, 3)))
    t = now()
    const first = reloadModel(null, file, text, { limits: false })
    const firstMs = now() - t
    if (!first.ok) throw new Error(JSON.stringify(first.diagnostics.slice(0, 3)))
    let model = first.model
    const client = model.pods.find((p) => !p.addon && !p.hostNetwork && p.ip !== null)!
    const svc = model.services.find((s) => s.name === `app${Math.floor(services / 2) + 1}`)!
    const req = { from: `pod/${client.namespace}/${client.name}`, to: `${formatIpv4(svc.clusterIP as number)}:${svc.ports[0]!.spec.port}` }
    trace(model, req)
    const rows: string[] = []
    for (const kind of ['scale', 'drain', 'etp', 'delete'] as const) {
      const total: number[] = []
      const parts = { edit: [] as number[], reload: [] as number[], trace: [] as number[] }
      let stats = ''
      for (let i = 0; i < RUNS; i++) {
        const e = edit(kind, i, nodes, services)
        const t0 = now()
        // The new text is read by the next run's edit (the worker reads it while idle: see modelWorker.ts).
        const { text: next, change } = whatIfEdit(kind, e.target, e.value, text, knownPieces(model) ?? undefined)
        const t1 = now()
        const r = reloadModel(model, file, next, { limits: false, keepAddresses: addressesOf(model), change: { before: text, ...change } })
        const t2 = now()
        if (!r.ok) throw new Error(`${kind} ${e.target}: ${JSON.stringify(r.diagnostics.slice(0, 2))}`)
        const out = trace(r.model, req)
        const t3 = now()
        if (!out.ok) throw new Error(`${kind} ${e.target}: the trace failed`)
        if (next === text) throw new Error(`${kind} ${e.target}: the what-if changed nothing`)
        total.push(t3 - t0)
        parts.edit.push(t1 - t0)
        parts.reload.push(t2 - t1)
        parts.trace.push(t3 - t2)
        const s = reloadStats(r.model)
        stats = s ? `${s.parsed}/${s.reused}${s.whole ? ' (whole)' : ''}` : ''
        text = next
        model = r.model
      }
      const q = quantiles(total)
      const m = (xs: number[]): string => quantiles(xs).median.toFixed(0)
      rows.push(`${kind.padStart(7)}  ${q.median.toFixed(0).padStart(9)}  ${q.p95.toFixed(0).padStart(6)}  (${m(parts.edit).padStart(4)}  ${m(parts.reload).padStart(6)}  ${m(parts.trace).padStart(5)})  ${stats.padStart(23)}`)
    }
    console.log(`${String(nodes).padStart(5)}  ${String(services).padStart(8)}  ${fullMs.toFixed(0).padStart(13)}  ${firstMs.toFixed(0).padStart(15)}  | ${rows[0]}`)
    for (const row of rows.slice(1)) console.log(`${' '.repeat(50)}| ${row}`)
  }
  console.log(`(${'medians and p95 as measured on this machine, which other jobs may be loading'})`)
}

if (import.meta.url === `file://${process.argv[1]}`) whatIfBench()
