import { readFileSync } from 'node:fs'
import { loadModel } from '/work/main/src/model/derive/buildModel.js'
import { trace } from '/work/main/src/engine/trace/trace.js'
const [topo, from, to, pick] = process.argv.slice(2)
const r = loadModel(topo!, readFileSync(`/work/main/topologies/${topo}.yaml`, 'utf8'))
if (!r.ok) throw new Error('load')
const t = trace(r.model, { from: from!, to: to!, ...(pick ? { pick } : {}) })
if (!t.ok) { console.log('ERR', t.error, t.hint); process.exit(1) }
const tr = t.trace
console.log(tr.result, '|', tr.summary, '| rules', tr.rulesWalked)
for (const q of tr.dns) console.log('  dns', q.type, q.name, q.rcode, q.answers.join(' ; '), '@', q.server)
for (const [i, h] of tr.hops.entries()) console.log(String(i + 1).padStart(3), (h.place.kind === 'pod' ? h.place.pod : h.place.kind === 'node' ? h.place.node : h.place.kind === 'external' ? h.place.client : 'underlay').padEnd(28), (h.hook ?? h.kind).padEnd(22), `${h.after.src}:${h.after.sport}→${h.after.dst}:${h.after.dport} ttl${h.after.ttl}${h.after.outer ? ` [outer ${h.after.outer.src}→${h.after.outer.dst}]` : ''}`, '|', h.explanation.slice(0, 90))
console.log('  reply:')
for (const h of tr.reply?.hops ?? []) console.log('   ', (h.place.kind === 'pod' ? h.place.pod : h.place.kind === 'node' ? h.place.node : h.place.kind === 'external' ? h.place.client : 'underlay').padEnd(28), (h.hook ?? h.kind).padEnd(22), `${h.after.src}:${h.after.sport}→${h.after.dst}:${h.after.dport}`)
for (const c of tr.choices) console.log('  choice', c.at, c.how, c.picked, JSON.stringify(c.alternatives.map((a) => [a.label, a.probability])))
