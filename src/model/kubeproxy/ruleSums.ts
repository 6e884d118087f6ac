/**
 * How many rules the ports' own chains named before a given name hold: an `iptables-save` line
 * number (and so a trace's rule numbering) counts the rules of every chain listed before its
 * chain, and the port chains are 40k at 10,000 Services. A first trace asks it for about a dozen
 * names; walking the 10,000 fragments for each (a call per fragment and per chain) cost it about
 * 3 ms a name. The names and rule counts are taken once per model into two flat arrays, and a
 * name is then one tight loop over them. (Sorting them for a binary search cost more than the
 * dozen loops: the 40k-name order is made only when the model's text is listed.)
 */
import { ownChainNames, type ListedFragment } from './chainListing.js'

/** A fragment as the counts read it: its own chains' names and each one's rule count. */
export interface CountedFragment extends ListedFragment {
  ownRuleCount(slot: number): number
}

export interface OwnChainCounts {
  /** Every fragment's own chains' names, fragment by fragment. */
  readonly names: readonly string[]
  /** The rules of each. */
  readonly counts: Float64Array
}

export function ownChainCounts(frags: readonly CountedFragment[]): OwnChainCounts {
  const names = ownChainNames(frags)
  const counts = new Float64Array(names.length)
  for (let i = 0, k = 0; i < frags.length; i++) {
    const f = frags[i]!
    for (let j = 0; j < f.natChains.length; j++, k++) counts[k] = f.ownRuleCount(j)
  }
  return { names, counts }
}

/** The rules of the chains named before `name` (compared with `<`, as the listing orders them). */
export function rulesBeforeName(c: OwnChainCounts, name: string): number {
  const { names, counts } = c
  let n = 0
  for (let k = 0; k < names.length; k++) if (names[k]! < name) n += counts[k]!
  return n
}
