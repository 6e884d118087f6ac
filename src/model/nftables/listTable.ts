/**
 * `nft list table <family> <name>` as the kernel prints a table back (nftables 1.0.6): sets and
 * maps first, then chains, each group in creation order; base chains with `policy accept;` and
 * the priority by name where the name is valid for the hook; elements sorted (elementOrder.ts)
 * and wrapped as nft wraps them. Every rule and element keeps its line, so a trace can point
 * at it. Reference: ../shared/design/kube-proxy-nftables.md §10.
 */
import { listedElementOrder } from './elementOrder.js'
import { ruleText, verdictText } from './ruleText.js'
import type { NftElement, NftHook, NftKeyType, NftSet, NftTable } from './types.js'

export interface ListedTable {
  readonly text: string
  /** 1-based line of each rule: key `chain\u0000index`. */
  readonly ruleLines: ReadonlyMap<string, number>
  /** 1-based line of each element: key `set\u0000index in insertion order`. */
  readonly elementLines: ReadonlyMap<string, number>
  /** 1-based line of each set, map and chain header. */
  readonly objectLines: ReadonlyMap<string, number>
}

export const ruleKey = (chain: string, index: number): string => `${chain}\u0000${index}`

/** Standard priorities (nft's std_prio_table for ip/ip6) and the hooks where each name is valid. */
const STD_PRIOS: readonly { name: string; value: number; hooks?: readonly NftHook['hook'][] }[] = [
  { name: 'raw', value: -300 }, { name: 'mangle', value: -150 },
  { name: 'dstnat', value: -100, hooks: ['prerouting'] }, { name: 'filter', value: 0 },
  { name: 'security', value: 50 }, { name: 'srcnat', value: 100, hooks: ['postrouting'] },
]

/** nft's prio2str: a name within ±10 of a standard priority if valid for the hook, else a number. */
export function priorityText(h: NftHook): string {
  for (const p of STD_PRIOS) {
    if (Math.abs(h.priority - p.value) > 10) continue
    if (p.hooks && !p.hooks.includes(h.hook)) break
    const off = h.priority - p.value
    return off > 0 ? `${p.name} + ${off}` : off < 0 ? `${p.name} - ${-off}` : p.name
  }
  return String(h.priority)
}

/** nft's time format: `10800s` → `3h`, `90s` → `1m30s`. */
export function timeText(seconds: number): string {
  const units: [string, number][] = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]]
  let rest = seconds
  let out = ''
  for (const [u, n] of units) {
    const q = Math.floor(rest / n)
    if (q) out += `${q}${u}`
    rest -= q * n
  }
  return out || '0s'
}

function elementText(e: NftElement): string {
  const key = e.key.join(' . ')
  const comment = e.comment !== undefined ? ` comment "${e.comment}"` : ''
  return `${key}${comment}${e.verdict ? ` : ${verdictText(e.verdict)}` : ''}`
}

/** nft's calculate_delim: short values share a line (addresses two per line), others one each. */
function perLine(types: readonly NftKeyType[]): number {
  if (types.length > 1) return 1
  if (types[0] === 'ipv4_addr' || types[0] === 'ipv6_addr') return 2
  return 10
}

export function listTable(t: NftTable): ListedTable {
  const lines: string[] = []
  const ruleLines = new Map<string, number>()
  const elementLines = new Map<string, number>()
  const objectLines = new Map<string, number>()
  const push = (s: string): number => lines.push(s)

  push(`table ${t.family} ${t.name} {`)
  if (t.comment !== undefined) push(`\tcomment "${t.comment}"`)
  let first = true
  const gap = (): void => { if (!first) push(''); first = false }

  for (const s of t.sets.values()) {
    gap()
    objectLines.set(s.name, push(`\t${s.kind} ${s.name} {`))
    push(`\t\ttype ${s.keyType.join(' . ')}${s.kind === 'map' ? ' : verdict' : ''}`)
    if (s.flags?.includes('dynamic')) push('\t\tsize 65535')
    if (s.flags?.length) push(`\t\tflags ${s.flags.join(',')}`)
    if (s.timeout !== undefined) push(`\t\ttimeout ${timeText(s.timeout)}`)
    if (s.comment !== undefined) push(`\t\tcomment "${s.comment}"`)
    writeElements(s)
    push('\t}')
  }
  for (const c of t.chains.values()) {
    gap()
    objectLines.set(c.name, push(`\tchain ${c.name} {`))
    if (c.comment !== undefined) push(`\t\tcomment "${c.comment}"`)
    if (c.hook) push(`\t\ttype ${c.hook.type} hook ${c.hook.hook} priority ${priorityText(c.hook)}; policy accept;`)
    c.rules.forEach((r, i) => ruleLines.set(ruleKey(c.name, i), push(`\t\t${ruleText(r, t.family, 'list')}`)))
    push('\t}')
  }
  push('}')
  return { text: lines.map((l) => `${l}\n`).join(''), ruleLines, elementLines, objectLines }

  function writeElements(s: NftSet): void {
    if (!s.elements.length) return
    const index = new Map(s.elements.map((e, i) => [e, i]))
    const sorted = listedElementOrder(s.keyType, s.elements)
    const per = perLine(s.keyType)
    let line = '\t\telements = { '
    sorted.forEach((e, i) => {
      if (i > 0) {
        if (i % per === 0) { push(`${line},`); line = '\t\t\t     ' } else line += ', '
      }
      line += elementText(e)
      elementLines.set(ruleKey(s.name, index.get(e)!), lines.length + 1)
    })
    push(`${line} }`)
  }
}
