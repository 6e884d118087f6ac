/**
 * The Rules of a composed chain (composedChain.ts), shared between chains made of the very same
 * parts: every node's KUBE-SERVICES that takes the model's run of 11,000 ports whole is the
 * fixed rules, that run and the fixed rules again, so its Rules are gathered once per model, not
 * per node, and the engine's chain index (src/engine/netfilter/chainIndex.ts), kept per list,
 * is found at once for every node after the first instead of compared against the last lists.
 */
import type { ChainPart } from './composedChain.js'
import type { Rule } from './types.js'

/** A part at least this long makes a chain's rule list worth sharing (KUBE-SERVICES' run of 11,000 ports). */
const LONG_PART = 256
/** Chains of more parts than this (a node with its own ports among the run) build their own list. */
const MAX_PARTS = 64
/** Lists kept per long part. */
const LISTS_PER_PART = 8
/** Rule lists by the long part they hold, with the parts they were made of. */
const byPart = new WeakMap<ChainPart, { readonly parts: readonly ChainPart[]; readonly list: readonly Rule[] }[]>()

/** Counts of lists built and shared: for tests. */
export const ruleListCounters = { built: 0, shared: 0 }

/**
 * The parts' Rules in order, frozen: a service port's own chains are one object shared by every
 * node (and every model that keeps the port), so a caller that tried to change one node's copy
 * fails loudly instead of changing them all. Rules are only read once a node's state is built.
 * Chains made of the very same few parts, one of them long (every node's KUBE-SERVICES that takes
 * the model's run of ports whole), share one list: 11,000 Rules gathered once per model, not
 * per node, and one chain index for all of them (src/engine/netfilter/chainIndex.ts).
 */
export function rulesOf(parts: readonly ChainPart[]): readonly Rule[] {
  const long = parts.length <= MAX_PARTS ? parts.find((p) => p.count >= LONG_PART) : undefined
  const kept = long ? byPart.get(long) : undefined
  if (kept) {
    for (const k of kept) {
      if (k.parts.length === parts.length && k.parts.every((p, i) => p === parts[i])) {
        ruleListCounters.shared++
        return k.list
      }
    }
  }
  ruleListCounters.built++
  const list: Rule[] = []
  for (const p of parts) for (const r of p.rules()) list.push(r)
  const frozen = Object.freeze(list)
  if (long) {
    const lists = kept ?? []
    if (!kept) byPart.set(long, lists)
    if (lists.length >= LISTS_PER_PART) lists.shift()
    lists.push({ parts: parts.slice(), list: frozen })
  }
  return frozen
}
