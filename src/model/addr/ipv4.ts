/**
 * IPv4 address math for the model. Addresses are unsigned 32-bit numbers inside the core and
 * dotted quads at the edges. Parsing and validation lean on `netmask` and `ip-cidr` so that
 * no hand-written parser decides what a valid address or CIDR is; the math that needs neither
 * is in ipv4Math.ts (re-exported here), which the page imports.
 */
import IPCIDR from 'ip-cidr'
import { Netmask } from 'netmask'
import { isIpv4, parseIpv4, type Cidr } from './ipv4Math.js'

export * from './ipv4Math.js'

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; reason: string }

/**
 * Parses `a.b.c.d/n`. Host bits must be clear, as host-local and the API server require
 * ("10.244.1.5/24" is rejected with the network it should have been).
 */
export function parseCidr(text: string): CidrParse {
  const slash = text.indexOf('/')
  if (slash < 0) return { ok: false, reason: `"${text}" has no /prefix length` }
  const addr = text.slice(0, slash)
  const lenText = text.slice(slash + 1)
  if (!isIpv4(addr)) return { ok: false, reason: `"${addr}" is not an IPv4 address` }
  if (!/^\d{1,2}$/.test(lenText) || Number(lenText) > 32) {
    return { ok: false, reason: `"/${lenText}" is not a prefix length between 0 and 32` }
  }
  if (!IPCIDR.isValidCIDR(text)) return { ok: false, reason: `"${text}" is not a valid CIDR` }
  const net = new Netmask(text)
  const base = parseIpv4(net.base)
  if (base !== parseIpv4(addr)) {
    return { ok: false, reason: `"${text}" has host bits set; the network is ${net.base}/${lenText}` }
  }
  return { ok: true, cidr: { base, prefixLength: Number(lenText) } }
}

/** Parses a CIDR known to be valid (built-in values). */
export function cidr(text: string): Cidr {
  const r = parseCidr(text)
  if (!r.ok) throw new Error(r.reason)
  return r.cidr
}
