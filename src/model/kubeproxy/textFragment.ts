/**
 * One service port's kube-proxy rules on a node, written once as iptables-save text per chain
 * (a Segment per chain it writes to); the Rules of a segment are made only when asked, by
 * running the same writer for that chain alone (see nodeChains.ts, which shares fragments
 * between nodes and models).
 */
import { composedChain, ruleCount, type ChainPart } from '../netfilter/composedChain.js'
import type { Chain, Rule } from '../netfilter/types.js'
import type { BuildMode, RuleBuilder } from './ruleBuilder.js'
import type { RuleSink } from './servicePortRules.js'
import { FragmentLines, type ChainLines } from './fragmentLines.js'
import { writePort, type PortView } from './syncProxyRules.js'

/** How much work fragments have cost, for tests and the benchmark. */
export const fragmentCounters = { written: 0, materialised: 0, indexed: 0 }

/**
 * A segment's Rules, built once: the fragment (and so the segment) is shared by every node and
 * every later model that keeps the service port, so a new model's KUBE-SERVICES is these lists
 * joined, not 10,000 ports written again. Beside the segments, not in them: a first node keeps
 * 50k segments and builds the Rules of the few a trace walks, and a field each was 0.4 MB more
 * for every scavenge to copy.
 */
const builtRules = new WeakMap<Segment, readonly Rule[]>()

/** Segment.place of a segment in a chain every port writes to: nat (KUBE-SERVICES …) or filter. */
const SHARED_NAT = -1
const SHARED_FILTER = -2

/**
 * One fragment's rules in one chain. Five fields (its table folded into `place`): a first node
 * keeps 50k of them, and they are among the objects each scavenge of its build copies.
 */
class Segment implements ChainPart, ChainLines {
  /** Its lines joined with "\n": a slice of its batch's text (see fragmentLines.ts), null until that is joined. */
  private joinedText: string | null = null
  count = 0
  constructor(
    readonly fragment: TextFragment, readonly chain: string,
    /** Its chain's place in the fragment's natChains when it is one of the fragment's own, else SHARED_NAT or SHARED_FILTER. */
    private readonly place: number,
  ) {}

  get table(): 'filter' | 'nat' {
    return this.place === SHARED_FILTER ? 'filter' : 'nat'
  }

  /** Its chain's place in the fragment's natChains when it is one of the fragment's own, else -1. */
  get slot(): number {
    return this.place >= 0 ? this.place : -1
  }

  /** In one of the fragment's own chains (declared by it), not a chain every port writes to. */
  get own(): boolean {
    return this.place >= 0
  }

  get text(): string {
    if (this.joinedText === null) LINES.flush()
    // Still none: read before its fragment was finished (a writer's bug, not a text to print).
    if (this.joinedText === null) throw new Error('a chain segment was read before its fragment was written')
    return this.joinedText
  }

  joined(text: string): void {
    this.joinedText = text
  }
  rules(): readonly Rule[] {
    let rules = builtRules.get(this)
    if (!rules) builtRules.set(this, (rules = Object.freeze(this.fragment.rulesOf(this))))
    return rules
  }
}

/** A service port's rules on a node, as text per chain; Rules on demand. */
export class TextFragment implements RuleSink {
  /** Its own chains' names and its segments: exactly as long as they are, copied from the writer's scratch. */
  readonly natChains: string[] = NO_NAMES
  readonly segments: Segment[] = NO_SEGMENTS
  /** Its own chains (KUBE-SVC/SVL/EXT/FW/SEP), the same objects in every node's ruleset. */
  private own: Chain[] | null = null

  constructor(private readonly view: PortView) {
    // Written into scratch arrays shared by every fragment (one is written at a time), then
    // copied to their length once: arrays grown by push had room for 17 and were copied again
    // (a first node keeps 20,000 of them, and pushing made 6 MB of garbage).
    SCRATCH.nat = SCRATCH.segs = 0
    try {
      writePort(this, view)
    } finally {
      // Finished even when the writer throws: the shared line buffer must not carry this port's
      // rules into the next fragment.
      this.segments = SEGS.slice(0, SCRATCH.segs) as Segment[]
      this.natChains = NAT.slice(0, SCRATCH.nat)
      SEGS.fill(undefined, 0, SCRATCH.segs)
      SCRATCH.nat = SCRATCH.segs = 0
      LINES.finish(this.segments)
    }
    fragmentCounters.written++
  }

  mode(): BuildMode { return 'text' }
  nat(b: RuleBuilder): void { this.add('nat', b) }
  filter(b: RuleBuilder): void { this.add('filter', b) }
  natChain(name: string): void { NAT[SCRATCH.nat++] = name }

