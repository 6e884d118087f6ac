/**
 * The oracle for the fast YAML reader: the yaml package under the project's options. For a
 * text the fast reader takes, its data must be deep-equal (types included) to `doc.toJS()` of
 * every document, the package must have found no error, and every value's line and column
 * (plus lookups of paths that do not exist) must be the package's.
 */
import { isDeepStrictEqual } from 'node:util'
import { expect } from 'vitest'
import { LineCounter, isScalar, parseAllDocuments, type Document } from 'yaml'
import { fastParse } from '../../../src/model/load/fastYaml.js'
import { fastLocate } from '../../../src/model/load/fastYamlPositions.js'
import { YAML_OPTIONS, locate, type Path } from '../../../src/model/load/readDocuments.js'

/** Every path to a value in `v`, and a few near misses the locators must answer alike. */
export function probePaths(v: unknown, path: (string | number)[] = [], out: Path[] = []): Path[] {
  out.push(path)
  if (v && typeof v === 'object') {
    out.push([...path, '__missing__'], [...path, 0], [...path, '0'], [...path, 99])
    for (const [k, c] of Object.entries(v)) probePaths(c, [...path, Array.isArray(v) ? Number(k) : k], out)
    if (Array.isArray(v) && v.length) out.push([...path, String(v.length - 1)], [...path, -1], [...path, 0.5])
  } else out.push([...path, 'below'])
  return out
}

/** 'fast' when the fast reader took `text` (and agreed with the package), 'declined' when not. */
export function compareWithLibrary(text: string, label = ''): 'fast' | 'declined' {
  const fast = fastParse(text)
  if (!fast) return 'declined'
  const lc = new LineCounter()
  const lib = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: lc }) as Document[]
  const where = `${label} ${JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}…` : text)}`
  expect(lib.flatMap((d) => d.errors.map((e) => e.code)), `the package found errors in ${where}`).toEqual([])
  expect(fast.length, `documents in ${where}`).toBe(lib.length)
  // node's strict deep equality (prototypes, types, -0 vs 0); vitest's toStrictEqual also
  // compares `.constructor`, which a YAML key `constructor:` sets to a fresh value in both.
  const want = lib.map((d) => d.toJS())
  if (!isDeepStrictEqual(fast.map((d) => d.data), want)) expect(fast.map((d) => d.data), `data of ${where}`).toStrictEqual(want)
  fast.forEach((d, i) => {
    const pos = d.positions()
    expect(pos === null, `document ${i} of ${where} is empty`).toBe(d.data === null)
    if (!pos) {
      const c = lib[i]!.contents
      expect(c === null || (isScalar(c) && c.value === null), `empty document ${i} of ${where}`).toBe(true)
      return
    }
    for (const p of probePaths(d.data)) {
      const want = locate(lib[i]!, lc, p)
      // Through the document's own lookup (a List item read again alone) and through every position.
      for (const got of [d.locate(p)!, fastLocate(pos, p)]) {
        if (got.line !== want.line || got.col !== want.col) expect({ path: p, ...got }, `position in ${where}`).toEqual({ path: p, ...want })
      }
    }
  })
  return 'fast'
}

/** Plain scalars whose type the core schema decides, and strings that look like syntax. */
export const TRICKY = [
  '0x1F', '0X1f', '1e3', '1E3', '1.0e+3', '-.5e-3', '1e', '1e400', '.inf', '-.Inf', '+.INF', '.NaN', '.nan', '~', 'null', 'Null', 'NULL', 'nULL',
  'True', 'TRUE', 'true', 'tRue', 'false', 'False', 'yes', 'no', 'on', 'off', 'y', '0o17', '0o8', '012', '08', '00', '+1', '-1', '+0', '-0', '0', '1_000',
  '0.', '.5', '+.5', '1.50', '1.', '-0x1', '+0o7', '0b11', '1:2', '12:30', '2001-01-01', '9007199254740993', '123456789012345678901234567890',
  '<<', '=', 'a #b', 'a#b', 'a: b', 'a:b', 'a:', ':a', '?a', '- a', '-a', '--', '---', '...', '#x', '[a]', '{a}', 'a,b', 'a]', '@x', '`x', '%x',
  '&a', '*a', '!t', '|', '>', '?', ':', '-', 'é', '😀', '\\', 'a\\nb', 'a  b', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '"q"', "'s'", "it's",
  '10.244.17.203', '1.2.3', '1.2e3.4', '.1.', '0.0.0.0', '1..2', '.5.', '+1.2.3', '.inf.nan', '1.5e3.', '..',
]
