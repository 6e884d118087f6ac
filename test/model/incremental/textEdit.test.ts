/**
 * editedPieces against the splitter: for random single edits (insertions, deletions and
 * replacements at random places, many of them at the pieces' edges, some adding a `---` line, a
 * List item or an `items:` key, some deleting or adding whole documents), whenever it finds the
 * pieces an edit replaced, splitting the new text in full must give the last text's pieces with
 * exactly those replaced by the ones it gives, every other piece at its old start moved by the
 * edit's length and its old line moved by the edit's lines.
 */
import { describe, expect, it } from 'vitest'
import { splitText, type TextPiece } from '../../../src/model/incremental/split.js'
import { editedPieces, movedSpans, spliceChange, textChange, type PieceSpans } from '../../../src/model/incremental/textEdit.js'
import { seeded } from '../../../src/engine/trace/trace.js'
import { generateCluster } from '../../../bench/generate.js'

/** The pieces of a text as the incremental loader sees them (a List's head left out), with whether each is an item. */
function pieces(text: string): { piece: TextPiece; item: boolean }[] {
  return splitText(text).flatMap((s): { piece: TextPiece; item: boolean }[] => (s.type === 'doc' ? [{ piece: s.piece, item: false }] : s.items.map((piece) => ({ piece, item: true }))))
}

function spansOf(ps: { piece: TextPiece }[]): PieceSpans {
  return {
    starts: Int32Array.from(ps, (p) => p.piece.start),
    ends: Int32Array.from(ps, (p) => p.piece.start + p.piece.text.length),
    unit: Int32Array.from(ps, (_, i) => i),
  }
}

const dump = (n: number): string => `apiVersion: v1
items:
${Array.from({ length: n }, (_, i) => `- apiVersion: v1
  kind: Service
  metadata:
    name: s${i}
    namespace: default
  spec:
    ports:
    - port: 80
      protocol: TCP
    selector:
      app: a${i}
`).join('')}kind: List
metadata:
  resourceVersion: ""
`

const INSERTS = ['x', '\n', '  ', '---\n', '\n---\n', '\n- ', '- a: b\n', '\nitems:\n', 'items:', '\n...\n', '#c\n', ': ', '\n%YAML 1.2\n', 'replicas: 9\n  ']

function check(text: string, seed: number, steps: number): number {
  const r = seeded(seed)
  const before = pieces(text)
  const spans = spansOf(before)
  let within = 0
  for (let i = 0; i < steps; i++) {
    // Half the edits land within a few characters of a piece's edge.
    const edge = before[Math.floor(r() * before.length)]!.piece
    const at = r() < 0.5 ? Math.max(0, Math.min(text.length, edge.start + Math.floor(r() * 7) - 3 + (r() < 0.5 ? edge.text.length : 0))) : Math.floor(r() * text.length)
    const cut = r() < 0.4 ? Math.floor(r() * 12) : 0
    const ins = r() < 0.8 ? INSERTS[Math.floor(r() * INSERTS.length)]! : ''
    // A fifth of the edits delete a whole piece or add a document at a piece's start.
    const whole = r() < 0.2 ? before[Math.floor(r() * before.length)]!.piece : null
    // The edit as a splice: `start`..`end` of the text replaced by `by`.
    const [start, end, by] = whole
      ? (r() < 0.5 ? [whole.start, whole.start + whole.text.length, ''] : [whole.start, whole.start, '---\nkind: Pod\nmetadata: { name: x }\n'])
      : r() < 0.1
        // The piece written back as it was, or with a character more (long equal runs on both sides).
        ? [at, Math.min(text.length, at + cut), text.slice(at, at + cut) + (r() < 0.5 ? '' : 'x')]
        : [at, Math.min(text.length, at + cut), ins]
    const next = text.slice(0, start) + by + text.slice(end)
    const edit = editedPieces(text, next, spans, (u) => before[u]!.item, (u) => before[u]!.piece.line)
    // Told the changed span (as the lab's worker finds it), the finder gives the same answer:
    // with the inserted text (the new text then not read) and without it.
    const told = textChange(text, next)
    expect(spliceChange(text, start, end, by)).toEqual(told)
    expect(editedPieces(text, next, spans, (u) => before[u]!.item, (u) => before[u]!.piece.line, told)).toEqual(edit)
    expect(editedPieces(text, next, spans, (u) => before[u]!.item, (u) => before[u]!.piece.line, { from: told.from, to: told.to })).toEqual(edit)
    if (!edit) continue
    within++
    const after = pieces(next)
    const expected = [
      ...before.slice(0, edit.first),
      ...edit.pieces,
      ...before.slice(edit.last + 1).map((p) => ({ item: p.item, piece: { text: p.piece.text, line: p.piece.line + edit.lineDelta, start: p.piece.start + edit.delta } })),
    ]
    expect(after).toEqual(expected)
    const moved = movedSpans(spans, edit)
    expect([...moved.starts]).toEqual(after.map((p) => p.piece.start))
    expect([...moved.ends]).toEqual(after.map((p) => p.piece.start + p.piece.text.length))
    expect([...moved.unit]).toEqual(after.map((_, k) => k))
  }
  return within
}

