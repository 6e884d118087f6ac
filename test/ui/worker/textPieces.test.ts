/**
 * A text kept as pieces and edited by splices (textPieces.ts) is the text the same splices of a
 * plain string give, at the edges, across pieces and after the pieces were given up.
 */
import { describe, expect, it } from 'vitest'
import { MAX_PIECES, applySplice, joinPieces, splicePieces } from '../../../src/ui/worker/textPieces.js'

describe('a text as pieces', () => {
  it('splices as a string does: inside a piece, across pieces, at either end, into nothing', () => {
    const pieces = ['abc', 'defgh', 'ij']
    const text = joinPieces(pieces)
    const cases: [number, number, string][] = [[0, 0, 'X'], [10, 10, 'X'], [1, 2, ''], [2, 6, 'XY'], [3, 3, '-'], [0, 10, 'all'], [8, 10, ''], [5, 5, '']]
    for (const [from, to, insert] of cases) {
      const out = splicePieces(pieces, from, to, insert)
      expect(joinPieces(out), `${from}..${to} ${insert}`).toBe(text.slice(0, from) + insert + text.slice(to))
      expect(out.every((p) => p.length > 0)).toBe(true)
    }
    expect(joinPieces(splicePieces([], 0, 0, 'new'))).toBe('new')
  })

  it('follows a long run of random splices, giving the pieces up for the text when they grow many', () => {
    let seed = 7
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n }
    let plain = 'kind: List\nitems:\n' + 'x'.repeat(5000)
    let state: { text: string; pieces: readonly string[] } = { text: plain, pieces: [plain] }
    let most = 0
    for (let i = 0; i < 200; i++) {
      const from = rand(plain.length + 1)
      const to = from + rand(Math.min(40, plain.length - from + 1))
      const insert = 'y'.repeat(rand(30))
      plain = plain.slice(0, from) + insert + plain.slice(to)
      state = applySplice(state.pieces, from, to, insert)
      expect(state.text).toBe(plain)
      expect(joinPieces(state.pieces)).toBe(plain)
      most = Math.max(most, state.pieces.length)
    }
    expect(most).toBeLessThanOrEqual(MAX_PIECES)
  })
})
