/**
 * How a service port's 'text' rules become its fragment's per-chain texts (see nodeChains.ts):
 * each rule is copied as the pieces its builder holds (no string per rule), and when the port is
 * written all its lines, grouped by chain, are joined once; each chain's text is a substring of
 * that one string (V8 keeps a long substring as a view, no copy). kube-proxy's proxier does the
 * like with one reused buffer per sync (LineBuffer: pkg/util/iptables, now pkg/proxy/util).
 */
import type { RuleBuilder } from './ruleBuilder.js'

/** The lines a fragment writes to one chain. */
export interface ChainLines {
  /** The lines joined with "\n", no trailing newline; set when the fragment is finished. */
  text: string
  count: number
  /** While the fragment is written: its first and last rule (indices into RULES), -1 for none. */
  head: number
  tail: number
}

/** The fragment being written's rule pieces, and per rule [first piece, end, next rule of its chain]. */
const PIECES: string[] = []
let RULES: Int32Array = new Int32Array(3 * 64)
/** Where each chain's lines start and end in the fragment's text, while it is finished (reused). */
let BOUNDS: Int32Array = new Int32Array(32)

/**
 * An array of exactly `length` slots to fill and join, reused: the fragments of one cluster
 * have few distinct shapes (10,000 ports at 10,000 Services, a handful of piece counts), so
 * this saves an array per port. Holds the pieces of the last fragment of each length.
 */
const joinArrays = new Map<number, string[]>()

function joinScratch(length: number): string[] {
  let a = joinArrays.get(length)
  if (!a) {
    if (joinArrays.size >= 256) joinArrays.clear()
    a = new Array<string>(length).fill('')
    joinArrays.set(length, a)
  }
  return a
}

/** The rules of one fragment at a time: `add` each as it is finished, then `finish`. */
export class FragmentLines {
  private pieces = 0
  private rules = 0

  /** A finished rule of `lines` (its builder is reused for the next rule, so the pieces are copied now). */
  add(lines: ChainLines, b: RuleBuilder): void {
    const r = this.rules++
    if (RULES.length < 3 * r + 3) {
      const grown = new Int32Array(RULES.length * 2)
      grown.set(RULES)
      RULES = grown
    }
    RULES[3 * r] = this.pieces
    // Without its `-A `: finish writes it, with the newline before it, as one piece.
    this.pieces = b.appendTo(PIECES, this.pieces, false)
    RULES[3 * r + 1] = this.pieces
    RULES[3 * r + 2] = -1
    if (lines.tail >= 0) RULES[3 * lines.tail + 2] = r
    else lines.head = r
    lines.tail = r
    lines.count++
  }

  /** Joins the fragment's lines, grouped by chain in the order of `all`, and sets each chain's text. */
  finish(all: readonly ChainLines[]): void {
    if (all.length) {
      const joined = joinScratch(this.pieces + this.rules)
      let n = 0
      let at = 0
      if (BOUNDS.length < 2 * all.length) BOUNDS = new Int32Array(4 * all.length)
      const bounds = BOUNDS
      for (let k = 0; k < all.length; k++) {
        const lines = all[k]!
        const start = at
        for (let r = lines.head; r >= 0; r = RULES[3 * r + 2]!) {
          if (n) { joined[n++] = '\n-A '; at += 4 } else { joined[n++] = '-A '; at += 3 }
          for (let i = RULES[3 * r]!, end = RULES[3 * r + 1]!; i < end; i++) {
            const p = PIECES[i]!
            joined[n++] = p
            at += p.length
          }
        }
        // The separator before a chain's first line belongs to no chain.
        bounds[2 * k] = start === 0 ? 0 : start + 1
        bounds[2 * k + 1] = at
      }
      const text = joined.join('')
      for (let k = 0; k < all.length; k++) {
        const lines = all[k]!
        lines.text = all.length === 1 ? text : text.substring(bounds[2 * k]!, bounds[2 * k + 1]!)
        lines.head = lines.tail = -1
      }
      // The scratch holds this port's strings: let them go (the array keeps its capacity).
      PIECES.fill('', 0, this.pieces)
    }
    this.pieces = this.rules = 0
  }
}
