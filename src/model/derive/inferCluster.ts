/**
 * A cluster described only by its objects (a `kubectl get -o yaml` dump, or manifests with no
 * Cluster document, or one that leaves ranges out): its ranges are read from what the objects
 * say — Node addresses and podCIDRs, pod IPs, the `kubernetes` Service's ClusterIP (the first
 * address of the apiserver's --service-cluster-ip-range), kube-dns's ClusterIP, and the
 * kubeadm/kube-proxy/flannel ConfigMaps — then a known distribution's defaults, then the
 * lab's. One warning line says what was inferred and from what.
 */
import {
  cidr, cidrContains, cidrsOverlap, formatCidr, formatIpv4, lastAddress, maskOf, nthAddress, parseCidr, type Cidr,
} from '../addr/ipv4.js'
import type { ParsedInput } from '../load/parseObjects.js'
import type { ClusterObject, ClusterSpec, NodeSpec, PodObject, ServiceObject } from '../objects.js'
import { recognise } from './distribution.js'
import type { Reporter } from './report.js'
import { defaultCluster } from './resolveCluster.js'

/** The smallest prefix holding every address (at most `widest` bits of prefix, i.e. no narrower than /widest). */
export function coverOf(addresses: readonly number[], narrowest: number): Cidr | null {
  if (!addresses.length) return null
  let lo = addresses[0]!
  let hi = lo
  for (const a of addresses) { if (a < lo) lo = a; if (a > hi) hi = a }
  let p = narrowest
  while (p > 0 && ((lo & maskOf(p)) >>> 0) !== ((hi & maskOf(p)) >>> 0)) p--
  return { base: (lo & maskOf(p)) >>> 0, prefixLength: p }
}

const aligned = (base: number, p: number): boolean => ((base & maskOf(p)) >>> 0) === base

/**
 * Nodes named by pods when the file has no Node objects. A pod's status.hostIP is its node's
 * address; the others get addresses in order on a network big enough for them.
 */
export function inferNodes(nodeNames: readonly string[], hostIPs: ReadonlyMap<string, number> = new Map()): { nodes: NodeSpec[]; network: Cidr; fromHostIPs: boolean } {
  const names = nodeNames.length ? nodeNames : ['node1']
  const known = names.flatMap((n) => (hostIPs.has(n) ? [hostIPs.get(n)!] : []))
  // 253 nodes fit minikube's 192.168.49.0/24 (gateway .1); more get 192.168.0.0/16.
  let network = names.length <= 253 ? cidr('192.168.49.0/24') : cidr('192.168.0.0/16')
  if (known.length) {
    const cover = coverOf(known, 24)!
    network = 2 ** (32 - cover.prefixLength) - 3 >= names.length ? cover : coverOf(known, 16)!
  }
  const used = new Set(known)
  let next = 2
  const nodes = names.map((name, i) => {
    let ip = hostIPs.get(name)
    if (ip === undefined) {
      while (used.has(nthAddress(network, next)) || nthAddress(network, next) === nthAddress(network, 1)) next++
      ip = nthAddress(network, next++)
      used.add(ip)
    }
    return { name, ip, podCIDR: null, controlPlane: i === 0, labels: {}, taints: [], unschedulable: false }
  })
  return { nodes, network, fromHostIPs: known.length > 0 }
}

/** Some addresses as far as a range check needs them: how many, the lowest and the highest. */
interface Span { readonly count: number; readonly lo: number; readonly hi: number }

const NO_SPAN: Span = { count: 0, lo: 0, hi: 0 }
const spanWith = (s: Span, a: number): Span => (s.count ? { count: s.count + 1, lo: Math.min(s.lo, a), hi: Math.max(s.hi, a) } : { count: 1, lo: a, hi: a })
/** The addresses as coverOf reads them (only the lowest and the highest count). */
const ends = (s: Span): number[] => (s.count ? [s.lo, s.hi] : [])

interface Evidence {
  readonly nodes: readonly NodeSpec[]
  /** The pods' IPs (not host network) and each Node podCIDR's first and last address. */
  readonly podAddresses: Span
  readonly serviceIPs: Span
  readonly kubernetesIP: number | null
  readonly dnsIP: number | null
}

/** What the objects alone say (the nodes' part is added per load). */
interface ObjectEvidence { readonly pods: Span; readonly services: Span; readonly kubernetesIP: number | null; readonly dnsIP: number | null }

/** Per objects list (a load's): kept so that the load after an edit updates it with the edit's objects. */
const objectEvidence = new WeakMap<readonly ClusterObject[], ObjectEvidence>()

type ObjectChanges = { readonly removed: readonly ClusterObject[]; readonly added: readonly ClusterObject[]; readonly from?: readonly ClusterObject[] } | null | undefined

