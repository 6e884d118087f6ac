/** UTF-8 encoding without TextEncoder, so the core needs nothing from the DOM or Node typings. */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = []
  for (const ch of text) {
    let c = ch.codePointAt(0)!
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else {
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
      c = 0
    }
  }
  return Uint8Array.from(out)
}

/** Byte length of a string in UTF-8, without building the bytes. */
export function utf8Length(text: string): number {
  // All ASCII (most manifests and dumps): one byte each, found by a native search.
  if (!NON_ASCII.test(text)) return text.length
  // By UTF-16 code unit (a string iterator per character cost seconds on a 28 MB dump): a
  // surrogate pair is one 4-byte character, a lone surrogate 3 bytes as the iterator counted it.
  let n = text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x800) n += 1
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2
      i++
    } else n += 2
  }
  return n
}

const NON_ASCII = /[^\x00-\x7f]/

/** Every character is ASCII (one UTF-8 byte): one native search. */
export const isAscii = (text: string): boolean => !NON_ASCII.test(text)
