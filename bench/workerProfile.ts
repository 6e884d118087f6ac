/**
 * Where the model worker's CPU time goes while a big dump loads, by kind of work: a V8 CPU
 * profile of each stage of bench/workerLoad.ts, its samples' self time put into buckets by the
 * source file of the function they fell in (the fast YAML reader, turning documents into
 * objects, splitting and matching the pieces, inferring the cluster, deriving the model, copying
 * and serializing it for the page, node state and tracing) and the garbage collector's share.
 * The profiler samples wall time: on a busy machine a function is charged the time its thread
 * waited for a core, so read the shares, not the sums. A builtin counts for its caller, and the
 * profiler's own work for nothing.
 */
import { Session } from 'node:inspector/promises'

interface ProfileNode { id: number; callFrame: { url: string; functionName: string }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Buckets in the order printed; the first whose test matches a sample's file takes it. */
export const BUCKETS: readonly (readonly [string, (url: string, fn: string) => boolean])[] = [
  ['garbage collector', (_, fn) => fn === '(garbage collector)'],
  ['YAML reader', (u, fn) => /\/src\/model\/load\/fastYaml|\/node_modules\/yaml\//.test(u) || (fn.startsWith('RegExp:') && fn.includes('\\u2028'))],
  // The text checks' regular expressions (nesting, UTF-8) have no file: by their source.
  ['objects (parse, validate)', (u, fn) => fn.startsWith('RegExp:') || /\/src\/model\/load\/|\/src\/model\/incremental\/units\.ts|\/src\/ui\/worker\/preread\.ts|\/src\/model\/hash\/utf8\.ts/.test(u)],
  ['pieces (split, match, gather)', (u) => /\/src\/model\/incremental\//.test(u)],
  ['inference', (u) => /\/src\/model\/derive\/(inferCluster|distribution|resolveCluster)\.ts/.test(u)],
  ['derivation', (u) => /\/src\/model\/(derive|gateway|addr|hash)\/|\/src\/model\/[a-zA-Z]+\.ts/.test(u)],
  ['copy and serialize', (u, fn) => /\/src\/ui\/worker\/(plain|modelDelta)\.ts/.test(u) || (u.startsWith('node:v8') && fn === 'serialize')],
  ['node state, DNS, trace', (u) => /\/src\/(model|engine)\/|\/node_modules\/(xstate|ip-cidr|ip-address|netmask)\//.test(u)],
]

/** Runs `f` under the profiler and returns its result and the self time per bucket (ms). */
export async function profiled<T>(session: Session, f: () => T): Promise<{ value: T; buckets: Map<string, number> }> {
  await session.post('Profiler.setSamplingInterval', { interval: 250 })
  await session.post('Profiler.start')
  const value = f()
  const { profile } = await session.post('Profiler.stop') as unknown as { profile: Profile }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, ProfileNode>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n)
  const buckets = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    let n = byId.get(id)
    if (!n) return
    const { functionName } = n.callFrame
    if (functionName === '(idle)' || functionName === '(program)') return
    // A builtin (Array.prototype.push, Map.prototype.set …) has no file: its caller's counts.
    while (!n.callFrame.url && !n.callFrame.functionName.startsWith('RegExp:') && n.callFrame.functionName !== '(garbage collector)' && parent.has(n.id)) n = parent.get(n.id)!
    const { url } = n.callFrame
    // The profiler's own work (handing the profile over) is no stage's.
    if (url.startsWith('node:inspector')) return
    const b = BUCKETS.find(([, test]) => test(url, n!.callFrame.functionName))?.[0] ?? 'other'
    buckets.set(b, (buckets.get(b) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  return { value, buckets }
}
