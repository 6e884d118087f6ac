/**
 * `kube-netlab verify` on every built-in topology: each case traced by the model is run in real
 * network namespaces and must match (result, endpoint, the source address the server saw, DNS
 * answers). Cases the kernel lab cannot materialize (Ingress proxying, Calico's policy agent)
 * are reported as skipped with the reason.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { formatReports, verifyModel, verifyPreconditions } from '../../src/cli/verify/runVerify.js'
import { loadModel } from '../../src/model/derive/buildModel.js'
import { BUILTIN_TOPOLOGIES, TOPOLOGY_DIR } from '../support/topologies.js'
import { spawnSync } from 'node:child_process'

const missing = verifyPreconditions()
if (missing) console.warn(`verify tests skipped: ${missing}`)

// Only this file's own runs are checked: another verify on the machine (a second checkout, the
// CLI by hand) has namespaces with its own knv prefix, which are not ours to judge.
const ours: string[] = []
const leftovers = (prefix: string): string[] => (spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '').split('\n').filter((l) => l.startsWith(prefix))

afterAll(() => {
  if (!missing) for (const p of ours) expect(leftovers(p)).toEqual([])
})

describe.skipIf(missing !== null)('kube-netlab verify: the model against the kernel', () => {
  it.each(BUILTIN_TOPOLOGIES)('%s: every case matches', async (name) => {
    const file = fileURLToPath(new URL(`${name}.yaml`, TOPOLOGY_DIR))
    const r = loadModel(file, readFileSync(file, 'utf8'))
    if (!r.ok) throw new Error('topology does not load')
    const result = await verifyModel(r.model, file, {})
    ours.push(result.prefix)
    const table = formatReports(result.reports)
    expect(result.reports.length, table).toBe(r.model.cluster.cases.length)
    expect(result.reports.filter((x) => !x.match).map((x) => `${x.name}: ${x.problems.join('; ')}`), table).toEqual([])
    expect(result.reports.filter((x) => !x.skipped).length).toBeGreaterThan(0)
    expect(leftovers(result.prefix)).toEqual([])
  }, 600_000)
})
