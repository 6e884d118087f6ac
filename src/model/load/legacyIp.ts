/**
 * Address text as the API server stored it before Kubernetes 1.20 tightened validation:
 * dotted quads with leading zeros (`172.30.0.041`). kube-proxy and the kubelet read such
 * fields with netutils.ParseIPSloppy, which takes every octet as decimal (041 is 41, not
 * octal 33), so the lab reads them the same way and says so.
 */
import { formatIpv4, isIpv4 } from '../addr/ipv4.js'
import { parseIpv6, formatIpv6 } from '../addr/ipv6.js'
import type { FieldReader } from './fieldReader.js'
import type { Path } from './readDocuments.js'

/** The canonical dotted quad for legacy leading-zero text, or null when `text` is not that. */
export function legacyIpv4(text: string): string | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (!m) return null
  const octets = m.slice(1).map(Number)
  if (octets.some((o) => o > 255)) return null
  return formatIpv4(((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0)
}

export type AddressText = { family: 4 | 6; text: string } | null

/**
 * Reads an address field: IPv4 as is, legacy IPv4 normalised with a warning, IPv6 in its
 * canonical form (kept, not simulated), anything else null (the caller reports it).
 */
export function readAddress(r: FieldReader, path: Path, text: string): AddressText {
  if (isIpv4(text)) return { family: 4, text }
  const legacy = legacyIpv4(text)
  if (legacy) {
    r.warn(path, `"${text}" has leading zeros; read as ${legacy}, as kube-proxy reads it (decimal, not octal)`, `write ${legacy}: API servers since 1.20 reject leading zeros in new objects`)
    return { family: 4, text: legacy }
  }
  const v6 = parseIpv6(text)
  if (v6) return { family: 6, text: formatIpv6(v6) }
  return null
}
