/**
 * How a service port's 'text' rules become its fragment's per-chain texts (see nodeChains.ts):
 * each rule is copied as the pieces its builder holds (no string per rule), and when the port is
 * written its lines, grouped by chain, go into a batch of many ports' lines joined once; each
 * chain's text is a substring of that one string (V8 keeps a long substring as a view, no copy).
 * kube-proxy's proxier does the like with one reused buffer per sync (LineBuffer:
 * pkg/util/iptables, now pkg/proxy/util).
 */
import type { RuleBuilder } from './ruleBuilder.js'

/** The lines a fragment writes to one chain. */
export interface ChainLines {
  count: number
  /** Its lines joined with "\n", no trailing newline: given when its batch is joined. */
  joined(text: string): void
}

/**
 * A batch of fragments' lines is joined into one string once it holds this many characters:
 * a string this long is a large object, which the garbage collector never copies, where a
 * fragment's own 1 KB text was copied twice (to the young generation's other half, then to the
 * old one) while a first node was built, 10 MB at 10,000 Services. Each chain's text is a slice
 * of its batch's string.
 */
const BATCH_CHARS = 256 * 1024

/**
 * A batch is joined once it holds this many pieces, most of the time before it reaches
 * BATCH_CHARS (a first node's pieces average 14 characters: ~230k characters, still a large
 * object). V8's join gathers the pieces in a buffer that starts at this many (array-join.tq
 * NewBuffer: as many as fit a 128 KB young array, 16,382 with Node's 8-byte pointers, 32,766
 * with Chrome's compressed ones) and grows by half each time it is full: a batch of 32k pieces
 * was joined through buffers of 16k, 24k and 37k (20 bytes per piece beside the text where 8
 * do without growth), and took 40% longer per piece. A first node's joins made 23 MB of young
 * garbage for 10.5 MB of text, a third of what it allocated, and the collector ran that much
 * more often.
 */
const JOIN_PIECES = 16_382

/**
 * The rules of one fragment at a time: `add` each as it is finished, then `finish`. Finished
 * fragments' lines wait in a batch, joined when it is full or when any of their texts is read
 * (`flush`: Segment.text does that). Each instance has its own scratch and batch arrays (one
 * is used, textFragment.ts's; tests make more).
 */
export class FragmentLines {
  /** The fragment being written's rule pieces, and per rule [first piece, end, next rule of its chain]. */
  private readonly PIECES: string[] = []
  private RULES: Int32Array = new Int32Array(3 * 64)
  /** While a fragment is written: each of its chains' first and last rule (indices into RULES), -1 for none. */
  private HEADS: Int32Array = new Int32Array(16).fill(-1)
  private TAILS: Int32Array = new Int32Array(16).fill(-1)
  /** Where each waiting chain's lines are in the batch's text (from, to). */
  private BOUNDS: Int32Array = new Int32Array(2 * 1024)

  /**
   * The batch's pieces: one array reused for every batch, so no batch grows an array of its own
   * by pushing (that was a third of a first node's allocation). Room for JOIN_PIECES (`room`,
   * more for a fragment of more pieces); a batch ends early when the next fragment's pieces
   * would not fit in JOIN_PIECES. Its length is cut to the batch's pieces before the join (see flush), so the join does
   * not walk an unused end: an end left as empty strings was roughly two fifths of the pieces a
   * first node's joins walked.
   */
  private BATCH: string[] = new Array<string>(JOIN_PIECES).fill('')
  private room = JOIN_PIECES

  private pieces = 0
  private rules = 0
  /** The batch (this.BATCH): how many pieces and characters it holds, and the chains they belong to. */
  private batchPieces = 0
  private batchChars = 0
  private waiting: ChainLines[] = []

  /**
   * A finished rule of `lines`, the fragment's `k`th chain (its builder is reused for the next
   * rule, so the pieces are copied now).
   */
  add(lines: ChainLines, k: number, b: RuleBuilder): void {
    if (k >= this.HEADS.length) {
      const heads = new Int32Array(2 * k + 2).fill(-1)
      const tails = new Int32Array(2 * k + 2).fill(-1)
      heads.set(this.HEADS)
      tails.set(this.TAILS)
      this.HEADS = heads
      this.TAILS = tails
    }
    const r = this.rules++
    if (this.RULES.length < 3 * r + 3) {
      const grown = new Int32Array(this.RULES.length * 2)
      grown.set(this.RULES)
      this.RULES = grown
    }
    this.RULES[3 * r] = this.pieces
    // Without its `-A `: finish writes it, with the newline before it, as one piece.
    this.pieces = b.appendTo(this.PIECES, this.pieces, false)
    this.RULES[3 * r + 1] = this.pieces
    this.RULES[3 * r + 2] = -1
    if (this.TAILS[k]! >= 0) this.RULES[3 * this.TAILS[k]! + 2] = r
    else this.HEADS[k] = r
    this.TAILS[k] = r
    lines.count++
  }

  /** Puts the fragment's lines, grouped by chain in the order of `all`, in the batch. */
  finish(all: readonly ChainLines[]): void {
    if (all.length) {
      // A '\n-A ' before each rule's pieces.
      const needed = this.pieces + this.rules
      if (this.batchPieces + needed > JOIN_PIECES) {
        this.flush()
        if (needed > this.room) this.BATCH = new Array<string>((this.room = needed)).fill('')
      }
      const batch = this.BATCH
      let n = this.batchPieces
      let at = this.batchChars
      if (this.BOUNDS.length < 2 * (this.waiting.length + all.length)) {
        const grown = new Int32Array(4 * (this.waiting.length + all.length))
        grown.set(this.BOUNDS)
        this.BOUNDS = grown
      }
      for (let k = 0; k < all.length; k++) {
        const lines = all[k]!
        const w = this.waiting.length
        this.BOUNDS[2 * w] = at + 1
        for (let r = this.HEADS[k]!; r >= 0; r = this.RULES[3 * r + 2]!) {
          // A newline before every line of the batch (the chain's text starts after its first).
          batch[n++] = '\n-A '
          at += 4
          for (let i = this.RULES[3 * r]!, end = this.RULES[3 * r + 1]!; i < end; i++) {
            const p = this.PIECES[i]!
            batch[n++] = p
            at += p.length
          }
        }
        this.BOUNDS[2 * w + 1] = at
        this.HEADS[k] = this.TAILS[k] = -1
        this.waiting.push(lines)
      }
      this.batchChars = at
      this.batchPieces = n
      // The scratch holds this port's strings: let them go (the array keeps its capacity).
      this.PIECES.fill('', 0, this.pieces)
      if (at >= BATCH_CHARS) this.flush()
    }
    this.pieces = this.rules = 0
  }

  /** Joins the batch and gives each of its chains its text. */
  flush(): void {
    const waiting = this.waiting
    if (!waiting.length) return
    // The array's end holds an earlier batch's pieces (or none): cut off, so the join ends at
    // this batch's last. V8 trims an array's room when more than half of it is cut (JSArray
    // SetLength), so a batch that fills less than half (one port's, read at once after an
    // edit) is joined from a copy of its pieces instead, and the room stays for the next.
    const n = this.batchPieces
    let text: string
    if (2 * n >= this.room) {
      this.BATCH.length = n
      text = this.BATCH.join('')
    } else text = this.BATCH.slice(0, n).join('')
    this.batchPieces = 0
    this.batchChars = 0
    this.waiting = []
    const bounds = this.BOUNDS
    for (let k = 0; k < waiting.length; k++) waiting[k]!.joined(text.substring(bounds[2 * k]!, bounds[2 * k + 1]!))
  }
}
