/** EndpointSlices and legacy Endpoints as the lab reads them (parseObjects.ts hands them here). */
import type { EndpointSliceObject } from '../objects.js'
import { FieldReader, field } from './fieldReader.js'
import { readAddress } from './legacyIp.js'
import type { Path } from './readDocuments.js'

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const

/** Paths every slice reads: one array each, not one per slice read (a path is never changed). */
const METADATA_LABELS: Path = Object.freeze(['metadata', 'labels'])
const ADDRESS_TYPE: Path = Object.freeze(['addressType'])
const PORTS: Path = Object.freeze(['ports'])
const ENDPOINTS: Path = Object.freeze(['endpoints'])

const present = (v: unknown): boolean => v !== undefined && v !== null

export function parseEndpointSlice(r: FieldReader, namespace: string, name: string): EndpointSliceObject {
  const labels = r.stringMap(METADATA_LABELS)
  const serviceName = labels['kubernetes.io/service-name'] ?? ''
  if (!serviceName) r.error(METADATA_LABELS, 'EndpointSlice has no kubernetes.io/service-name label', 'label it with the Service it belongs to')
  // An IPv6 slice (dual-stack Services get one per family) is kept out of the IPv4 dataplane.
  const addressType = r.oneOf(ADDRESS_TYPE, ['IPv4', 'IPv6', 'FQDN'] as const, 'IPv4')
  // Each port and endpoint read once, its fields through the `…In` readings: a path is made per
  // entry, and per field only for a message (a dump's 10,000 slices made ~10 per endpoint).
  const portList = r.list(PORTS)
  // map, not push: arrays of their size (push leaves room for 16 more in each of 10,000 slices).
  const ports: EndpointSliceObject['ports'][number][] = portList.map((pv, i) => {
    const p: Path = ['ports', i]
    return { name: r.stringIn(pv, p, 'name', ''), port: r.intIn(pv, p, 'port', 0, 1, 65535), protocol: r.oneOfIn(pv, p, 'protocol', PROTOCOLS, 'TCP') }
  })
  const endpointList = r.list(ENDPOINTS)
  const endpoints: EndpointSliceObject['endpoints'][number][] = endpointList.map((ev, i) => {
    const e: Path = ['endpoints', i]
    // A loop, not flatMap: no array per address of a dump's 10,000 slices.
    const addresses: string[] = []
    const addressList = r.listIn(ev, e, 'addresses')
    for (let j = 0; j < addressList.length; j++) {
      if (addressType === 'FQDN') continue
      const a = addressList[j]
      const got = readAddress(r, ['endpoints', i, 'addresses', j], String(a))
      if (!got || (got.family === 6) !== (addressType === 'IPv6')) {
        r.error(['endpoints', i, 'addresses', j], `address "${String(a)}" is not an ${addressType} address`, `an EndpointSlice holds addresses of its addressType (${addressType}) only`)
        continue
      }
      if (addressType === 'IPv4') addresses.push(got.text)
    }
    const conditions = field(ev, 'conditions')
    const c: Path = present(conditions) ? ['endpoints', i, 'conditions'] : e
    const targetRef = field(ev, 'targetRef')
    return {
      addresses,
      ready: r.boolIn(conditions, c, 'ready', true),
      serving: r.boolIn(conditions, c, 'serving', true),
      terminating: r.boolIn(conditions, c, 'terminating', false),
      nodeName: r.stringIn(ev, e, 'nodeName', null),
      hostname: r.stringIn(ev, e, 'hostname', null),
      targetPod: r.stringIn(targetRef, present(targetRef) ? ['endpoints', i, 'targetRef'] : e, 'name', null),
    }
  })
  return { kind: 'EndpointSlice', namespace, name, serviceName, origin: { doc: r.doc }, addressType, ports, endpoints }
}

/** Legacy Endpoints become one slice per subset (what the mirroring controller does). */
export function parseEndpoints(r: FieldReader, namespace: string, name: string): EndpointSliceObject {
  const ports: EndpointSliceObject['ports'][number][] = []
  const endpoints: EndpointSliceObject['endpoints'][number][] = []
  r.list(['subsets']).forEach((_, s) => {
    r.list(['subsets', s, 'ports']).forEach((__, i) => {
      const p = { name: r.string(['subsets', s, 'ports', i, 'name'], ''), port: r.int(['subsets', s, 'ports', i, 'port'], 0, 1, 65535), protocol: r.oneOf(['subsets', s, 'ports', i, 'protocol'], PROTOCOLS, 'TCP') }
      if (!ports.some((q) => q.name === p.name && q.port === p.port && q.protocol === p.protocol)) ports.push(p)
    })
    for (const [field, ready] of [['addresses', true], ['notReadyAddresses', false]] as const) {
      r.list(['subsets', s, field]).forEach((__, i) => {
        const text = r.string(['subsets', s, field, i, 'ip'], '')
        const got = readAddress(r, ['subsets', s, field, i, 'ip'], text)
        if (!got) { r.error(['subsets', s, field, i, 'ip'], `address "${text}" is not an IP address`, 'write the endpoint pod IP, e.g. 10.244.1.7'); return }
        if (got.family === 6) return
        const ip = got.text
        endpoints.push({
          addresses: [ip], ready, serving: ready, terminating: false,
          nodeName: r.string(['subsets', s, field, i, 'nodeName'], null),
          hostname: r.string(['subsets', s, field, i, 'hostname'], null),
          targetPod: r.string(['subsets', s, field, i, 'targetRef', 'name'], null),
        })
      })
    }
  })
  return { kind: 'EndpointSlice', namespace, name: `${name}-legacy`, serviceName: name, ports, endpoints, origin: { doc: r.doc }, addressType: 'IPv4' }
}
