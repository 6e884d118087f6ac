/**
 * The fast reader over a range of a bigger text (fastParse's from/to, what preread.ts reads a
 * piece with inside the slice that arrived) gives what the same lines read as a string of their
 * own give: the data, each document's noted position and every value's position.
 */
import { describe, expect, it } from 'vitest'
import { seeded } from '../../../src/engine/trace/trace.js'
import { fastParse, type FastDocument } from '../../../src/model/load/fastYaml.js'
import { handDocument, listDocument, mutate, pick } from './fastYamlRandom.js'

const shape = (docs: FastDocument[] | null): string | null =>
  docs && JSON.stringify(docs.map((d) => ({ data: d.data, at: d.noted([]), positions: d.positions() })))

describe('fastParse over a range', () => {
  it('equals reading the range on its own, for random documents between other text', () => {
    const r = seeded(2048)
    let read = 0
    for (let i = 0; i < 600; i++) {
      const base = r() < 0.5 ? handDocument(r) : listDocument(r)
      let piece = r() < 0.3 ? mutate(r, base) : base
      if (r() < 0.2) piece = piece.replace(/\n/g, '\r\n')
      if (!piece.endsWith('\n')) piece += '\n'
      // Text around it that would change the reading if the range leaked: an open flow, a tab, more lines.
      const before = pick(r, ['', 'x: [1,\n', '- a\n  b: {\n', '\t\n'])
      const after = pick(r, ['', '  more: 1\n', '# c\n- x\n', '\tz'])
      const text = before + piece + after
      const own = shape(fastParse(piece))
      const ranged = shape(fastParse(text, before.length, before.length + piece.length))
      expect(ranged, `#${i}`).toBe(own)
      if (own) read++
    }
    expect(read).toBeGreaterThan(100)
  })
})
