/**
 * Positions the fast reader notes on its first reading (FastDocument.noted): a document's own,
 * a root sequence's items' (a List item read on its own, src/model/incremental/units.ts) and a
 * List's items'. Each is the position the yaml package gives for the same path, and a piece's
 * objects answer their own position from it without reading the piece again.
 */
import { describe, expect, it } from 'vitest'
import { LineCounter, parseAllDocuments, type Document } from 'yaml'
import { generateDump } from '../../../bench/generateDump.js'
import { fastParse } from '../../../src/model/load/fastYaml.js'
import { unpackPos } from '../../../src/model/load/fastYamlPositions.js'
import { YAML_OPTIONS, locate, type Path } from '../../../src/model/load/readDocuments.js'
import { splitText } from '../../../src/model/incremental/split.js'
import { readUnit } from '../../../src/model/incremental/units.js'

const TEXTS = [
  '- a\n- b\n-   c: 1\n    d: 2\n-\n  e: 3\n- # note\n  f: 4\n- [1, 2]\n- { g: 5 }\n',
  '  - apiVersion: v1\n    kind: Pod\n  -   apiVersion: v1\n      kind: Service\n',
  'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata: { name: a }\n-   kind: Pod\n    metadata:\n      name: b\nmetadata: {}\n',
  '---\n- x\n---\nitems:\n  - 1\n  - y: 2\n',
  generateDump({ nodes: 2, services: 3 }),
]

const paths = (data: unknown): Path[] => {
  const out: Path[] = [[], [0], ['0'], [1], [99], [-1], ['items'], ['items', 0], ['items', '1'], ['items', 0, 'kind']]
  if (Array.isArray(data)) data.forEach((_, i) => out.push([i], [String(i)]))
  const items = (data as { items?: unknown } | null)?.items
  if (Array.isArray(items)) items.forEach((_, i) => out.push(['items', i]))
  return out
}

describe('positions noted on the first reading', () => {
  it('are the yaml package\'s positions for the same paths', () => {
    let noted = 0
    for (const text of TEXTS) {
      const fast = fastParse(text)!
      expect(fast, text).not.toBeNull()
      const lc = new LineCounter()
      const lib = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: lc }) as Document[]
      fast.forEach((d, i) => {
        for (const p of paths(d.data)) {
          const n = d.noted(p)
          if (n < 0) continue
          noted++
          expect({ p, ...unpackPos(n) }, text).toEqual({ p, ...locate(lib[i]!, lc, p) })
        }
      })
    }
    // Every document's own position, and the items of both kinds.
    expect(noted).toBeGreaterThan(40)
  })

  it('answer a read piece\'s own position without reading it again', () => {
    const text = generateDump({ nodes: 3, services: 5 })
    let items = 0
    for (const seg of splitText(text)) {
      if (seg.type === 'doc') continue
      for (const item of seg.items) {
        const u = readUnit({ file: 'dump.yaml' }, item.text, 'item', { kind: 'List', apiVersion: 'v1' })!
        u.tree = null
        u.line = item.line
        const lc = new LineCounter()
        const lib = parseAllDocuments(item.text, { ...YAML_OPTIONS, lineCounter: lc }) as Document[]
        const want = locate(lib[0]!, lc, [0])
        expect(u.docs[0]!.at([])).toEqual({ line: want.line + item.line, col: want.col })
        // Nothing was asked that needed the text read again.
        expect(u.positions).toBeNull()
        items++
      }
    }
    expect(items).toBeGreaterThan(20)
  })
})
