/**
 * Builds one kube-proxy rule several ways at once: the argument list kube-proxy hands to
 * iptables-restore (in its own argument order, for the restore text), the structured Rule the
 * kernel would hold (what the engine walks) and its iptables-save line. Writing them from the
 * same calls saves parsing and re-printing 100k+ generated rules per node; a test checks that
 * parsing the arguments gives the same Rule and the same line. A node's state asks for the line
 * only ('text') and builds the Rules of a chain when something walks it ('rule', or 'skip' for
 * the rules of other chains), so the modes let one writer serve every caller.
 */
import { isIpv4, parseIpv4 } from '../addr/ipv4.js'
import { BARE, QUOTED, saveQuoting, saveString } from '../netfilter/formatSave.js'
import { mustParseRule } from '../netfilter/parseRule.js'
import type { AddrType, L4Proto, Match, Negatable, Rule, Target } from '../netfilter/types.js'
import {
  addressOrCidr, dportText as dportPiece, flagText, kernelProbability, MASQ_JUMP, MODULE_TEXT, portSuffix, probabilitySaveText, PROTO_JOINED,
  PROTO_TEXT, rangeText, saveAddress, SLASH_MASQ_JUMP, type L4,
} from './savePieces.js'

/** One rule of kube-proxy's restore input: its arguments and what they mean. */
/**
 * args: arguments, Rule and line; rule: Rule and line; text: the line only; skip: nothing (the
 * caller wants another chain's rules).
 */
export type BuildMode = 'args' | 'rule' | 'text' | 'skip'

export interface KpRule {
  /** Empty when the generator was asked for rules only (see syncProxyRules' `withArgs`). */
  readonly tokens: readonly string[]
  readonly rule: Rule
}

type MutableRule = { -readonly [K in keyof Rule]: Rule[K] } & { matches: Match[] }
type L4Match = { module: 'tcp' | 'udp' | 'sctp'; dport?: Negatable<number> }

// Immutable and the same in every rule: shared rather than allocated 100k times.
const PROTO: Record<'tcp' | 'udp' | 'sctp', Negatable<L4Proto>> = {
  tcp: { value: 'tcp', negate: false },
  udp: { value: 'udp', negate: false },
  sctp: { value: 'sctp', negate: false },
}

const NO_ARGS: readonly string[] = []

export class RuleBuilder {
  /** null unless the mode is 'args'. */
  private readonly tokens: string[] | null
  /** null in the 'text' and 'skip' modes. */
  private readonly rule: MutableRule | null
  private readonly skip: boolean
  /**
   * The iptables-save line, once a target (or countOnly) finished the rule, in the 'args' and
   * 'rule' modes; a 'text' rule's line is only written out as pieces (see appendTo).
   */
  line = ''
  private done = false
  private l4: L4Match | null = null
  // The line is kept as pieces in iptables-save order (-s, -d, -p, the matches in order, the
  // target) and joined only where it is wanted: in a fragment's text, one join per service port
  // rather than a dozen short-lived strings per rule (110k rules on a first node).
  /** `-s`: the flag text, the address, its suffix ("/32" for a host; a range's text is all in the first). */
  private src0 = ''
  private src1 = ''
  private src2 = ''
  private dst0 = ''
  private dst1 = ''
  private dst2 = ''
  private protoText = ''
  /** The protocol of `-p`, for the pieces joined with it (savePieces.ts PROTO_JOINED). */
  private l4Proto: L4 | null = null
  /** The matches' pieces (matchCount of them; the array is reused, never shortened). */
  private readonly matchPieces: string[] = []
  private matchCount = 0
  /** Where the -m tcp/udp/sctp pieces end among the match pieces (its --dport goes there). */
  private l4End = -1
  /** ` --dport N`, one piece. */
  private dportText = ''
  private target0 = ''
  private target1 = ''
  private target2 = ''
  private target3 = ''

