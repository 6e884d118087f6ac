/**
 * A table's chains: a Map of the chains made one by one (built-ins, the chains of the programs
 * that ensure theirs) plus, at one place in the order, a block of chains resolved on demand.
 * kube-proxy's per-service-port chains (KUBE-SVC/SEP/EXT/FW/SVL, 40k at 10,000 Services) are
 * such a block (kubeproxy/nodeChains.ts): a node's state then costs no 40k-entry map of its own.
 * Reading, iterating and sizing see the block as if its chains were set at that place, as a
 * `--noflush` restore declares them; setting or deleting one of its chains first copies the block
 * into the map in place (what any change to a real table would be). `plain()` and `new Map(t)`
 * copy it through the iterator; a structured clone would not see the block.
 */
import { ruleCount } from './composedChain.js'
import type { Chain } from './types.js'

/** Chains resolved on demand, in a fixed order. */
export interface ChainBlock {
  get(name: string): Chain | undefined
  /** Every chain of the block, in order. */
  forEach(fn: (chain: Chain) => void): void
  readonly size: number
  /** How many rules the block's chains named before `name` (byte order) hold, if it can tell faster than a walk. */
  rulesBefore?(name: string): number
  /**
   * The block's chains in byte order of their names, for a listing; a chain not made yet is
   * given as its rules' iptables-save lines instead (joined, '' for none). Listing 40k chains
   * then makes no chain objects, and the block can sort its names faster than as strings.
   */
  sortedListing?(): SortedListing
}

/** Chains in byte order of their names: a chain, or the text of one not made yet (see ChainBlock.sortedListing). */
export interface SortedListing {
  readonly names: readonly string[]
  readonly chains: readonly (Chain | string)[]
}

export class ChainTable extends Map<string, Chain> {
  private block: ChainBlock | null = null
  /** Names of the map's chains set before the block (they come first). */
  private before: Set<string> | null = null

  /** Places `block` after the chains set so far; later ones follow it. */
  setBlock(block: ChainBlock): void {
    this.materialise()
    this.block = block
    this.before = new Set(super.keys())
  }

  override get(name: string): Chain | undefined {
    const c = super.get(name)
    if (c !== undefined || !this.block) return c
    return this.block.get(name)
  }

  override has(name: string): boolean {
    return super.has(name) || (this.block !== null && this.block.get(name) !== undefined)
  }

  override set(name: string, chain: Chain): this {
    if (this.block && !super.has(name) && this.block.get(name) !== undefined) this.materialise()
    return super.set(name, chain)
  }

  override delete(name: string): boolean {
    if (this.block && !super.has(name) && this.block.get(name) !== undefined) this.materialise()
    return super.delete(name)
  }

  override clear(): void {
    this.block = null
    this.before = null
    super.clear()
  }

  override get size(): number {
    return super.size + (this.block ? this.block.size : 0)
  }

  override *entries(): MapIterator<[string, Chain]> {
    const block = this.block
    if (!block) {
      yield* super.entries()
      return
    }
    const after: [string, Chain][] = []
    for (const e of super.entries()) {
      if (this.before!.has(e[0])) yield e
      else after.push(e)
    }
    const inBlock: Chain[] = []
    block.forEach((c) => inBlock.push(c))
    for (const c of inBlock) yield [c.name, c]
    yield* after
  }

  override *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k
  }

  override *values(): MapIterator<Chain> {
    for (const [, v] of this.entries()) yield v
  }

  override [Symbol.iterator](): MapIterator<[string, Chain]> {
    return this.entries()
  }

  override forEach(fn: (value: Chain, key: string, map: Map<string, Chain>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this)
  }

  /**
   * How many rules come before chain `name`'s in `iptables-save` order: the built-in chains
   * (in `builtins` order) first, then the user chains in byte order. The block answers for its
   * chains when it can (kube-proxy's from counts kept per model), else they are walked.
   */
  rulesBefore(name: string, builtins: readonly string[]): number {
    const builtinAt = builtins.indexOf(name)
    const before = (k: string): boolean => {
      const b = builtins.indexOf(k)
      return builtinAt >= 0 ? b >= 0 && b < builtinAt : b >= 0 || k < name
    }
    let n = 0
    for (const [k, c] of super.entries()) if (before(k)) n += ruleCount(c)
    const block = this.block
    if (block && builtinAt < 0) {
      if (block.rulesBefore) n += block.rulesBefore(name)
      else block.forEach((c) => { if (c.name < name) n += ruleCount(c) })
    }
    return n
  }

  /** Every chain in order, without iterators (a 40k-chain table is counted through this). */
  eachChain(fn: (name: string, chain: Chain) => void): void {
    const block = this.block
    if (!block) {
      for (const [k, v] of super.entries()) fn(k, v)
      return
    }
    const after: [string, Chain][] = []
    for (const e of super.entries()) {
      if (this.before!.has(e[0])) fn(e[0], e[1])
      else after.push(e)
    }
    block.forEach((c) => fn(c.name, c))
    for (let i = 0; i < after.length; i++) fn(after[i]![0], after[i]![1])
  }

  /**
   * For a listing, when the block lists itself sorted (ChainBlock.sortedListing): that listing,
   * after `fn` was called for each chain of the map (in no particular order). Null, calling
   * nothing, otherwise.
   */
  sortedBlock(fn: (name: string, chain: Chain) => void): SortedListing | null {
    const block = this.block
    if (!block || !block.sortedListing) return null
    for (const [k, v] of super.entries()) fn(k, v)
    return block.sortedListing()
  }

  /** Copies the block's chains into the map at its place (the map then holds them all). */
  private materialise(): void {
    const block = this.block
    if (!block) return
    const all = [...this.entries()]
    this.block = null
    this.before = null
    super.clear()
    for (const [k, v] of all) super.set(k, v)
  }
}
