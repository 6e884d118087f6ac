/**
 * SHA-256 (FIPS 180-4) over UTF-8 text, synchronous and dependency-free so the core can name
 * kube-proxy chains in the browser and in Node alike (Web Crypto is async only).
 */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])

// Scratch buffers reused across calls: hashing is synchronous and hot (chain names for every
// service and endpoint), so it should not allocate per block.
const W = new Int32Array(64)
const H = new Int32Array(8)
let scratch = new Uint8Array(256)

/** Writes UTF-8 bytes of `text` into `scratch` (growing it) and returns the byte count. */
function encodeInto(text: string): number {
  // At most 3 bytes per UTF-16 code unit (a surrogate pair is 4 for 2), plus the padding: grown
  // once up front, not checked per character.
  if (text.length * 3 + 72 > scratch.length) {
    let size = scratch.length * 2
    while (text.length * 3 + 72 > size) size *= 2
    scratch = new Uint8Array(size)
  }
  let n = 0
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c < 0x80) scratch[n++] = c
    else if (c < 0x800) { scratch[n++] = 0xc0 | (c >> 6); scratch[n++] = 0x80 | (c & 63) }
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00)
      scratch[n++] = 0xf0 | (c >> 18); scratch[n++] = 0x80 | ((c >> 12) & 63)
      scratch[n++] = 0x80 | ((c >> 6) & 63); scratch[n++] = 0x80 | (c & 63)
    } else {
      // A lone surrogate encodes as U+FFFD, as TextEncoder does.
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd
      scratch[n++] = 0xe0 | (c >> 12); scratch[n++] = 0x80 | ((c >> 6) & 63); scratch[n++] = 0x80 | (c & 63)
    }
  }
  return n
}

/**
 * The digest of `text` as eight big-endian 32-bit words, in a buffer the next call overwrites:
 * for callers that read a few bytes of 40k digests (kube-proxy's chain names) without a
 * Uint8Array each.
 */
export function sha256Words(text: string): Int32Array {
  initState()
  // Nearly every chain-name input (namespace/name:port, protocol, endpoint) is ASCII and fits
  // one block: its message words are made from the characters directly, no byte buffer.
  if (text.length <= 55 && asciiBlock(text)) {
    compressBlock()
    return H
  }
  const len = encodeInto(text)
  const total = Math.ceil((len + 9) / 64) * 64
  const buf = scratch
  buf[len] = 0x80
  buf.fill(0, len + 1, total)
  const bitLen = len * 8
  const hi = Math.floor(bitLen / 2 ** 32)
  buf[total - 8] = hi >>> 24; buf[total - 7] = (hi >>> 16) & 255; buf[total - 6] = (hi >>> 8) & 255; buf[total - 5] = hi & 255
  buf[total - 4] = bitLen >>> 24; buf[total - 3] = (bitLen >>> 16) & 255; buf[total - 2] = (bitLen >>> 8) & 255; buf[total - 1] = bitLen & 255
  const w = W
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4
      w[i] = (buf[j]! << 24) | (buf[j + 1]! << 16) | (buf[j + 2]! << 8) | buf[j + 3]!
    }
    compressBlock()
  }
  return H
}

function initState(): void {
  H[0] = 0x6a09e667; H[1] = 0xbb67ae85; H[2] = 0x3c6ef372; H[3] = 0xa54ff53a
  H[4] = 0x510e527f; H[5] = 0x9b05688c; H[6] = 0x1f83d9ab; H[7] = 0x5be0cd19
}

/**
 * The one padded block of an ASCII text of at most 55 characters, as W[0..15]: the characters
 * as big-endian bytes, 0x80, zeros, the bit length. False (W undefined) at a non-ASCII character.
 */
function asciiBlock(text: string): boolean {
  const w = W
  const len = text.length
  w.fill(0, 0, 16)
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i)
    if (c > 0x7f) return false
    w[i >> 2]! |= c << (24 - 8 * (i & 3))
  }
  w[len >> 2]! |= 0x80 << (24 - 8 * (len & 3))
  w[15] = len * 8
  return true
}

/**
 * sha256Words(a + b + c + d + e) without making that string: kube-proxy's chain-name inputs are
 * made of a port's name, its protocol and an endpoint (40k per cluster), and a concatenation
 * would be two or three short-lived strings per name, flattened again to be read.
 */
