/** utf8Length counts what utf8Bytes writes, surrogate pairs and lone surrogates included. */
import { describe, expect, it } from 'vitest'
import { utf8Bytes, utf8Length } from '../../../src/model/hash/utf8.js'
import { seeded } from '../../../src/engine/trace/trace.js'

describe('utf8Length', () => {
  it('matches the encoded length on ASCII, Korean, emoji and broken surrogates', () => {
    for (const s of ['', 'abc', 'héllo', '한국어', '😀x', 'a\ud800b', '\udc00', 'x\ud83d', '\ud83d\ude00\ud83d', '\u07ff\u0800\uffff']) expect(utf8Length(s)).toBe(utf8Bytes(s).length)
  })
  it('matches on seeded random UTF-16 text', () => {
    const r = seeded(9)
    for (let k = 0; k < 2000; k++) {
      let s = ''
      for (let j = 0; j < 16; j++) {
        const pick = Math.floor(r() * 5)
        const n = Math.floor(r() * 1024)
        s += String.fromCharCode([n % 128, n * 2, 0x800 + n * 60, 0xd800 + n, 0xdc00 + n][pick]!)
      }
      expect(utf8Length(s)).toBe(utf8Bytes(s).length)
    }
  })
})
