/**
 * The DNS servers a lookup can reach: CoreDNS (its kubernetes plugin, then `forward` to the
 * upstream server for everything else, chasing ExternalName CNAMEs there) and the upstream
 * server outside the cluster, which knows the names of the outside hosts (`dnsNames`).
 */
import { formatIpv4 } from '../../model/addr/ipv4.js'
import { clusterDns } from '../../model/dns/clusterDns.js'
import { kubernetesAnswer } from '../../model/dns/kubernetesPlugin.js'
import type { QType, ResourceRecord } from '../../model/dns/types.js'
import type { Model } from '../../model/model.js'
import { msg, type Message } from '../messages/catalog.js'

export interface DnsReply {
  readonly rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED'
  readonly answer: readonly ResourceRecord[]
  readonly authority: readonly ResourceRecord[]
  readonly answeredBy: Message
}

const UPSTREAM_TTL = 300

/** The upstream resolver (the node network's DNS server): outside hosts by name, else NXDOMAIN. */
export function upstreamAnswer(model: Model, name: string, type: QType): DnsReply {
  const fq = name.endsWith('.') ? name : `${name}.`
  const bare = fq.slice(0, -1).toLowerCase()
  const host = model.cluster.externalClients.find((e) => e.dnsNames.includes(bare))
  const server = msg('dns.by.upstream', { server: model.cluster.nodeResolvConf.nameservers[0] ?? formatIpv4(model.cluster.underlay.gateway) })
  const soa: ResourceRecord = { name: '.', ttl: 86400, type: 'SOA', data: 'a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400' }
  if (!host) return { rcode: 'NXDOMAIN', answer: [], authority: [soa], answeredBy: server }
  if (type !== 'A') return { rcode: 'NOERROR', answer: [], authority: [soa], answeredBy: server }
  return { rcode: 'NOERROR', answer: [{ name: fq, ttl: UPSTREAM_TTL, type: 'A', data: formatIpv4(host.ip) }], authority: [], answeredBy: server }
}

/** What CoreDNS (the cluster's Corefile) answers. */
export function coreDnsAnswer(model: Model, name: string, type: QType): DnsReply {
  const dns = clusterDns(model)
  const k = dns.kubernetes
  const a = k ? kubernetesAnswer(dns.view, k, name, type) : null
  if (!a) {
    const up = upstreamAnswer(model, name, type)
    return { ...up, answeredBy: msg('dns.by.forward', { up: up.answeredBy }) }
  }
  if (a.chase) {
    const up = upstreamAnswer(model, a.chase, type)
    return { rcode: 'NOERROR', answer: [...a.answer, ...up.answer], authority: [], answeredBy: msg('dns.by.cname', { up: up.answeredBy }) }
  }
  return { rcode: a.rcode, answer: a.answer, authority: a.ns, answeredBy: msg('dns.by.kubernetes') }
}