  private add(table: 'filter' | 'nat', b: RuleBuilder): void {
    // A fragment's rules come in runs per chain; look further back only when the chain changes.
    const segs = SEGS
    const n = SCRATCH.segs
    let k = n - 1
    let s = k >= 0 ? segs[k] : undefined
    if (!s || s.table !== table || s.chain !== b.chain) {
      k = 0
      while (k < n && (segs[k]!.table !== table || segs[k]!.chain !== b.chain)) k++
      s = k < n ? segs[k] : undefined
      // A port declares its own chains before writing to them.
      if (!s) {
        s = new Segment(this, b.chain, table === 'filter' ? SHARED_FILTER : natSlot(b.chain))
        segs[SCRATCH.segs++] = s
      }
    }
    // The rule's line as pieces, joined with the port's other lines when it is written.
    LINES.add(s, k, b)
  }

  /** The segment of a chain, if the fragment wrote to it (a loop: no closure per call, 100k calls per cluster). */
  private segmentOf(table: 'filter' | 'nat', chain: string): Segment | undefined {
    for (const x of this.segments) if (x.table === table && x.chain === chain) return x
    return undefined
  }

  ownChains(): Chain[] {
    if (this.own) return this.own
    const own: Chain[] = new Array(this.natChains.length)
    for (let i = 0; i < own.length; i++) {
      const name = this.natChains[i]!
      const seg = this.segmentOf('nat', name)
      own[i] = composedChain(name, seg ? [seg] : NO_PARTS)
    }
    return (this.own = own)
  }

  /**
   * How many rules its own chain `natChains[slot]` holds, without making the chain: a line
   * number counts the rules of every port chain named before its chain (nodeChains.ts), and
   * making 40k chains for that was most of a first trace's numbering.
   */
  ownRuleCount(slot: number): number {
    if (this.own) return ruleCount(this.own[slot]!)
    const seg = this.segmentOf('nat', this.natChains[slot]!)
    return seg ? seg.count : 0
  }

  /** Its own chain `natChains[slot]` for a listing (chainListing.ts): once made, the chain; before, its text. */
  listed(slot: number): Chain | string {
    if (this.own) return this.own[slot]!
    const segs = this.segments
    for (let i = 0; i < segs.length; i++) if (segs[i]!.slot === slot) return segs[i]!.text
    return ''
  }

  /** The Rules of one segment: the writer again, building only that chain's rules. */
  rulesOf(seg: Segment): Rule[] {
    const sink = new OneChainSink(seg.table, seg.chain, SHARED_CHAINS.has(seg.chain))
    writePort(sink, this.view)
    const rules = sink.rules
    if (rules.length !== seg.count) throw new Error(`kube-proxy chain ${seg.chain}: ${rules.length} rules for ${seg.count} lines`)
    fragmentCounters.materialised++
    return rules
  }
}

/**
 * The writer's sink for the Rules of one chain: the others' rules skipped. A shared chain's
 * (KUBE-SERVICES …) says so (`sharedOnly`), and the writer then stops before the port's own
 * chains, which hash every endpoint's KUBE-SEP name: a first trace builds KUBE-SERVICES's
 * Rules from 10,000 ports, and those names were 30,000 hashes for nothing. A class, not an
 * object of closures: one object per call.
 */
/** The chains every port writes to (servicePortRules.ts steps 1-5), and no port's own chain (steps 6-10) ever is. */
const SHARED_CHAINS: ReadonlySet<string> = new Set(['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-EXTERNAL-SERVICES', 'KUBE-PROXY-FIREWALL'])

class OneChainSink implements RuleSink {
  readonly rules: Rule[] = []
  constructor(private readonly table: 'filter' | 'nat', private readonly chain: string, readonly sharedOnly: boolean) {}
  mode(chain: string): BuildMode { return chain === this.chain ? 'rule' : 'skip' }
  nat(b: RuleBuilder): void { if (this.table === 'nat') this.take(b) }
  filter(b: RuleBuilder): void { if (this.table === 'filter') this.take(b) }
  natChain(): void {}
  private take(b: RuleBuilder): void {
    if (b.chain === this.chain && b.mode === 'rule') this.rules.push(b.builtRule())
  }
}

/** The lines of the fragment being written (one at a time). */
const LINES = new FragmentLines()

/** The fragment being written's segments and own chain names, and how many of each (TextFragment's constructor). */
const SEGS: (Segment | undefined)[] = []
const NAT: string[] = []
const SCRATCH = { segs: 0, nat: 0 }
const NO_NAMES: string[] = []
const NO_SEGMENTS: Segment[] = []

/** The place of a chain among the fragment being written's own chains, SHARED_NAT (-1) if it is not one. */
function natSlot(chain: string): number {
  for (let i = 0; i < SCRATCH.nat; i++) if (NAT[i] === chain) return i
  return SHARED_NAT
}

const NO_PARTS: readonly ChainPart[] = []
