/**
 * The walker's netfilter step on a node whose kube-proxy runs in nftables mode: the iptables
 * table the walker asks for and kube-proxy's nftables base chains of the same hook, in
 * priority order (hookOrder.ts), as one result. Each decision points at its line: iptables
 * rules in the `iptables` view, nftables rules and the map elements that decided them in the
 * `nft` view. `numgen` choices are recorded like iptables' `statistic` ones (pin with --pick).
 */
import { isIpv4, parseIpv4 } from '../../model/addr/ipv4.js'
import { formatSaveRule } from '../../model/netfilter/formatSave.js'
import type { Rule, TableName } from '../../model/netfilter/types.js'
import { ruleText } from '../../model/nftables/ruleText.js'
import type { NftChain } from '../../model/nftables/types.js'
import type { NftNodeState } from '../../model/node/nftState.js'
import { traverse, type MatchedRule, type NfContext, type NfPacket, type NfResult } from '../netfilter/evaluate.js'
import type { WalkEnv } from '../packet/walker.js'
import type { Decision } from '../trace/types.js'
import { evaluateBaseChain, type NftContext } from './evaluate.js'
import { iptablesPriority, nftBaseChainsFor } from './hookOrder.js'

const dynamicSets = new WeakMap<WalkEnv, Set<string>>()

/** Where an endpoint chain leads: its `dnat to` target. */
function endpointLabel(nft: NftNodeState, chain: string): string {
  const dnat = nft.table.chains.get(chain)?.rules.find((r) => r.action.kind === 'dnat')?.action
  return dnat && dnat.kind === 'dnat' ? `${dnat.ip}:${dnat.port}` : chain
}

function nftContext(env: WalkEnv, node: string, nft: NftNodeState, isLocal: (ip: number) => boolean): NftContext {
  let dyn = dynamicSets.get(env)
  if (!dyn) dynamicSets.set(env, (dyn = new Set()))
  const d = dyn
  return {
    isLocal,
    dynamicHas: (set, ip) => d.has(`${node}|${set}|${ip}`),
    dynamicAdd: (set, ip) => void d.add(`${node}|${set}|${ip}`),
    numgen: (chain, targets) => {
      const labels = targets.map((t) => endpointLabel(nft, t))
      const podOf = (label: string): string | undefined => {
        const a = label.split(':')[0]!
        return isIpv4(a) ? env.world.podAt(parseIpv4(a))?.name : undefined
      }
      const pinned = env.pick ? labels.findIndex((l) => l === env.pick || l.split(':')[0] === env.pick || podOf(l) === env.pick) : -1
      const index = pinned >= 0 ? pinned : Math.min(targets.length - 1, Math.floor(env.rng() * targets.length))
      env.choices.push({
        at: `${node} nft ${chain}`,
        alternatives: labels.map((label, i) => ({ label, chain: targets[i]!, probability: Number((1 / targets.length).toFixed(6)) })),
        picked: labels[index]!,
        how: pinned >= 0 ? 'pinned' : targets.length === 1 ? 'only' : 'seeded',
        phase: env.phase ?? 'connection',
      })
      return index
    },
  }
}

/**
 * The combined walk, or null when the node has no nftables table (iptables mode): then the
 * walker's own iptables walk stands alone.
 */
export function nftablesHop(
  env: WalkEnv, node: string, table: TableName, hook: string, packet: NfPacket, nfCtx: NfContext,
): { res: NfResult; decisions: Decision[] } | null {
  const state = env.world.nodeState(node)
  const nft = state.nftables
  if (!nft) return null
  const chains = nftBaseChainsFor(nft.table, table, hook)
  const iptPrio = iptablesPriority(table, hook)
  // iptables first at equal priority: a stable sort of [iptables, ...nftables] by priority.
  const order: ({ kind: 'ipt'; prio: number } | { kind: 'nft'; prio: number; chain: NftChain })[] = [
    { kind: 'ipt' as const, prio: iptPrio }, ...chains.map((chain) => ({ kind: 'nft' as const, prio: chain.hook!.priority, chain })),
  ].sort((a, b) => a.prio - b.prio)

  const ctx = nftContext(env, node, nft, nfCtx.isLocal)
  const saved = state.iptablesSave()
  let p = packet
  let verdict: NfResult['verdict'] = 'ACCEPT'
  let dnat: NfResult['dnat'] = null
  let masquerade: NfResult['masquerade'] = null
  let walked = 0
  let notrack = false
  const matched: MatchedRule[] = []
  const recentSet: string[] = []
  const decisions: Decision[] = []
  for (const step of order) {
    const natChain = step.kind === 'ipt' ? table === 'nat' : step.chain.hook!.type === 'nat'
    if (natChain && (dnat || masquerade)) continue
    if (step.kind === 'ipt') {
      const r = traverse(state.ruleset, table, hook, p, nfCtx)
      for (const m of r.matched) {
        matched.push(m)
        decisions.push({ what: 'iptables', view: `node/${node} iptables`, line: saved.lineOf(m.table, m.rule) ?? 0, text: formatSaveRule(m.rule) })
      }
      recentSet.push(...r.recentSet)
      notrack ||= r.notrack ?? false
      p = r.packet
      walked += r.walked
      verdict = r.verdict
      dnat ??= r.dnat
      masquerade ??= r.masquerade
    } else {
      const r = evaluateBaseChain(nft.table, step.chain, p, ctx)
      for (const m of r.matched) {
        const text = ruleText(m.rule, nft.table.family, 'list')
        // The walker reads the last matched rule's chain and text (filterHook): nft rules carry theirs.
        const pseudo: Rule = { chain: m.chain, matches: [], saveText: text }
        matched.push({ table, chain: m.chain, index: m.index, rule: pseudo })
        decisions.push({ what: 'nftables', view: `node/${node} nft`, line: nft.listed.ruleLine(m.chain, m.index) ?? 0, text })
        if (m.element) {
          const e = nft.table.sets.get(m.element.set)!.elements[m.element.index]!
          decisions.push({
            what: 'nftables', view: `node/${node} nft`, line: nft.listed.elementLine(m.element.set, m.element.index) ?? 0,
            text: `@${m.element.set}: ${e.key.join(' . ')}${e.comment !== undefined ? ` comment "${e.comment}"` : ''}${e.verdict ? ` : ${e.verdict.kind}${'chain' in e.verdict ? ` ${e.verdict.chain}` : ''}` : ''}`,
          })
        }
      }
      p = { ...p, dst: r.packet.dst, dport: r.packet.dport, mark: r.packet.mark }
      walked += r.walked
      verdict = r.verdict
      if (r.dnat) dnat = { ip: r.dnat.ip, port: r.dnat.port }
      if (r.masquerade) masquerade = r.masquerade
    }
    if (verdict !== 'ACCEPT') break
  }
  return { res: { verdict, packet: p, dnat, masquerade, matched, walked, recentSet, notrack }, decisions }
}

