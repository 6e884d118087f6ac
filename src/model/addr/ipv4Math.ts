/**
 * IPv4 address math without the parsing libraries: dotted quads to and from uint32s, and
 * prefix arithmetic. The page draws and names addresses with these; only validating a CIDR
 * (ipv4.ts's parseCidr) needs `netmask` and `ip-cidr`, which the page's bundle then leaves out
 * (about 15 KB gzipped: `ip-cidr` brings `ip-address`, `jsbn` and `sprintf-js`).
 */
/** A prefix: network address (host bits clear) and length. */
export interface Cidr {
  readonly base: number
  readonly prefixLength: number
}

/**
 * Parses a dotted quad (no prefix, no leading zeros) to a uint32, or null. A single pass over the
 * characters: it runs for every address of every rule, so it avoids regexes and allocations.
 */
function scanIpv4(text: string): number | null {
  let value = 0
  let octet = 0
  let digits = 0
  let dots = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 46) {
      if (digits === 0 || dots === 3) return null
      value = value * 256 + octet
      octet = 0
      digits = 0
      dots++
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return null
      octet = octet * 10 + (c - 48)
      if (++digits > 3 || octet > 255) return null
    } else return null
  }
  if (dots !== 3 || digits === 0) return null
  return value * 256 + octet
}

/** True for a plain dotted-quad IPv4 address (no prefix, no leading zeros). */
export function isIpv4(text: string): boolean {
  return scanIpv4(text) !== null
}

/** Parses a dotted quad into a uint32; throws on anything else (callers validate first). */
export function parseIpv4(text: string): number {
  const v = scanIpv4(text)
  if (v === null) throw new Error(`not an IPv4 address: ${text}`)
  return v
}

export function formatIpv4(value: number): string {
  // Hot path (every address of every printed rule, 40k endpoints and Services on a big cluster's
  // first node): the dotted quad's character codes, made into one string by one call, where a
  // template made a string per octet and per dot on the way.
  const c = IP_CODES
  let n = octetCodes(c, 0, (value >>> 24) & 255)
  c[n++] = 46
  n = octetCodes(c, n, (value >>> 16) & 255)
  c[n++] = 46
  n = octetCodes(c, n, (value >>> 8) & 255)
  c[n++] = 46
  n = octetCodes(c, n, value & 255)
  switch (n) {
    case 7: return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!)
    case 8: return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!)
    case 9: return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!)
    case 10: return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!)
    case 11: return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!)
    case 12: return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!)
    case 13: return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!)
    case 14: return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!)
    default: return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!)
  }
}

/** The character codes of a dotted quad being formatted (7 to 15 of them). */
const IP_CODES: number[] = new Array<number>(15).fill(0)

/** Writes the decimal digits of an octet (0-255) from `at`; returns the index after them. */
function octetCodes(c: number[], at: number, v: number): number {
  if (v >= 100) {
    c[at++] = 48 + ((v / 100) | 0)
    v %= 100
    c[at++] = 48 + ((v / 10) | 0)
  } else if (v >= 10) {
    c[at++] = 48 + ((v / 10) | 0)
  }
  c[at++] = 48 + (v % 10)
  return at
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.base)}/${c.prefixLength}`
}

export function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefixLength)
}

export function cidrContains(c: Cidr, address: number): boolean {
  return ((address & maskOf(c.prefixLength)) >>> 0) === c.base
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.prefixLength >= outer.prefixLength && cidrContains(outer, inner.base)
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrWithin(a, b) || cidrWithin(b, a)
}

/** The n-th address of a prefix (0 = the network address). */
export function nthAddress(c: Cidr, n: number): number {
  return (c.base + n) >>> 0
}

export function lastAddress(c: Cidr): number {
  return (c.base + cidrSize(c) - 1) >>> 0
}

/** Compares two prefixes the way the kernel dumps a FIB: by address, longer prefix first. */
export function compareCidrForDump(a: Cidr, b: Cidr): number {
  if (a.base !== b.base) return a.base < b.base ? -1 : 1
  return b.prefixLength - a.prefixLength
}
