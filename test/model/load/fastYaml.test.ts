/**
 * The fast YAML reader against the yaml package on every YAML text the project has and on
 * hand-picked tricky forms: it declines or agrees exactly (data, types, every position).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LineCounter, parse, parseAllDocuments, type Document } from 'yaml'
import { fastParse } from '../../../src/model/load/fastYaml.js'
import { YAML_OPTIONS, locate, readDocument, readDocuments, type Path } from '../../../src/model/load/readDocuments.js'
import { encodingProblem, nestingProblem } from '../../../src/model/load/textChecks.js'
import type { Diagnostic } from '../../../src/model/load/diagnostics.js'
import { generateCluster } from '../../../bench/generate.js'
import { generateDump } from '../../../bench/generateDump.js'
import { TRICKY, compareWithLibrary, probePaths } from './fastYamlCompare.js'

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []))

/** The lessons' clusters: a built-in topology's file, or the documents written in the lesson. */
function lessonClusters(): [string, string][] {
  return readdirSync('lessons').filter((f) => f.endsWith('.yaml')).flatMap((f): [string, string][] => {
    const lesson = parse(readFileSync(join('lessons', f), 'utf8')) as { topology?: unknown }
    const t = lesson.topology
    if (typeof t === 'string') return [[`${f} → ${t}`, readFileSync(join('topologies', `${t}.yaml`), 'utf8')]]
    if (t && typeof t === 'object' && typeof (t as { documents?: unknown }).documents === 'string') return [[f, (t as { documents: string }).documents]]
    return []
  })
}

const corpus: [string, string][] = [
  ...yamlFiles('topologies').map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
  ...yamlFiles('test/fixtures').map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
  ...yamlFiles('lessons').map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
  ...lessonClusters(),
  ['generateCluster(3, 20)', generateCluster(3, 20, { nodePortEvery: 7, standalonePods: 2 })],
  ['generateDump(4, 12)', generateDump({ nodes: 4, services: 12 })],
]

describe('fast YAML reader on the corpus', () => {
  const results = corpus.map(([name, text]) => [name, compareWithLibrary(text, name)] as const)
  const fast = results.filter(([, r]) => r === 'fast').length
  it(`agrees with the yaml package wherever it reads (${fast} of ${corpus.length} texts take the fast path)`, () => {
    // Every built-in topology, lesson cluster and generated text is plain block/flow YAML.
    for (const [name, r] of results) if (/^topologies\/|→|^generate/.test(name)) expect(r, name).toBe('fast')
    expect(fast).toBeGreaterThanOrEqual(Math.floor(corpus.length * 0.6))
  })
})

/** readDocuments as it was before the fast reader: the yaml package for everything. */
function libraryRead(file: string, text: string): { data: unknown[]; at: ((p: Path) => { line: number; col: number })[]; diagnostics: Diagnostic[] } {
  const lc = new LineCounter()
  const diagnostics: Diagnostic[] = []
  const data: unknown[] = []
  const at: ((p: Path) => { line: number; col: number })[] = []
  const textProblem = encodingProblem(file, text) ?? nestingProblem(file, text)
  if (textProblem) return { data, at, diagnostics: [textProblem] }
  for (const doc of parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: lc }) as Document[]) {
    for (const e of readDocument(file, doc, lc, diagnostics)) {
      data.push(e.data)
      at.push((p) => locate(doc, lc, [...e.prefix, ...p]))
    }
  }
  return { data, at, diagnostics }
}

describe('readDocuments through the fast reader', () => {
  const lists = [
    'apiVersion: v1\nkind: PodList\nitems:\n- metadata: { name: a }\n- 3\n- kind: Pod\n  metadata:\n    name: b\n',
    'apiVersion: v1\nkind: List\nitems: {}\n',
    'apiVersion: v1\nkind: ServiceList\nitems:\n',
    '- a\n- b\n---\napiVersion: v1\nkind: Pod\n',
    '---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n...\n',
  ]
  it.each([...corpus.filter(([n]) => /^(topologies|test\/fixtures|generate)/.test(n)), ...lists.map((t, i): [string, string] => [`list ${i}`, t])])('%s: same objects, positions and problems', (name, text) => {
    const got = readDocuments(name, text, false)
    const want = libraryRead(name, text)
    expect(got.diagnostics).toEqual(want.diagnostics)
    expect(got.docs.map((d) => d.data)).toStrictEqual(want.data)
    got.docs.forEach((d, i) => {
      for (const p of probePaths(d.data)) expect(d.at(p), JSON.stringify(p)).toEqual(want.at[i]!(p))
    })
    const own = got.docs.map((d) => d.at([]))
    got.release()
    expect(got.docs.map((d) => d.at([]))).toEqual(own)
  })
})

