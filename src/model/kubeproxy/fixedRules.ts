/**
 * The rules kube-proxy (iptables mode) writes in a full sync outside any service port: its
 * POSTROUTING and MARK-MASQ chains, the localhost firewall, the NodePort dispatch that must be
 * the last rule of nat KUBE-SERVICES, and KUBE-FORWARD. Sources: ../shared/design/kube-proxy.md.
 */
import { cidrContains, isIpv4, parseCidr, parseIpv4 } from '../addr/ipv4.js'
import { parsedRule, type KpRule } from './ruleBuilder.js'
import type { ProxyInput } from './types.js'

const markHex = (mark: number): string => `0x${mark.toString(16)}`

/** The rules kube-proxy writes outside any service port, in write order around the ports. */
export interface FixedRules {
  readonly filterChains: string[]
  readonly natChains: string[]
  /** Before the service ports. */
  readonly head: { readonly table: 'filter' | 'nat'; readonly rule: KpRule }[]
  /** After them (the NodePort dispatch, KUBE-FORWARD). */
  readonly tail: { readonly table: 'filter' | 'nat'; readonly rule: KpRule }[]
}

/**
 * What fixedRules reads of a config, as a string: configs with the same key get the same fixed
 * rules (a node's name and addresses matter only when nodePortAddresses picks among them), so
 * every node of an iptables-mode cluster shares one set (nodeChains.ts keeps them by this key).
 */
export function fixedRulesKey(cfg: ProxyInput['config']): string {
  return JSON.stringify([cfg.masqueradeMark, cfg.localhostNodePorts, cfg.hasRandomFully, cfg.conntrackTCPLiberal, cfg.nfacct.ctStateInvalid,
    cfg.nodePortAddresses, cfg.nodePortAddresses === null ? null : cfg.nodeIPs])
}

export function fixedRules(cfg: ProxyInput['config']): FixedRules {
  const M = markHex(cfg.masqueradeMark)
  const localhostNps = cfg.localhostNodePorts
  const filterChains = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']
  const natChains = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']
  const head: FixedRules['head'] = []
  const tail: FixedRules['tail'] = []
  // The fixed rules are few per node, so they are written as arguments and parsed.
  let list = head
  const fixedNat = (tokens: string[]): void => void list.push({ table: 'nat', rule: parsedRule(tokens) })
  const fixedFilter = (tokens: string[]): void => void list.push({ table: 'filter', rule: parsedRule(tokens) })

  fixedNat(['-A', 'KUBE-POSTROUTING', '-m', 'mark', '!', '--mark', `${M}/${M}`, '-j', 'RETURN'])
  fixedNat(['-A', 'KUBE-POSTROUTING', '-j', 'MARK', '--xor-mark', M])
  fixedNat([
    '-A', 'KUBE-POSTROUTING', '-m', 'comment', '--comment', 'kubernetes service traffic requiring SNAT', '-j', 'MASQUERADE',
    ...(cfg.hasRandomFully ? ['--random-fully'] : []),
  ])
  fixedNat(['-A', 'KUBE-MARK-MASQ', '-j', 'MARK', '--or-mark', M])

  if (localhostNps) {
    filterChains.push('KUBE-FIREWALL')
    fixedFilter([
      '-A', 'KUBE-FIREWALL', '-m', 'comment', '--comment', 'block incoming localnet connections',
      '-d', '127.0.0.0/8', '!', '-s', '127.0.0.0/8', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP',
    ])
  }

  list = tail
  // The NodePort dispatch must be the last rule of nat KUBE-SERVICES.
  const npComment = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain'
  if (cfg.nodePortAddresses === null) {
    fixedNat(['-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', npComment, '-m', 'addrtype', '--dst-type', 'LOCAL',
      ...(localhostNps ? [] : ['!', '-d', '127.0.0.0/8']), '-j', 'KUBE-NODEPORTS'])
  } else {
    for (const ip of nodePortIPs()) {
      fixedNat(['-A', 'KUBE-SERVICES', '-m', 'comment', '--comment', npComment, '-d', ip, '-j', 'KUBE-NODEPORTS'])
    }
  }

  if (!cfg.conntrackTCPLiberal) {
    fixedFilter(['-A', 'KUBE-FORWARD', '-m', 'conntrack', '--ctstate', 'INVALID',
      ...(cfg.nfacct.ctStateInvalid ? ['-m', 'nfacct', '--nfacct-name', 'ct_state_invalid_dropped_pkts'] : []), '-j', 'DROP'])
  }
  fixedFilter(['-A', 'KUBE-FORWARD', '-m', 'comment', '--comment', 'kubernetes forwarding rules', '-m', 'mark', '--mark', `${M}/${M}`, '-j', 'ACCEPT'])
  fixedFilter(['-A', 'KUBE-FORWARD', '-m', 'comment', '--comment', 'kubernetes forwarding conntrack rule', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'])
  return { filterChains, natChains, head, tail }

  function nodePortIPs(): string[] {
    const cidrs = (cfg.nodePortAddresses ?? []).map((c) => parseCidr(c)).flatMap((r) => (r.ok ? [r.cidr] : []))
    return cfg.nodeIPs.filter(
      (ip) => isIpv4(ip) && cidrs.some((c) => cidrContains(c, parseIpv4(ip))) && (localhostNps || !ip.startsWith('127.')),
    )
  }
}