  constructor(private chainName: string, readonly mode: BuildMode = 'args') {
    this.tokens = mode === 'args' ? ['-A', chainName] : null
    this.rule = mode === 'args' || mode === 'rule' ? { chain: chainName, matches: [] } : null
    this.skip = mode === 'skip'
  }

  get chain(): string {
    return this.chainName
  }

  /**
   * A builder for one rule of `chain` in `mode`. A 'text' rule's builder holds nothing once its
   * sink has read the line (nodeChains.ts copies it right away), so one builder is reset for each
   * instead of 100k+ made per cluster; a 'skip' builder does nothing, so one serves them all.
   */
  static of(chain: string, mode: BuildMode): RuleBuilder {
    if (mode === 'skip') return SKIP
    if (mode !== 'text') return new RuleBuilder(chain, mode)
    return TEXT.reset(chain)
  }

  /** Back to an empty rule of `chain`, as a new builder would be (the field initialisers above). */
  private reset(chain: string): this {
    this.chainName = chain
    this.line = this.src0 = this.src1 = this.src2 = this.dst0 = this.dst1 = this.dst2 = this.protoText = this.dportText = ''
    this.target0 = this.target1 = this.target2 = this.target3 = ''
    this.done = false
    this.l4 = null
    this.l4Proto = null
    this.matchCount = 0
    this.l4End = -1
    return this
  }

  comment(text: string): this {
    if (this.skip) return this
    this.tokens?.push('-m', 'comment', '--comment', text)
    this.rule?.matches.push({ module: 'comment', comment: text })
    // A quoted comment as three pieces (the quotes around the text as it is), not a new string.
    const q = saveQuoting(text)
    if (q === QUOTED) this.match(' -m comment --comment "', text, '"')
    else this.match(' -m comment --comment ', q === BARE ? text : saveString(text))
    return this
  }

  /**
   * comment(a + b) without making that string when only the line is wanted (a 'text' rule): the
   * comment's pieces go into the line as they are ("ns/name:port" and " cluster IP", 20k rules
   * per cluster). `b` is a literal of the writer's.
   */
  commentOf(a: string, b: string): this {
    if (this.skip) return this
    if (this.rule || this.tokens) return this.comment(a + b)
    const qa = saveQuoting(a)
    const qb = saveQuoting(b)
    if (qa > QUOTED || qb > QUOTED) return this.comment(a + b)
    if ((qa === BARE || !a) && (qb === BARE || !b) && (a || b)) this.match(' -m comment --comment ', a, b)
    else this.match(' -m comment --comment "', a, b, '"')
    return this
  }

  /** `-m P -p P`. */
  proto(p: 'tcp' | 'udp' | 'sctp'): this {
    if (this.skip) return this
    this.tokens?.push('-m', p, '-p', p)
    if (this.rule) {
      this.l4 = { module: p }
      this.rule.matches.push(this.l4)
      this.rule.proto = PROTO[p]
    }
    this.protoText = PROTO_TEXT[p]
    this.l4Proto = p
    this.match(MODULE_TEXT[p])
    this.l4End = this.matchCount
    return this
  }

  dst(address: string, negate = false): this {
    if (this.skip) return this
    this.address('-d', 'dst', address, negate)
    return this
  }

  src(address: string, negate = false): this {
    if (this.skip) return this
    this.address('-s', 'src', address, negate)
    return this
  }

  /** `[!] -s|-d ADDRESS`: records the argument and the match, and the save text's pieces. */
  private address(flag: '-s' | '-d', field: 'src' | 'dst', address: string, negate: boolean): void {
    if (negate) this.tokens?.push('!')
    this.tokens?.push(flag, address)
    let p0: string
    let p1 = ''
    let p2 = ''
    // A host address needs no parse for its text; a range's canonical form does.
    if (this.rule) {
      const c = addressOrCidr(address)
      this.rule[field] = { value: c, negate }
      p0 = flagText(flag, negate)
      p1 = saveAddress(address, c)
    } else if (isIpv4(address)) {
      p0 = flagText(flag, negate)
      p1 = address
      p2 = '/32'
    } else {
      p0 = rangeText(address, negate, flag)
    }
    if (field === 'src') {
      this.src0 = p0
      this.src1 = p1
      this.src2 = p2
    } else {
      this.dst0 = p0
      this.dst1 = p1
      this.dst2 = p2
    }
  }

