/**
 * Where a model's service ports write into the chains every port shares (KUBE-SERVICES,
 * KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES …): laid out once per model and settings from the
 * ports' cluster-wide fragments, so that a node's shared chains are that layout with its few
 * node-specific ports (traffic policy Local, source ranges: see SyncPlan.key) put in place,
 * instead of 10,000 ports walked again for every node a trace or a view asks for. The result is
 * the same lists, in the same order, as writing every port's fragment in turn (a full sync).
 */
import { appendPart, type ChainPart } from '../netfilter/composedChain.js'
import type { Rule } from '../netfilter/types.js'
import { holds } from '../sortedSearch.js'

/** A fragment's rules in one chain (textFragment.ts's Segment). */
export interface PortSegment extends ChainPart {
  readonly table: 'filter' | 'nat'
  readonly chain: string
  /** In one of the port's own chains (KUBE-SVC/SEP/…), not a shared one. */
  readonly own: boolean
}

/** A service port's rules on a node: at most one segment per table and chain. */
export interface PortFragment {
  readonly natChains: readonly string[]
  readonly segments: readonly PortSegment[]
}

/** One shared chain's parts from the ports, in write order, with the entry index of each. */
interface ChainRun {
  readonly table: 'filter' | 'nat'
  readonly chain: string
  readonly parts: ChainPart[]
  readonly port: number[]
  /** The parts as one, for the nodes that take the run whole (made when the first asks). */
  whole?: RunPart
  /** Stretches of the parts as one, by `from:to`, for the nodes that have ports of their own in the run. */
  stretches?: Map<string, ChainPart>
}

/** Stretches kept per run (a node's own ports cut the run at a few places: one pair of stretches per such port). */
const MAX_STRETCHES = 64

/**
 * Parts from..to-1 of a run as one part, kept per run: a node with a port of its own in
 * KUBE-SERVICES (traffic policy Local) has its chain made of a few stretches of the run and its
 * own parts, not of 10,000 single-port parts, so its Rules are gathered from the stretches, and
 * the stretches' Rules once per model for every node cut at the same place.
 */
function stretchOf(run: ChainRun, from: number, to: number): ChainPart {
  if (to - from === 1) return run.parts[from]!
  if (from === 0 && to === run.parts.length) return (run.whole ??= new RunPart(run.parts))
  const key = `${from}:${to}`
  const stretches = (run.stretches ??= new Map())
  let part = stretches.get(key)
  if (!part) {
    if (stretches.size >= MAX_STRETCHES) stretches.clear()
    stretches.set(key, (part = new RunPart(run.parts.slice(from, to))))
  }
  return part
}

/**
 * A run's parts as one part: its Rules (and text) made once per model and shared by every node
 * that takes the run as it is, instead of each node's KUBE-SERVICES gathering 11,000 parts.
 */
class RunPart implements ChainPart {
  readonly count: number
  private joined: string | null = null
  private built: readonly Rule[] | null = null

  constructor(private readonly parts: readonly ChainPart[]) {
    let n = 0
    for (const p of parts) n += p.count
    this.count = n
  }

  get text(): string {
    if (this.joined === null) {
      const texts: string[] = []
      for (const p of this.parts) if (p.count) texts.push(p.text)
      this.joined = texts.join('\n')
    }
    return this.joined
  }

  /**
   * Into a save text (formatSave.ts) its parts' texts, while its own is not joined: the save
   * joins them once, where joining the run first copied KUBE-SERVICES's 11,000 lines twice on
   * a first node (and kept the copy).
   */
  appendText(pieces: string[]): void {
    if (this.joined !== null) {
      pieces.push(this.joined)
      return
    }
    const parts = this.parts
    for (let i = 0; i < parts.length; i++) if (parts[i]!.count) appendPart(pieces, parts[i]!)
  }

  rules(): readonly Rule[] {
    if (!this.built) {
      const list: Rule[] = []
      // Indexed: a for-of makes an iterator per part, 10,000 of them per model.
      const parts = this.parts
      for (let i = 0; i < parts.length; i++) {
        const rules = parts[i]!.rules()
        for (let j = 0; j < rules.length; j++) list.push(rules[j]!)
      }
      this.built = Object.freeze(list)
    }
    return this.built
  }
}

export interface PortLayout {
  readonly runs: readonly ChainRun[]
  /** Entry indices (ascending) whose fragment may differ from node to node. */
  readonly variable: readonly number[]
  /** How many own nat chains the cluster-wide fragments declare together. */
  readonly natCount: number
}

/**
 * The layout of `frags` (each entry's cluster-wide fragment, in write order). `mayVary(i)`:
 * whether entry i's fragment can differ on some node.
 */
export function layoutOf(frags: readonly PortFragment[], mayVary: (i: number) => boolean): PortLayout {
  const runs: ChainRun[] = []
  const byChain = { filter: new Map<string, ChainRun>(), nat: new Map<string, ChainRun>() }
  const variable: number[] = []
  let natCount = 0
  let last: ChainRun | null = null
  for (let i = 0; i < frags.length; i++) {
    const f = frags[i]!
    natCount += f.natChains.length
    if (mayVary(i)) variable.push(i)
    // Indexed: a for-of here runs mostly before V8 optimises it, an iterator result per step.
    const segments = f.segments
    for (let k = 0; k < segments.length; k++) {
      const s = segments[k]!
      if (s.own) continue
      let run: ChainRun | undefined = last !== null && last.chain === s.chain && last.table === s.table ? last : byChain[s.table].get(s.chain)
      if (!run) {
        run = { table: s.table, chain: s.chain, parts: [], port: [] }
        byChain[s.table].set(s.chain, run)
        runs.push(run)
      }
      run.parts.push(s)
      run.port.push(i)
      last = run
    }
  }
  return { runs, variable, natCount }
}