const evidencePod = (o: ClusterObject): o is PodObject => o.kind === 'Pod' && o.podIP !== null && !o.template.hostNetwork
const evidenceService = (o: ClusterObject): o is ServiceObject => o.kind === 'Service' && typeof o.clusterIP === 'number'
const namedService = (o: ServiceObject, ns: string, name: string): boolean => o.namespace === ns && o.name === name

function readObjectEvidence(objects: readonly ClusterObject[]): ObjectEvidence {
  let pods = NO_SPAN
  let services = NO_SPAN
  for (const o of objects) {
    if (evidencePod(o)) pods = spanWith(pods, o.podIP!)
    else if (evidenceService(o)) services = spanWith(services, o.clusterIP as number)
  }
  return { pods, services, kubernetesIP: clusterIPOf(objects, 'default', 'kubernetes'), dnsIP: clusterIPOf(objects, 'kube-system', 'kube-dns') }
}

/**
 * The last load's evidence with an edit's objects taken out and put in: a range check needs only
 * each kind's count and extremes. Null (read it all again) when a removed address was an
 * extreme, or the edit touched the kubernetes or kube-dns Service (the first of a name wins).
 */
function updatedEvidence(last: ObjectEvidence, changes: NonNullable<ObjectChanges>): ObjectEvidence | null {
  let { pods, services } = last
  for (const o of changes.removed) {
    if (evidencePod(o)) {
      if (o.podIP === pods.lo || o.podIP === pods.hi) return null
      pods = { ...pods, count: pods.count - 1 }
    } else if (evidenceService(o)) {
      if (o.clusterIP === services.lo || o.clusterIP === services.hi || namedService(o, 'default', 'kubernetes') || namedService(o, 'kube-system', 'kube-dns')) return null
      services = { ...services, count: services.count - 1 }
    }
  }
  for (const o of changes.added) {
    if (evidencePod(o)) pods = spanWith(pods, o.podIP!)
    else if (evidenceService(o)) {
      if (namedService(o, 'default', 'kubernetes') || namedService(o, 'kube-system', 'kube-dns')) return null
      services = spanWith(services, o.clusterIP as number)
    }
  }
  return { pods, services, kubernetesIP: last.kubernetesIP, dnsIP: last.dnsIP }
}

function evidenceOf(parsed: ParsedInput, nodes: readonly NodeSpec[], changes: ObjectChanges): Evidence {
  let objs = objectEvidence.get(parsed.objects)
  if (!objs) {
    const last = changes?.from ? objectEvidence.get(changes.from) : undefined
    objs = (last && updatedEvidence(last, changes!)) ?? readObjectEvidence(parsed.objects)
    objectEvidence.set(parsed.objects, objs)
  }
  let podAddresses = objs.pods
  for (const n of nodes) if (n.podCIDR) podAddresses = spanWith(spanWith(podAddresses, n.podCIDR.base), lastAddress(n.podCIDR))
  return { nodes, podAddresses, serviceIPs: objs.services, kubernetesIP: objs.kubernetesIP, dnsIP: objs.dnsIP }
}

/** The address of the first Service `ns/name` among `objects` that has one set. */
function clusterIPOf(objects: readonly ClusterObject[], ns: string, name: string): number | null {
  for (const o of objects) if (o.kind === 'Service' && o.namespace === ns && o.name === name && typeof o.clusterIP === 'number') return o.clusterIP
  return null
}

/** Every address in the range: a range is one run of addresses, so its lowest and highest. */
const spanIn = (c: Cidr, s: Span): boolean => s.count === 0 || (cidrContains(c, s.lo) && cidrContains(c, s.hi))

function hintCidr(parsed: ParsedInput, key: 'podCIDR' | 'serviceCIDR'): { c: Cidr; why: string } | null {
  const h = parsed.hints[key]
  if (!h) return null
  const p = parseCidr(h.value)
  if (!p.ok) {
    h.reader.warn(h.path, `${key === 'podCIDR' ? 'pod' : 'service'} range "${h.value}" in ${h.source}: ${p.reason}; ignored`, 'write a network address with its prefix length, e.g. 10.244.0.0/16')
    return null
  }
  return { c: p.cidr, why: h.source }
}

