/**
 * The cluster model as CoreDNS sees it: its informer view, its kubernetes-plugin settings from
 * the Corefile, and the records it answers. Cached per model.
 */
import { formatIpv4 } from '../addr/ipv4.js'
import type { Model, ModelPod, ModelService } from '../model.js'
import { coreDnsSettings, type CoreDnsSettings } from './corefile.js'
import { podChangeOf } from '../podsByNode.js'
import { endpointHostname, kubernetesAnswer } from './kubernetesPlugin.js'
import { servicesNamed } from './serviceIndex.js'
import type { DnsEndpointSlice, DnsServicePort, DnsView, KubernetesPluginConfig, ResourceRecord } from './types.js'

/**
 * The SOA serial is the time of the controller's last change in a real cluster; the model has
 * no clock, so every answer carries this fixed value.
 */
export const LAB_SOA_SERIAL = 1

export interface ClusterDns {
  readonly view: DnsView
  /** null when the Corefile loads no kubernetes plugin (then every name goes to forward). */
  readonly kubernetes: KubernetesPluginConfig | null
  readonly settings: CoreDnsSettings
}

/** Every Service's slices, in Service order. */
function slicesOf(model: Model): DnsEndpointSlice[] {
  const out: DnsEndpointSlice[] = []
  for (const s of model.services) for (const sl of serviceSlices(s)) out.push(sl)
  return out
}

/**
 * One slice per group of a Service's endpoints that share their port numbers, as the
 * EndpointSlice controller groups them (a named targetPort can resolve to different numbers per
 * pod). Kept per ModelService: a model after a what-if keeps the objects of the Services it did
 * not change, so theirs are not grouped again (10,000 Services on a dump).
 */
const slicesByService = new WeakMap<ModelService, DnsEndpointSlice[]>()
function serviceSlices(s: ModelService): DnsEndpointSlice[] {
  const kept = slicesByService.get(s)
  if (kept) return kept
  const byIp = new Map<number, { ports: DnsServicePort[]; ready: boolean; hostname: string | null; pod: string | null }>()
  for (const p of s.ports) {
    for (const e of p.endpoints) {
      let entry = byIp.get(e.ip)
      if (!entry) byIp.set(e.ip, (entry = { ports: [], ready: e.ready, hostname: e.hostname, pod: e.pod }))
      entry.ports.push({ name: p.spec.name, protocol: p.spec.protocol, port: e.port })
    }
  }
  for (const e of s.portlessEndpoints ?? []) byIp.set(e.ip, { ports: [], ready: e.ready, hostname: e.hostname, pod: e.pod })
  const groups = new Map<string, DnsEndpointSlice & { addresses: DnsEndpointSlice['addresses'][number][] }>()
  for (const [ip, e] of byIp) {
    const key = JSON.stringify(e.ports)
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { namespace: s.namespace, service: s.name, ports: e.ports, addresses: [] }))
    g.addresses.push({ ip: formatIpv4(ip), hostname: e.hostname, ready: e.ready, podName: e.pod ? (e.pod.split('/')[1] ?? null) : null })
  }
  const out = [...groups.values()]
  slicesByService.set(s, out)
  return out
}

const cache = new WeakMap<Model, ClusterDns>()

/** What CoreDNS's informer holds of a Service and of a pod, kept per object (see serviceSlices). */
const serviceViews = new WeakMap<ModelService, DnsView['services'][number]>()
function serviceView(s: ModelService): DnsView['services'][number] {
  let v = serviceViews.get(s)
  if (!v) {
    v = {
      namespace: s.namespace, name: s.name, type: s.obj.type,
      // A dual-stack Service answers AAAA with its IPv6 ClusterIP (shown; traffic stays IPv4).
      clusterIPs: s.clusterIP === null ? [] : s.clusterIP === 'None' ? ['None'] : [formatIpv4(s.clusterIP), ...(s.obj.clusterIPv6 ?? [])],
      externalName: s.obj.externalName,
      ports: s.obj.ports.map((p) => ({ name: p.name, protocol: p.protocol, port: p.port })),
    }
    serviceViews.set(s, v)
  }
  return v
}

const podViews = new WeakMap<ModelPod, DnsView['pods'][number]>()
function podsView(pods: readonly ModelPod[]): DnsView['pods'] {
  const out: DnsView['pods'][number][] = []
  for (const p of pods) {
    if (p.ip === null || p.hostNetwork) continue
    let v = podViews.get(p)
    if (!v) podViews.set(p, (v = { namespace: p.namespace, name: p.name, ip: formatIpv4(p.ip) }))
    out.push(v)
  }
  return out
}

/** The last Corefile read (a what-if keeps the text): read once, not once per model. */
let lastSettings: { readonly text: string; readonly settings: CoreDnsSettings } | null = null
function settingsOf(text: string): CoreDnsSettings {
  if (lastSettings?.text !== text) lastSettings = { text, settings: coreDnsSettings(text) }
  return lastSettings.settings
}

const localIPsByModel = new WeakMap<Model, readonly string[]>()
/** CoreDNS addresses taken from the earlier model: for tests. */
export const coreDnsIPCounters = { reused: 0 }

