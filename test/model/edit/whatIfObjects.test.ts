/**
 * The what-if target lists read through the fast YAML reader (whatIfObjects.ts fastObject) are
 * the ones the `yaml` package path gives (packageObject), piece by piece and list by list, over
 * every built-in topology, lesson, test fixture, sample manifest and a generated dump; texts the
 * fast reader declines (or values it leaves to the package) still give the package's lists.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generateDump } from '../../../bench/generateDump.js'
import { generateCluster } from '../../../bench/generate.js'
import { splitText } from '../../../src/model/incremental/split.js'
import { SAMPLE_MANIFESTS } from '../../../src/model/edit/samples.js'
import { whatIfTargets, type WhatIfKind } from '../../../src/model/edit/whatIf.js'
import { fastObject, packageObject } from '../../../src/model/edit/whatIfObjects.js'

const ROOT = new URL('../../../', import.meta.url)
const KINDS: readonly WhatIfKind[] = ['scale', 'drain', 'etp', 'deny', 'delete', 'apply', 'proxy-mode']

function yamlFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(new URL(dir, ROOT))) {
    const rel = `${dir}/${name}`
    if (statSync(new URL(rel, ROOT)).isDirectory()) out.push(...yamlFiles(rel))
    else if (/\.ya?ml$/.test(name)) out.push(rel)
  }
  return out
}

/** Every built-in text: topologies, lessons, fixtures (valid and broken), samples, generated ones. */
const TEXTS: [string, string][] = [
  ...['topologies', 'lessons', 'test/fixtures'].flatMap(yamlFiles).map((f) => [f, readFileSync(new URL(f, ROOT), 'utf8')] as [string, string]),
  ...Object.entries(SAMPLE_MANIFESTS).map(([id, m]) => [`sample ${id}`, m.text] as [string, string]),
  ['generated cluster', generateCluster(3, 10)],
  ['generated dump', generateDump({ nodes: 3, services: 10 })],
]

/** The pieces whatIfTargets reads: each document, and a List's head and items. */
function pieces(text: string): [string, number[]][] {
  return splitText(text).flatMap((seg) => (seg.type === 'doc' ? [[seg.piece.text, []]] : [[seg.head.text, []], ...seg.items.map((p) => [p.text, [0]])]) as [string, number[]][])
}

describe('what-if targets by the fast reader', () => {
  it('read every piece of every built-in text as the yaml package does, and take nearly all of them', () => {
    let taken = 0, all = 0
    expect(TEXTS.length).toBeGreaterThan(60)
    for (const [file, text] of TEXTS) {
      for (const [piece, base] of pieces(text)) {
        all++
        const fast = fastObject(piece, base)
        if (fast === undefined) continue
        taken++
        expect(fast, `${file}: ${piece.slice(0, 80)}`).toEqual(packageObject(piece, base))
      }
    }
    // The few declined are fixtures written to be outside the fast reader's subset.
    expect(taken).toBeGreaterThan(all * 0.9)
  })

  it('give the same lists of every kind as the package path for every built-in text', () => {
    for (const [file, text] of TEXTS) {
      for (const kind of KINDS) expect(whatIfTargets(kind, text), `${file} ${kind}`).toEqual(whatIfTargets(kind, text, packageObject))
    }
  })

  it('leave to the package what it prints differently or the fast reader declines, with the same result', () => {
    const cases: [string, string, number[]][] = [
      // Collections where a scalar is expected: the package prints them as JSON-like text.
      ['a map as kind', 'kind: {a: 1}\nmetadata: {name: x}\n', []],
      ['a list as a name', 'kind: Service\nmetadata: {name: [a, b]}\n', []],
      ['spec.nodes as a mapping', 'kind: Cluster\nspec:\n  nodes: {a: 1, b: 2}\n', []],
      ['a node name that is a map', 'kind: Cluster\nspec:\n  nodes:\n  - {name: {x: 1}}\n', []],
      // Outside the fast reader's subset: anchors and aliases, a flow mapping over several lines, two documents.
      ['anchors', 'kind: Service\nmetadata: &m {name: web, namespace: shop}\nspec: {type: NodePort, externalTrafficPolicy: *m}\n', []],
      ['a multi-line flow mapping', 'kind: Service\nmetadata: {name: web,\n  namespace: shop}\nspec: {type: LoadBalancer}\n', []],
      ['two documents in one piece', 'kind: Pod\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: {name: b}\n', []],
      ['a List item with a merge key', '- &base {kind: Pod, metadata: {name: a}}\n', [0]],
    ]
    for (const [what, text, base] of cases) {
      expect(fastObject(text, base), what).toBeUndefined()
      expect(whatIfTargets('etp', text), what).toEqual(whatIfTargets('etp', text, packageObject))
      expect(whatIfTargets('delete', text), what).toEqual(whatIfTargets('delete', text, packageObject))
      expect(whatIfTargets('drain', text), what).toEqual(whatIfTargets('drain', text, packageObject))
    }
  })

  it('read the odd shapes it does take as the package does', () => {
    const cases: [string, number[]][] = [
      ['kind: Cluster\nspec:\n  nodes:\n  -\n  - node1\n  - [a]\n  - {name: 3}\n  - {name: null}\n  - {other: x}\n', []],
      ['kind: Cluster\nspec:\n  nodes:\n', []],
      ['kind: Cluster\nspec:\n  nodes: node1\n  kubeProxy: {mode: 7}\n', []],
      ['kind: Cluster\nspec: [nodes]\n', []],
      ['kind: 1.0\nmetadata:\n  name: true\n  namespace: ~\nspec: {type: 0x1f, externalTrafficPolicy: .inf}\n', []],
      ['metadata: [name]\n', []],
      ['- 3\n', [0]],
      ['- kind: Pod\n  metadata: {name: a, namespace: b}\n', [0]],
      ['- a\n', []],
      ['# only a comment\n', []],
    ]
    for (const [text, base] of cases) {
      const fast = fastObject(text, base)
      expect(fast, text).not.toBeUndefined()
      expect(fast, text).toEqual(packageObject(text, base))
    }
  })
})
