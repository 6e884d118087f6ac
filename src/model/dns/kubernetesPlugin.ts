/**
 * CoreDNS's `kubernetes` plugin answering one query: name parsing, the namespace gate, service,
 * headless-endpoint, SRV, ExternalName, pod and reverse records, and NXDOMAIN vs NODATA with the
 * SOA. Returns null when the plugin does not handle the query (outside its zones, or NXDOMAIN
 * under `fallthrough`), so the next plugin (forward) gets it.
 * Reference: ../shared/design/coredns-dns.md §1–§4.
 */
import { formatIpv4, isIpv4, parseIpv4 } from '../addr/ipv4.js'
import { formatIpv6, parseIpv6 } from '../addr/ipv6.js'
import type {
  DnsEndpointAddress, DnsServicePort, DnsView, KubernetesPluginConfig, PluginAnswer, QType, ResourceRecord,
} from './types.js'

const REVERSE_ZONES = ['in-addr.arpa.', 'ip6.arpa.']
const NO_PORT: DnsServicePort = { name: '', protocol: '', port: -1 }
const MAX_CNAME_CHAIN = 10

const fqdn = (name: string): string => (name.endsWith('.') ? name : `${name}.`)
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()
const isV6 = (ip: string): boolean => ip.includes(':')

/** An address in canonical text (IPv6 compressed as Go prints it), or null. */
function canonicalIp(text: string): string | null {
  if (isIpv4(text)) return formatIpv4(parseIpv4(text))
  const v6 = parseIpv6(text)
  return v6 ? formatIpv6(v6) : null
}

/** `172-0-0-2`, or for IPv6 `5678-abcd--1` (a trailing dash gets a `0`). */
export function dashedIp(ip: string): string {
  const d = (canonicalIp(ip) ?? ip).replace(/[.:]/g, '-')
  return d.endsWith('-') ? `${d}0` : d
}

/** The name an endpoint has under its service (kubernetes.go endpointHostname). */
export function endpointHostname(a: DnsEndpointAddress, endpointPodNames: boolean): string {
  if (a.hostname) return a.hostname
  if (endpointPodNames && a.podName && a.podName.length < 64) return a.podName
  return dashedIp(a.ip)
}

/** The IP a `*.pod.<zone>` label stands for (3 dashes and no `--` is IPv4), or null. */
function podLabelIp(label: string): string | null {
  const dashes = label.split('-').length - 1
  if (dashes === 3 && !label.includes('--')) {
    const v4 = label.replace(/-/g, '.')
    return isIpv4(v4) ? v4 : null
  }
  const v6 = parseIpv6(label.replace(/-/g, ':'))
  return v6 ? formatIpv6(v6) : null
}

/** The address a reverse name stands for, or null. */
function reverseNameIp(lowerName: string): string | null {
  if (lowerName.endsWith('.in-addr.arpa.')) {
    const octets = lowerName.slice(0, -'.in-addr.arpa.'.length).split('.').reverse()
    const ip = octets.join('.')
    return octets.length === 4 && isIpv4(ip) ? ip : null
  }
  if (lowerName.endsWith('.ip6.arpa.')) {
    const nibbles = lowerName.slice(0, -'.ip6.arpa.'.length).split('.').reverse()
    if (nibbles.length !== 32 || nibbles.some((n) => !/^[0-9a-f]$/.test(n))) return null
    const groups = Array.from({ length: 8 }, (_, i) => parseInt(nibbles.slice(i * 4, i * 4 + 4).join(''), 16))
    return formatIpv6(groups)
  }
  return null
}

interface Found {
  readonly ip: string
  readonly port: number
  /** Owner name of the SRV target, without the zone (`svc.ns.svc`, `host.svc.ns.svc`). */
  readonly target: string
}

