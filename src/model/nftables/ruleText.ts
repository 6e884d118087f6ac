/**
 * One nftables rule as text, in two spellings: kube-proxy's (what knftables hands to `nft -f`,
 * and what upstream's tests compare) and the kernel's (what `nft list table` prints back).
 * The differences were observed with nftables 1.0.6: `mark set mark or 0x4000` is listed as
 * `meta mark set meta mark | 0x00004000`, a one-item anonymous set loses its braces, anonymous
 * set and vmap items are separated by `, ` instead of ` , `, and anonymous sets are sorted.
 * Reference: ../shared/design/kube-proxy-nftables.md §10.
 */
import { formatIpv4, isIpv4, parseIpv4 } from '../addr/ipv4.js'
import type { NftAction, NftAddrValue, NftFamily, NftMatch, NftRule, NftVerdict } from './types.js'

export type Spelling = 'input' | 'list'

export function verdictText(v: NftVerdict): string {
  return v.kind === 'jump' || v.kind === 'goto' ? `${v.kind} ${v.chain}` : v.kind
}

const hex8 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`

/** An address or prefix as the interval [start, end] of addresses it covers. */
function interval(text: string): [number, number] {
  const [ip = '', len = '32'] = text.split('/')
  const start = isIpv4(ip) ? parseIpv4(ip) : 0
  return [start, start + 2 ** (32 - Number(len)) - 1]
}

function rangeText(start: number, end: number): string {
  const size = end - start + 1
  const bits = Math.log2(size)
  if (size === 1) return formatIpv4(start)
  if (Number.isInteger(bits) && start % size === 0) return `${formatIpv4(start)}/${32 - bits}`
  return `${formatIpv4(start)}-${formatIpv4(end)}`
}

/**
 * How nft lists an anonymous set of several items. With a prefix among them it is an interval
 * set: nft merges overlapping and adjacent intervals and prints each as an address, a prefix
 * when aligned, or `a-b`. Of plain addresses it is a hash set: each address, sorted.
 * Observed with nftables 1.0.6 (`{ 1.2.3.0/25 , 1.2.3.128/25 }` lists as `{ 1.2.3.0/24 }`).
 */
function listedAnonItems(items: readonly string[]): string[] {
  const sorted = items.map(interval).sort((a, b) => a[0] - b[0] || a[1] - b[1])
  if (!items.some((i) => i.includes('/'))) return sorted.map(([s]) => formatIpv4(s))
  const merged: [number, number][] = []
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1]
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e)
    else merged.push([s, e])
  }
  return merged.map(([s, e]) => rangeText(s, e))
}

function addrValueText(v: NftAddrValue, sp: Spelling): string {
  switch (v.kind) {
    // The kernel keeps no prefix length for a whole address: `x/32` lists as `x`.
    case 'prefix': return sp === 'list' && v.text.endsWith('/32') ? v.text.slice(0, -3) : v.text
    case 'set': return `@${v.name}`
    case 'anon':
      if (sp === 'input') return `{ ${v.items.join(' , ')} }`
      if (v.items.length === 1) return addrValueText({ kind: 'prefix', text: v.items[0]! }, sp)
      return `{ ${listedAnonItems(v.items).join(', ')} }`
  }
}

function matchText(m: NftMatch, family: NftFamily, sp: Spelling): string {
  switch (m.kind) {
    case 'ct-state': return `ct state ${m.state}`
    case 'addr': return `${family} ${m.field} ${m.negate ? '!= ' : ''}${addrValueText(m.value, sp)}`
    case 'fib-local': return `fib ${m.field} type local`
    case 'l4proto': return `meta l4proto ${m.proto}`
    case 'mark-clear':
      return sp === 'input' ? `mark and 0x${m.mark.toString(16)} == 0` : `meta mark & ${hex8(m.mark)} == ${hex8(0)}`
  }
}

function actionText(a: NftAction, family: NftFamily, sp: Spelling): string {
  switch (a.kind) {
    case 'verdict': return verdictText(a.verdict)
    case 'vmap':
      return `${a.key === 'daddr.l4proto.dport' ? `${family} daddr . ` : ''}meta l4proto . th dport vmap @${a.map}`
    case 'numgen': {
      const items = a.targets.map((t, i) => `${i} : goto ${t}`)
      return `numgen random mod ${a.targets.length} vmap { ${items.join(sp === 'input' ? ' , ' : ', ')} }`
    }
    case 'mark-or':
      return sp === 'input' ? `mark set mark or 0x${a.mark.toString(16)}` : `meta mark set meta mark | ${hex8(a.mark)}`
    case 'mark-xor':
      return sp === 'input' ? `mark set mark xor 0x${a.mark.toString(16)}` : `meta mark set meta mark ^ ${hex8(a.mark)}`
    case 'masquerade': return a.fullyRandom ? 'masquerade fully-random' : 'masquerade'
    case 'dnat': return `dnat to ${a.ip.includes(':') ? `[${a.ip}]` : a.ip}:${a.port}`
    case 'update-saddr': return `update @${a.set} { ${family} saddr }`
  }
}

export function ruleText(r: NftRule, family: NftFamily, sp: Spelling): string {
  const parts = r.matches.map((m) => matchText(m, family, sp))
  parts.push(actionText(r.action, family, sp))
  if (r.comment !== undefined) parts.push(`comment "${r.comment}"`)
  return parts.join(' ')
}