export function sha256WordsOf(a: string, b: string, c = '', d = '', e = ''): Int32Array {
  if (a.length + b.length + c.length + d.length + e.length <= 55) {
    initState()
    W.fill(0, 0, 16)
    let at = put(a, 0)
    if (at >= 0) at = put(b, at)
    if (at >= 0) at = put(c, at)
    if (at >= 0) at = put(d, at)
    if (at >= 0) at = put(e, at)
    if (at >= 0) {
      W[at >> 2]! |= 0x80 << (24 - 8 * (at & 3))
      W[15] = at * 8
      compressBlock()
      return H
    }
  }
  return sha256Words(a + b + c + d + e)
}

/**
 * The message words of the prefix set last (setHashPrefix) and its length in bytes, -1 when it
 * is not ASCII or too long: kube-proxy hashes every endpoint of a port as the port's name and
 * protocol followed by `IP:port`, so those ~30 characters are read once per port, not once per
 * endpoint (30k endpoints at 10,000 Services).
 */
const PREFIX = new Int32Array(16)
let prefixLength = -1
let prefixA = ''
let prefixB = ''

/** Sets the prefix `a + b` of the next sha256WordsAfterPrefix calls. */
export function setHashPrefix(a: string, b: string): void {
  prefixA = a
  prefixB = b
  prefixLength = -1
  if (a.length + b.length > 55) return
  W.fill(0, 0, 16)
  let at = put(a, 0)
  if (at >= 0) at = put(b, at)
  if (at < 0) return
  // Copied word by word: a subarray view per call was an object per service port.
  for (let i = 0; i < 16; i++) PREFIX[i] = W[i]!
  prefixLength = at
}

/** sha256WordsOf(a, b, c, ':', port) for the prefix a + b set last (setHashPrefix). */
export function sha256WordsAfterPrefix(c: string, port: number): Int32Array {
  let at = prefixLength
  // A port is at most 5 digits (a Kubernetes port number); anything else takes the long way.
  if (at < 0 || at + c.length + 6 > 55 || !(port >= 0 && port <= 65535 && Number.isInteger(port))) {
    return sha256WordsOf(prefixA, prefixB, c, ':', String(port))
  }
  initState()
  const w = W
  w.set(PREFIX)
  at = put(c, at)
  if (at < 0) return sha256WordsOf(prefixA, prefixB, c, ':', String(port))
  w[at >> 2]! |= 58 << (24 - 8 * (at & 3))
  at++
  // The port's decimal digits, most significant first (what String(port) spells).
  const digits = port >= 10000 ? 5 : port >= 1000 ? 4 : port >= 100 ? 3 : port >= 10 ? 2 : 1
  for (let i = digits - 1, v = port; i >= 0; i--, v = (v / 10) | 0) {
    const j = at + i
    w[j >> 2]! |= (48 + (v % 10)) << (24 - 8 * (j & 3))
  }
  at += digits
  w[at >> 2]! |= 0x80 << (24 - 8 * (at & 3))
  w[15] = at * 8
  compressBlock()
  return H
}

/** Puts an ASCII text's characters into the block from byte `at` (see asciiBlock); -1 at a non-ASCII one. */
function put(text: string, at: number): number {
  const w = W
  for (let i = 0; i < text.length; i++, at++) {
    const c = text.charCodeAt(i)
    if (c > 0x7f) return -1
    w[at >> 2]! |= c << (24 - 8 * (at & 3))
  }
  return at
}

/** One block (W[0..15]) into the state H. */
function compressBlock(): void {
  const w = W
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!
    const b = w[i - 2]!
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3)
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10)
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0
  }
  let a: number = H[0]!, b: number = H[1]!, c: number = H[2]!, d: number = H[3]!
  let e: number = H[4]!, f: number = H[5]!, g: number = H[6]!, hh: number = H[7]!
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
    const ch = (e & f) ^ (~e & g)
    const t1 = (hh + S1 + ch + K[i]! + w[i]!) | 0
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
    const maj = (a & b) ^ (a & c) ^ (b & c)
    const t2 = (S0 + maj) | 0
    hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0
  }
  H[0] = (H[0]! + a) | 0; H[1] = (H[1]! + b) | 0; H[2] = (H[2]! + c) | 0; H[3] = (H[3]! + d) | 0
  H[4] = (H[4]! + e) | 0; H[5] = (H[5]! + f) | 0; H[6] = (H[6]! + g) | 0; H[7] = (H[7]! + hh) | 0
}

export function sha256(text: string): Uint8Array {
  const H = sha256Words(text)
  const out = new Uint8Array(32)
  for (let i = 0; i < 8; i++) {
    const v = H[i]!
    out[i * 4] = v >>> 24; out[i * 4 + 1] = (v >>> 16) & 255; out[i * 4 + 2] = (v >>> 8) & 255; out[i * 4 + 3] = v & 255
  }
  return out
}
