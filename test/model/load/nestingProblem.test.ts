/**
 * nestingProblem reads char codes instead of one-character strings and regexps (it scans every
 * file before the parser): it must find exactly what the earlier version found, kept here as
 * the oracle, on seeded random texts of brackets, quotes, comments, indentation and every kind
 * of white space `\s` knows (and NEL, which it does not).
 */
import { describe, expect, it } from 'vitest'
import { seeded } from '../../../src/engine/trace/trace.js'
import { MAX_NESTING, nestingProblem } from '../../../src/model/load/textChecks.js'

/** The earlier nestingProblem, position only. */
function reference(text: string): { line: number; col: number } | null {
  let depth = 0
  let line = 1
  let lineStart = 0
  let quote: string | null = null
  const indents: number[] = []
  let atLineStart = true
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '\n') { line++; lineStart = i + 1; atLineStart = true; if (quote === "'") quote = null; continue }
    if (atLineStart) {
      if (c === ' ' || c === '\t' || c === '\r') continue
      atLineStart = false
      if (c !== '#' && depth === 0 && quote === null) {
        const indent = i - lineStart
        while (indents.length && indents[indents.length - 1]! >= indent) indents.pop()
        indents.push(indent)
        if (indents.length > MAX_NESTING) return { line, col: i - lineStart + 1 }
      }
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = null
      continue
    }
    if (c === '"' || c === "'") {
      const prev = text[i - 1]
      if (prev === undefined || /[\s[{,:]/.test(prev)) quote = c
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i)
      i = (nl < 0 ? text.length : nl) - 1
    } else if (c === '[' || c === '{') {
      if (++depth + indents.length > MAX_NESTING) return { line, col: i - lineStart + 1 }
    } else if ((c === ']' || c === '}') && depth > 0) depth--
  }
  return null
}

const PIECES = [' ', '  ', '\t', '\r', '\n', '\n  ', '[', '{', ']', '}', '"', "'", '\\', '#', ' #', ',', ':', 'a', 'key: ', '- ', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '\u0085', '\v', '\f', '😀']

describe('nestingProblem', () => {
  it('finds what the regexp version found on 3,000 seeded texts', () => {
    const r = seeded(100)
    let found = 0
    for (let k = 0; k < 3000; k++) {
      let text = ''
      const parts = 20 + Math.floor(r() * 300)
      for (let i = 0; i < parts; i++) {
        const c = r()
        if (c < 0.02) text += '['.repeat(20 + Math.floor(r() * 100))
        else if (c < 0.04) text += Array.from({ length: 30 + Math.floor(r() * 90) }, (_, d) => `\n${' '.repeat(d)}k${d}:`).join('')
        else text += PIECES[Math.floor(r() * PIECES.length)]!
      }
      const want = reference(text)
      const got = nestingProblem('f.yaml', text)
      if (want) found++
      expect(got && { line: got.line, col: got.col }, JSON.stringify(text.slice(0, 200))).toEqual(want)
    }
    expect(found).toBeGreaterThan(100)
  })

  it('at the edge of the quick pre-check (brackets plus the deepest indentation): the same as the scan', () => {
    // F brackets, then a ladder of lines indented 0, 1, 2 … n-1 (the scan stacks n indentations).
    const ladder = (brackets: number, n: number, tab = false): string =>
      `${'['.repeat(brackets)}${']'.repeat(brackets)}` + Array.from({ length: n }, (_, d) => `\n${(tab ? '\t' : ' ').repeat(d)}k${d}:`).join('') + `\n${' '.repeat(Math.max(0, n - 1))}${'{'.repeat(brackets)}`
    let found = 0
    for (const brackets of [0, 1, 30, 99, 100]) {
      for (let n = MAX_NESTING - brackets - 2; n <= MAX_NESTING - brackets + 2; n++) {
        for (const tab of [false, true]) {
          const text = ladder(brackets, Math.max(0, n), tab)
          const want = reference(text)
          const got = nestingProblem('f.yaml', text)
          if (want) found++
          expect(got && { line: got.line, col: got.col }, `${brackets} brackets, ${n} levels`).toEqual(want)
        }
      }
    }
    expect(found).toBeGreaterThan(10)
  })
})
