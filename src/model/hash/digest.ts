/** Small hashing helpers built on SHA-256: stable bytes, hex and numbers from a text key. */
import { sha256, sha256Words, sha256WordsAfterPrefix, sha256WordsOf } from './sha256.js'

export function hashBytes(key: string): number[] {
  return Array.from(sha256(key))
}

/** Character codes of the hex digits, and a scratch array of codes per length asked. */
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0))
const hexScratch: number[][] = []

/**
 * The first `length` (at most 64) hex digits of the key's SHA-256. Made as one string from the
 * hash's words: adding two digits at a time made 32 strings and a flattening per 64-digit id,
 * ~40 MB of short-lived strings for a dump's 32,000 container ids.
 */
export function hashHex(key: string, length: number): string {
  const h = sha256Words(key)
  const n = Math.max(0, Math.min(length, 64))
  const codes = (hexScratch[n] ??= new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++) codes[i] = HEX_CODES[(h[i >> 3]! >>> (28 - 4 * (i & 7))) & 15]!
  return String.fromCharCode.apply(null, codes)
}

/** A non-negative 32-bit number from a key, for deterministic picks (ports, IP offsets). */
export function hashUint32(key: string): number {
  const b = sha256(key)
  return (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0)
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 (upper case, no padding needed for the prefixes we take). */
export function base32(bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
    buffer &= (1 << bits) - 1
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31]
  return out
}

const BASE32_CODES = Array.from(BASE32, (c) => c.charCodeAt(0))

/**
 * `prefix` and then the first 16 base32 characters of a digest given as its first three words
 * (exactly its first 10 bytes), made as one flat string by one call: 40k chain names per
 * cluster, each sorted and copied into every node's text, with no partial strings and no
 * concatenation (V8 would keep "KUBE-SEP-" + hash as a pair of strings, slow to read).
 */
function prefixedBase32(prefix: string, w0: number, w1: number, w2: number): string {
  // Bytes 0-4 and 5-9, 40 bits each, as 8 + 32 bits to stay within 32-bit integers.
  const hi0 = w0 >>> 24
  const lo0 = ((w0 << 8) | (w1 >>> 24)) >>> 0
  const hi1 = (w1 >>> 16) & 255
  const lo1 = ((w1 << 16) | (w2 >>> 16)) >>> 0
  const c = BASE32_CODES
  const a = c[hi0 >>> 3]!, b = c[((hi0 & 7) << 2) | (lo0 >>> 30)]!, d = c[(lo0 >>> 25) & 31]!, e = c[(lo0 >>> 20) & 31]!
  const f = c[(lo0 >>> 15) & 31]!, g = c[(lo0 >>> 10) & 31]!, h = c[(lo0 >>> 5) & 31]!, i = c[lo0 & 31]!
  const j = c[hi1 >>> 3]!, k = c[((hi1 & 7) << 2) | (lo1 >>> 30)]!, l = c[(lo1 >>> 25) & 31]!, m = c[(lo1 >>> 20) & 31]!
  const n = c[(lo1 >>> 15) & 31]!, o = c[(lo1 >>> 10) & 31]!, p = c[(lo1 >>> 5) & 31]!, q = c[lo1 & 31]!
  const r = prefix
  switch (prefix.length) {
    case 0: return String.fromCharCode(a, b, d, e, f, g, h, i, j, k, l, m, n, o, p, q)
    // KUBE-FW-
    case 8: return String.fromCharCode(r.charCodeAt(0), r.charCodeAt(1), r.charCodeAt(2), r.charCodeAt(3), r.charCodeAt(4), r.charCodeAt(5), r.charCodeAt(6), r.charCodeAt(7), a, b, d, e, f, g, h, i, j, k, l, m, n, o, p, q)
    // KUBE-SVC-, KUBE-SEP-, KUBE-SVL-, KUBE-EXT-
    case 9: return String.fromCharCode(r.charCodeAt(0), r.charCodeAt(1), r.charCodeAt(2), r.charCodeAt(3), r.charCodeAt(4), r.charCodeAt(5), r.charCodeAt(6), r.charCodeAt(7), r.charCodeAt(8), a, b, d, e, f, g, h, i, j, k, l, m, n, o, p, q)
    default: return prefix + String.fromCharCode(a, b, d, e, f, g, h, i, j, k, l, m, n, o, p, q)
  }
}

/**
 * kube-proxy's chain-name hash: first 16 base32 characters of SHA-256 of the input. Not memoised:
 * kube-proxy's rules are written once per service port and shared by every node (see
 * kubeproxy/nodeChains.ts), and a lookup by a freshly built 50-character key cost about as much
 * as the hash itself (and twice as much when it missed, as it does on a cluster's first node).
 */
export function kubeProxyHash(input: string): string {
  return kubeProxyChainName('', input)
}

/** `prefix` + kubeProxyHash(input) (KUBE-SEP-…), as one flat string. */
export function kubeProxyChainName(prefix: string, input: string): string {
  const w = sha256Words(input)
  return prefixedBase32(prefix, w[0]!, w[1]!, w[2]!)
}

/** A digest's first three words, for names made later from the same hash (see hashedName). */
export interface HashWords {
  readonly w0: number
  readonly w1: number
  readonly w2: number
}

export function kubeProxyHashWords(input: string): HashWords {
  const w = sha256Words(input)
  return { w0: w[0]!, w1: w[1]!, w2: w[2]! }
}

/** kubeProxyChainName(prefix, a + b + c + d + e), without making the input string. */
export function kubeProxyChainNameOf(prefix: string, a: string, b: string, c = '', d = '', e = ''): string {
  const w = sha256WordsOf(a, b, c, d, e)
  return prefixedBase32(prefix, w[0]!, w[1]!, w[2]!)
}

/** kubeProxyChainNameOf(prefix, a, b, ip, ':', String(port)) for the a + b given to setHashPrefix last. */
export function kubeProxyChainNameAfterPrefix(prefix: string, ip: string, port: number): string {
  const w = sha256WordsAfterPrefix(ip, port)
  return prefixedBase32(prefix, w[0]!, w[1]!, w[2]!)
}

/** `prefix` + the hash whose words these are: kubeProxyChainName(prefix, input) for kubeProxyHashWords(input). */
export function hashedName(prefix: string, h: HashWords): string {
  return prefixedBase32(prefix, h.w0, h.w1, h.w2)
}
