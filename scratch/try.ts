import { readFileSync } from 'node:fs'
import { loadModel } from '../src/model/derive/buildModel.js'
import { formatDiagnostic } from '../src/model/load/diagnostics.js'
import { formatIpv4, formatCidr } from '../src/model/addr/ipv4.js'
for (const f of process.argv.slice(2)) {
  const r = loadModel(f, readFileSync(f, 'utf8'))
  for (const d of r.diagnostics) console.log(formatDiagnostic(d))
  if (!r.ok) continue
  const m = r.model
  for (const n of m.nodes) console.log('node', n.name, formatIpv4(n.ip), formatCidr(n.podCIDR))
  for (const p of m.pods) console.log('pod', p.namespace, p.name, p.nodeName, p.ip === null ? '-' : formatIpv4(p.ip))
  for (const s of m.services) console.log('svc', s.namespace, s.name, s.clusterIP === null || s.clusterIP === 'None' ? s.clusterIP : formatIpv4(s.clusterIP), s.ports.map(p => `${p.spec.port}/${p.spec.protocol} np=${p.nodePort} eps=${p.endpoints.map(e=>formatIpv4(e.ip)+':'+e.port).join(',')}`).join(' '))
}
