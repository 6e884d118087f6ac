/**
 * What the kernel holds after kube-proxy starts on a fresh node: the canary chains, the jump
 * rules ensured one by one with "insert at 1" (so a chain ends up holding them in reverse list
 * order), then the restore input applied with --noflush.
 */
import { mustParseRule } from '../netfilter/parseRule.js'
import { ensureChain, ensureRuleAtTop, flushChain, appendRule } from '../netfilter/ruleset.js'
import type { Rule, Ruleset, TableName } from '../netfilter/types.js'
import type { ProxierConfig, RestoreInput } from './types.js'

interface JumpChain {
  readonly table: TableName
  readonly from: string
  readonly to: string
  readonly extra: readonly string[]
  readonly comment: string
}

const NEW = ['-m', 'conntrack', '--ctstate', 'NEW']

/** iptablesJumpChains + iptablesKubeletJumpChains, in list order. */
function jumpChains(cfg: ProxierConfig): JumpChain[] {
  const list: JumpChain[] = [
    { table: 'filter', from: 'INPUT', to: 'KUBE-EXTERNAL-SERVICES', extra: NEW, comment: 'kubernetes externally-visible service portals' },
    { table: 'filter', from: 'FORWARD', to: 'KUBE-EXTERNAL-SERVICES', extra: NEW, comment: 'kubernetes externally-visible service portals' },
    { table: 'filter', from: 'INPUT', to: 'KUBE-NODEPORTS', extra: [], comment: 'kubernetes health check service ports' },
    { table: 'filter', from: 'FORWARD', to: 'KUBE-SERVICES', extra: NEW, comment: 'kubernetes service portals' },
    { table: 'filter', from: 'OUTPUT', to: 'KUBE-SERVICES', extra: NEW, comment: 'kubernetes service portals' },
    { table: 'filter', from: 'FORWARD', to: 'KUBE-FORWARD', extra: [], comment: 'kubernetes forwarding rules' },
    { table: 'filter', from: 'INPUT', to: 'KUBE-PROXY-FIREWALL', extra: NEW, comment: 'kubernetes load balancer firewall' },
    { table: 'filter', from: 'OUTPUT', to: 'KUBE-PROXY-FIREWALL', extra: NEW, comment: 'kubernetes load balancer firewall' },
    { table: 'filter', from: 'FORWARD', to: 'KUBE-PROXY-FIREWALL', extra: NEW, comment: 'kubernetes load balancer firewall' },
    { table: 'nat', from: 'OUTPUT', to: 'KUBE-SERVICES', extra: [], comment: 'kubernetes service portals' },
    { table: 'nat', from: 'PREROUTING', to: 'KUBE-SERVICES', extra: [], comment: 'kubernetes service portals' },
    { table: 'nat', from: 'POSTROUTING', to: 'KUBE-POSTROUTING', extra: [], comment: 'kubernetes postrouting rules' },
  ]
  if (cfg.localhostNodePorts) {
    list.push(
      { table: 'filter', from: 'INPUT', to: 'KUBE-FIREWALL', extra: [], comment: '' },
      { table: 'filter', from: 'OUTPUT', to: 'KUBE-FIREWALL', extra: [], comment: '' },
    )
  }
  return list
}

/**
 * The jumps parsed once per list (it depends on localhostNodePorts alone) and shared by every
 * node: Rules are immutable, and the jumps of one list are distinct.
 */
const parsedJumps = new Map<boolean, readonly (readonly [JumpChain, Rule])[]>()
function jumpRules(cfg: ProxierConfig): readonly (readonly [JumpChain, Rule])[] {
  let list = parsedJumps.get(cfg.localhostNodePorts)
  if (!list) {
    list = jumpChains(cfg).map((j) => {
      const comment = j.comment ? ['-m', 'comment', '--comment', j.comment] : []
      return [j, mustParseRule(['-A', j.from, ...j.extra, ...comment, '-j', j.to])] as const
    })
    parsedJumps.set(cfg.localhostNodePorts, list)
  }
  return list
}

/** What kube-proxy ensures before its first restore: canaries and the jumps into its chains. */
export function applyKubeProxyJumps(rs: Ruleset, cfg: ProxierConfig): void {
  for (const t of ['mangle', 'nat', 'filter'] as const) ensureChain(rs, t, 'KUBE-PROXY-CANARY')
  for (const [j, rule] of jumpRules(cfg)) {
    ensureChain(rs, j.table, j.to)
    ensureRuleAtTop(rs, j.table, rule)
  }
}

export function applyKubeProxy(rs: Ruleset, cfg: ProxierConfig, input: RestoreInput): void {
  applyKubeProxyJumps(rs, cfg)
  for (const c of input.filter.chains) flushChain(rs, 'filter', c)
  for (const r of input.filter.rules) appendRule(rs, 'filter', r.rule)
  for (const c of input.nat.chains) flushChain(rs, 'nat', c)
  for (const r of input.nat.rules) appendRule(rs, 'nat', r.rule)
}
