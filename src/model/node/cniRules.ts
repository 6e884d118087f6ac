/**
 * The network plugin's own iptables rules: flanneld's FLANNEL-POSTRTG / FLANNEL-FWD (with
 * --ip-masq, appended after kube-proxy's prepended jumps), and for minikube's bridge conflist
 * (bridge + portmap + firewall) the bridge plugin's per-container CNI-<hash> masquerade chains
 * (ipMasq: true) and the firewall plugin's CNI-FORWARD/CNI-ADMIN filter rules.
 */
import { formatCidr, formatIpv4, type Cidr } from '../addr/ipv4.js'
import { sha512Hex } from '../hash/sha512.js'
import { mustParseRule } from '../netfilter/parseRule.js'
import { appendRule, ensureChain, ensureRuleAtTop } from '../netfilter/ruleset.js'
import type { Rule, Ruleset } from '../netfilter/types.js'
import type { ModelPod } from '../model.js'

/**
 * flanneld's rules for one lease, parsed once per (cluster CIDR, lease, mark, --random-fully)
 * and shared by every model after it: a what-if's re-trace writes the rules of the nodes on its
 * path again, and parsing their text each time cost more than the rest of them. Rules are
 * immutable (netfilter/types.ts), and the ten of one lease are distinct objects (even two alike,
 * when the lease is the whole cluster CIDR), so sharing them keeps each rule's own line in a listing.
 */
const flannelParsed = new Map<string, { readonly nat: readonly Rule[]; readonly filter: readonly Rule[] }>()
const MAX_FLANNEL_LEASES = 4096

export function applyFlannelRules(rs: Ruleset, cluster: Cidr, lease: Cidr, mark: number, randomFully: boolean): void {
  const key = `${formatCidr(cluster)} ${formatCidr(lease)} ${mark} ${randomFully}`
  let parsed = flannelParsed.get(key)
  if (!parsed) {
    if (flannelParsed.size >= MAX_FLANNEL_LEASES) flannelParsed.clear()
    flannelParsed.set(key, (parsed = parseFlannelRules(cluster, lease, mark, randomFully)))
  }
  ensureChain(rs, 'nat', 'FLANNEL-POSTRTG')
  for (const r of parsed.nat) appendRule(rs, 'nat', r)
  ensureChain(rs, 'filter', 'FLANNEL-FWD')
  for (const r of parsed.filter) appendRule(rs, 'filter', r)
}

function parseFlannelRules(cluster: Cidr, lease: Cidr, mark: number, randomFully: boolean): { nat: Rule[]; filter: Rule[] } {
  const C = formatCidr(cluster)
  const L = formatCidr(lease)
  const M = `0x${mark.toString(16)}`
  const masq = ['-m', 'comment', '--comment', 'flanneld masq']
  const rf = randomFully ? ['--random-fully'] : []
  const nat = [
    ['-A', 'POSTROUTING', ...masq, '-j', 'FLANNEL-POSTRTG'],
    ['-A', 'FLANNEL-POSTRTG', '-m', 'mark', '--mark', `${M}/${M}`, ...masq, '-j', 'RETURN'],
    ['-A', 'FLANNEL-POSTRTG', '-s', L, '-d', C, ...masq, '-j', 'RETURN'],
    ['-A', 'FLANNEL-POSTRTG', '-s', C, '-d', L, ...masq, '-j', 'RETURN'],
    ['-A', 'FLANNEL-POSTRTG', '!', '-s', C, '-d', L, ...masq, '-j', 'RETURN'],
    ['-A', 'FLANNEL-POSTRTG', '-s', C, '!', '-d', '224.0.0.0/4', ...masq, '-j', 'MASQUERADE', ...rf],
    ['-A', 'FLANNEL-POSTRTG', '!', '-s', C, '-d', C, ...masq, '-j', 'MASQUERADE', ...rf],
  ].map((t) => mustParseRule(t))
  const fwd = ['-m', 'comment', '--comment', 'flanneld forward']
  const filter = [
    ['-A', 'FORWARD', ...fwd, '-j', 'FLANNEL-FWD'],
    ['-A', 'FLANNEL-FWD', '-s', C, ...fwd, '-j', 'ACCEPT'],
    ['-A', 'FLANNEL-FWD', '-d', C, ...fwd, '-j', 'ACCEPT'],
  ].map((t) => mustParseRule(t))
  return { nat, filter }
}

export const BRIDGE_NETWORK_NAME = 'bridge'

/** `CNI-` + first 24 hex chars of sha512(network name + container ID) (pkg/utils FormatChainName). */
export function cniChainName(networkName: string, containerId: string): string {
  return `CNI-${sha512Hex(networkName + containerId).slice(0, 24)}`
}

/**
 * What each pod ADD of minikube's bridge conflist leaves behind, in pod start order:
 * - bridge plugin, ipMasq: chain CNI-<hash> (ACCEPT to the pod subnet, MASQUERADE the rest) and
 *   an appended POSTROUTING jump for the pod's IP (containernetworking/plugins pkg/ip ipmasq);
 * - firewall plugin (iptables backend): chains CNI-FORWARD and CNI-ADMIN, the FORWARD jump and
 *   the admin jump each inserted at position 1 when missing (so, coming after kube-proxy, ahead
 *   of its FORWARD jumps), then per pod an ESTABLISHED accept to it and an accept from it
 *   (plugins/meta/firewall/iptables.go).
 */
export function applyBridgePluginRules(rs: Ruleset, subnet: Cidr, pods: readonly ModelPod[]): void {
  for (const pod of pods) {
    if (pod.ip === null || pod.hostNetwork) continue
    const ip = formatIpv4(pod.ip)
    const chain = cniChainName(BRIDGE_NETWORK_NAME, pod.containerId)
    const comment = ['-m', 'comment', '--comment', `name: "${BRIDGE_NETWORK_NAME}" id: "${pod.containerId}"`]
    ensureChain(rs, 'nat', chain)
    appendRule(rs, 'nat', mustParseRule(['-A', chain, '-d', formatCidr(subnet), ...comment, '-j', 'ACCEPT']))
    appendRule(rs, 'nat', mustParseRule(['-A', chain, '!', '-d', '224.0.0.0/4', ...comment, '-j', 'MASQUERADE']))
    appendRule(rs, 'nat', mustParseRule(['-A', 'POSTROUTING', '-s', ip, ...comment, '-j', chain]))

    ensureChain(rs, 'filter', 'CNI-FORWARD')
    ensureChain(rs, 'filter', 'CNI-ADMIN')
    ensureRuleAtTop(rs, 'filter', mustParseRule(['-A', 'FORWARD', '-m', 'comment', '--comment', 'CNI firewall plugin rules', '-j', 'CNI-FORWARD']))
    ensureRuleAtTop(rs, 'filter', mustParseRule(['-A', 'CNI-FORWARD', '-m', 'comment', '--comment', 'CNI firewall plugin admin overrides', '-j', 'CNI-ADMIN']))
    appendRule(rs, 'filter', mustParseRule(['-A', 'CNI-FORWARD', '-d', ip, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT']))
    appendRule(rs, 'filter', mustParseRule(['-A', 'CNI-FORWARD', '-s', ip, '-j', 'ACCEPT']))
  }
}
