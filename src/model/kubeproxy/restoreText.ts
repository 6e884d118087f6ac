/**
 * Text forms of kube-proxy's restore input: as kube-proxy writes it, and in the canonical order
 * upstream's unit tests compare (proxier_test.go sortIPTablesRules).
 */
import { byteCompare } from '../netfilter/formatSave.js'
import { joinRuleTokens } from '../netfilter/tokens.js'
import type { RestoreInput } from './types.js'

/** The exact `iptables-restore --noflush` input kube-proxy feeds the kernel. */
export function formatRestoreInput(input: RestoreInput): string {
  const out: string[] = ['*filter']
  for (const c of input.filter.chains) out.push(`:${c} - [0:0]`)
  for (const r of input.filter.rules) out.push(joinRuleTokens(r.tokens))
  out.push('COMMIT', '*nat')
  for (const c of input.nat.chains) out.push(`:${c} - [0:0]`)
  for (const r of input.nat.rules) out.push(joinRuleTokens(r.tokens))
  for (const d of input.nat.deletes) out.push(`-X ${d}`)
  out.push('COMMIT')
  return out.map((l) => `${l}\n`).join('')
}

function chainOrder(a: string, b: string): number {
  const rank = (c: string): number => (c === 'KUBE-NODEPORTS' ? 0 : c === 'KUBE-SERVICES' ? 1 : c.startsWith('KUBE-') ? 2 : 3)
  return rank(a) - rank(b) || byteCompare(a, b)
}

/** Service name of a rule for the stable sort: comment text up to the first space or ':'. */
function serviceNameOf(tokens: readonly string[]): string {
  const i = tokens.indexOf('--comment')
  const c = i >= 0 ? (tokens[i + 1] ?? '') : ''
  return c.split(/[ :]/)[0] ?? ''
}

const NODEPORTS_LAST = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain'

function canonicalTable(name: string, chains: readonly string[], rules: readonly (readonly string[])[], deletes: readonly string[]): string {
  const ordered = [...new Set(chains)].sort(chainOrder)
  const lines = [`*${name}`, ...ordered.map((c) => `:${c} - [0:0]`)]
  const byChain = new Map<string, (readonly string[])[]>()
  for (const r of rules) {
    const list = byChain.get(r[1]!)
    if (list) list.push(r)
    else byChain.set(r[1]!, [r])
  }
  for (const c of ordered) {
    let group = byChain.get(c) ?? []
    if (c === 'KUBE-NODEPORTS' || c === 'KUBE-SERVICES') {
      const last = group.filter((r) => r.includes(NODEPORTS_LAST))
      const rest = group.filter((r) => !r.includes(NODEPORTS_LAST))
      // Array.prototype.sort is stable, so a service keeps its own write order.
      group = [...rest.sort((a, b) => byteCompare(serviceNameOf(a), serviceNameOf(b))), ...last]
    }
    lines.push(...group.map(joinRuleTokens))
  }
  for (const d of [...deletes].sort(chainOrder)) lines.push(`-X ${d}`)
  lines.push('COMMIT')
  return lines.map((l) => `${l}\n`).join('')
}

export interface CanonicalDump {
  readonly filter: string
  readonly nat: string
}

export function canonicalRestoreText(input: RestoreInput): CanonicalDump {
  return {
    filter: canonicalTable('filter', input.filter.chains, input.filter.rules.map((r) => r.tokens), []),
    nat: canonicalTable('nat', input.nat.chains, input.nat.rules.map((r) => r.tokens), input.nat.deletes),
  }
}
