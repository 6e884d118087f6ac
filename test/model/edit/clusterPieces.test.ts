import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { clusterPiecesAnew, findPieceCounters, type KnownPieces } from '../../../src/model/edit/findPiece.js'
import { whatIfEdit } from '../../../src/model/edit/whatIf.js'
import { knownPieces, reloadModel } from '../../../src/model/incremental/reload.js'
import { seeded } from '../../../src/engine/trace/trace.js'
import { generateCluster } from '../../../bench/generate.js'
import { generateDump } from '../../../bench/generateDump.js'
import { WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'
import { loadedPieces } from '../../support/loadedPieces.js'

const topologies = new URL('../../../topologies/', import.meta.url)
const CLUSTER = 'apiVersion: kube-netlab/v1\nkind: Cluster\nmetadata: { name: lab }\nspec:\n  nodes:\n  - { name: node1, ip: 192.168.49.2 }\n  - { name: node2, ip: 192.168.49.3 }\n'
// Pieces that look like a Cluster document and are not one, or are one written oddly.
const lookalikes = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { a: "kind: Cluster" }\n',
  'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Cluster\n  metadata: { name: in-a-list }\n',
  '# kind: Cluster\napiVersion: v1\nkind: Namespace\nmetadata: { name: ns }\n',
  'apiVersion: v1\nkind: Namespace\nmetadata: { name: kindcluster }\n  # kind: Cluster\n',
]
const oddClusters = [
  CLUSTER.replace('kind: Cluster', 'kind: "Cluster"'),
  CLUSTER.replace('kind: Cluster', "kind:   'Cluster'   # the lab's"),
]

/** The same pieces without their cluster list: found by searching the text (the slow way). */
const searched = (k: KnownPieces): KnownPieces => ({ text: k.text, spans: k.spans, item: k.item })

/** The lookalikes in random order around one Cluster document (a text with two loads whole and knows no pieces). */
function randomText(rand: () => number): string {
  const docs: string[] = []
  // Each at most once (two objects of one name do not load).
  for (const l of lookalikes) if (rand() < 0.6) docs.splice(Math.floor(rand() * (docs.length + 1)), 0, l)
  const cluster = rand() < 0.5 ? CLUSTER : oddClusters[Math.floor(rand() * oddClusters.length)]!
  docs.splice(Math.floor(rand() * (docs.length + 1)), 0, cluster)
  return docs.join(rand() < 0.5 ? '---\n' : '\n---\n')
}

describe('the Cluster documents looked up among the loader\'s pieces', () => {
  it('are the pieces the search of the text finds, for every text', () => {
    const rand = seeded(17)
    const texts: [string, string][] = [
      ...readdirSync(topologies).filter((f) => f.endsWith('.yaml')).map((f): [string, string] => [f, readFileSync(new URL(f, topologies), 'utf8')]),
      ['generated', generateCluster(12, 30)],
      ['dump', generateDump({ nodes: 6, services: 30 }) + WHAT_IF_OBJECTS],
      ['dump with a cluster', generateDump({ nodes: 6, services: 30 }) + WHAT_IF_OBJECTS + '---\n' + CLUSTER],
      ...Array.from({ length: 60 }, (_, i): [string, string] => [`random ${i}`, randomText(rand)]),
    ]
    const before = findPieceCounters.clusters
    let compared = 0
    let found = 0
    for (const { file, text, known } of loadedPieces(texts)) {
      if (!known) continue
      const want = clusterPiecesAnew(text)
      expect(clusterPiecesAnew(text, searched(known)), `${file} (searched among spans)`).toEqual(want)
      expect(clusterPiecesAnew(text, known), `${file} (looked up)`).toEqual(want)
      compared++
      found += want.length
    }
    expect(compared).toBeGreaterThan(50)
    expect(found).toBeGreaterThan(50)
    expect(findPieceCounters.clusters - before).toBe(compared)
  })

  it('follow the loads after cordons: the lookup finds the edited Cluster document', () => {
    let text = generateCluster(8, 20)
    let r = reloadModel(null, 'c.yaml', text, { limits: false })
    for (const node of ['node2', 'node3', 'node5']) {
      if (!r.ok) throw new Error('did not load')
      const known = knownPieces(r.model)!
      expect(clusterPiecesAnew(text, known)).toEqual(clusterPiecesAnew(text))
      const e = whatIfEdit('drain', node, 0, text, known)
      expect(e.text).not.toBe(text)
      r = reloadModel(r.model, 'c.yaml', e.text, { limits: false, change: { before: text, ...e.change } })
      text = e.text
    }
    if (!r.ok) throw new Error('did not load')
    const pieces = clusterPiecesAnew(text, knownPieces(r.model)!)
    expect(pieces).toEqual(clusterPiecesAnew(text))
    expect(pieces[0]!.text.match(/unschedulable: true/g)).toHaveLength(3)
  })
})
