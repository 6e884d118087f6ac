/**
 * A table as knftables writes it: one `add …` line per object and per element, in the order
 * knftables' fake Dump() uses after a full sync — the table, every chain (by name), sets and
 * maps (by name), then each chain's rules, then each set's and map's elements as they were
 * added. Objects come before anything that references them, so `nft -f` loads it as is.
 * Reference: ../shared/design/kube-proxy-nftables.md §9–§10; kubernetes-sigs/knftables objects.go.
 */
import { ruleText, verdictText } from './ruleText.js'
import type { NftChain, NftElement, NftSet, NftTable } from './types.js'

/** By name, byte-wise (names are ASCII, so the default code-unit sort is Go's sort.Strings). */
const byName = <T extends { name: string }>(m: ReadonlyMap<string, T>): T[] => [...m.keys()].sort().map((k) => m.get(k)!)

function chainProps(c: NftChain): string {
  const props: string[] = []
  if (c.hook) props.push(`type ${c.hook.type} hook ${c.hook.hook} priority ${c.hook.priority}`)
  if (c.comment !== undefined) props.push(`comment "${c.comment}"`)
  return props.length ? ` { ${props.join(' ; ')} ; }` : ''
}

function setProps(s: NftSet): string {
  const props = [`type ${s.keyType.join(' . ')}${s.kind === 'map' ? ' : verdict' : ''}`]
  if (s.flags?.length) props.push(`flags ${s.flags.join(',')}`)
  if (s.timeout !== undefined) props.push(`timeout ${s.timeout}s`)
  if (s.comment !== undefined) props.push(`comment "${s.comment}"`)
  return ` { ${props.join(' ; ')} ; }`
}

export function elementInput(e: NftElement): string {
  const comment = e.comment !== undefined ? ` comment "${e.comment}"` : ''
  return `{ ${e.key.join(' . ')}${comment}${e.verdict ? ` : ${verdictText(e.verdict)}` : ''} }`
}

export function dumpTable(t: NftTable): string {
  const head = `${t.family} ${t.name}`
  const out: string[] = [`add table ${head}${t.comment !== undefined ? ` { comment "${t.comment}" ; }` : ''}`]
  const chains = byName(t.chains)
  const sets = byName(t.sets).filter((s) => s.kind === 'set')
  const maps = byName(t.sets).filter((s) => s.kind === 'map')
  for (const c of chains) out.push(`add chain ${head} ${c.name}${chainProps(c)}`)
  for (const s of [...sets, ...maps]) out.push(`add ${s.kind} ${head} ${s.name}${setProps(s)}`)
  for (const c of chains) for (const r of c.rules) out.push(`add rule ${head} ${c.name} ${ruleText(r, t.family, 'input')}`)
  for (const s of [...sets, ...maps]) for (const e of s.elements) out.push(`add element ${head} ${s.name} ${elementInput(e)}`)
  return out.map((l) => `${l}\n`).join('')
}

/**
 * The order in which the kernel lists the table after loading {@link dumpTable}'s text: sets
 * and maps in creation order (sets by name, then maps by name), chains by name.
 */
export function loadedOrder(t: NftTable): NftTable {
  const all = byName(t.sets)
  const sets = [...all.filter((s) => s.kind === 'set'), ...all.filter((s) => s.kind === 'map')]
  return { ...t, sets: new Map(sets.map((s) => [s.name, s])), chains: new Map(byName(t.chains).map((c) => [c.name, c])) }
}
