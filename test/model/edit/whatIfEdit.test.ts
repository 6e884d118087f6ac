import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { applyWhatIf, whatIfEdit, whatIfTargets, type WhatIfKind } from '../../../src/model/edit/whatIf.js'
import { findPieceCounters } from '../../../src/model/edit/findPiece.js'
import { knownPieces, reloadModel } from '../../../src/model/incremental/reload.js'
import { textChange, textEditCounters } from '../../../src/model/incremental/textEdit.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { generateCluster } from '../../../bench/generate.js'
import { generateDump } from '../../../bench/generateDump.js'
import { WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'

const topologies = new URL('../../../topologies/', import.meta.url)
const texts: [string, string][] = [
  ...readdirSync(topologies).filter((f) => f.endsWith('.yaml')).map((f): [string, string] => [f, readFileSync(new URL(f, topologies), 'utf8')]),
  ['generated', generateCluster(12, 30)],
  // kubectl's List dump with documents after it (what the browser bench pastes), small.
  ['dump', generateDump({ nodes: 6, services: 30 }) + WHAT_IF_OBJECTS],
]
const KINDS: readonly WhatIfKind[] = ['scale', 'drain', 'etp', 'delete', 'deny', 'proxy-mode', 'apply']

describe('whatIfEdit: the what-if and the span it changed', () => {
  it('equals applyWhatIf and textChange, with and without the loader\'s pieces, for every target of every kind', () => {
    let compared = 0
    const before = findPieceCounters.known
    for (const [name, text] of texts) {
      const r = reloadModel(null, `${name}.yaml`, text, { limits: false })
      expect(r.ok, name).toBe(true)
      if (!r.ok) continue
      // A text the loader split piece by piece (a whole-file load knows no pieces).
      const known = knownPieces(r.model)
      if (name === 'dump') expect(known).not.toBeNull()
      for (const kind of KINDS) {
        for (const [target] of whatIfTargets(kind, text).slice(0, 8)) {
          const after = applyWhatIf(kind, target, 2, text)
          const want = { text: after, change: textChange(text, after) }
          expect(whatIfEdit(kind, target, 2, text), `${name} ${kind} ${target}`).toEqual(want)
          if (known) expect(whatIfEdit(kind, target, 2, text, known), `${name} ${kind} ${target} (known pieces)`).toEqual(want)
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(100)
    // The dump's searches were answered from the spans, not by splitting its List.
    expect(findPieceCounters.known - before).toBeGreaterThan(10)
  })

  it('after an edit, the next model\'s pieces are those of the edited text', () => {
    const text = generateDump({ nodes: 6, services: 30 }) + WHAT_IF_OBJECTS
    let r = reloadModel(null, 'dump.yaml', text, { limits: false })
    if (!r.ok) throw new Error('dump did not load')
    let cur = text
    for (const [kind, target, value] of [['scale', 'default/web', 1], ['delete', 'default/debug-1', 0], ['etp', 'default/web', 0], ['drain', 'worker-0003', 0], ['scale', 'default/web', 5]] as const) {
      const e = whatIfEdit(kind, target, value, cur, knownPieces(r.model) ?? undefined)
      expect(e.text).toBe(applyWhatIf(kind, target, value, cur))
      expect(e.text).not.toBe(cur)
      // Told the splice (what the lab's worker passes), the loader reads the edited piece from the
      // last text and the insert, and its model is the one a full load of the new text gives.
      const within = textEditCounters.within
      const next = reloadModel(r.model, 'dump.yaml', e.text, { limits: false, change: { before: cur, ...e.change } })
      if (!next.ok) throw new Error(`${kind} did not load`)
      expect(textEditCounters.within).toBe(within + 1)
      expect(knownPieces(next.model)?.text).toBe(e.text)
      const full = loadModel('dump.yaml', e.text, { limits: false })
      if (!full.ok) throw new Error(`${kind}: the full load failed`)
      expect(next.model.pods.map((p) => `${p.namespace}/${p.name} ${p.nodeName}`).sort()).toEqual(full.model.pods.map((p) => `${p.namespace}/${p.name} ${p.nodeName}`).sort())
      expect(next.model.services.map((sv) => `${sv.namespace}/${sv.name} ${sv.obj.externalTrafficPolicy} ${sv.ports.map((p) => p.endpoints.length)}`)).toEqual(full.model.services.map((sv) => `${sv.namespace}/${sv.name} ${sv.obj.externalTrafficPolicy} ${sv.ports.map((p) => p.endpoints.length)}`))
      expect(next.model.nodes.map((n) => `${n.name} ${n.spec.unschedulable}`)).toEqual(full.model.nodes.map((n) => `${n.name} ${n.spec.unschedulable}`))
      r = next
      cur = e.text
    }
  })

  it('finds a name however YAML writes it, and skips names that only look like it', () => {
    const deploy = (meta: string, replicas: number): string => `apiVersion: apps/v1\nkind: Deployment\nmetadata:${meta}\nspec:\n  replicas: ${replicas}\n`
    const decoys = [
      deploy('\n  name: webx\n  namespace: default', 1),
      deploy('\n  username: web\n  name: other\n  namespace: default', 1),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web, namespace: default }\ndata: { a: "name: web" }\n',
    ]
    const forms = [
      '\n  name: web\n  namespace: default', "\n  name: 'web'\n  namespace: default", '\n  name:   "web"  # the one\n  namespace: default',
      ' { name: web, namespace: default }', '\n  namespace: default\n  name:\n    web',
    ]
    for (const form of forms) {
      for (const eol of ['\n', '\r\n']) {
        const text = [...decoys, deploy(form, 1)].join('---\n').replaceAll('\n', eol)
        const after = applyWhatIf('scale', 'default/web', 4, text)
        expect(after, JSON.stringify(form + eol)).not.toBe(text)
        // Only the last document (the target, from its `---` line on) changed.
        expect(after.startsWith(text.slice(0, text.lastIndexOf('---')))).toBe(true)
        expect(after.slice(after.lastIndexOf('apiVersion'))).toMatch(/replicas: 4/)
      }
    }
  })

  it('finds the Cluster document by its kind line, quoted or with a comment, after LF or CRLF', () => {
    const cluster = (kindLine: string): string => `apiVersion: netlab/v1\n${kindLine}\nmetadata: { name: lab }\nspec:\n  nodes:\n    - name: node1\n    - name: node2\n`
    for (const kindLine of ['kind: Cluster', 'kind: "Cluster" # the lab', "kind:   'Cluster'"]) {
      for (const eol of ['\n', '\r\n']) {
        const text = ['apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { k: "kind: Cluster" }\n', cluster(kindLine)].join('---\n').replaceAll('\n', eol)
        expect(applyWhatIf('drain', 'node2', 0, text), kindLine + JSON.stringify(eol)).toMatch(/unschedulable: true/)
      }
    }
  })
})
