/**
 * Service addressing and endpoints. ClusterIPs: `kubernetes` gets the first address of the range,
 * kube-dns the DNS service IP, given ones are checked, the rest are picked deterministically:
 * SHA-256 of `ns/name` into the range, then the next free address (a stand-in for the
 * allocator's random pick that keeps each Service's IP stable when others are added). NodePorts
 * likewise within the range. Endpoints come from EndpointSlices/Endpoints when given, else from
 * the selector, with named targetPorts resolved per pod.
 */
import { cidrContains, cidrSize, formatCidr, formatIpv4, isIpv4, nthAddress, parseIpv4 } from '../addr/ipv4.js'
import { hashUint32 } from '../hash/digest.js'
import type { AddonRole, ModelEndpoint, ModelPod, ModelService, ModelServicePort } from '../model.js'
import type { ClusterSpec, EndpointSliceObject, ServiceObject } from '../objects.js'
import { roleLookup } from './addons.js'
import type { Reporter } from './report.js'
import { LabelIndex } from './selectors.js'
import { memoHash, reuse, sameData, type DeriveMemo, type ServiceRecord } from './memo.js'
import { allocationAgain, changedPods, serviceKey, servicesAgain } from './servicesAgain.js'
import { sameList } from '../sameList.js'

/** How often the allocation was the last one's and how often it ran: for tests and the benchmark. */
export const serviceCounters = { again: 0, full: 0, sameSlices: 0 }

