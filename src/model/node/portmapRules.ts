/**
 * The CNI portmap plugin's iptables rules for pods with hostPorts (the kubelet hands them over
 * as portMappings; kube-flannel's and minikube's conflists chain portmap after the main plugin).
 * Mirrors containernetworking/plugins plugins/meta/portmap (portmap_iptables.go, chain.go):
 * - CNI-HOSTPORT-SETMARK marks connections to masquerade (mark bit 13, 0x2000);
 * - CNI-HOSTPORT-MASQ masquerades marked ones; its POSTROUTING jump is inserted at the top;
 * - CNI-HOSTPORT-DNAT is jumped to from PREROUTING and OUTPUT for local destinations
 *   (appended, so kube-proxy's KUBE-SERVICES jump stays ahead);
 * - one CNI-DN-<hash> chain per pod, entered by `-m multiport --dports` rules inserted at the
 *   top of CNI-HOSTPORT-DNAT (the newest pod wins), holding per port: mark hairpin traffic from
 *   the pod subnet, mark traffic from 127.0.0.1, then DNAT to the pod.
 * Rules are only written for pods that have hostPorts, so other nodes are unchanged.
 */
import { formatCidr, formatIpv4, type Cidr } from '../addr/ipv4.js'
import { sha512Hex } from '../hash/sha512.js'
import { mustParseRule } from '../netfilter/parseRule.js'
import { appendRule, ensureChain, ensureRuleAtTop } from '../netfilter/ruleset.js'
import type { Ruleset } from '../netfilter/types.js'
import type { ModelPod } from '../model.js'

/** kube-flannel's cni-conf.json names its network cbr0. */
export const FLANNEL_NETWORK_NAME = 'cbr0'
const MARK_MASQ_BIT = 13
const MAX_CHAIN_LENGTH = 28

/** utils.MustFormatChainNameWithPrefix: `CNI-` + prefix + sha512(name + id) cut to 28 characters. */
export function portmapChainName(networkName: string, containerId: string, prefix = 'DN-'): string {
  const head = `CNI-${prefix}`
  return head + sha512Hex(networkName + containerId).slice(0, MAX_CHAIN_LENGTH - head.length)
}

export interface PortMapping {
  readonly hostPort: number
  readonly containerPort: number
  readonly protocol: 'tcp' | 'udp' | 'sctp'
}

/** Kept per pod object: a what-if keeps the pods it did not touch, and their node's rules are written again. */
const mappingsByPod = new WeakMap<ModelPod, readonly PortMapping[]>()

/** The kubelet's portMappings for a pod: every container port with a hostPort, in order. */
export function portMappings(pod: ModelPod): readonly PortMapping[] {
  let maps = mappingsByPod.get(pod)
  if (!maps) mappingsByPod.set(pod, (maps = mappingsOf(pod)))
  return maps
}

function mappingsOf(pod: ModelPod): PortMapping[] {
  if (pod.hostNetwork) return []
  return pod.template.containers.flatMap((c) => c.ports.flatMap((p) => (p.hostPort ? [{ hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol.toLowerCase() as PortMapping['protocol'] }] : [])))
}

export function applyPortmapRules(rs: Ruleset, networkName: string, podSubnet: Cidr, pods: readonly ModelPod[]): void {
  const mark = `0x${(1 << MARK_MASQ_BIT).toString(16)}`
  for (const pod of pods) {
    const maps = portMappings(pod)
    if (pod.ip === null || maps.length === 0) continue
    if (!ensureChain(rs, 'nat', 'CNI-HOSTPORT-SETMARK').rules.length) {
      appendRule(rs, 'nat', mustParseRule(['-A', 'CNI-HOSTPORT-SETMARK', '-m', 'comment', '--comment', 'CNI portfwd masquerade mark', '-j', 'MARK', '--set-xmark', `${mark}/${mark}`]))
    }
    if (!ensureChain(rs, 'nat', 'CNI-HOSTPORT-MASQ').rules.length) {
      appendRule(rs, 'nat', mustParseRule(['-A', 'CNI-HOSTPORT-MASQ', '-m', 'mark', '--mark', `${mark}/${mark}`, '-j', 'MASQUERADE']))
    }
    ensureRuleAtTop(rs, 'nat', mustParseRule(['-A', 'POSTROUTING', '-m', 'comment', '--comment', 'CNI portfwd requiring masquerade', '-j', 'CNI-HOSTPORT-MASQ']))
    ensureChain(rs, 'nat', 'CNI-HOSTPORT-DNAT')
    for (const from of ['PREROUTING', 'OUTPUT']) {
      const entry = mustParseRule(['-A', from, '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'CNI-HOSTPORT-DNAT'])
      if (!ensureChain(rs, 'nat', from).rules.some((r) => JSON.stringify(r) === JSON.stringify(entry))) appendRule(rs, 'nat', entry)
    }

    const dn = portmapChainName(networkName, pod.containerId)
    ensureChain(rs, 'nat', dn)
    const ip = formatIpv4(pod.ip)
    for (const m of maps) {
      const base = ['-p', m.protocol, '--dport', String(m.hostPort)]
      appendRule(rs, 'nat', mustParseRule(['-A', dn, ...base, '-s', formatCidr(podSubnet), '-j', 'CNI-HOSTPORT-SETMARK']))
      appendRule(rs, 'nat', mustParseRule(['-A', dn, ...base, '-s', '127.0.0.1', '-j', 'CNI-HOSTPORT-SETMARK']))
      appendRule(rs, 'nat', mustParseRule(['-A', dn, ...base, '-j', 'DNAT', '--to-destination', `${ip}:${m.containerPort}`]))
    }
    // One entry rule per protocol (sorted), each inserted at the top, at most 15 ports apiece.
    const comment = `dnat name: "${networkName}" id: "${pod.containerId}"`
    for (const proto of [...new Set(maps.map((m) => m.protocol))].sort()) {
      const ports = [...new Set(maps.filter((m) => m.protocol === proto).map((m) => m.hostPort))]
      for (let i = 0; i < ports.length; i += 15) {
        ensureRuleAtTop(rs, 'nat', mustParseRule(['-A', 'CNI-HOSTPORT-DNAT', '-m', 'comment', '--comment', comment, '-m', 'multiport', '-p', proto, '--destination-ports', ports.slice(i, i + 15).join(','), '-j', dn]))
      }
    }
  }
}
