/**
 * One service port's kube-proxy rules on a node, written once as iptables-save text per chain
 * (a Segment per chain it writes to); the Rules of a segment are made only when asked, by
 * running the same writer for that chain alone (see nodeChains.ts, which shares fragments
 * between nodes and models).
 */
import { composedChain, type ChainPart } from '../netfilter/composedChain.js'
import type { Chain, Rule } from '../netfilter/types.js'
import type { BuildMode, RuleBuilder } from './ruleBuilder.js'
import type { RuleSink } from './servicePortRules.js'
import { FragmentLines, type ChainLines } from './fragmentLines.js'
import { writePort, type PortView } from './syncProxyRules.js'

/** How much work fragments have cost, for tests and the benchmark. */
export const fragmentCounters = { written: 0, materialised: 0, indexed: 0 }

/** One fragment's rules in one chain. */
class Segment implements ChainPart, ChainLines {
  /** Its lines joined with "\n": a slice of its batch's text (see fragmentLines.ts), null until that is joined. */
  private joinedText: string | null = null
  count = 0
  /**
   * Built once: the fragment (and so this segment) is shared by every node and every later model
   * that keeps the service port, so a new model's KUBE-SERVICES is these lists joined, not
   * 10,000 ports written again.
   */
  private built: readonly Rule[] | null = null
  constructor(
    readonly fragment: TextFragment, readonly table: 'filter' | 'nat', readonly chain: string,
    /** Its chain's place in the fragment's natChains when it is one of the fragment's own, else -1. */
    readonly slot: number,
  ) {}

  /** In one of the fragment's own chains (declared by it), not a chain every port writes to. */
  get own(): boolean {
    return this.slot >= 0
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
    return (this.built ??= Object.freeze(this.fragment.rulesOf(this)))
  }
}

/** A service port's rules on a node, as text per chain; Rules on demand. */
export class TextFragment implements RuleSink {
  readonly natChains: string[] = []
  readonly segments: Segment[] = []
  /** Its own chains (KUBE-SVC/SVL/EXT/FW/SEP), the same objects in every node's ruleset. */
  private own: Chain[] | null = null

  constructor(private readonly view: PortView) {
    // Finished even when the writer throws: the shared line buffer must not carry this port's
    // rules into the next fragment.
    try {
      writePort(this, view)
    } finally {
      LINES.finish(this.segments)
    }
    // Kept as long as the fragment: exactly as long as they are (an array grown by push has room
    // for 17; a first node keeps 20,000 of them).
    this.natChains = this.natChains.slice()
    this.segments = this.segments.slice()
    fragmentCounters.written++
  }

  mode(): BuildMode { return 'text' }
  nat(b: RuleBuilder): void { this.add('nat', b) }
  filter(b: RuleBuilder): void { this.add('filter', b) }
  natChain(name: string): void { this.natChains.push(name) }

  private add(table: 'filter' | 'nat', b: RuleBuilder): void {
    // A fragment's rules come in runs per chain; look further back only when the chain changes.
    const segs = this.segments
    let k = segs.length - 1
    let s = segs[k]
    if (!s || s.table !== table || s.chain !== b.chain) {
      k = 0
      while (k < segs.length && (segs[k]!.table !== table || segs[k]!.chain !== b.chain)) k++
      s = segs[k]
      // A port declares its own chains before writing to them.
      if (!s) segs.push((s = new Segment(this, table, b.chain, table === 'nat' ? this.natChains.indexOf(b.chain) : -1)))
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

  /** Its own chain `natChains[slot]` for a listing (chainListing.ts): once made, the chain; before, its text. */
  listed(slot: number): Chain | string {
    if (this.own) return this.own[slot]!
    const segs = this.segments
    for (let i = 0; i < segs.length; i++) if (segs[i]!.slot === slot) return segs[i]!.text
    return ''
  }

  /** The Rules of one segment: the writer again, building only that chain's rules. */
  rulesOf(seg: Segment): Rule[] {
    const rules: Rule[] = []
    const want = (table: 'filter' | 'nat', b: RuleBuilder): void => {
      if (table === seg.table && b.chain === seg.chain && b.mode === 'rule') rules.push(b.builtRule())
    }
    writePort({
      mode: (chain) => (chain === seg.chain ? 'rule' : 'skip'),
      nat: (b) => want('nat', b),
      filter: (b) => want('filter', b),
      natChain: () => undefined,
    }, this.view)
    if (rules.length !== seg.count) throw new Error(`kube-proxy chain ${seg.chain}: ${rules.length} rules for ${seg.count} lines`)
    fragmentCounters.materialised++
    return rules
  }
}

/** The lines of the fragment being written (one at a time). */
const LINES = new FragmentLines()

const NO_PARTS: readonly ChainPart[] = []