  /** Appends up to four pieces to the matches. */
  private match(a: string, b = '', c = '', d = ''): void {
    const m = this.matchPieces
    m[this.matchCount++] = a
    if (b) m[this.matchCount++] = b
    if (c) m[this.matchCount++] = c
    if (d) m[this.matchCount++] = d
  }

  dport(port: number): this {
    if (this.skip) return this
    if (this.l4End < 0) throw new Error('--dport before -m tcp/udp/sctp')
    this.tokens?.push('--dport', String(port))
    if (this.l4) this.l4.dport = { value: port, negate: false }
    this.dportText = dportPiece(port)
    return this
  }

  addrtype(which: 'src' | 'dst', type: AddrType): this {
    if (this.skip) return this
    this.tokens?.push('-m', 'addrtype', which === 'src' ? '--src-type' : '--dst-type', type)
    this.rule?.matches.push(which === 'src' ? { module: 'addrtype', srcType: { value: type, negate: false } } : { module: 'addrtype', dstType: { value: type, negate: false } })
    this.match(which === 'src' ? ' -m addrtype --src-type ' : ' -m addrtype --dst-type ', type)
    return this
  }

  nfacct(name: string): this {
    if (this.skip) return this
    this.tokens?.push('-m', 'nfacct', '--nfacct-name', name)
    this.rule?.matches.push({ module: 'nfacct', name })
    // iptables 1.8.9 prints two spaces here (observed on the kernel).
    this.match(' -m nfacct --nfacct-name  ', name)
    return this
  }

  /** `-m statistic --mode random --probability P` with P as kube-proxy prints it. */
  probability(text: string): this {
    if (this.skip) return this
    this.tokens?.push('-m', 'statistic', '--mode', 'random', '--probability', text)
    this.rule?.matches.push({ module: 'statistic', probability: kernelProbability(text) })
    this.match(probabilitySaveText(text))
    return this
  }

  recentCheck(name: string, seconds: number): this {
    if (this.skip) return this
    this.tokens?.push('-m', 'recent', '--name', name, '--rcheck', '--seconds', String(seconds), '--reap')
    this.rule?.matches.push({ module: 'recent', name, action: 'rcheck', seconds, reap: true })
    this.match(` -m recent --rcheck --seconds ${seconds} --reap --name `, name, ' --mask 255.255.255.255 --rsource')
    return this
  }

  recentSet(name: string): this {
    if (this.skip) return this
    this.tokens?.push('-m', 'recent', '--name', name, '--set')
    this.rule?.matches.push({ module: 'recent', name, action: 'set', reap: false })
    this.match(' -m recent --set --name ', name, ' --mask 255.255.255.255 --rsource')
    return this
  }

  /** `-j NAME`: a verdict (ACCEPT, DROP, RETURN, REJECT) or a user chain. */
  jump(name: string): this {
    if (this.skip) return this
    this.tokens?.push('-j', name)
    // The Target only when a Rule is built ('text' rules are 100k+ per cluster).
    const r = this.rule !== null
    if (name === 'ACCEPT' || name === 'DROP' || name === 'RETURN') return this.finish(r ? { kind: name } : undefined, ' -j ', name)
    if (name === 'KUBE-MARK-MASQ') return this.finish(r ? { kind: 'jump', chain: name } : undefined, MASQ_JUMP)
    if (name === 'REJECT') return this.finish(r ? { kind: 'REJECT', rejectWith: 'icmp-port-unreachable' } : undefined, ' -j REJECT --reject-with icmp-port-unreachable')
    return this.finish(r ? { kind: 'jump', chain: name } : undefined, ' -j ', name)
  }

