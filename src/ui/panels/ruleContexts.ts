/**
 * Where the rules of a trace's hops sit in their `show` views (an `iptables-save` line's table,
 * chain, rule number and the lines around it), asked of the model worker once per rule and
 * kept for the current model and the one before it (the other kube-proxy mode's walk).
 */
import type { Decision } from '../../engine/trace/types.js'
import type { Step } from '../../render/tracePath.js'
import type { LabCoreApi, RuleContext, RuleRef } from '../worker/labCore.js'
import { CONTEXT_LINES, type RuleLookup } from './ruleWalk.js'

export type Which = 'current' | 'previous'

export interface RuleContexts {
  lookup(which: Which): RuleLookup
  /** Asks the worker for the rules of these hops not known yet; `arrived` runs when they are. */
  fetch(hops: readonly (readonly [Step | undefined, Which])[], arrived: () => void): void
  /** A new model: everything known is stale (answers still on their way are dropped). */
  clear(): void
}

export function ruleContexts(core: Pick<LabCoreApi, 'ruleContexts'>): RuleContexts {
  const known = new Map<string, RuleContext | null>()
  /** Asked and not answered yet: a step shown again meanwhile asks nothing more. */
  const asked = new Set<string>()
  let generation = 0
  const key = (d: Decision, which: Which): string => `${which}|${d.view}|${d.line}`
  return {
    lookup: (which) => (d) => known.get(key(d, which)) ?? null,
    fetch(hops, arrived) {
      const missing: [Decision, Which][] = []
      for (const [s, which] of hops) {
        if (s?.kind !== 'hop') continue
        for (const d of s.hop.decidedBy) if (d.view && d.line && !known.has(key(d, which)) && !asked.has(key(d, which))) missing.push([d, which])
      }
      if (!missing.length) return
      for (const [d, which] of missing) asked.add(key(d, which))
      const mine = generation
      const done = (): void => { for (const [d, which] of missing) asked.delete(key(d, which)) }
      void core.ruleContexts(missing.map(([d, which]): RuleRef => [d.view!, d.line!, which]), CONTEXT_LINES).then((found) => {
        done()
        if (mine !== generation) return
        missing.forEach(([d, which], i) => known.set(key(d, which), found[i] ?? null))
        arrived()
      }, done)
    },
    clear() {
      generation++
      known.clear()
      asked.clear()
    },
  }
}

