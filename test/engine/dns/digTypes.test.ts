/** dig takes every query type, with the kubernetes plugin's answers (shared/design/coredns-dns.md §2.8, §3). */
import { describe, expect, it } from 'vitest'
import { renderMessage } from '../../../src/i18n/render.js'
import { dig } from '../../../src/engine/dns/dig.js'
import type { QType } from '../../../src/model/dns/types.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { formatDiagnostic } from '../../../src/model/load/diagnostics.js'
import { loadBuiltin } from '../../support/topologies.js'

const m = loadBuiltin('two-node-flannel-vxlan')
const ask = (name: string, type: QType) => {
  const d = dig(m, { from: 'pod/default/client', name, type })
  if (!d.ok) throw new Error(renderMessage(d.error))
  return d.dig.queries[d.dig.queries.length - 1]!
}

describe('dig query types', () => {
  it.each([
    ['web.default.svc.cluster.local.', 'MX', 'NOERROR', 0],
    ['web.default.svc.cluster.local.', 'TXT', 'NOERROR', 0],
    ['web.default.svc.cluster.local.', 'ANY', 'NOERROR', 0],
    ['web.default.svc.cluster.local.', 'NS', 'NOERROR', 0],
    ['web.default.svc.cluster.local.', 'HINFO', 'NOERROR', 0],
    ['web.default.svc.cluster.local.', 'CAA', 'NOERROR', 0],
    ['nothere.default.svc.cluster.local.', 'MX', 'NXDOMAIN', 0],
    ['nothere.default.svc.cluster.local.', 'ANY', 'NXDOMAIN', 0],
    ['cluster.local.', 'SOA', 'NOERROR', 1],
    ['cluster.local.', 'NS', 'NOERROR', 1],
    ['dns-version.cluster.local.', 'TXT', 'NOERROR', 1],
    ['cluster.local.', 'AXFR', 'REFUSED', 0],
  ] as const)('%s %s → %s', (name, type, rcode, answers) => {
    const q = ask(name, type)
    expect(q.rcode).toBe(rcode)
    expect(q.answers).toHaveLength(answers)
  })

  it('answers an ExternalName CNAME for type CNAME', () => {
    const ext = m.services.find((s) => s.obj.type === 'ExternalName')!
    const q = ask(`${ext.name}.${ext.namespace}.svc.cluster.local.`, 'CNAME')
    expect(q.rcode).toBe('NOERROR')
    expect(q.answers[0]).toMatch(new RegExp(`IN CNAME ${ext.obj.externalName!.replace(/\./g, '\\.')}\\.$`))
  })

  it('gives NS glue naming the kube-dns Service', () => {
    const q = ask('cluster.local.', 'NS')
    expect(q.answers[0]).toMatch(/^cluster\.local\. 30 IN NS kube-dns\.kube-system\.svc\.cluster\.local\.$/)
  })
})

describe('a headless Service without ports', () => {
  it('gets A records for its endpoints (and no SRV)', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: a, labels: { app: peers } }
spec: { containers: [{ name: c, image: x }] }
---
apiVersion: v1
kind: Pod
metadata: { name: client }
spec: { containers: [{ name: c, image: x }] }
---
apiVersion: v1
kind: Service
metadata: { name: peers }
spec: { clusterIP: None, selector: { app: peers } }
`
    const r = loadModel('h.yaml', text)
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join('\n'))
    const podIp = r.model.pods.find((p) => p.name === 'a')!.ip!
    const d = dig(r.model, { from: 'pod/default/client', name: 'peers.default.svc.cluster.local.', type: 'A' })
    if (!d.ok) throw new Error(renderMessage(d.error))
    expect(d.dig.rcode).toBe('NOERROR')
    expect(d.dig.queries[0]!.answers).toEqual([`peers.default.svc.cluster.local. 30 IN A ${[podIp >>> 24, (podIp >>> 16) & 255, (podIp >>> 8) & 255, podIp & 255].join('.')}`])
    const srv = dig(r.model, { from: 'pod/default/client', name: 'peers.default.svc.cluster.local.', type: 'SRV' })
    expect(srv.ok && srv.dig.rcode).toBe('NOERROR')
    expect(srv.ok && srv.dig.queries[0]!.answers).toEqual([])
  })
})
