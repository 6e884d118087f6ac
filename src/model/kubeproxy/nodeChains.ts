/**
 * kube-proxy's chains in one node's ruleset, built from per-service-port fragments held as
 * iptables-save text. A fragment is written once per service port (and node-dependent
 * signature, see SyncPlan.key) and shared by every node and every later model that keeps the
 * same service port and endpoint objects, so after an edit only the changed Services are
 * rewritten (what KEP-3453's partial sync does for kube-proxy). The Rules of a chain are built
 * only when something walks or inspects it, by running the same writer for that chain alone.
 */
import { composedChain, rulePart, type ChainPart } from '../netfilter/composedChain.js'
import { formatSaveRule } from '../netfilter/formatSave.js'
import { ensureTable } from '../netfilter/ruleset.js'
import { applyKubeProxyJumps } from './applyToRuleset.js'
import type { Chain, Rule, Ruleset } from '../netfilter/types.js'
import type { BuildMode, RuleBuilder } from './ruleBuilder.js'
import type { RuleSink } from './servicePortRules.js'
import { FragmentCache, fixedRules, SyncPlan, writePort, type PortEntry, type PortView } from './syncProxyRules.js'
import type { ProxyInput, ProxyServicePort } from './types.js'

/** How much work fragments have cost, for tests and the benchmark. */
export const fragmentCounters = { written: 0, materialised: 0 }

/** One fragment's rules in one chain. */
class Segment implements ChainPart {
  lines: string[] | null = []
  text = ''
  count = 0
  /** In one of the fragment's own chains (declared by it), not a chain every port writes to. */
  own = false
  /**
   * Built once: the fragment (and so this segment) is shared by every node and every later model
   * that keeps the service port, so a new model's KUBE-SERVICES is these lists joined, not
   * 10,000 ports written again.
   */
  private built: readonly Rule[] | null = null
  constructor(readonly fragment: TextFragment, readonly table: 'filter' | 'nat', readonly chain: string) {}
  rules(): readonly Rule[] {
    return (this.built ??= Object.freeze(this.fragment.rulesOf(this)))
  }
}

/** A service port's rules on a node, as text per chain; Rules on demand. */
class TextFragment implements RuleSink {
  readonly natChains: string[] = []
  readonly segments: Segment[] = []
  /** Its own chains (KUBE-SVC/SVL/EXT/FW/SEP), the same objects in every node's ruleset. */
  private own: Chain[] | null = null

  constructor(private readonly view: PortView) {
    writePort(this, view)
    for (const s of this.segments) {
      s.text = s.count === 1 ? s.lines![0]! : s.lines!.join('\n')
      s.lines = null
    }
    fragmentCounters.written++
  }

  mode(): BuildMode { return 'text' }
  nat(b: RuleBuilder): void { this.add('nat', b) }
  filter(b: RuleBuilder): void { this.add('filter', b) }
  natChain(name: string): void { this.natChains.push(name) }

  private add(table: 'filter' | 'nat', b: RuleBuilder): void {
    // A fragment's rules come in runs per chain; look further back only when the chain changes.
    let s = this.segments[this.segments.length - 1]
    if (!s || s.table !== table || s.chain !== b.chain) {
      s = this.segments.find((x) => x.table === table && x.chain === b.chain)
      if (!s) {
        this.segments.push((s = new Segment(this, table, b.chain)))
        // A port declares its own chains before writing to them.
        s.own = table === 'nat' && this.natChains.includes(b.chain)
      }
    }
    s.lines!.push(b.line)
    s.count++
  }

  ownChains(): Chain[] {
    return (this.own ??= this.natChains.map((name) => {
      const seg = this.segments.find((s) => s.table === 'nat' && s.chain === name)
      return composedChain(name, seg ? [seg] : [])
    }))
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

const EMPTY = { natChains: [], segments: [], ownChains: () => [] }
const textFragments = new FragmentCache<TextFragment>()

function fragmentFor(plan: SyncPlan, { sp, raw, eps }: PortEntry): Pick<TextFragment, 'natChains' | 'segments' | 'ownChains'> {
  if (sp.type === 'ExternalName' || sp.clusterIP === null) return EMPTY
  const withIP = sp as ProxyServicePort & { clusterIP: string }
  return textFragments.get(sp, raw, plan.key(sp, eps), () => new TextFragment(plan.view(withIP, eps)))
}

/**
 * Writes kube-proxy's filter and nat chains into a node's ruleset as one full sync with
 * `--noflush` leaves them: each declared chain holds exactly the rules written to it, in write
 * order (applyKubeProxy does the same from a RestoreInput, rule by rule). Chains are set in the
 * order the restore declares them, so the tables list them as the kernel's restore creates them.
 */
export function applyKubeProxyChains(rs: Ruleset, input: ProxyInput): void {
  const fixed = fixedRules(input.config)
  const plan = new SyncPlan(input, 'text')
  applyKubeProxyJumps(rs, input.config)
  const tables = { filter: ensureTable(rs, 'filter').chains, nat: ensureTable(rs, 'nat').chains }
  // A chain line of the restore creates the chain or empties it; its rules follow. The shared
  // chains are set first (declaration order) and filled as the ports are walked.
  const parts = { filter: new Map<string, ChainPart[]>(), nat: new Map<string, ChainPart[]>() }
  for (const table of ['filter', 'nat'] as const) {
    for (const c of table === 'filter' ? fixed.filterChains : fixed.natChains) {
      const list: ChainPart[] = []
      parts[table].set(c, list)
      tables[table].set(c, composedChain(c, list))
    }
  }
  const add = (table: 'filter' | 'nat', chain: string, part: ChainPart): void => {
    const list = parts[table].get(chain)
    // kube-proxy declares every chain it writes to; a rule for another chain would be a bug here.
    if (!list) throw new Error(`kube-proxy wrote to undeclared ${table} chain ${chain}`)
    list.push(part)
  }
  const addFixed = (f: (typeof fixed.head)[number]): void => add(f.table, f.rule.rule.chain, rulePart(f.rule.rule, formatSaveRule(f.rule.rule)))
  fixed.head.forEach(addFixed)
  const nat = tables.nat
  for (const e of plan.ports()) {
    const f = fragmentFor(plan, e)
    for (const s of f.segments) if (!s.own) add(s.table, s.chain, s)
    if (f.natChains.length) for (const c of f.ownChains()) nat.set(c.name, c)
  }
  fixed.tail.forEach(addFixed)
}
