/**
 * The constant and per-value texts a kube-proxy rule's iptables-save line is made of, each made
 * once: a first node writes 110k lines as pieces joined per service port, and a join costs
 * about as much per piece as per character of a short piece, so pieces that always come
 * together are one (`-p tcp -m tcp`, `--dport 8080`, `/32 -j KUBE-MARK-MASQ`), and a number's
 * text is not made again for every rule that prints it.
 */
import { formatCidr, isIpv4, parseCidr, parseIpv4, type Cidr } from '../addr/ipv4.js'

// The same few ranges (the cluster CIDR, 127.0.0.0/8, source ranges) recur in every service's
// rules; Cidr values are immutable, so one parse each is shared.
const cidrs = new Map<string, Cidr>()

export function addressOrCidr(text: string): Cidr {
  if (isIpv4(text)) return { base: parseIpv4(text), prefixLength: 32 }
  let c = cidrs.get(text)
  if (!c) {
    const r = parseCidr(text)
    if (!r.ok) throw new Error(`kube-proxy rule address "${text}": ${r.reason}`)
    if (cidrs.size > 10_000) cidrs.clear()
    cidrs.set(text, (c = r.cidr))
  }
  return c
}

/** iptables-save prints a host address with /32 and a range in its canonical form. */
export function saveAddress(text: string, c: Cidr): string {
  return c.prefixLength === 32 && isIpv4(text) ? `${text}/32` : formatCidr(c)
}

// A range's save text (`! -s 10.244.0.0/16`: the cluster CIDR in 10k+ rules), made once.
const rangeTexts = new Map<string, string>()
// The range asked last and its text: nearly every call asks for the cluster CIDR again (one
// per service port's masquerade rule), answered without making a key string to look up.
let lastAddress = ''
let lastNegate = false
let lastFlag = ''
let lastText = ''

export function rangeText(address: string, negate: boolean, flag: '-s' | '-d'): string {
  if (address === lastAddress && negate === lastNegate && flag === lastFlag) return lastText
  const t = rangeTextOf(address, negate, flag)
  lastAddress = address
  lastNegate = negate
  lastFlag = flag
  return (lastText = t)
}

function rangeTextOf(address: string, negate: boolean, flag: '-s' | '-d'): string {
  const key = `${negate ? '!' : ''}${flag}${address}`
  let t = rangeTexts.get(key)
  if (t === undefined) {
    if (rangeTexts.size > 10_000) rangeTexts.clear()
    rangeTexts.set(key, (t = ` ${negate ? '! ' : ''}${flag} ${saveAddress(address, addressOrCidr(address))}`))
  }
  return t
}

/** kube-proxy writes a decimal probability; the kernel keeps lround(p * 2^31) (xt_statistic). */
export const kernelProbability = (text: string): number => Math.round(Number(text) * 2 ** 31) / 2 ** 31

// A few distinct probabilities (1/k for the endpoint counts) recur in 10k+ rules: each one's save
// text (the kernel's value printed with %.11f) is formatted once.
const probabilityTexts = new Map<string, string>()

export function probabilitySaveText(text: string): string {
  let t = probabilityTexts.get(text)
  if (t === undefined) {
    if (probabilityTexts.size > 10_000) probabilityTexts.clear()
    probabilityTexts.set(text, (t = ` -m statistic --mode random --probability ${kernelProbability(text).toFixed(11)}`))
  }
  return t
}

/** `prefix` + the port number, made once per number (a port is an integer of 0-65535; any other number each time). */
function numbered(cache: (string | undefined)[], prefix: string, n: number): string {
  if (!(n >= 0 && n <= 65535 && (n | 0) === n)) return prefix + String(n)
  return (cache[n] ??= prefix + String(n))
}

/** By port number; dense arrays (a sparse one would become a dictionary), made on first use. */
let dportTexts: (string | undefined)[] | null = null
let portSuffixes: (string | undefined)[] | null = null

/** ` --dport N`. */
export const dportText = (port: number): string => numbered((dportTexts ??= new Array<string | undefined>(65536).fill(undefined)), ' --dport ', port)

/** `:N` after a DNAT target's address. */
export const portSuffix = (port: number): string => numbered((portSuffixes ??= new Array<string | undefined>(65536).fill(undefined)), ':', port)

export const flagText = (flag: '-s' | '-d', negate: boolean): string =>
  negate ? (flag === '-s' ? ' ! -s ' : ' ! -d ') : (flag === '-s' ? ' -s ' : ' -d ')

export type L4 = 'tcp' | 'udp' | 'sctp'

export const PROTO_TEXT = { tcp: ' -p tcp', udp: ' -p udp', sctp: ' -p sctp' } as const
export const MODULE_TEXT = { tcp: ' -m tcp', udp: ' -m udp', sctp: ' -m sctp' } as const

/**
 * `-p P` with what may come right before it (a host address's `/32`) and right after it (the
 * `-m P` match, when it is the rule's first), indexed by 2 × slash + module.
 */
export const PROTO_JOINED: Record<L4, readonly [string, string, string, string]> = {
  tcp: [' -p tcp', ' -p tcp -m tcp', '/32 -p tcp', '/32 -p tcp -m tcp'],
  udp: [' -p udp', ' -p udp -m udp', '/32 -p udp', '/32 -p udp -m udp'],
  sctp: [' -p sctp', ' -p sctp -m sctp', '/32 -p sctp', '/32 -p sctp -m sctp'],
}

/** The jump every masquerading rule ends with (40k lines per first node), and with a host address's `/32` before it. */
export const MASQ_JUMP = ' -j KUBE-MARK-MASQ'
export const SLASH_MASQ_JUMP = '/32 -j KUBE-MARK-MASQ'
