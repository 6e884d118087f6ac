/** Small hashing helpers built on SHA-256: stable bytes, hex and numbers from a text key. */
import { sha256 } from './sha256.js'

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

/** The first 16 base32 characters: exactly the first 10 bytes, so the rest is not encoded. */
function base32Prefix16(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < 10; i += 5) {
    // 5 bytes = 40 bits = 8 characters; split as 8 + 32 bits to stay within 32-bit integers.
    const hi = bytes[i]!
    const lo = ((bytes[i + 1]! << 24) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 8) | bytes[i + 4]!) >>> 0
    out += BASE32[hi >>> 3]! + BASE32[((hi & 7) << 2) | (lo >>> 30)]! + BASE32[(lo >>> 25) & 31]! + BASE32[(lo >>> 20) & 31]!
      + BASE32[(lo >>> 15) & 31]! + BASE32[(lo >>> 10) & 31]! + BASE32[(lo >>> 5) & 31]! + BASE32[lo & 31]!
  }
  return out
}

/**
 * kube-proxy's chain-name hash: first 16 base32 characters of SHA-256 of the input. Not memoised:
 * kube-proxy's rules are written once per service port and shared by every node (see
 * kubeproxy/nodeChains.ts), and a lookup by a freshly built 50-character key cost about as much
 * as the hash itself (and twice as much when it missed, as it does on a cluster's first node).
 */
export function kubeProxyHash(input: string): string {
  return base32Prefix16(sha256(input))
}
