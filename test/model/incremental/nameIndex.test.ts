import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { findPiece, findPieceCounters, type KnownPieces } from '../../../src/model/edit/findPiece.js'
import { whatIfEdit, whatIfTargets } from '../../../src/model/edit/whatIf.js'
import { knownPieces, reloadModel } from '../../../src/model/incremental/reload.js'
import { generateCluster } from '../../../bench/generate.js'
import { generateDump } from '../../../bench/generateDump.js'
import { WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'
import { loadedPieces } from '../../support/loadedPieces.js'

const topologies = new URL('../../../topologies/', import.meta.url)
// Names YAML reads as other values, quoted names, a List document the loader keeps whole,
// a name only in a comment or a value, an empty document: what the name index must not miss.
const tricky = [
  'apiVersion: v1\nkind: Pod\nmetadata: { name: "123", namespace: default }\nspec: { containers: [{ name: c, image: i }] }\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: 0x1F\n  namespace: default\nspec: { containers: [{ name: c, image: i }] }\n',
  "apiVersion: v1\nkind: Service\nmetadata: { name: 'web', namespace: default } # name: db\nspec: { type: NodePort, selector: { app: web }, ports: [{ port: 80 }] }\n",
  'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: { name: listed, namespace: default }\n  spec: { containers: [{ name: c, image: i }] }\n',
  '# nothing here\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm, namespace: default }\ndata: { a: "name: web" }\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  namespace: default\n  name:\n    web\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: web, image: nginx }] }\n',
].join('---\n')
const texts: [string, string][] = [
  ...readdirSync(topologies).filter((f) => f.endsWith('.yaml')).map((f): [string, string] => [f, readFileSync(new URL(f, topologies), 'utf8')]),
  ['generated', generateCluster(12, 30)],
  ['dump', generateDump({ nodes: 6, services: 30 }) + WHAT_IF_OBJECTS + '---\n' + tricky],
  ['tricky', tricky],
]
const KINDS = [['Deployment', 'StatefulSet'], ['Node'], ['Service'], ['Pod']] as const

/** The same pieces without the name index: the search of the text for the name. */
const unnamed = (k: KnownPieces): KnownPieces => ({ text: k.text, spans: k.spans, item: k.item })

describe('the name index: the what-if target looked up, not searched for', () => {
  it('finds exactly the piece the search of the text finds, for every name and decoy', () => {
    const before = findPieceCounters.named
    let compared = 0
    let found = 0
    for (const { file, text, model, known } of loadedPieces(texts)) {
      if (file === 'dump' || file === 'tricky') expect(known, file).not.toBeNull()
      if (!known) continue
      const names = new Set<string>(['123', '0x1F', '31', 'listed', 'db', 'cm', 'nothing', 'web', 'default/web', 'worker-0003'])
      for (const o of model.pods) names.add(`${o.namespace}/${o.name}`).add(o.name)
      for (const s of model.services) names.add(`${s.namespace}/${s.name}`)
      for (const n of model.nodes) names.add(n.name)
      for (const target of names) {
        for (const kinds of KINDS) {
          const want = findPiece(text, kinds, target)
          const slow = findPiece(text, kinds, target, unnamed(known))
          const fast = findPiece(text, kinds, target, known)
          expect(slow?.start, `${file} ${kinds} ${target}`).toBe(want?.start)
          expect(fast?.start, `${file} ${kinds} ${target} (name index)`).toBe(want?.start)
          expect(fast?.text).toBe(want?.text)
          compared++
          if (want) found++
        }
      }
    }
    expect(compared).toBeGreaterThan(1000)
    expect(found).toBeGreaterThan(100)
    expect(findPieceCounters.named - before).toBe(compared)
  })

  it('follows the loads after what-ifs: new pieces are found, replaced ones are not', () => {
    const text = generateDump({ nodes: 6, services: 30 }) + WHAT_IF_OBJECTS
    let r = reloadModel(null, 'dump.yaml', text, { limits: false })
    if (!r.ok) throw new Error('dump did not load')
    let cur = text
    const steps = [['scale', 'default/web', 1], ['delete', 'default/debug-1', 0], ['etp', 'default/web', 0], ['drain', 'worker-0003', 0], ['apply', 'hello', 0], ['scale', 'default/web', 5], ['delete', 'default/debug-2', 0]] as const
    for (const [kind, target, value] of steps) {
      const known = knownPieces(r.model)!
      const e = whatIfEdit(kind, target, value, cur, known)
      expect(e).toEqual(whatIfEdit(kind, target, value, cur, unnamed(known)))
      const next = reloadModel(r.model, 'dump.yaml', e.text, { limits: false, change: { before: cur, ...e.change } })
      if (!next.ok) throw new Error(`${kind} did not load`)
      r = next
      cur = e.text
      const k2 = knownPieces(r.model)!
      for (const kindName of ['scale', 'etp', 'delete', 'drain'] as const) {
        for (const [t] of whatIfTargets(kindName, cur)) expect(whatIfEdit(kindName, t, 3, cur, k2), `${kind} then ${kindName} ${t}`).toEqual(whatIfEdit(kindName, t, 3, cur, unnamed(k2)))
      }
    }
  })
})
