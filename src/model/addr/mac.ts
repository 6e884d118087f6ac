/**
 * Deterministic MAC addresses. Real kernels pick random locally administered MACs for veths,
 * bridges and VXLAN devices; the lab derives them from a stable key instead, keeping the
 * locally-administered, unicast bit pattern the kernel uses (first octet: bit 1 set, bit 0 clear).
 */
import { hashBytes } from '../hash/digest.js'

export function macFromKey(key: string): string {
  const bytes = hashBytes(`mac:${key}`).slice(0, 6)
  bytes[0] = ((bytes[0] ?? 0) & 0xfe) | 0x02
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':')
}

/** The IPv6 link-local address the kernel derives from a MAC (EUI-64), as `ip` prints it. */
export function linkLocalFromMac(mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16))
  const e = [(b[0] ?? 0) ^ 0x02, b[1] ?? 0, b[2] ?? 0, 0xff, 0xfe, b[3] ?? 0, b[4] ?? 0, b[5] ?? 0]
  const groups: number[] = []
  for (let i = 0; i < 8; i += 2) groups.push(((e[i] ?? 0) << 8) | (e[i + 1] ?? 0))
  return `fe80::${compressGroups(groups)}/64`
}

/** Formats the low 64 bits of fe80::/64 with RFC 5952 zero compression (longest run of 2+ zeros). */
function compressGroups(groups: number[]): string {
  let bestStart = -1
  let bestLen = 0
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) { i++; continue }
    let j = i
    while (j < groups.length && groups[j] === 0) j++
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestStart < 0) return hex.join(':')
  // fe80:: already supplies the leading "::"; a zero run at the start of the low half merges into it.
  if (bestStart === 0) return hex.slice(bestLen).join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`
}
