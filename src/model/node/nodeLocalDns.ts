/**
 * What NodeLocal DNSCache's node-cache leaves on a node (kubernetes/dns cmd/node-cache): a dummy
 * device `nodelocaldns` holding the link-local IP and the kube-dns ClusterIP (created without
 * being set up, so `ip` shows it DOWN; its local routes exist all the same), and for each of
 * those addresses raw-table NOTRACK rules and filter ACCEPT rules for port 53 (and the health
 * port), each ensured by inserting at position 1.
 */
import { formatIpv4 } from '../addr/ipv4.js'
import { mustParseRule } from '../netfilter/parseRule.js'
import { ensureRuleAtTop } from '../netfilter/ruleset.js'
import type { Ruleset, TableName } from '../netfilter/types.js'

export const NODE_LOCAL_DNS_DEVICE = 'nodelocaldns'
const DNS_PORT = '53'
const HEALTH_PORT = '8080'

export function applyNodeLocalDnsRules(rs: Ruleset, localIPs: readonly number[]): void {
  for (const address of localIPs) {
    const ip = formatIpv4(address)
    const rules: [TableName, string[]][] = [
      ['raw', ['-A', 'PREROUTING', '-p', 'tcp', '-d', ip, '--dport', DNS_PORT, '-j', 'NOTRACK']],
      ['raw', ['-A', 'PREROUTING', '-p', 'udp', '-d', ip, '--dport', DNS_PORT, '-j', 'NOTRACK']],
      ['filter', ['-A', 'INPUT', '-p', 'tcp', '-d', ip, '--dport', DNS_PORT, '-j', 'ACCEPT']],
      ['filter', ['-A', 'INPUT', '-p', 'udp', '-d', ip, '--dport', DNS_PORT, '-j', 'ACCEPT']],
      ['raw', ['-A', 'OUTPUT', '-p', 'tcp', '-s', ip, '--sport', DNS_PORT, '-j', 'NOTRACK']],
      ['raw', ['-A', 'OUTPUT', '-p', 'udp', '-s', ip, '--sport', DNS_PORT, '-j', 'NOTRACK']],
      ['filter', ['-A', 'OUTPUT', '-p', 'tcp', '-s', ip, '--sport', DNS_PORT, '-j', 'ACCEPT']],
      ['filter', ['-A', 'OUTPUT', '-p', 'udp', '-s', ip, '--sport', DNS_PORT, '-j', 'ACCEPT']],
      ['raw', ['-A', 'OUTPUT', '-p', 'tcp', '-d', ip, '--dport', DNS_PORT, '-j', 'NOTRACK']],
      ['raw', ['-A', 'OUTPUT', '-p', 'udp', '-d', ip, '--dport', DNS_PORT, '-j', 'NOTRACK']],
      ['raw', ['-A', 'OUTPUT', '-p', 'tcp', '-d', ip, '--dport', HEALTH_PORT, '-j', 'NOTRACK']],
      ['raw', ['-A', 'OUTPUT', '-p', 'tcp', '-s', ip, '--sport', HEALTH_PORT, '-j', 'NOTRACK']],
    ]
    for (const [table, tokens] of rules) ensureRuleAtTop(rs, table, mustParseRule(tokens))
  }
}
