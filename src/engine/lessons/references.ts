/**
 * What a narration names must exist in the cluster it talks about: `pod/<ns>/<name>`,
 * `service/<ns>/<name>` (or `svc/…`), `node/<name>`, `external/<name>`, and every IPv4 address
 * (with or without a port or prefix length). A lesson that names a pod a what-if removed, or an
 * address the model never assigns, teaches something false.
 */
import { formatIpv4, parseCidr } from '../../model/addr/ipv4.js'
import type { Model } from '../../model/model.js'
import { nodeState } from '../../model/node/nodeState.js'

const NAME = '[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?'
const OBJECT_REF = new RegExp(`\\b(pod|service|svc|node|external)/(${NAME}(?:/${NAME})?)`, 'g')
const IP_REF = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(\/\d{1,2})?(?![\d]|\.\d)/g

/** Addresses the model assigns or routes: pods, nodes, Services, outside hosts, devices, networks. */
function knownAddresses(model: Model): Set<string> {
  const c = model.cluster
  const known = new Set<string>(['127.0.0.1', '0.0.0.0'])
  const add = (n: number | null | undefined): void => { if (typeof n === 'number') known.add(formatIpv4(n)) }
  for (const p of model.pods) add(p.ip)
  for (const n of model.nodes) {
    add(n.ip)
    add(n.podCIDR.base)
    for (const d of nodeState(model, n.name)?.devices ?? []) for (const a of d.addresses) add(a.ip)
  }
  for (const s of model.services) {
    if (typeof s.clusterIP === 'number') add(s.clusterIP)
    for (const ing of s.obj.loadBalancerIngress) known.add(ing.ip)
  }
  for (const e of c.externalClients) add(e.ip)
  add(c.dnsServiceIP)
  add(c.podCIDR.base)
  add(c.serviceCIDR.base)
  add(c.underlay.cidr.base)
  add(c.underlay.gateway)
  if (c.nodeLocalDNS) add(c.nodeLocalDNS.ip)
  for (const ns of c.nodeResolvConf.nameservers) known.add(ns)
  return known
}

export interface BadReference { readonly ref: string; readonly why: string }

/** References in `text` that none of `models` has (a step may talk about the cluster before and after a what-if). */
export function badReferences(text: string, models: readonly Model[]): BadReference[] {
  const bad: BadReference[] = []
  const seen = new Set<string>()
  for (const m of text.matchAll(OBJECT_REF)) {
    const [ref, kind, rest] = m as unknown as [string, string, string]
    if (seen.has(ref)) continue
    seen.add(ref)
    const [a, b] = rest.split('/') as [string, string | undefined]
    const exists = models.some((model) => {
      switch (kind) {
        case 'pod': return model.pods.some((p) => (b ? p.namespace === a && p.name === b : p.namespace === 'default' && p.name === a))
        case 'service': case 'svc': return model.services.some((s) => (b ? s.namespace === a && s.name === b : s.namespace === 'default' && s.name === a))
        case 'node': return !b && model.nodes.some((n) => n.name === a)
        default: return !b && model.cluster.externalClients.some((e) => e.name === a)
      }
    })
    if (!exists) bad.push({ ref, why: `no ${kind === 'svc' ? 'service' : kind} ${rest} in the topology` })
  }
  const known = models.map(knownAddresses)
  for (const m of text.matchAll(IP_REF)) {
    const [ref, ip, prefix] = m as unknown as [string, string, string | undefined]
    if (seen.has(ref)) continue
    seen.add(ref)
    if (prefix) {
      const c = parseCidr(ref)
      if (!c.ok) { bad.push({ ref, why: `${ref} is not a CIDR: ${c.reason}` }); continue }
    }
    if (!known.some((k) => k.has(ip))) bad.push({ ref, why: `no pod, node, Service, device or network in the topology has ${ip}` })
  }
  return bad
}
