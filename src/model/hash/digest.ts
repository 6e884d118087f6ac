/** Small hashing helpers built on SHA-256: stable bytes, hex and numbers from a text key. */
import { sha256, sha256Words } from './sha256.js'

export function hashBytes(key: string): number[] {
  return Array.from(sha256(key))
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))

export function hashHex(key: string, length: number): string {
  const bytes = sha256(key)
  let out = ''
  for (let i = 0; out.length < length && i < bytes.length; i++) out += HEX[bytes[i]!]
  return out.slice(0, length)
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

/** The first 16 base32 characters of a digest given as words: exactly its first 10 bytes. */
function base32Prefix16(w: Int32Array): string {
  // Bytes 0-4 and 5-9, 40 bits each, as 8 + 32 bits to stay within 32-bit integers; the string
  // made in one call (40k names per cluster, no partial strings).
  const hi0 = w[0]! >>> 24
  const lo0 = ((w[0]! << 8) | (w[1]! >>> 24)) >>> 0
  const hi1 = (w[1]! >>> 16) & 255
  const lo1 = ((w[1]! << 16) | (w[2]! >>> 16)) >>> 0
  const c = BASE32_CODES
  return String.fromCharCode(
    c[hi0 >>> 3]!, c[((hi0 & 7) << 2) | (lo0 >>> 30)]!, c[(lo0 >>> 25) & 31]!, c[(lo0 >>> 20) & 31]!,
    c[(lo0 >>> 15) & 31]!, c[(lo0 >>> 10) & 31]!, c[(lo0 >>> 5) & 31]!, c[lo0 & 31]!,
    c[hi1 >>> 3]!, c[((hi1 & 7) << 2) | (lo1 >>> 30)]!, c[(lo1 >>> 25) & 31]!, c[(lo1 >>> 20) & 31]!,
    c[(lo1 >>> 15) & 31]!, c[(lo1 >>> 10) & 31]!, c[(lo1 >>> 5) & 31]!, c[lo1 & 31]!,
  )
}

/**
 * kube-proxy's chain-name hash: first 16 base32 characters of SHA-256 of the input. Not memoised:
 * kube-proxy's rules are written once per service port and shared by every node (see
 * kubeproxy/nodeChains.ts), and a lookup by a freshly built 50-character key cost about as much
 * as the hash itself (and twice as much when it missed, as it does on a cluster's first node).
 */
export function kubeProxyHash(input: string): string {
  return base32Prefix16(sha256Words(input))
}
