/**
 * The network plugin's own iptables rules: flanneld's FLANNEL-POSTRTG / FLANNEL-FWD (with
 * --ip-masq, appended after kube-proxy's prepended jumps) and the bridge plugin's per-container
 * CNI-<hash> masquerade chains (ipMasq: true).
 */
import { formatCidr, formatIpv4, type Cidr } from '../addr/ipv4.js'
import { parseOrThrow } from '../kubeproxy/applyToRuleset.js'
import { sha512Hex } from '../hash/sha512.js'
import { appendRule, ensureChain } from '../netfilter/ruleset.js'
import type { Ruleset } from '../netfilter/types.js'
import type { ModelPod } from '../model.js'

export function applyFlannelRules(rs: Ruleset, cluster: Cidr, lease: Cidr, mark: number, randomFully: boolean): void {
  const C = formatCidr(cluster)
  const L = formatCidr(lease)
  const M = `0x${mark.toString(16)}`
  const masq = ['-m', 'comment', '--comment', 'flanneld masq']
  const rf = randomFully ? ['--random-fully'] : []
  ensureChain(rs, 'nat', 'FLANNEL-POSTRTG')
  for (const tokens of [
    ['-A', 'POSTROUTING', ...masq, '-j', 'FLANNEL-POSTRTG'],
    ['-A', 'FLANNEL-POSTRTG', '-m', 'mark', '--mark', `${M}/${M}`, ...masq, '-j', 'RETURN'],
    ['-A', 'FLANNEL-POSTRTG', '-s', L, '-d', C, ...masq, '-j', 'RETURN'],
    ['-A', 'FLANNEL-POSTRTG', '-s', C, '-d', L, ...masq, '-j', 'RETURN'],
    ['-A', 'FLANNEL-POSTRTG', '!', '-s', C, '-d', L, ...masq, '-j', 'RETURN'],
    ['-A', 'FLANNEL-POSTRTG', '-s', C, '!', '-d', '224.0.0.0/4', ...masq, '-j', 'MASQUERADE', ...rf],
    ['-A', 'FLANNEL-POSTRTG', '!', '-s', C, '-d', C, ...masq, '-j', 'MASQUERADE', ...rf],
  ]) appendRule(rs, 'nat', parseOrThrow(tokens))
  const fwd = ['-m', 'comment', '--comment', 'flanneld forward']
  ensureChain(rs, 'filter', 'FLANNEL-FWD')
  for (const tokens of [
    ['-A', 'FORWARD', ...fwd, '-j', 'FLANNEL-FWD'],
    ['-A', 'FLANNEL-FWD', '-s', C, ...fwd, '-j', 'ACCEPT'],
    ['-A', 'FLANNEL-FWD', '-d', C, ...fwd, '-j', 'ACCEPT'],
  ]) appendRule(rs, 'filter', parseOrThrow(tokens))
}

export const BRIDGE_NETWORK_NAME = 'bridge'

/** `CNI-` + first 24 hex chars of sha512(network name + container ID) (pkg/utils FormatChainName). */
export function cniChainName(networkName: string, containerId: string): string {
  return `CNI-${sha512Hex(networkName + containerId).slice(0, 24)}`
}

export function applyBridgeMasq(rs: Ruleset, subnet: Cidr, pods: readonly ModelPod[]): void {
  for (const pod of pods) {
    if (pod.ip === null || pod.hostNetwork) continue
    const chain = cniChainName(BRIDGE_NETWORK_NAME, pod.containerId)
    const comment = ['-m', 'comment', '--comment', `name: "${BRIDGE_NETWORK_NAME}" id: "${pod.containerId}"`]
    ensureChain(rs, 'nat', chain)
    appendRule(rs, 'nat', parseOrThrow(['-A', chain, '-d', formatCidr(subnet), ...comment, '-j', 'ACCEPT']))
    appendRule(rs, 'nat', parseOrThrow(['-A', chain, '!', '-d', '224.0.0.0/4', ...comment, '-j', 'MASQUERADE']))
    appendRule(rs, 'nat', parseOrThrow(['-A', 'POSTROUTING', '-s', formatIpv4(pod.ip), ...comment, '-j', chain]))
  }
}