export function buildServices(
  services: readonly ServiceObject[],
  slices: readonly EndpointSliceObject[],
  pods: readonly ModelPod[],
  cluster: ClusterSpec,
  roles: Map<string, AddonRole | 'apiserver'>,
  rep: Reporter,
  memo?: DeriveMemo,
): ModelService[] {
  const usedIps = new Map<number, string>()
  const usedPorts = new Map<number, string>()
  const range = cluster.serviceCIDR
  const [npLo, npHi] = cluster.nodePortRange
  const obj = (s: ServiceObject): string => `Service ${s.namespace}/${s.name}`

  // After an edit that left every Service's addressing inputs as they were, the allocator ends
  // where it ended last time: its results are the last model's, and pass 1 found nothing then.
  const again = memo ? allocationAgain(services, cluster, roles, memo) : null
  serviceCounters[again ? 'again' : 'full']++
  const allocRecord: ServiceRecord | undefined = memo ? { services, result: [], diagnostics: [], selected: [], slices: [], cluster, roles, cleanAlloc: true } : undefined
  const allocMark = rep.diagnostics.length

  // Pass 1: addresses and ports written in the input.
  if (!again) for (const s of services) {
    const doc = s.origin?.doc
    if (typeof s.clusterIP === 'number') {
      if (!cidrContains(range, s.clusterIP)) {
        rep.add('error', doc, ['spec', 'clusterIP'], obj(s), `clusterIP ${formatIpv4(s.clusterIP)} is outside serviceCIDR ${formatCidr(range)}`, 'remove clusterIP to have one allocated, or pick one inside the range')
      } else if (usedIps.has(s.clusterIP)) {
        rep.add('error', doc, ['spec', 'clusterIP'], obj(s), `clusterIP ${formatIpv4(s.clusterIP)} is already taken by ${usedIps.get(s.clusterIP)}`, 'remove clusterIP to have a free one allocated, or pick another address')
      }
      usedIps.set(s.clusterIP, `${s.namespace}/${s.name}`)
    }
    s.ports.forEach((p, i) => {
      if (p.nodePort === null) return
      if (s.type !== 'NodePort' && s.type !== 'LoadBalancer') {
        rep.add('error', doc, ['spec', 'ports', i, 'nodePort'], obj(s), `nodePort is set but the Service type is ${s.type}`, 'use type: NodePort or LoadBalancer')
      } else if (p.nodePort < npLo || p.nodePort > npHi) {
        rep.add('error', doc, ['spec', 'ports', i, 'nodePort'], obj(s), `nodePort ${p.nodePort} is outside the range ${npLo}-${npHi}`, `pick a port from ${npLo} to ${npHi}, or leave nodePort out to have one allocated`)
      } else {
        const owner = usedPorts.get(p.nodePort)
        const sameService = owner === `${s.namespace}/${s.name}` && s.ports.some((q, j) => j !== i && q.nodePort === p.nodePort && q.protocol !== p.protocol)
        if (owner && !sameService) rep.add('error', doc, ['spec', 'ports', i, 'nodePort'], obj(s), `nodePort ${p.nodePort} is already used by ${owner}`, 'leave nodePort out to have a free one allocated, or pick another')
      }
      usedPorts.set(p.nodePort, `${s.namespace}/${s.name}`)
    })
  }

  if (allocRecord && rep.diagnostics.length !== allocMark) allocRecord.cleanAlloc = false

  const allocIp = (s: ServiceObject): number => {
    const size = cidrSize(range)
    let off = 1 + (memoHash(memo, `clusterip:${s.namespace}/${s.name}`, () => hashUint32(`clusterip:${s.namespace}/${s.name}`)) % Math.max(1, size - 2))
    for (let tries = 0; tries < size; tries++, off = off + 1 >= size - 1 ? 1 : off + 1) {
      const ip = nthAddress(range, off)
      if (!usedIps.has(ip)) {
        usedIps.set(ip, `${s.namespace}/${s.name}`)
        return ip
      }
    }
    rep.add('error', s.origin?.doc, ['spec'], obj(s), `serviceCIDR ${formatCidr(range)} has no free address left`, 'use a larger serviceCIDR')
    return 0
  }
  const allocPort = (s: ServiceObject, key: string): number => {
    const size = npHi - npLo + 1
    let off = memoHash(memo, `nodeport:${key}`, () => hashUint32(`nodeport:${key}`)) % size
    for (let tries = 0; tries < size; tries++, off = (off + 1) % size) {
      if (!usedPorts.has(npLo + off)) {
        usedPorts.set(npLo + off, key)
        return npLo + off
      }
    }
    rep.add('error', s.origin?.doc, ['spec', 'ports'], obj(s), `the NodePort range ${npLo}-${npHi} has no free port left`, 'widen spec.nodePortRange in the Cluster document')
    return 0
  }

  let podIndex: LabelIndex<ModelPod> | undefined
  /** The pods without an IP (Pending), by labels: asked only of a Service that selects no pod with one. */
  let waitingIndex: LabelIndex<ModelPod> | undefined
  let podByIp: Map<number, ModelPod> | undefined
  let lookups = 0
  // The generated `kubernetes` slice asks a few addresses on every load: scan for those, index
  // the pods only for a dump's thousands of slices.
  const byIp = (ip: number): ModelPod | undefined => {
    if (!podByIp && ++lookups <= 8) {
      // The last pod of that address, as the index below keeps it.
      for (let i = pods.length - 1; i >= 0; i--) if (pods[i]!.ip === ip && !pods[i]!.hostNetwork) return pods[i]
      return undefined
    }
    return (podByIp ??= new Map(pods.filter((p) => p.ip !== null && !p.hostNetwork).map((p) => [p.ip!, p]))).get(ip)
  }
  // The same slices as last time (an edit of a dump's 10,000 seldom touches one): the same map,
  // and each Service's slices are the ones recorded at its index (servicesAgain).
  const lastRecord = memo?.serviceRecord
  const sameSlices = !!lastRecord?.slicesBySvc && sameList(lastRecord.sliceList!, slices)
  const slicesBySvc = sameSlices ? lastRecord!.slicesBySvc! : slicesByService(slices)
  if (sameSlices) serviceCounters.sameSlices++
  if (allocRecord) {
    allocRecord.sliceList = slices
    allocRecord.slicesBySvc = slicesBySvc
  }
  const touched = memo ? changedPods(memo, pods) : null
  const roleOf = roleLookup(roles)
  // The last model's Service, its problems reported again; its pods are unchanged (no changed
  // pod is one it may select).
  const reused = (prev: ModelService, recorded: readonly Parameters<Reporter['add']>[], index: number, picked: readonly ModelPod[] | undefined): ModelService => {
    for (const args of recorded) rep.add(...args)
    allocRecord!.diagnostics[index] = recorded
    allocRecord!.selected[index] = picked
    return prev
  }

  const one = (s: ServiceObject, index: number): ModelService => {
    const doc = s.origin?.doc
    const key = serviceKey(s)
    const given = slicesBySvc.get(key)
    // Addresses and ports first, in Service order for every Service (the allocator's state
    // runs through all of them), then the endpoints.
    let clusterIP: number | 'None' | null
    let nodePorts: (number | null)[]
    let healthCheckNodePort: number | null = null
    let addon: AddonRole | 'apiserver' | null
    let prev: ModelService | undefined
    const mark = rep.diagnostics.length
    if (again) {
      prev = again.result[index]!
      // The same Service object with no pod it may select changed: the last model's.
      if (prev.obj === s && !given && touched && !touched.selects(s)) {
        const recorded = again.diagnostics[index]
        if (recorded) return reused(prev, recorded, index, again.selected[index])
      }
      clusterIP = prev.clusterIP
      nodePorts = prev.ports.map((p) => p.nodePort)
      healthCheckNodePort = prev.healthCheckNodePort
      addon = prev.addon
    } else {
      if (s.type === 'ExternalName') clusterIP = null
      else if (s.clusterIP === null) clusterIP = allocIp(s)
      else clusterIP = s.clusterIP
      nodePorts = s.ports.map((p) => (s.type === 'NodePort' || s.type === 'LoadBalancer' ? (p.nodePort ?? allocPort(s, `${key}:${p.name}`)) : null))
      if (s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local') healthCheckNodePort = s.healthCheckNodePort ?? allocPort(s, `${key}:health`)
      addon = roleOf('Service', s.namespace, s.name) ?? null
      prev = memo?.services.get(key)
    }
    const allocated = rep.diagnostics.length === mark
    if (allocRecord && !allocated) allocRecord.cleanAlloc = false
    // The same Service object, the same addresses, and no pod it may select changed: the last
    // model's Service (and its problems, reported again) is this one.
    // With the allocation again, the last record's entry at this index is prev's (no 10,000-entry
    // lookup by Service built to find it).
    const recorded = again ? again.diagnostics[index] : prev ? memo?.serviceDiagnostics.get(prev) : undefined
    const pickedBefore = (): readonly ModelPod[] | undefined => (again ? again.selected[index] : memo!.selected.get(prev!))
    if (prev && recorded && touched && allocated && prev.obj === s && !given && prev.clusterIP === clusterIP && prev.healthCheckNodePort === healthCheckNodePort
      && prev.addon === addon && nodePorts.every((np, i) => prev.ports[i]?.nodePort === np) && !touched.selects(s)) {
      return reused(prev, recorded, index, pickedBefore())
    }
    const record: Parameters<Reporter['add']>[] = []
    const add = (...args: Parameters<Reporter['add']>): void => { record.push(args); rep.add(...args) }
    // The pods this Service's selector picked last time, updated with the pods that changed;
    // else a select over every pod.
    const before = prev && touched ? pickedBefore() : undefined
    const selected = given || !s.selector ? []
      : before && prev!.obj.namespace === s.namespace && sameData(prev!.obj.selector, s.selector) ? touched!.update(before, s.namespace, s.selector)
        : (podIndex ??= new LabelIndex(pods.filter((p) => p.ip !== null))).select(s.namespace, s.selector)
    if (!given && s.selector && s.type !== 'ExternalName' && selected.length === 0) {
      const selector = Object.entries(s.selector).map(([k, v]) => `${k}=${v}`).join(',')
      // Pods the selector does match, but with no IP (Pending): the EndpointSlice controller
      // lists no endpoint for a pod without an IP, so the cause is the pod, not the labels.
      const waiting = (waitingIndex ??= new LabelIndex(pods.filter((p) => p.ip === null))).select(s.namespace, s.selector)
      if (waiting.length > 0) add('warning', doc, ['spec', 'selector'], obj(s), `selector ${selector} matches only pods without an IP (${waiting.slice(0, 3).map((p) => p.name).join(', ')}${waiting.length > 3 ? ', …' : ''}): the Service has no endpoints`, 'the pods are Pending: see why in their own warning')
      else add('warning', doc, ['spec', 'selector'], obj(s), `selector ${selector} matches no pod: the Service has no endpoints`, 'traffic to it is rejected by kube-proxy (connection refused); check the pod labels')
    }
    const ports = s.ports.map((p, i): ModelServicePort => {
      const nodePort = nodePorts[i]!
      let endpoints: ModelEndpoint[] = []
      if (given) {
        for (const sl of given) {
          const sp = sl.ports.find((q) => q.name === p.name && q.protocol === p.protocol)
          if (!sp) continue
          for (const e of sl.endpoints) {
            for (const a of e.addresses) {
              const ip = parseIpv4(a)
              const pod = byIp(ip)
              endpoints.push({
                ip, port: sp.port, nodeName: e.nodeName ?? pod?.nodeName ?? null, ready: e.ready, serving: e.serving, terminating: e.terminating,
                hostname: e.hostname, pod: e.targetPod ? `${sl.namespace}/${e.targetPod}` : pod ? `${pod.namespace}/${pod.name}` : null,
              })
            }
          }
        }
      } else if (selected.length) {
        let declared = typeof p.targetPort === 'number'
        for (const pod of selected) {
          let port: number | null = null
          if (typeof p.targetPort === 'number') port = p.targetPort
          else {
            const cp = pod.template.containers.flatMap((c) => c.ports).find((cp) => cp.name === p.targetPort && cp.protocol === p.protocol)
            if (cp) { port = cp.containerPort; declared = true }
          }
          if (port === null) continue
          const ready = pod.ready || s.publishNotReadyAddresses
          endpoints.push({
            ip: pod.ip!, port, nodeName: pod.nodeName, ready, serving: ready, terminating: false,
            hostname: pod.template.hostname && pod.template.subdomain === s.name ? pod.template.hostname : null,
            pod: `${pod.namespace}/${pod.name}`,
          })
        }
        if (!declared) {
          add('error', doc, ['spec', 'ports', i, 'targetPort'], obj(s), `targetPort "${String(p.targetPort)}" names a port that no selected pod's containers declare`, `declare it under containers[].ports with name: ${String(p.targetPort)} and protocol ${p.protocol}, or use a number`)
        }
      }
      endpoints = endpoints.sort((a, b) => a.ip - b.ip || a.port - b.port)
      const before = prev?.ports[i]
      return before && before.spec === p && before.nodePort === nodePort && sameData(before.endpoints, endpoints) ? before : { spec: p, nodePort, endpoints }
    })
    const portless: ModelEndpoint[] = []
    if (s.ports.length === 0) {
      const seen = new Set<number>()
      const addEndpoint = (e: ModelEndpoint): void => { if (!seen.has(e.ip)) { seen.add(e.ip); portless.push(e) } }
      for (const sl of given ?? []) {
        for (const e of sl.endpoints) {
          for (const a of e.addresses) {
            const ip = parseIpv4(a)
            const pod = byIp(ip)
            addEndpoint({ ip, port: 0, nodeName: e.nodeName ?? pod?.nodeName ?? null, ready: e.ready, serving: e.serving, terminating: e.terminating, hostname: e.hostname, pod: e.targetPod ? `${sl.namespace}/${e.targetPod}` : pod ? `${pod.namespace}/${pod.name}` : null })
          }
        }
      }
      for (const pod of selected) {
        const ready = pod.ready || s.publishNotReadyAddresses
        addEndpoint({ ip: pod.ip!, port: 0, nodeName: pod.nodeName, ready, serving: ready, terminating: false, hostname: pod.template.hostname && pod.template.subdomain === s.name ? pod.template.hostname : null, pod: `${pod.namespace}/${pod.name}` })
      }
      portless.sort((a, b) => a.ip - b.ip)
    }
    for (const ip of s.loadBalancerIngress) {
      if (ip.ip && !isIpv4(ip.ip) && !ip.ip.includes(':')) add('error', doc, ['status', 'loadBalancer', 'ingress'], obj(s), `load balancer ingress ip "${ip.ip}" is not an IP address`, 'write the address the load balancer announces, e.g. 192.168.49.240')
    }
    const svc: ModelService = { obj: s, namespace: s.namespace, name: s.name, clusterIP, ports, healthCheckNodePort, ...(portless.length ? { portlessEndpoints: portless } : {}), addon }
    // The last model's Service of this key: prev when the allocation ran again (keys are unique).
    const kept = again ? (sameService(prev!, svc) ? prev! : svc) : reuse(memo?.services, key, svc, sameService)
    if (allocRecord) {
      // A Service with EndpointSlices is reused only by servicesAgain, which compares its slices.
      allocRecord.diagnostics[index] = allocated ? record : undefined
      allocRecord.selected[index] = !given && s.selector ? selected : undefined
      allocRecord.slices[index] = given
    }
    return kept
  }
  const result = again && touched ? servicesAgain(services, again, touched, slicesBySvc, sameSlices && again === lastRecord, reused, one, allocRecord!) : services.map(one)
  if (allocRecord) {
    allocRecord.result = result
    memo!.serviceRecordNow = allocRecord
  }
  return result
}

/** The IPv4 EndpointSlices by `namespace/serviceName`, in order. */
function slicesByService(slices: readonly EndpointSliceObject[]): Map<string, EndpointSliceObject[]> {
  const bySvc = new Map<string, EndpointSliceObject[]>()
  for (const sl of slices) {
    if ((sl.addressType ?? 'IPv4') !== 'IPv4') continue
    const k = `${sl.namespace}/${sl.serviceName}`
    const list = bySvc.get(k)
    if (list) list.push(sl)
    else bySvc.set(k, [sl])
  }
  return bySvc
}

/** The `kubernetes` Service's endpoints: each control-plane node's apiserver on 6443. */
export function apiserverSlice(controlPlaneIps: readonly { name: string; ip: number }[]): EndpointSliceObject {
  return {
    kind: 'EndpointSlice', namespace: 'default', name: 'kubernetes', serviceName: 'kubernetes',
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    endpoints: controlPlaneIps.map((n) => ({ addresses: [formatIpv4(n.ip)], ready: true, serving: true, terminating: false, nodeName: n.name, hostname: null, targetPod: null })),
  }
}

/** Equal Services: the same object (so the same document), addresses, ports and endpoints. */
function sameService(a: ModelService, b: ModelService): boolean {
  return a.obj === b.obj && a.clusterIP === b.clusterIP && a.healthCheckNodePort === b.healthCheckNodePort && a.addon === b.addon
    && a.ports.length === b.ports.length && a.ports.every((p, i) => p === b.ports[i]) && sameData(a.portlessEndpoints, b.portlessEndpoints)
}