/** The shared-chain parts of some ports' fragments, per `table chain`, in the order the ports come. */
function partsByChain(ports: Iterable<readonly [number, PortFragment]>): Map<string, [number, ChainPart][]> {
  const byChain = new Map<string, [number, ChainPart][]>()
  for (const [i, f] of ports) {
    for (const s of f.segments) {
      if (s.own) continue
      const key = `${s.table} ${s.chain}`
      let list = byChain.get(key)
      if (!list) byChain.set(key, (list = []))
      list.push([i, s])
    }
  }
  return byChain
}


function chainOfKey(key: string): { table: 'filter' | 'nat'; chain: string } {
  const sp = key.indexOf(' ')
  return { table: key.slice(0, sp) as 'filter' | 'nat', chain: key.slice(sp + 1) }
}

/**
 * Appends one node's port parts to the shared chains' lists (`listOf` gives a declared chain's
 * list, already holding the rules written before the ports): the layout's parts, except that
 * each of `specific`'s entries (ascending index, with this node's fragment) has its own
 * fragment's part in a chain where its cluster-wide one had its part (or none).
 */
export function appendPortParts(
  layout: PortLayout,
  specific: readonly (readonly [number, PortFragment])[],
  listOf: (table: 'filter' | 'nat', chain: string) => ChainPart[],
): void {
  // The node-specific ports' parts per shared chain, in entry order.
  const inserts = partsByChain(specific)
  for (const run of layout.runs) {
    const list = listOf(run.table, run.chain)
    const key = `${run.table} ${run.chain}`
    const ins = inserts.get(key)
    inserts.delete(key)
    const { parts, port } = run
    // A run none of this node's specific ports writes to or had a part in is taken whole.
    if (!ins && !specific.some(([i]) => holds(port, i))) {
      list.push((run.whole ??= new RunPart(parts)))
      continue
    }
    let j = 0 // next insert
    let s = 0 // next node-specific entry not yet passed
    let from = 0 // first part of the stretch not pushed yet
    for (let k = 0; k < parts.length; k++) {
      const i = port[k]!
      if (ins && j < ins.length && ins[j]![0] < i) {
        if (k > from) list.push(stretchOf(run, from, k))
        from = k
        while (j < ins.length && ins[j]![0] < i) list.push(ins[j++]![1])
      }
      while (s < specific.length && specific[s]![0] < i) s++
      if (s < specific.length && specific[s]![0] === i) {
        if (k > from) list.push(stretchOf(run, from, k))
        from = k + 1
      }
    }
    if (parts.length > from) list.push(stretchOf(run, from, parts.length))
    if (ins) while (j < ins.length) list.push(ins[j++]![1])
  }
  // Chains only the node-specific fragments write to.
  for (const [key, ins] of inserts) {
    const { table, chain } = chainOfKey(key)
    const list = listOf(table, chain)
    for (const [, part] of ins) list.push(part)
  }
}

/**
 * The layout of the entries an edit made from the last ones (`newIndex`: each last entry's new
 * index, -1 if removed; `added`: the new entries' indices, ascending, with their cluster-wide
 * fragment and whether it may vary by node; `removedNat`: own nat chains the removed entries'
 * fragments declared): the last layout's parts renumbered, the removed ones' dropped and the
 * added ones' put in place. The same runs (in another order, which nothing depends on) as
 * layoutOf over the new fragments.
 */
export function layoutAfter(prev: PortLayout, newIndex: Int32Array, added: readonly (readonly [number, PortFragment, boolean])[], removedNat: number): PortLayout {
  const inserts = partsByChain(added.map(([i, f]) => [i, f] as const))
  let natCount = prev.natCount - removedNat
  for (const [, f] of added) natCount += f.natChains.length
  const runs: ChainRun[] = []
  for (const run of prev.runs) {
    const key = `${run.table} ${run.chain}`
    const ins = inserts.get(key)
    inserts.delete(key)
    const parts: ChainPart[] = []
    const port: number[] = []
    let j = 0
    for (let k = 0; k < run.parts.length; k++) {
      const i = newIndex[run.port[k]!]!
      if (i < 0) continue
      if (ins) for (; j < ins.length && ins[j]![0] < i; j++) { parts.push(ins[j]![1]); port.push(ins[j]![0]) }
      parts.push(run.parts[k]!)
      port.push(i)
    }
    if (ins) for (; j < ins.length; j++) { parts.push(ins[j]![1]); port.push(ins[j]![0]) }
    if (parts.length) runs.push({ table: run.table, chain: run.chain, parts, port })
  }
  for (const [key, ins] of inserts) runs.push({ ...chainOfKey(key), parts: ins.map(([, p]) => p), port: ins.map(([i]) => i) })
  const variable: number[] = []
  let a = 0
  const vary = added.filter(([, , v]) => v).map(([i]) => i)
  for (const old of prev.variable) {
    const i = newIndex[old]!
    if (i < 0) continue
    while (a < vary.length && vary[a]! < i) variable.push(vary[a++]!)
    variable.push(i)
  }
  while (a < vary.length) variable.push(vary[a++]!)
  return { runs, variable, natCount }
}
