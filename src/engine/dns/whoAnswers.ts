/**
 * Who answers a DNS query sent straight to a nameserver address that is not the kube-dns
 * ClusterIP (a pod's dnsConfig, dnsPolicy Default, a node's resolv.conf): a CoreDNS pod or a
 * Service in front of CoreDNS answers as CoreDNS; an address inside the cluster where no DNS
 * server listens answers nothing (the resolver times out, as dig's "no servers could be
 * reached"); anything outside the cluster's ranges stands for the upstream resolver.
 */
import { cidrContains, parseIpv4, isIpv4 } from '../../model/addr/ipv4.js'
import type { Model } from '../../model/model.js'
import type { QType } from '../../model/dns/types.js'
import { coreDnsAnswer, upstreamAnswer, type DnsReply } from './servers.js'

const DNS_ROLES = new Set(['coredns', 'node-local-dns'])

export function directAnswer(model: Model, server: string, fqdn: string, type: QType): DnsReply | null {
  if (!isIpv4(server)) return upstreamAnswer(model, fqdn, type)
  const ip = parseIpv4(server)
  const c = model.cluster
  const dnsPod = (podIp: number): boolean => model.pods.some((p) => p.ip === podIp && !p.hostNetwork && p.addon !== null && DNS_ROLES.has(p.addon))
  if (cidrContains(c.serviceCIDR, ip)) {
    const svc = model.services.find((s) => s.clusterIP === ip)
    const port = svc?.ports.find((p) => p.spec.port === 53 && p.spec.protocol === 'UDP')
    if (port && port.endpoints.some((e) => dnsPod(e.ip))) return coreDnsAnswer(model, fqdn, type)
    return null
  }
  if (cidrContains(c.podCIDR, ip)) return dnsPod(ip) ? coreDnsAnswer(model, fqdn, type) : null
  if (cidrContains(c.underlay.cidr, ip)) {
    // The node network's router is the upstream resolver; outside hosts stand for any server.
    if (ip === c.underlay.gateway || c.externalClients.some((e) => e.ip === ip)) return upstreamAnswer(model, fqdn, type)
    return null
  }
  return upstreamAnswer(model, fqdn, type)
}
