/**
 * Walks one nftables base chain for one packet as the kernel does: rules in order, `jump`
 * (returns to the next rule) and `goto` (does not), verdict-map lookups on concatenated keys
 * (`ip daddr . meta l4proto . th dport`), named and anonymous sets, `fib … type local`,
 * `ct state`, `numgen random mod N`, mark arithmetic, dnat and masquerade. A map lookup costs
 * one rule however many services the map holds: `walked` counts rules evaluated and `lookups`
 * the map and set lookups among them. Reference: ../shared/design/kube-proxy-nftables.md §6.
 */
import { cidrContains, formatIpv4, isIpv4, parseCidr, parseIpv4 } from '../../model/addr/ipv4.js'
import type { NftAddrValue, NftChain, NftElement, NftMatch, NftRule, NftSet, NftTable, NftVerdict } from '../../model/nftables/types.js'
import type { NfPacket } from '../netfilter/evaluate.js'

export interface NftContext {
  /** `fib … type local`: the address is one of this netns's own. */
  readonly isLocal: (ip: number) => boolean
  /** `numgen random mod N vmap`: which of the targets (endpoint chains) this packet takes. */
  readonly numgen: (chain: string, targets: readonly string[]) => number
  /** Dynamic sets (`update @set { ip saddr }`): whether the set holds the address. */
  readonly dynamicHas: (set: string, ip: number) => boolean
  readonly dynamicAdd: (set: string, ip: number) => void
}

/** A rule that matched, and the map element that decided it, if any. */
export interface NftMatched {
  readonly chain: string
  readonly index: number
  readonly rule: NftRule
  readonly element?: { readonly set: string; readonly index: number }
}

export interface NftResult {
  readonly verdict: 'ACCEPT' | 'DROP' | 'REJECT'
  readonly packet: NfPacket
  readonly dnat: { readonly ip: number; readonly port: number } | null
  readonly masquerade: { readonly randomFully: boolean } | null
  readonly matched: readonly NftMatched[]
  readonly walked: number
  readonly lookups: number
}

const MAX_STEPS = 10_000

/** Elements by key text, per set: a lookup is one hash probe, as in the kernel. */
const setIndexes = new WeakMap<readonly NftElement[], Map<string, number>>()

function elementIndex(s: NftSet): Map<string, number> {
  let ix = setIndexes.get(s.elements)
  if (!ix) {
    ix = new Map(s.elements.map((e, i) => [e.key.join(' . '), i]))
    setIndexes.set(s.elements, ix)
  }
  return ix
}

const cidrCache = new Map<string, { base: number; prefixLength: number } | null>()
function prefixOf(text: string): { base: number; prefixLength: number } | null {
  let c = cidrCache.get(text)
  if (c === undefined) {
    const r = text.includes('/') ? parseCidr(text) : null
    c = r ? (r.ok ? r.cidr : null) : isIpv4(text) ? { base: parseIpv4(text), prefixLength: 32 } : null
    cidrCache.set(text, c)
  }
  return c
}

const inPrefix = (text: string, ip: number): boolean => {
  const c = prefixOf(text)
  return c !== null && cidrContains(c, ip)
}

