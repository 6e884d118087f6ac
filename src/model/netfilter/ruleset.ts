/**
 * Building a netns's netfilter state the way the programs on a node do: kube-proxy ensures its
 * jump rules by inserting at position 1, restores its own chains with `--noflush` (declared
 * chains are flushed and rewritten), and flannel or the bridge plugin append theirs.
 */
import type { Rule, Ruleset, Table, TableName } from './types.js'
import { BUILTIN_CHAINS } from './types.js'
import { ChainTable } from './chainTable.js'

export function createRuleset(): Ruleset {
  return new Map()
}

export function ensureTable(rs: Ruleset, name: TableName): Table {
  let t = rs.get(name)
  if (!t) {
    t = { name, chains: new ChainTable() }
    for (const c of BUILTIN_CHAINS[name]) t.chains.set(c, { name: c, policy: 'ACCEPT', rules: [] })
    rs.set(name, t)
  }
  return t
}

/** `iptables -t T -N CHAIN`, idempotent. */
export function ensureChain(rs: Ruleset, table: TableName, chain: string) {
  const t = ensureTable(rs, table)
  let c = t.chains.get(chain)
  if (!c) {
    c = { name: chain, policy: null, rules: [] }
    t.chains.set(chain, c)
  }
  return c
}

/** A chain line in a `--noflush` restore: creates the chain or empties it. */
export function flushChain(rs: Ruleset, table: TableName, chain: string) {
  const c = ensureChain(rs, table, chain)
  c.rules.length = 0
  return c
}

export function appendRule(rs: Ruleset, table: TableName, rule: Rule): void {
  ensureChain(rs, table, rule.chain).rules.push(rule)
}

/** Each rule's structural key, kept per Rule (they are immutable, and the node programs' fixed rules are shared). */
const structuralKeys = new WeakMap<Rule, string>()
function structuralKey(rule: Rule): string {
  let key = structuralKeys.get(rule)
  if (key === undefined) structuralKeys.set(rule, (key = JSON.stringify(rule)))
  return key
}

/** `iptables -C … || iptables -I CHAIN 1 …` with rules compared structurally. */
export function ensureRuleAtTop(rs: Ruleset, table: TableName, rule: Rule): void {
  const c = ensureChain(rs, table, rule.chain)
  const key = structuralKey(rule)
  if (!c.rules.some((r) => structuralKey(r) === key)) c.rules.unshift(rule)
}