describe('fast YAML reader on tricky forms', () => {
  const quote = (s: string): string[] => [s, JSON.stringify(s), `'${s.replace(/'/g, "''")}'`]
  const forms = TRICKY.flatMap((s) => quote(s).flatMap((q) => [
    `a: ${q}\n`, `${q}: a\n`, `- ${q}\n`, `- ${q}: 1\n  b: 2\n`, `a: [${q}]\n`, `a: { ${q}: 1 }\n`, `a: { k: ${q} }\n`, `a: [1, ${q}, x]\n`, `a:\n- ${q}\n- [${q}]\n`,
  ]))
  it(`agrees or declines on ${forms.length} forms`, () => {
    const fast = forms.filter((f) => compareWithLibrary(f) === 'fast').length
    expect(fast).toBeGreaterThan(forms.length / 2)
  })

  it.each([
    ['a Corefile', 'data:\n  Corefile: |\n    .:53 {\n        errors\n\n        forward . /etc/resolv.conf\n    }\n  other: 1\n'],
    ['a stripped scalar in a sequence, then a less indented comment', 'args:\n- |-\n  a\n    b\n# c\n- x\n'],
    ['a scalar at the end without a line break', 'k:\n  v: |\n   # kept\n   ---'],
    ['a sequence item indented by one', 'a:\n- |\n x\n'],
    ['CRLF line ends', 'a: |\r\n  x\r\n\r\n  y\r\nb:\r\n- "q"\r\n-\r\nc: [1]\r\n'],
    ['trailing blank lines', 'a: |\n  x\n\n\nb: |-\n  y\n\n'],
  ])('reads a literal block scalar: %s', (_, text) => {
    expect(compareWithLibrary(text)).toBe('fast')
  })

  it('reads what kubectl prints', () => {
    const text = 'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    annotations: {}\n    labels:\n      app: web\n    name: web\n  spec:\n    ports:\n    - name: http\n      port: 80\n      targetPort: "8080"\n    selector:\n      app: web\nkind: List\nmetadata:\n  resourceVersion: ""\n'
    expect(compareWithLibrary(text)).toBe('fast')
    expect(fastParse(text)![0]!.data).toStrictEqual(parse(text))
  })

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'], ['a merge key', 'a: {x: 1}\nb:\n  <<: {x: 2}\n'], ['a tag', 'a: !!str 1\n'],
    ['a kept literal block scalar', 'a: |+\n  x\n\n'], ['a folded block scalar', 'a: >-\n  x\n'], ['an indentation indicator', 'a: |2\n   x\n'],
    ['a literal block scalar not indented', 'a:\n  - |\n  x\n'], ['an empty literal block scalar', 'a: |\nb: 1\n'], ['a literal after leading blank lines', 'a: |\n\n  x\n'], ['a multi-line plain scalar', 'a: b\n  c\n'],
    ['a plain scalar on the next line', 'a:\n  b\n'], ['a multi-line quoted scalar', 'a: "b\n  c"\n'], ['a multi-line flow collection', 'a: [1,\n  2]\n'],
    ['a tab', 'a:\tb\n'], ['a lone CR', 'a: 1\rb: 2\n'], ['a duplicate key', 'a: 1\na: 2\n'], ['keys equal in JS only', '1: a\n"1": b\n'],
    ['a complex key', '? a\n: b\n'], ['a directive', '%YAML 1.2\n---\na: 1\n'], ['odd indentation', 'a:\n  b: 1\n c: 2\n'],
    ['a nested mapping in a compact value', 'a: b: c\n'], ['a BOM', '\uFEFFa: 1\n'], ['content after ---', '--- a: 1\n'], ['a lone ...', '...\n'],
    ['a space before the colon', 'a : 1\n'], ['an implicit flow pair', 'a: [b: c]\n'], ['a trailing comma', 'a: [1, 2,]\n'], ['an empty flow value', 'a: {b: }\n'],
    ['a scalar document', 'just text\n'], ['text after a quoted scalar', 'a: "x" y\n'], ['a sequence where a value is', 'a: - b\n'],
  ])('declines %s', (_, text) => {
    expect(fastParse(text)).toBeNull()
  })
})