/**
 * The CoreDNS pods' addresses, in model order. After an edit that added and removed no CoreDNS
 * pod they are the earlier model's (its pods there are the same objects, podsByNode.ts), not a
 * filter of 33,000 pods per what-if.
 */
export function coreDnsIPs(model: Model): readonly string[] {
  let ips = localIPsByModel.get(model)
  if (ips) return ips
  const change = podChangeOf(model)
  const earlier = change && !change.added.some(isCoreDns) && !change.gone.some(isCoreDns) ? localIPsByModel.get(change.from) : undefined
  if (earlier) coreDnsIPCounters.reused++
  ips = earlier ?? coreDnsIPsByFilter(model)
  localIPsByModel.set(model, ips)
  return ips
}

const isCoreDns = (p: ModelPod): boolean => p.addon === 'coredns'

/** coreDnsIPs the slow way (every pod looked at): for tests. */
export const coreDnsIPsByFilter = (model: Model): string[] => model.pods.filter((p) => isCoreDns(p) && p.ip !== null).map((p) => formatIpv4(p.ip!))

export function clusterDns(model: Model): ClusterDns {
  const hit = cache.get(model)
  if (hit) return hit
  const namespaces = new Set(model.namespaces.map((n) => n.toLowerCase()))
  let pods: DnsView['pods'] | null = null
  let services: DnsView['services'] | null = null
  let slices: DnsView['slices'] | null = null
  const view: DnsView = {
    namespaceExists: (n) => namespaces.has(n),
    // A query by name goes through the index (serviceIndex.ts); the lists, 10,000 each on a
    // dump, are made only for what walks them (reverse lookups, NS, the zone listing).
    get services() { return (services ??= model.services.map(serviceView)) },
    get slices() { return (slices ??= slicesOf(model)) },
    // Only `pods verified` reads the pods (30,000 of them at 1,000 nodes): made when first read.
    get pods() { return (pods ??= podsView(model.pods)) },
    serial: LAB_SOA_SERIAL,
    servicesNamed: (namespace, name) => servicesNamed(model, namespace, name).map(serviceView),
    // slicesOf's order is the Services' and each one's slices: the same for the ones of a name.
    slicesOfService: (namespace, service) => {
      const out: DnsEndpointSlice[] = []
      for (const s of servicesNamed(model, namespace, service)) {
        if (s.namespace === namespace && s.name === service) for (const sl of serviceSlices(s)) out.push(sl)
      }
      return out
    },
  }
  const settings = settingsOf(model.corefile)
  const localIPs = coreDnsIPs(model)
  const result: ClusterDns = { view, kubernetes: settings.kubernetes ? { ...settings.kubernetes, localIPs: [...localIPs] } : null, settings }
  cache.set(model, result)
  return result
}

/**
 * Every record the kubernetes plugin answers for the cluster's Services and endpoints, as
 * zone-file lines: A for each ClusterIP, A for each ready endpoint of a headless Service and
 * under its endpoint name, SRV for each named port, CNAME for ExternalName, PTR for Service and
 * endpoint addresses. Each line is what a query for it returns, so show and dig agree.
 */
export function zoneRecords(model: Model): ResourceRecord[] {
  const dns = clusterDns(model)
  const k = dns.kubernetes
  if (!k) return []
  const zone = k.zones.find((z) => !z.endsWith('.arpa.'))
  if (!zone) return []
  const out: ResourceRecord[] = []
  const seen = new Set<string>()
  const ask = (name: string, type: 'A' | 'AAAA' | 'SRV' | 'CNAME' | 'PTR'): void => {
    const a = kubernetesAnswer(dns.view, k, name, type)
    for (const rr of a?.rcode === 'NOERROR' ? a.answer : []) {
      const key = `${rr.name} ${rr.type} ${rr.data}`
      if (!seen.has(key)) { seen.add(key); out.push(rr) }
    }
  }
  const services = [...dns.view.services].sort((a, b) => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : 1))
  for (const s of services) {
    const name = `${s.name}.${s.namespace}.svc.${zone}`
    if (s.type === 'ExternalName') { ask(name, 'CNAME'); continue }
    ask(name, 'A')
    if (s.clusterIPs.some((ip) => ip.includes(':'))) ask(name, 'AAAA')
    if (s.clusterIPs[0] === 'None') {
      for (const sl of dns.view.slices.filter((x) => x.namespace === s.namespace && x.service === s.name)) {
        for (const a of sl.addresses) if (a.ready) ask(`${endpointHostname(a, k.endpointPodNames)}.${name}`, 'A')
      }
    }
    for (const p of s.ports) if (p.name) ask(`_${p.name}._${p.protocol.toLowerCase()}.${name}`, 'SRV')
  }
  if (k.zones.includes('in-addr.arpa.')) {
    const ips = new Set<string>()
    for (const s of services) for (const ip of s.clusterIPs) if (ip !== 'None' && !ip.includes(':')) ips.add(ip)
    for (const sl of dns.view.slices) for (const a of sl.addresses) if (a.ready) ips.add(a.ip)
    for (const ip of ips) ask(`${ip.split('.').reverse().join('.')}.in-addr.arpa.`, 'PTR')
  }
  return out
}