describe('an edit inside one piece', () => {
  it('of a multi-document file is exactly what a full split finds', () => {
    expect(check(generateCluster(3, 8, { nodePortEvery: 2, standalonePods: 2 }), 3, 400)).toBeGreaterThan(50)
  })
  it('of a kubectl List dump is exactly what a full split finds', () => {
    expect(check(dump(12), 5, 400)).toBeGreaterThan(50)
  })
  it('is not found for an edit before the first piece (a List\'s head), told the splice or not', () => {
    const text = dump(3)
    const ps = pieces(text)
    const spans = spansOf(ps)
    // The head (apiVersion, items:) is no piece: the first span starts after it.
    expect(spans.starts[0]).toBeGreaterThan(0)
    const next = text.replace('apiVersion: v1', 'apiVersion: v2')
    const told = textChange(text, next)
    expect(told.from).toBeLessThan(spans.starts[0]!)
    expect(editedPieces(text, next, spans, (u) => ps[u]!.item, (u) => ps[u]!.piece.line)).toBeNull()
    expect(editedPieces(text, next, spans, (u) => ps[u]!.item, (u) => ps[u]!.piece.line, told)).toBeNull()
  })

  it('is not found when the texts are the same or two documents merge', () => {
    const text = generateCluster(2, 3)
    const ps = pieces(text)
    const spans = spansOf(ps)
    expect(editedPieces(text, text, spans, () => false, () => 0)).toBeNull()
    // The third document's `---` made text of the second: the run no longer starts at a `---`.
    const joined = text.slice(0, ps[2]!.piece.start) + 'x' + text.slice(ps[2]!.piece.start + 3)
    expect(editedPieces(text, joined, spans, () => false, () => 0)).toBeNull()
  })
})

/** movedSpans as one loop over every span (what it did before it copied and moved in place). */
function movedByLoop(spans: PieceSpans, edit: { first: number; last: number; pieces: readonly { piece: TextPiece }[]; delta: number }): PieceSpans {
  const out = { starts: [] as number[], ends: [] as number[], unit: [] as number[] }
  const grew = edit.pieces.length - (edit.last - edit.first + 1)
  for (let i = 0; i < edit.first; i++) { out.starts.push(spans.starts[i]!); out.ends.push(spans.ends[i]!); out.unit.push(spans.unit[i]!) }
  edit.pieces.forEach(({ piece }, j) => { out.starts.push(piece.start); out.ends.push(piece.start + piece.text.length); out.unit.push(spans.unit[edit.first]! + j) })
  for (let i = edit.last + 1; i < spans.starts.length; i++) { out.starts.push(spans.starts[i]! + edit.delta); out.ends.push(spans.ends[i]! + edit.delta); out.unit.push(spans.unit[i]! + grew) }
  return { starts: Int32Array.from(out.starts), ends: Int32Array.from(out.ends), unit: Int32Array.from(out.unit) }
}

describe('the spans after an edit', () => {
  it('are those of a loop over every span, with List heads between the units', () => {
    const r = seeded(41)
    for (let step = 0; step < 500; step++) {
      const n = 1 + Math.floor(r() * 40)
      const starts: number[] = []
      const unit: number[] = []
      let at = 0
      let u = 0
      for (let i = 0; i < n; i++) {
        at += Math.floor(r() * 50)
        starts.push(at)
        // Now and then a List head: a unit that is no span.
        u += r() < 0.2 ? 2 : 1
        unit.push(u)
        at += 1 + Math.floor(r() * 30)
      }
      const spans = { starts: Int32Array.from(starts), ends: Int32Array.from(starts, (s) => s + 1), unit: Int32Array.from(unit) }
      const first = Math.floor(r() * n)
      const last = Math.min(n - 1, first + Math.floor(r() * 3))
      const pieces = Array.from({ length: Math.floor(r() * 4) }, (_, j) => ({ piece: { text: 'x'.repeat(1 + j), line: 0, start: starts[first]! + j * 5 }, item: false }))
      const edit = { first, last, pieces, delta: Math.floor(r() * 41) - 20, lineDelta: 0 }
      expect(movedSpans(spans, edit), `step ${step}`).toEqual(movedByLoop(spans, edit))
    }
  })
})