export function evaluateBaseChain(table: NftTable, base: NftChain, packet: NfPacket, ctx: NftContext): NftResult {
  let p = packet
  const matched: NftMatched[] = []
  let walked = 0
  let lookups = 0
  const done = (verdict: NftResult['verdict'], extra: Partial<Pick<NftResult, 'dnat' | 'masquerade'>> = {}): NftResult =>
    ({ verdict, packet: p, dnat: null, masquerade: null, matched, walked, lookups, ...extra })

  const addrHolds = (v: NftAddrValue, ip: number): boolean => {
    switch (v.kind) {
      case 'prefix': return inPrefix(v.text, ip)
      case 'anon': return v.items.some((t) => inPrefix(t, ip))
      case 'set': {
        lookups++
        const s = table.sets.get(v.name)
        if (!s) return false
        if (s.flags?.includes('dynamic')) return ctx.dynamicHas(v.name, ip)
        return elementIndex(s).has(formatIpv4(ip))
      }
    }
  }
  const holds = (m: NftMatch): boolean => {
    switch (m.kind) {
      case 'ct-state': return p.ctstate.includes('NEW')
      case 'addr': return addrHolds(m.value, m.field === 'saddr' ? p.src : p.dst) !== m.negate
      case 'fib-local': return ctx.isLocal(m.field === 'saddr' ? p.src : p.dst)
      case 'l4proto': return p.proto === m.proto
      case 'mark-clear': return ((p.mark & m.mark) >>> 0) === 0
    }
  }
  /** A verdict-map lookup: the element for the packet's key, or none. */
  const lookup = (map: string, key: 'daddr.l4proto.dport' | 'l4proto.dport'): { e: NftElement; index: number } | null => {
    lookups++
    if (p.proto === 'icmp') return null // no transport header: `th dport` does not exist
    const s = table.sets.get(map)
    if (!s) return null
    const text = key === 'l4proto.dport' ? `${p.proto} . ${p.dport}` : `${formatIpv4(p.dst)} . ${p.proto} . ${p.dport}`
    const i = elementIndex(s).get(text)
    return i === undefined ? null : { e: s.elements[i]!, index: i }
  }

  const stack: { chain: NftChain; next: number }[] = []
  let chain = base
  let pos = 0
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    if (pos >= chain.rules.length) {
      const back = stack.pop()
      if (!back) return done('ACCEPT') // policy accept
      chain = back.chain
      pos = back.next
      continue
    }
    const index = pos
    const rule = chain.rules[index]!
    walked++
    pos++
    if (!rule.matches.every(holds)) continue
    let verdict: NftVerdict | null = null
    const a = rule.action
    switch (a.kind) {
      case 'verdict': verdict = a.verdict; matched.push({ chain: chain.name, index, rule }); break
      case 'vmap': {
        const hit = lookup(a.map, a.key)
        if (!hit) continue
        matched.push({ chain: chain.name, index, rule, element: { set: a.map, index: hit.index } })
        verdict = hit.e.verdict ?? null
        break
      }
      case 'numgen': {
        const i = ctx.numgen(chain.name, a.targets)
        matched.push({ chain: chain.name, index, rule })
        verdict = { kind: 'goto', chain: a.targets[i]! }
        break
      }
      case 'mark-or':
      case 'mark-xor':
        p = { ...p, mark: (a.kind === 'mark-or' ? p.mark | a.mark : p.mark ^ a.mark) >>> 0 }
        matched.push({ chain: chain.name, index, rule })
        continue
      case 'update-saddr':
        ctx.dynamicAdd(a.set, p.src)
        matched.push({ chain: chain.name, index, rule })
        continue
      case 'dnat':
        matched.push({ chain: chain.name, index, rule })
        p = { ...p, dst: parseIpv4(a.ip), dport: a.port }
        return done('ACCEPT', { dnat: { ip: parseIpv4(a.ip), port: a.port } })
      case 'masquerade':
        matched.push({ chain: chain.name, index, rule })
        return done('ACCEPT', { masquerade: { randomFully: a.fullyRandom } })
    }
    if (!verdict) continue
    switch (verdict.kind) {
      case 'accept': return done('ACCEPT')
      case 'drop': return done('DROP')
      case 'reject': return done('REJECT')
      case 'return': {
        const back = stack.pop()
        if (!back) return done('ACCEPT')
        chain = back.chain
        pos = back.next
        continue
      }
      case 'jump':
      case 'goto': {
        const target = table.chains.get(verdict.chain)
        if (!target) throw new Error(`nftables: rule in ${chain.name} refers to missing chain ${verdict.chain}`)
        if (verdict.kind === 'jump') stack.push({ chain, next: pos })
        chain = target
        pos = 0
        continue
      }
    }
  }
  throw new Error(`nftables walk of ${base.name} did not end after ${MAX_STEPS} steps (a jump loop)`)
}
