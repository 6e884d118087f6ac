/**
 * The canvas text metrics (geometry.ts) by character code are the rule the layout reserves room
 * by: a narrow em for every code point but the wide ranges (Hangul, CJK, fullwidth), a surrogate
 * pair counted once, whole pixels rounded up, and an ellipsized label the longest prefix that fits
 * with its "…".
 */
import { describe, expect, it } from 'vitest'
import { ellipsize, textWidth } from '../../src/render/geometry.js'

/** The rule written plainly: a regular expression per code point, the prefix grown a character at a time. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/
const plainWidth = (text: string, size: number): number => {
  let em = 0
  for (const ch of text) em += WIDE.test(ch) ? 1 : 0.62
  return Math.ceil(em * size)
}
const plainEllipsize = (text: string, maxWidth: number, size: number): string => {
  if (plainWidth(text, size) <= maxWidth) return text
  let out = ''
  for (const ch of text) {
    if (plainWidth(`${out}${ch}…`, size) > maxWidth) break
    out += ch
  }
  return `${out}…`
}

/** Characters from every range the rule tells apart, and the edges of each. */
const CHARS = ['a', 'Z', '0', '-', '.', ' ', '▪', '…', '\u10ff', '\u1100', '\u115f', '\u1160', '\u2e7f', '\u2e80', '\ua4cf', '\ua4d0', '\uabff', '가', '\ud7a3', '\ud7a4',
  '\uf8ff', '\uf900', '\ufaff', '\ufb00', '\ufe30', '\ufe4f', '\ufe50', '\uff00', '\uff60', '\uff61', '\uffe0', '\uffe6', '\uffe7', '😀', '𝒜', '\ud83d', '\ude00', '한', '国']

describe('text metrics by character code', () => {
  it('measure and cut every string as the rule written plainly does', () => {
    let seed = 7
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n }
    for (let k = 0; k < 3000; k++) {
      const text = Array.from({ length: rand(40) }, () => CHARS[rand(CHARS.length)]!).join('')
      const size = [11, 14, 15, 16][rand(4)]!
      expect(textWidth(text, size)).toBe(plainWidth(text, size))
      const max = rand(400)
      expect(ellipsize(text, max, size)).toBe(plainEllipsize(text, max, size))
    }
  })

  it('count a Hangul syllable as a full em and a name as narrow ones', () => {
    expect(textWidth('노드', 10)).toBe(20)
    expect(textWidth('eth0', 10)).toBe(25)
    expect(ellipsize('kube-controller-manager', 100, 14)).toBe('kube-contr…')
  })
})
