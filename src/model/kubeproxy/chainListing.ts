/**
 * kube-proxy's port chains (KUBE-SVC/SVL/EXT/FW/SEP-…, 40k at 10,000 Services) in the order
 * `iptables-save` lists user chains (byte order of the names), without sorting 40k names as
 * strings and looking each up again by name: a first node's listing spent a fifth of its time
 * there. The order is kept per model (nodeChains.ts), so the next nodes list without sorting.
 */
import type { Chain } from '../netfilter/types.js'
import type { SortedListing } from '../netfilter/chainTable.js'
import { byteCompare } from '../netfilter/formatSave.js'
import { isPortChainName } from './chainNames.js'

/** Room for the index in a sort key: 2^20 chains, the prefix and six characters above it (below 2^53). */
const INDEX = 2 ** 20

/** A port chain's prefix by its place in byte order: KUBE-EXT- < KUBE-FW- < KUBE-SEP- < KUBE-SVC- < KUBE-SVL-. */
function prefixRank(name: string): number {
  const c = name.charCodeAt(5)
  if (c === 69) return 0
  if (c === 70) return 1
  if (name.charCodeAt(6) === 69) return 2
  return name.charCodeAt(7) === 67 ? 3 : 4
}

/**
 * The indices of `names` in byte order of the names (what their default sort gives), or null
 * when one is not a port chain name with base32 characters or there are too many. Each name's
 * prefix and first six hash characters (33 bits: in byte order, '2'-'7' come before 'A'-'Z')
 * and its index make one number below 2^53, and a Float64Array sorts those natively; names
 * equal in those characters (rare) are put in order by comparing them whole.
 */
export function portChainOrder(names: readonly string[]): Int32Array | null {
  const n = names.length
  if (n >= INDEX) return null
  const keys = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const s = names[i]!
    if (!isPortChainName(s)) return null
    const at = s.length - 16
    let k = prefixRank(s)
    for (let j = at; j < at + 6; j++) {
      const c = s.charCodeAt(j)
      if (c >= 65 && c <= 90) k = k * 32 + c - 59
      else if (c >= 50 && c <= 55) k = k * 32 + c - 50
      else return null
    }
    keys[i] = k * INDEX + i
  }
  keys.sort()
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = keys[i]! % INDEX
  for (let i = 0; i < n;) {
    const head = Math.floor(keys[i]! / INDEX)
    let j = i + 1
    while (j < n && Math.floor(keys[j]! / INDEX) === head) j++
    if (j - i > 1) order.set(Array.from(order.subarray(i, j)).sort((a, b) => byteCompare(names[a]!, names[b]!)), i)
    i = j
  }
  return order
}

/** The indices of any names in byte order (their default sort; names unique). */
function stringOrder(names: readonly string[]): Int32Array {
  const at = new Map<string, number>()
  for (let i = 0; i < names.length; i++) at.set(names[i]!, i)
  const sorted = names.slice().sort()
  const order = new Int32Array(sorted.length)
  for (let i = 0; i < sorted.length; i++) order[i] = at.get(sorted[i]!)!
  return order
}

/** A fragment as the listing reads it: its own chains' names, and each one as a chain or its text. */
export interface ListedFragment {
  readonly natChains: readonly string[]
  listed(slot: number): Chain | string
}

/**
 * The fragments' own chains in name order: each one's name, and its place among all the
 * fragments' own chains taken fragment by fragment (`index`).
 */
export interface ListingOrder {
  readonly names: readonly string[]
  readonly index: Int32Array
}

/** Every fragment's own chains' names, fragment by fragment, in one array of its size. */
export function ownChainNames(frags: readonly Pick<ListedFragment, 'natChains'>[]): string[] {
  let n = 0
  for (let i = 0; i < frags.length; i++) n += frags[i]!.natChains.length
  const all: string[] = new Array(n)
  for (let i = 0, k = 0; i < frags.length; i++) {
    const own = frags[i]!.natChains
    for (let j = 0; j < own.length; j++, k++) all[k] = own[j]!
  }
  return all
}

export function listingOrder(frags: readonly ListedFragment[]): ListingOrder {
  const all = ownChainNames(frags)
  const index = portChainOrder(all) ?? stringOrder(all)
  const names: string[] = new Array(index.length)
  for (let k = 0; k < index.length; k++) names[k] = all[index[k]!]!
  return { names, index }
}

/**
 * The listing of these fragments' own chains in that order (the fragments the order was made
 * from). Each chain (or its text) is read fragment by fragment, the order they are held in, and
 * only then put in name order: reading them in name order went from one fragment to another at
 * random, 40k times, and cost three times as much.
 */
export function listingOf(order: ListingOrder, frags: readonly ListedFragment[]): SortedListing {
  const n = order.names.length
  const byPlace: (Chain | string)[] = new Array(n)
  let k = 0
  for (let i = 0; i < frags.length; i++) {
    const f = frags[i]!
    for (let j = 0, m = f.natChains.length; j < m; j++) byPlace[k++] = f.listed(j)
  }
  if (k !== n) throw new Error(`chain listing: ${k} chains for an order of ${n}`)
  const index = order.index
  const chains: (Chain | string)[] = new Array(n)
  for (let i = 0; i < n; i++) chains[i] = byPlace[index[i]!]!
  return { names: order.names, chains }
}
