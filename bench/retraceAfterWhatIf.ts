/**
 * The trace the page asks for again after a what-if on a pasted 1,000-node × 10,000-Service dump:
 * the worker's LabCore loads the edited text (incrementally), then traces; the CPU time of the
 * trace alone (process.cpuUsage around it) per what-if, min and median over the what-ifs after
 * the first round of each kind, and per kind. A hash of every trace result, so two versions of
 * the code can be shown to answer the same. Run: npx tsx bench/retraceAfterWhatIf.ts [rounds]
 */
import { createHash } from 'node:crypto'
import { generateDump } from './generateDump.js'
import { DUMP_WHAT_IFS, WHAT_IF_OBJECTS } from './pasteDump.js'
import { LabCore, type CoreEdit } from '../src/ui/worker/labCore.js'

const rounds = Number(process.argv[2] ?? 5)
const core = new LabCore()
const first = core.load({ fileName: 'dump.yaml', text: generateDump({ nodes: 1000, services: 10000 }) + WHAT_IF_OBJECTS, keepAddresses: false })
const from = first.model!.pods.find((p) => p.namespace === 'team-1' && !p.hostNetwork)!
const request = { from: `pod/${from.namespace}/${from.name}`, to: 'app-5.team-5:80' }
core.trace(request)
let text = first.text
const counted: number[] = []
const byKind = new Map<string, number[]>()
const hash = createHash('sha256')
const all = Array.from({ length: rounds }, () => DUMP_WHAT_IFS).flat()
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000
for (let i = 0; i < all.length; i++) {
  const [kind, target, value] = all[i]!
  const r = core.load({ fileName: 'dump.yaml', text, keepAddresses: true, edit: { kind: kind as CoreEdit['kind'], target, value } })
  const c0 = process.cpuUsage()
  const out = core.trace(request)
  const ms = cpuMs(process.cpuUsage(c0))
  hash.update(JSON.stringify(out))
  text = r.text
  if (i < DUMP_WHAT_IFS.length) continue
  counted.push(ms)
  byKind.set(kind, [...(byKind.get(kind) ?? []), ms])
}
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
console.log(`trace CPU per what-if over ${counted.length}: min ${Math.min(...counted).toFixed(1)} ms, median ${median(counted).toFixed(1)} ms`)
for (const [kind, xs] of byKind) console.log(`  ${kind.padEnd(7)} median ${median(xs).toFixed(1)} ms`)
console.log(`results hash ${hash.digest('hex').slice(0, 16)}`)
