/**
 * `nft list table <family> <name>` as the kernel prints a table back (nftables 1.0.6): sets and
 * maps first, then chains, each group in creation order; base chains with `policy accept;` and
 * the priority by name where the name is valid for the hook; elements sorted (elementOrder.ts)
 * and wrapped as nft wraps them. Every rule and element keeps its line, so a trace can point
 * at it. Reference: ../shared/design/kube-proxy-nftables.md §10.
 */
import { listedElementOrder } from './elementOrder.js'
import { ruleText, verdictText } from './ruleText.js'
import type { NftChain, NftElement, NftHook, NftKeyType, NftSet, NftTable } from './types.js'

export interface ListedTable {
  readonly text: string
  /** 1-based line of a chain's rule, or null. */
  readonly ruleLine: (chain: string, index: number) => number | null
  /** 1-based line of a set's element (by its index in insertion order), or null. */
  readonly elementLine: (set: string, index: number) => number | null
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

/**
 * A chain's block of lines, cached per chain object: chains are not changed once kube-proxy's
 * sync has built them, and nodes share the chains of most services.
 */
const chainBlocks = new WeakMap<NftChain, { text: string; firstRule: number }>()

function chainBlock(c: NftChain, family: NftTable['family']): { text: string; firstRule: number } {
  let b = chainBlocks.get(c)
  if (!b) {
    let text = `\tchain ${c.name} {\n`
    let firstRule = 1
    if (c.comment !== undefined) { text += `\t\tcomment "${c.comment}"\n`; firstRule++ }
    if (c.hook) { text += `\t\ttype ${c.hook.type} hook ${c.hook.hook} priority ${priorityText(c.hook)}; policy accept;\n`; firstRule++ }
    for (const r of c.rules) text += `\t\t${ruleText(r, family, 'list')}\n`
    text += '\t}\n'
    chainBlocks.set(c, (b = { text, firstRule }))
  }
  return b
}

export function listTable(t: NftTable): ListedTable {
  const parts: string[] = []
  let line = 0
  const push = (s: string): number => { parts.push(`${s}\n`); return ++line }
  const chainStart = new Map<string, number>()
  const elementLines = new Map<string, number>()

  push(`table ${t.family} ${t.name} {`)
  if (t.comment !== undefined) push(`\tcomment "${t.comment}"`)
  let first = true
  const gap = (): void => { if (!first) push(''); first = false }

  for (const s of t.sets.values()) {
    gap()
    push(`\t${s.kind} ${s.name} {`)
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
    const b = chainBlock(c, t.family)
    chainStart.set(c.name, line + 1)
    parts.push(b.text)
    line += c.rules.length + b.firstRule + 1
  }
  push('}')
  return {
    text: parts.join(''),
    ruleLine: (chain, index) => {
      const start = chainStart.get(chain)
      const c = t.chains.get(chain)
      if (start === undefined || !c || index < 0 || index >= c.rules.length) return null
      return start + chainBlock(c, t.family).firstRule + index
    },
    elementLine: (set, index) => elementLines.get(ruleKey(set, index)) ?? null,
  }

  function writeElements(s: NftSet): void {
    if (!s.elements.length) return
    const index = new Map(s.elements.map((e, i) => [e, i]))
    const sorted = listedElementOrder(s.keyType, s.elements)
    const per = perLine(s.keyType)
    let text = '\t\telements = { '
    sorted.forEach((e, i) => {
      if (i > 0) {
        if (i % per === 0) { push(`${text},`); text = '\t\t\t     ' } else text += ', '
      }
      text += elementText(e)
      elementLines.set(ruleKey(s.name, index.get(e)!), line + 1)
    })
    push(`${text} }`)
  }
}