  dnat(ip: string, port: number): this {
    if (this.skip) return this
    this.tokens?.push('-j', 'DNAT', '--to-destination', `${ip}:${port}`)
    return this.finish(this.rule ? { kind: 'DNAT', toAddress: parseIpv4(ip), toPort: port } : undefined, ' -j DNAT --to-destination ', ip, portSuffix(port))
  }

  /** A rule without a target: it only counts packets. */
  countOnly(): this {
    if (this.skip) return this
    return this.finish(undefined)
  }

  private finish(target: Target | undefined, t0 = '', t1 = '', t2 = '', t3 = ''): this {
    if (target && this.rule) this.rule.target = target
    this.target0 = t0
    this.target1 = t1
    this.target2 = t2
    this.target3 = t3
    this.done = true
    if (this.rule) {
      // A built Rule carries its line (saveText): the same pieces, joined.
      const pieces: string[] = []
      this.appendTo(pieces, 0)
      this.line = this.rule.saveText = pieces.join('')
    }
    return this
  }

  /**
   * Writes the finished rule's iptables-save line as pieces into `out` from index `at` (the
   * caller joins them, with the lines around it); returns the index after the last piece.
   * Without `lead`, the line's `-A ` is left to the caller (who writes it with the newline before).
   * A host address's `/32` is written with the piece after it when the two have one joined text.
   */
  appendTo(out: string[], at: number, lead = true): number {
    if (!this.done) throw new Error(`rule of ${this.chain} is not finished`)
    let n = at
    if (lead) out[n++] = '-A '
    out[n++] = this.chainName
    // The last address's suffix ('/32' or ''), not written yet.
    let suffix = ''
    if (this.src0) {
      out[n++] = this.src0
      if (this.src1) out[n++] = this.src1
      suffix = this.src2
    }
    if (this.dst0) {
      if (suffix) out[n++] = suffix
      out[n++] = this.dst0
      if (this.dst1) out[n++] = this.dst1
      suffix = this.dst2
    }
    const m = this.matchPieces
    const dportAt = this.dportText ? this.l4End : -1
    let i = 0
    if (this.protoText) {
      // `-m P` joined to `-p P` when it is the first match and no --dport comes before it.
      const withModule = this.l4End === 1 && dportAt !== 0 ? 1 : 0
      const slash = suffix === '/32' ? 2 : 0
      if (suffix && !slash) out[n++] = suffix
      suffix = ''
      out[n++] = PROTO_JOINED[this.l4Proto!][slash + withModule]!
      i = withModule
    }
    if (suffix && (this.matchCount > 0 || this.target0 !== MASQ_JUMP || suffix !== '/32')) {
      out[n++] = suffix
      suffix = ''
    }
    for (; i < this.matchCount; i++) {
      if (i === dportAt) out[n++] = this.dportText
      out[n++] = m[i]!
    }
    if (dportAt === this.matchCount) out[n++] = this.dportText
    if (this.target0) {
      out[n++] = suffix ? SLASH_MASQ_JUMP : this.target0
      if (this.target1) out[n++] = this.target1
      if (this.target2) out[n++] = this.target2
      if (this.target3) out[n++] = this.target3
    } else if (suffix) out[n++] = suffix
    return n
  }

  /** The finished rule with its arguments (empty unless the mode is 'args'). */
  kpRule(): KpRule {
    if (!this.rule || !this.done) throw new Error(`rule of ${this.chain} is not finished or was built as text only`)
    return { tokens: this.tokens ?? NO_ARGS, rule: this.rule }
  }

  /** The finished structured rule ('args' and 'rule' modes). */
  builtRule(): Rule {
    if (!this.rule || !this.done) throw new Error(`rule of ${this.chain} is not finished or was built as text only`)
    return this.rule
  }
}

const TEXT = new RuleBuilder('', 'text')
const SKIP = new RuleBuilder('', 'skip')

/** For the handful of fixed rules per node: parsing them is cheap and keeps them readable. */
export function parsedRule(tokens: readonly string[]): KpRule {
  return { tokens, rule: mustParseRule(tokens) }
}
