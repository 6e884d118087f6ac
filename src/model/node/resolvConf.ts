/**
 * The /etc/resolv.conf kubelet writes for a pod (pkg/kubelet/network/dns/dns.go), laid out as
 * containerd/CRI-O write it: `search`, one `nameserver` line each, then `options`.
 */
import { formatIpv4 } from '../addr/ipv4.js'
import type { ClusterSpec, PodTemplate } from '../objects.js'

export interface ResolvConf {
  readonly nameservers: readonly string[]
  readonly searches: readonly string[]
  readonly options: readonly string[]
}

const MAX_NAMESERVERS = 3
const MAX_SEARCHES = 32
const MAX_SEARCH_CHARS = 2048

export function podResolvConf(cluster: ClusterSpec, t: PodTemplate, namespace: string): ResolvConf {
  const host = cluster.nodeResolvConf
  const policy = t.dnsPolicy === 'ClusterFirst' && t.hostNetwork ? 'Default' : t.dnsPolicy
  let nameservers: string[] = []
  let searches: string[] = []
  let options: string[] = []
  if (policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet') {
    const d = cluster.clusterDomain
    nameservers = [formatIpv4(cluster.dnsServiceIP)]
    searches = [`${namespace}.svc.${d}`, `svc.${d}`, d, ...host.searches]
    options = ['ndots:5']
  } else if (policy === 'Default') {
    nameservers = [...host.nameservers]
    searches = [...host.searches]
    options = [...host.options]
  }
  if (t.dnsConfig) {
    nameservers = [...nameservers, ...t.dnsConfig.nameservers]
    searches = [...searches, ...t.dnsConfig.searches]
    const byName = new Map(options.map((o) => [o.split(':')[0]!, o]))
    for (const o of t.dnsConfig.options) byName.set(o.name, o.value !== undefined ? `${o.name}:${o.value}` : o.name)
    options = [...byName.values()]
  }
  nameservers = [...new Set(nameservers)].slice(0, MAX_NAMESERVERS)
  searches = [...new Set(searches.map((s) => s.replace(/\.$/, '')))].filter((s) => s.length <= 253)
  while (searches.length > MAX_SEARCHES || searches.join(' ').length > MAX_SEARCH_CHARS) searches.pop()
  return { nameservers, searches, options }
}

export function formatResolvConf(r: ResolvConf): string {
  const lines: string[] = []
  if (r.searches.length) lines.push(`search ${r.searches.join(' ')}`)
  for (const n of r.nameservers) lines.push(`nameserver ${n}`)
  if (r.options.length) lines.push(`options ${r.options.join(' ')}`)
  return lines.map((l) => `${l}\n`).join('')
}