export function kubernetesAnswer(view: DnsView, cfg: KubernetesPluginConfig, qname: string, qtype: QType, depth = 0): PluginAnswer | null {
  const asked = fqdn(qname)
  const lower = asked.toLowerCase()
  const zone = [...cfg.zones].filter((z) => lower === z || lower.endsWith(`.${z}`)).sort((a, b) => b.length - a.length)[0]
  if (zone === undefined) return null
  const zoneAsAsked = asked.slice(asked.length - zone.length)
  const ttl = cfg.ttl
  const soa: ResourceRecord = {
    name: zoneAsAsked, ttl: Math.min(ttl, 300), type: 'SOA',
    data: `ns.dns.${zoneAsAsked} hostmaster.${zoneAsAsked} ${view.serial} 7200 1800 86400 ${ttl}`,
  }
  const fallsThrough = cfg.fallthrough.some((f) => f === '.' || f === zone)
  const nxdomain = (): PluginAnswer | null => (fallsThrough ? null : { rcode: 'NXDOMAIN', answer: [], ns: [soa], extra: [] })
  const nodata = (): PluginAnswer => ({ rcode: 'NOERROR', answer: [], ns: [soa], extra: [] })
  const answer = (rrs: ResourceRecord[], extra: ResourceRecord[] = []): PluginAnswer => ({ rcode: 'NOERROR', answer: rrs, ns: [], extra })
  const rr = (name: string, type: QType, data: string, t = ttl): ResourceRecord => ({ name, ttl: t, type, data })
  const exposed = (ns: string): boolean =>
    (cfg.namespaces.length === 0 || cfg.namespaces.some((n) => same(n, ns))) && view.namespaceExists(ns.toLowerCase())
  const primaryZone = cfg.zones.find((z) => !REVERSE_ZONES.includes(z)) ?? zone
  // Zone transfers need the transfer plugin; the kubernetes plugin refuses them (handler.go).
  if (qtype === 'AXFR' || qtype === 'IXFR') return { rcode: 'REFUSED', answer: [], ns: [], extra: [] }

  // Reverse zones answer PTR from service and endpoint addresses only.
  if (REVERSE_ZONES.includes(zone)) {
    if (qtype === 'SOA' && lower === zone) return answer([soa])
    const ip = qtype === 'PTR' ? reverseNameIp(lower) : null
    if (ip === null) return nxdomain()
    const filterNs = cfg.namespaces.length > 0
    const svc = view.services.find((s) => s.clusterIPs.some((c) => canonicalIp(c) === ip) && (!filterNs || exposed(s.namespace)))
    if (svc) return answer([rr(asked, 'PTR', `${svc.name}.${svc.namespace}.svc.${primaryZone}`)])
    const targets: string[] = []
    for (const sl of view.slices) {
      if (filterNs && !exposed(sl.namespace)) continue
      for (const a of sl.addresses) {
        if (!a.ready || canonicalIp(a.ip) !== ip) continue
        const t = `${endpointHostname(a, cfg.endpointPodNames)}.${sl.service}.${sl.namespace}.svc.${primaryZone}`
        if (!targets.includes(t)) targets.push(t)
      }
    }
    return targets.length ? answer(targets.map((t) => rr(asked, 'PTR', t))) : nxdomain()
  }

  const rest = lower.slice(0, lower.length - zone.length).replace(/\.$/, '')
  const labels = rest === '' ? [] : rest.split('.')

  // Where CoreDNS itself is reachable: Services whose endpoints are its own addresses.
  const nsTargets = (): { name: string; ips: string[] }[] => {
    const out: { name: string; ips: string[] }[] = []
    for (const s of view.services) {
      const own = view.slices.some((sl) => sl.namespace === s.namespace && sl.service === s.name && sl.addresses.some((a) => a.ready && cfg.localIPs.includes(a.ip)))
      if (!own) continue
      const headless = s.clusterIPs[0] === 'None'
      const ips = headless ? cfg.localIPs.slice() : s.clusterIPs.slice()
      out.push({ name: `${s.name}.${s.namespace}.svc.${zoneAsAsked}`, ips })
    }
    return out.length ? out : [{ name: `ns.dns.${zoneAsAsked}`, ips: cfg.localIPs.slice() }]
  }
  const addressRecords = (name: string, ips: readonly string[], type: QType): ResourceRecord[] =>
    ips.filter((ip) => (type === 'AAAA' ? isV6(ip) : !isV6(ip))).map((ip) => rr(name, type, ip))

  if (labels.length === 0) {
    if (qtype === 'SOA') return answer([soa])
    if (qtype === 'NS') {
      const targets = nsTargets()
      return answer(targets.map((t) => rr(asked, 'NS', t.name)), targets.flatMap((t) => t.ips.map((ip) => rr(t.name, isV6(ip) ? 'AAAA' : 'A', ip))))
    }
    return nodata()
  }
  if (qtype === 'TXT' && rest === 'dns-version') return answer([rr(asked, 'TXT', '"1.1.0"', 28800)])
  if (rest === 'ns.dns' && (qtype === 'A' || qtype === 'AAAA')) {
    const recs = addressRecords(asked, nsTargets().flatMap((t) => t.ips), qtype)
    return recs.length ? answer(recs) : nodata()
  }
  // A SOA query for any name below the apex is answered empty, existing or not.
  if (qtype === 'SOA') return nodata()

  const kind = labels[labels.length - 1]!
  if (labels.length === 1 && (kind === 'svc' || kind === 'pod')) return nodata()
  if (kind !== 'svc' && kind !== 'pod') return nxdomain()
  const namespace = labels[labels.length - 2]!
  const left = labels.slice(0, -3)
  if (kind === 'pod') {
    if (cfg.pods === 'disabled' || !exposed(namespace)) return nxdomain()
    if (labels.length === 2) return nodata()
    if (left.length > 0) return nxdomain()
    const ip = podLabelIp(labels[labels.length - 3]!)
    if (ip === null) return nxdomain()
    if (cfg.pods === 'verified' && !view.pods.some((p) => same(p.namespace, namespace) && canonicalIp(p.ip) === ip)) return nxdomain()
    if (qtype === 'A' || qtype === 'AAAA') {
      const recs = addressRecords(asked, [ip], qtype)
      return recs.length ? answer(recs) : nodata()
    }
    return nodata()
  }
  if (!exposed(namespace)) return nxdomain()
  if (labels.length === 2) return nodata()
  if (left.length >= 3) return nxdomain()
  const serviceName = labels[labels.length - 3]!
  const endpoint = left.length === 1 ? left[0]! : ''
  const portName = left.length === 2 ? left[0]!.replace(/^_/, '') : ''
  const protocol = left.length === 2 ? left[1]!.replace(/^_/, '') : ''
  const portMatches = (p: DnsServicePort): boolean => (portName === '' && protocol === '') || (same(p.name, portName) && same(p.protocol, protocol))

  const services = view.servicesNamed ? view.servicesNamed(namespace, serviceName) : view.services.filter((s) => same(s.namespace, namespace) && same(s.name, serviceName))
  const found: Found[] = []
  const cnames: string[] = []
  for (const s of services) {
    const slices = view.slicesOfService ? view.slicesOfService(s.namespace, s.name) : view.slices.filter((sl) => sl.namespace === s.namespace && sl.service === s.name)
    const headless = s.clusterIPs[0] === 'None'
    if (cfg.ignoreEmptyService && !headless && s.type !== 'ExternalName' && !slices.some((sl) => sl.addresses.some((a) => a.ready))) continue
    if (s.type === 'ExternalName') {
      if (endpoint === '' && portName === '' && protocol === '' && s.externalName && canonicalIp(s.externalName) === null) cnames.push(fqdn(s.externalName))
      continue
    }
    const base = `${s.name}.${s.namespace}.svc`
    if (headless || endpoint !== '') {
      for (const sl of slices) {
        for (const a of sl.addresses) {
          if (!a.ready) continue
          const host = endpointHostname(a, cfg.endpointPodNames)
          if (endpoint !== '' && !same(host, endpoint)) continue
          for (const p of sl.ports.length ? sl.ports : [NO_PORT]) {
            if (portMatches(p)) found.push({ ip: canonicalIp(a.ip) ?? a.ip, port: p.port, target: `${host}.${base}` })
          }
        }
      }
      continue
    }
    for (const p of s.ports.length ? s.ports : [NO_PORT]) {
      if (!portMatches(p)) continue
      for (const ip of s.clusterIPs) found.push({ ip: canonicalIp(ip) ?? ip, port: p.port, target: base })
    }
  }
  if (found.length === 0 && cnames.length === 0) return nxdomain()

  switch (qtype) {
    case 'A':
    case 'AAAA':
    case 'TXT':
    case 'CNAME': {
      if (cnames.length) {
        const target = cnames[0]!
        const chain = [rr(asked, 'CNAME', target)]
        if (qtype === 'CNAME') return answer(chain)
        // TXT follows the CNAME too, but no Service name holds TXT data (only dns-version does).
        if (qtype === 'TXT') return target.toLowerCase().endsWith(`.${zone}`) || target.toLowerCase() === zone ? answer(chain) : { ...answer(chain), chase: target }
        const inZone = cfg.zones.some((z) => target.toLowerCase() === z || target.toLowerCase().endsWith(`.${z}`))
        if (!inZone) return { ...answer(chain), chase: target }
        const next = depth < MAX_CNAME_CHAIN && !same(target, asked) ? kubernetesAnswer(view, cfg, target, qtype, depth + 1) : null
        return answer([...chain, ...(next?.answer ?? [])])
      }
      if (qtype === 'CNAME' || qtype === 'TXT') return nodata()
      const ips: string[] = []
      for (const f of found) if ((qtype === 'AAAA') === isV6(f.ip) && !ips.includes(f.ip)) ips.push(f.ip)
      return ips.length ? answer(ips.map((ip) => rr(asked, qtype, ip))) : nodata()
    }
    case 'SRV': {
      const weight = Math.max(1, Math.floor(100 / Math.max(1, found.length)))
      const srv: ResourceRecord[] = []
      const glue: ResourceRecord[] = []
      for (const f of found) {
        if (f.port === -1) continue
        const target = `${f.target}.${zoneAsAsked}`
        const data = `0 ${weight} ${f.port} ${target}`
        if (!srv.some((r) => r.data === data)) srv.push(rr(asked, 'SRV', data))
        const g = rr(target, isV6(f.ip) ? 'AAAA' : 'A', f.ip)
        if (!glue.some((r) => r.name === g.name && r.data === g.data)) glue.push(g)
      }
      return srv.length ? answer(srv, glue) : nodata()
    }
    default:
      // MX, HINFO, ANY and every other type: handler.go's hidden A lookup decides between
      // NODATA (the name exists, as it does here) and NXDOMAIN (returned above).
      return nodata()
  }
}
