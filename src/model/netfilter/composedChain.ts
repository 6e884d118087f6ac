/**
 * A chain whose rules were written elsewhere as iptables-save text and are turned into Rule
 * objects only when something asks for them (the packet walker, a JSON view, a rule's line
 * number). A 100k-rule node then costs text to show and Rules only for the chains a packet
 * walks. kube-proxy's chains on a node are built this way (see kubeproxy/nodeChains.ts).
 */
import type { Chain, Rule } from './types.js'
import { rulesOf } from './sharedRules.js'

/** A run of rules in one chain: their joined iptables-save lines and, on demand, the Rules. */
export interface ChainPart {
  /** How many rules (lines of `text`). */
  readonly count: number
  /** Their iptables-save lines joined with "\n", no trailing newline. */
  readonly text: string
  /** The same rules, in the same order, each with `saveText` equal to its line. */
  rules(): readonly Rule[]
  /**
   * Appends its lines to `pieces` (joined with "\n" later) as one or more texts of whole lines,
   * where that saves joining `text` first: absent where `text` is at hand.
   */
  appendText?(pieces: string[]): void
}

/** Appends a part's lines (count > 0) to `pieces` (joined with "\n" later). */
export function appendPart(pieces: string[], part: ChainPart): void {
  if (part.appendText) part.appendText(pieces)
  else pieces.push(part.text)
}

/** A part holding one rule that already exists as an object. */
export function rulePart(rule: Rule, text: string): ChainPart {
  const list = [rule]
  return { count: 1, text, rules: () => list }
}

/**
 * A user chain (no policy) made of parts; `rules` builds the Rules on first use. `toJSON` gives
 * the plain `{ name, policy, rules }` the chain stands for (a structured clone would not see the
 * getter: clone such a chain as that plain object).
 */
export class ComposedChain implements Chain {
  readonly policy = null
  private list: Rule[] | null = null
  private count = -1

  constructor(readonly name: string, private readonly parts: readonly ChainPart[]) {}

  /** How many rules, without building them (a save layout asks it of 40k chains per node). */
  get ruleCount(): number {
    if (this.count < 0) {
      let n = 0
      for (const p of this.parts) n += p.count
      this.count = n
    }
    return this.list ? this.list.length : this.count
  }

  get rules(): Rule[] {
    if (!this.list) this.list = rulesOf(this.parts) as Rule[]
    return this.list
  }

  toJSON(): { name: string; policy: null; rules: Rule[] } {
    return { name: this.name, policy: null, rules: this.rules }
  }

  /**
   * The parts' iptables-save texts (each one or more lines, no empty ones) and the rule count
   * while nobody has asked for the Rules; null after. Once the Rules exist they may be read (or,
   * by a careless caller, changed), so from then on formatting goes through them, which costs
   * little since each carries its line.
   */
  pendingText(): { texts: readonly string[]; count: number } | null {
    if (this.list) return null
    const parts = this.parts
    if (parts.length === 1) return { texts: parts[0]!.count ? [parts[0]!.text] : [], count: parts[0]!.count }
    let count = 0
    const texts: string[] = []
    for (const p of parts) {
      count += p.count
      if (p.count) texts.push(p.text)
    }
    return { texts, count }
  }

  /** Appends the parts' texts (see pendingText) to `pieces`; false, appending nothing, once the Rules exist. */
  appendPendingText(pieces: string[]): boolean {
    if (this.list) return false
    const parts = this.parts
    for (let i = 0; i < parts.length; i++) if (parts[i]!.count) appendPart(pieces, parts[i]!)
    return true
  }
}

export function composedChain(name: string, parts: readonly ChainPart[]): ComposedChain {
  return new ComposedChain(name, parts)
}

/** A chain's rule count, without building a composed chain's Rules. */
export function ruleCount(chain: Chain): number {
  return chain instanceof ComposedChain ? chain.ruleCount : chain.rules.length
}

/** A composed chain's pending text (see ComposedChain.pendingText); null for any other chain. */
export function pendingText(chain: Chain): { texts: readonly string[]; count: number } | null {
  return chain instanceof ComposedChain ? chain.pendingText() : null
}

/** Appends a composed chain's pending text to `pieces`; false (nothing appended) for any other chain or once its Rules exist. */
export function appendPendingText(chain: Chain, pieces: string[]): boolean {
  return chain instanceof ComposedChain && chain.appendPendingText(pieces)
}