function inferPodRange(parsed: ParsedInput, ev: Evidence, dist: ReturnType<typeof recognise>): { c: Cidr; why: string } {
  const hinted = hintCidr(parsed, 'podCIDR')
  if (hinted && spanIn(hinted.c, ev.podAddresses)) return hinted
  if (dist?.podCIDR && spanIn(dist.podCIDR, ev.podAddresses)) return { c: dist.podCIDR, why: ev.podAddresses.count ? `${dist.name} default, holds the pod addresses` : `${dist.name} default` }
  const lab = cidr('10.244.0.0/16')
  const cover = coverOf(ends(ev.podAddresses), 16)
  if (!cover || spanIn(lab, ev.podAddresses)) return { c: lab, why: cover ? 'holds the Node podCIDRs and pod IPs' : 'the lab default' }
  return { c: cover, why: ev.nodes.some((n) => n.podCIDR) ? 'Node podCIDRs and pod IPs' : 'pod IPs' }
}

function inferServiceRange(parsed: ParsedInput, ev: Evidence, dist: ReturnType<typeof recognise>, podCIDR: Cidr): { c: Cidr; why: string } {
  const hinted = hintCidr(parsed, 'serviceCIDR')
  if (hinted && spanIn(hinted.c, ev.serviceIPs)) return hinted
  const k = ev.kubernetesIP
  const firstIs = (c: Cidr): boolean => k === null || nthAddress(c, 1) === k
  if (dist?.serviceCIDR && spanIn(dist.serviceCIDR, ev.serviceIPs) && firstIs(dist.serviceCIDR)) {
    return { c: dist.serviceCIDR, why: `${dist.name} default${k !== null ? `, first address is the kubernetes Service's ${formatIpv4(k)}` : ''}` }
  }
  const lab = cidr('10.96.0.0/12')
  if (spanIn(lab, ev.serviceIPs) && firstIs(lab)) return { c: lab, why: k !== null ? `the kubernetes Service's ClusterIP ${formatIpv4(k)}` : 'the lab default' }
  if (k !== null) {
    // The apiserver gives `kubernetes` the range's first address: the range starts just below it.
    const base = (k - 1) >>> 0
    for (const p of [16, 12, 20, 24, ...Array.from({ length: 21 }, (_, i) => 8 + i)]) {
      const c = { base, prefixLength: p }
      if (aligned(base, p) && spanIn(c, ev.serviceIPs) && !cidrsOverlap(c, podCIDR)) return { c, why: `the kubernetes Service's ClusterIP ${formatIpv4(k)} and the other ClusterIPs` }
    }
  }
  const cover = coverOf(ends(ev.serviceIPs), 16)
  if (cover && !cidrsOverlap(cover, podCIDR)) return { c: cover, why: 'the Services\' ClusterIPs' }
  return { c: coverOf(ends(ev.serviceIPs), 32) ?? lab, why: 'the Services\' ClusterIPs' }
}

function inferNodeNetwork(nodes: readonly NodeSpec[], dist: ReturnType<typeof recognise>, fallback: Cidr): { c: Cidr; why: string } {
  const ips = nodes.map((n) => n.ip).filter((ip) => ip !== 0)
  const minikube = cidr('192.168.49.0/24')
  if (!ips.length) return { c: fallback, why: 'the lab default' }
  const holdsAll = (c: Cidr, addrs: readonly number[]): boolean => addrs.every((a) => cidrContains(c, a))
  if (dist?.nodeNetwork && holdsAll(dist.nodeNetwork, ips)) return { c: dist.nodeNetwork, why: `${dist.name} default` }
  if (holdsAll(minikube, ips)) return { c: minikube, why: 'Node addresses' }
  // A container runtime's network (kind, k3d: docker's 172.18.0.0/16 ...) is a /16; others a /24 or wider.
  const docker = coverOf(ips, 16)!
  if (dist && (dist.name === 'kind' || dist.name === 'k3d') && docker.prefixLength === 16) return { c: docker, why: `Node addresses (${dist.name}'s docker network)` }
  return { c: coverOf(ips, 24)!, why: 'Node addresses' }
}

/**
 * The cluster for a file without a Cluster document (`parsed.cluster === null`), or the given
 * one with the ranges it leaves out filled in from the objects.
 */
export function inferCluster(parsed: ParsedInput, rep: Reporter, changes?: ObjectChanges): ClusterSpec {
  const given = parsed.cluster
  const spec = (given?.origin?.doc.data['spec'] ?? {}) as Record<string, unknown>
  const has = (k: string): boolean => given !== null && typeof spec === 'object' && spec !== null && spec[k] !== undefined && spec[k] !== null
  let nodes: readonly NodeSpec[]
  let network: Cidr | null = null
  const notes: string[] = []
  if (given) nodes = given.nodes
  else if (parsed.dumpNodes.length) nodes = parsed.dumpNodes
  else {
    // Nodes named by the pods: only asked of a file with neither a Cluster document nor Nodes.
    const named = new Set<string>()
    for (const o of parsed.objects) if (o.kind === 'Pod' && o.template.nodeName) named.add(o.template.nodeName)
    const podNodeNames = [...named]
    const hostIPs = new Map<string, number>()
    for (const o of parsed.objects) if (o.kind === 'Pod' && o.template.nodeName && o.hostIP !== undefined && !hostIPs.has(o.template.nodeName)) hostIPs.set(o.template.nodeName, o.hostIP)
    const inferred = inferNodes(podNodeNames, hostIPs)
    nodes = inferred.nodes
    network = inferred.network
    notes.push(`${nodes.length} node(s) ${podNodeNames.length ? 'named by the pods\' nodeName' : 'assumed'} on ${formatCidr(network)}${inferred.fromHostIPs ? ' (addresses from the pods\' hostIP)' : ''}`)
  }
  const dist = recognise(nodes)
  // What the objects say about the ranges: read only for a range the Cluster document leaves out.
  let evidence: Evidence | undefined
  const ev = (): Evidence => (evidence ??= evidenceOf(parsed, nodes, changes))
  const base = given ?? defaultCluster(nodes)
  if (dist && !given) notes.unshift(`a ${dist.name} cluster`)

  let podCIDR = base.podCIDR
  if (!has('podCIDR')) {
    const r = inferPodRange(parsed, ev(), dist)
    podCIDR = r.c
    if (!given || formatCidr(r.c) !== formatCidr(base.podCIDR)) notes.push(`pod range ${formatCidr(r.c)} (${r.why})`)
  }
  let serviceCIDR = base.serviceCIDR
  if (!has('serviceCIDR')) {
    const r = inferServiceRange(parsed, ev(), dist, podCIDR)
    serviceCIDR = r.c
    if (!given || formatCidr(r.c) !== formatCidr(base.serviceCIDR)) notes.push(`service range ${formatCidr(r.c)} (${r.why})`)
  }
  let dnsServiceIP = base.dnsServiceIP
  if (!has('dnsServiceIP')) {
    // The kube-dns Service's address: one look, unless the evidence is read anyway.
    const dnsIP = evidence ? evidence.dnsIP : clusterIPOf(parsed.objects, 'kube-system', 'kube-dns')
    if (dnsIP !== null && cidrContains(serviceCIDR, dnsIP)) {
      dnsServiceIP = dnsIP
      if (!given || dnsIP !== base.dnsServiceIP) notes.push(`cluster DNS ${formatIpv4(dnsIP)} (the kube-dns Service)`)
    } else dnsServiceIP = nthAddress(serviceCIDR, 10)
  }
  // A Cluster document that lists nodes keeps its own node network (their first /24 by default):
  // nodes outside it are a mistake to report, not a range to guess.
  let underlay = base.underlay
  if (!given) {
    const r = network ? { c: network, why: '' } : inferNodeNetwork(nodes, dist, base.underlay.cidr)
    underlay = { cidr: r.c, gateway: nthAddress(r.c, 1) }
    if (r.why) notes.push(`node network ${formatCidr(r.c)} (${r.why})`)
  }
  let clusterDomain = base.clusterDomain
  const domainHint = parsed.hints.clusterDomain
  if (!has('clusterDomain') && domainHint && domainHint.value.replace(/\.$/, '') !== clusterDomain) {
    clusterDomain = domainHint.value.replace(/\.$/, '')
    notes.push(`cluster domain ${clusterDomain} (${domainHint.source})`)
  }
  let network_ = base.network
  const backendHint = parsed.hints.flannelBackend
  if (!given && backendHint && /^host-gw$/i.test(backendHint.value)) {
    network_ = { ...network_, backend: 'host-gw' }
    notes.push(`flannel host-gw (${backendHint.source})`)
  }
  if (!given) notes.push(`pod traffic modelled as flannel ${network_.backend === 'host-gw' ? 'host-gw' : 'VXLAN'}${dist && !['kubeadm', 'k3s', 'k3d'].includes(dist.name) ? ` (${dist.name}'s own CNI is not simulated)` : ''}`)

  const cluster: ClusterSpec = {
    ...base, podCIDR, serviceCIDR, dnsServiceIP, underlay, clusterDomain, network: network_,
    nodeResolvConf: given ? base.nodeResolvConf : { ...base.nodeResolvConf, nameservers: [formatIpv4(underlay.gateway)] },
  }
  if (notes.length) {
    rep.add('warning', given?.origin?.doc, given ? ['spec'] : [], given ? `Cluster ${given.name}` : undefined,
      `${given ? 'the Cluster document leaves ranges out; inferred' : 'no Cluster document; inferred'}: ${notes.join('; ')}`,
      'add a kube-netlab/v1 Cluster document (or the missing fields) to set these yourself')
  }
  return cluster
}

