/**
 * hostPort against the kernel: the portmap plugin's CNI-HOSTPORT-DNAT rules the model writes are
 * loaded into real network namespaces by `verify`, and every case (TCP from outside, TCP from a pod
 * on another node, UDP) must end where the model says, with the same source address.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { formatReports, verifyModel, verifyPreconditions } from '../../src/cli/verify/runVerify.js'
import { loadModel } from '../../src/model/derive/buildModel.js'

const missing = verifyPreconditions()
if (missing) console.warn(`hostPort kernel test skipped: ${missing}`)

describe.skipIf(missing !== null)('hostPort (CNI portmap) in the kernel', () => {
  it('every case matches', async () => {
    const file = fileURLToPath(new URL('../fixtures/topologies/hostport.yaml', import.meta.url))
    const r = loadModel(file, readFileSync(file, 'utf8'))
    if (!r.ok) throw new Error('hostport.yaml does not load')
    const result = await verifyModel(r.model, file, {})
    const table = formatReports(result.reports)
    expect(result.reports.length, table).toBe(3)
    expect(result.reports.filter((x) => !x.match).map((x) => `${x.name}: ${x.problems.join('; ')}`), table).toEqual([])
    expect(result.reports.filter((x) => !x.skipped).length, table).toBe(3)
  }, 600_000)
})
