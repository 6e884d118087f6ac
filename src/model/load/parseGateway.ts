/**
 * Gateway API documents → typed objects, with the checks the API server makes before it stores
 * them (the CRDs' OpenAPI patterns, enums, limits and CEL rules in
 * kubernetes-sigs/gateway-api apis/v1/*_types.go). What the server rejects is an error at the
 * field; what it accepts but a controller would not serve is left to the status (model/gateway).
 */
import { isIpv4 } from '../addr/ipv4.js'
import {
  GATEWAY_GROUP, type GatewayApiObject, type GatewayListener, type ParentRef, type ReferenceGrantObject, type RouteGroupKind,
} from '../gateway/objects.js'
import type { LabelSelector } from '../objects.js'
import type { FieldReader } from './fieldReader.js'
import { parseRoute } from './parseGatewayRoute.js'
import type { Path } from './readDocuments.js'

/** gateway-api's Hostname: an RFC 1123 name, optionally led by one "*." label; never an IP. */
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
/** SectionName and other DNS-subdomain names. */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const CONTROLLER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/
const GROUP = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const KIND = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/

export function readHostname(r: FieldReader, path: Path): string | null {
  const h = r.string(path, null)
  if (h === null) return null
  if (isIpv4(h)) {
    r.error(path, `hostname "${h}" is an IP address; Gateway API hostnames are DNS names`, 'leave hostname out to accept any Host, or write a name such as www.example.com')
    return null
  }
  if (h.length > 253 || !HOSTNAME.test(h)) {
    r.error(path, `hostname "${h}" is not a valid hostname`, 'lower-case DNS labels, optionally starting with "*." (e.g. *.example.com); no port, no trailing dot')
    return null
  }
  return h
}

export function readName(r: FieldReader, path: Path, what: string): string {
  const v = r.string(path, '')
  if (!v) r.error(path, `${what} is required`)
  else if (v.length > 253 || !SUBDOMAIN.test(v)) r.error(path, `${what} "${v}" is not a valid Kubernetes name`, 'use lower-case letters, digits, "-" and "."')
  return v
}

export function readGroup(r: FieldReader, path: Path, fallback: string): string {
  const g = r.string(path, fallback)
  if (g.length > 253 || !GROUP.test(g)) r.error(path, `group "${g}" is not a valid API group`, 'use "" for the core group (Service) or e.g. gateway.networking.k8s.io')
  return g
}

export function readKind(r: FieldReader, path: Path, fallback: string): string {
  const k = r.string(path, fallback)
  if (k.length > 63 || !KIND.test(k)) r.error(path, `kind "${k}" is not a valid kind`)
  return k
}

export function checkMax(r: FieldReader, path: Path, max: number, what: string): void {
  const n = r.list(path).length
  if (n > max) r.error(path, `${what} has ${n} entries; the API allows at most ${max}`)
}

function readSelector(r: FieldReader, path: Path): LabelSelector {
  return {
    matchLabels: r.stringMap([...path, 'matchLabels']),
    matchExpressions: r.list([...path, 'matchExpressions']).map((_, i) => ({
      key: r.string([...path, 'matchExpressions', i, 'key'], ''),
      operator: r.oneOf([...path, 'matchExpressions', i, 'operator'], ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const, 'In'),
      values: r.list([...path, 'matchExpressions', i, 'values']).map(String),
    })),
  }
}

export function parseParentRefs(r: FieldReader, ns: string): ParentRef[] {
  const path: Path = ['spec', 'parentRefs']
  checkMax(r, path, 32, 'spec.parentRefs')
  const refs = r.list(path).map((_, i): ParentRef => {
    const p: Path = [...path, i]
    return {
      group: readGroup(r, [...p, 'group'], GATEWAY_GROUP),
      kind: readKind(r, [...p, 'kind'], 'Gateway'),
      namespace: r.string([...p, 'namespace'], ns),
      name: readName(r, [...p, 'name'], `parentRefs[${i}].name`),
      sectionName: r.has([...p, 'sectionName']) ? readName(r, [...p, 'sectionName'], `parentRefs[${i}].sectionName`) : null,
      port: r.has([...p, 'port']) ? r.int([...p, 'port'], 0, 1, 65535) : null,
    }
  })
  // CEL on spec.parentRefs: two references to one parent must be told apart by sectionName or port.
  refs.forEach((a, i) => {
    const same = refs.filter((b) => b.group === a.group && b.kind === a.kind && b.namespace === a.namespace && b.name === a.name)
    if (same.length < 2) return
    if (a.sectionName === null && a.port === null) r.error([...path, i], 'sectionName or port must be specified when parentRefs includes 2 or more references to the same parent')
    else if (refs.findIndex((b) => b.group === a.group && b.kind === a.kind && b.namespace === a.namespace && b.name === a.name && b.sectionName === a.sectionName && b.port === a.port) !== i) {
      r.error([...path, i], 'sectionName or port must be unique when parentRefs includes 2 or more references to the same parent')
    }
  })
  return refs
}

function parseListener(r: FieldReader, i: number): GatewayListener {
  const p: Path = ['spec', 'listeners', i]
  const protocol = r.string([...p, 'protocol'], '')
  if (!protocol) r.error(p, `listeners[${i}] has no protocol`, 'HTTP, HTTPS, TLS, TCP or UDP')
  if (!r.has([...p, 'port'])) r.error(p, `listeners[${i}] has no port`)
  const hostname = readHostname(r, [...p, 'hostname'])
  // CEL on spec.listeners (gateway_types.go).
  if (hostname !== null && (protocol === 'TCP' || protocol === 'UDP')) r.error([...p, 'hostname'], `hostname must not be specified for protocols ['TCP', 'UDP']`)
  if (r.has([...p, 'tls']) && ['HTTP', 'TCP', 'UDP'].includes(protocol)) r.error([...p, 'tls'], `tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']`)
  if (!r.has([...p, 'tls']) && protocol === 'HTTPS') r.error(p, `tls must be specified for protocols ['HTTPS']`, 'add tls: { mode: Terminate, certificateRefs: [{ name: <Secret> }] }')
  const from = r.oneOf([...p, 'allowedRoutes', 'namespaces', 'from'], ['Same', 'All', 'Selector'] as const, 'Same')
  const hasSelector = r.has([...p, 'allowedRoutes', 'namespaces', 'selector'])
  if (from === 'Selector' && !hasSelector) r.error([...p, 'allowedRoutes', 'namespaces'], 'from: Selector needs a selector', 'add selector: { matchLabels: { ... } }')
  const kinds: RouteGroupKind[] = r.list([...p, 'allowedRoutes', 'kinds']).map((_, k) => ({
    group: readGroup(r, [...p, 'allowedRoutes', 'kinds', k, 'group'], GATEWAY_GROUP),
    kind: readKind(r, [...p, 'allowedRoutes', 'kinds', k, 'kind'], ''),
  }))
  return {
    name: readName(r, [...p, 'name'], `listeners[${i}].name`),
    port: r.int([...p, 'port'], 0, 1, 65535),
    protocol,
    hostname,
    allowedRoutes: { from, selector: hasSelector ? readSelector(r, [...p, 'allowedRoutes', 'namespaces', 'selector']) : null, kinds },
    tlsMode: r.has([...p, 'tls']) ? r.oneOf([...p, 'tls', 'mode'], ['Terminate', 'Passthrough'] as const, 'Terminate') : null,
  }
}

function parseReferenceGrant(r: FieldReader, namespace: string, name: string): ReferenceGrantObject {
  for (const side of ['from', 'to'] as const) {
    if (r.list(['spec', side]).length === 0) r.error(['spec'], `spec.${side} needs at least one entry`)
    checkMax(r, ['spec', side], 16, `spec.${side}`)
  }
  return {
    kind: 'ReferenceGrant', namespace, name, origin: { doc: r.doc },
    from: r.list(['spec', 'from']).map((_, i) => ({
      group: readGroup(r, ['spec', 'from', i, 'group'], ''),
      kind: readKind(r, ['spec', 'from', i, 'kind'], ''),
      namespace: readName(r, ['spec', 'from', i, 'namespace'], `from[${i}].namespace`),
    })),
    to: r.list(['spec', 'to']).map((_, i) => ({
      group: readGroup(r, ['spec', 'to', i, 'group'], ''),
      kind: readKind(r, ['spec', 'to', i, 'kind'], ''),
      name: r.string(['spec', 'to', i, 'name'], null),
    })),
  }
}

/** One Gateway API document; null when it is too broken to keep (the errors say why). */
export function parseGatewayApi(r: FieldReader, kind: string, namespace: string, name: string): GatewayApiObject | null {
  const origin = { doc: r.doc }
  switch (kind) {
    case 'GatewayClass': {
      const controllerName = r.string(['spec', 'controllerName'], '')
      if (!controllerName) r.error(['spec'], 'GatewayClass has no spec.controllerName', 'e.g. gateway.envoyproxy.io/gatewayclass-controller')
      else if (!CONTROLLER_NAME.test(controllerName)) r.error(['spec', 'controllerName'], `controllerName "${controllerName}" is not a domain-prefixed path`, 'e.g. example.net/gateway-controller')
      return { kind, name, controllerName, origin }
    }
    case 'Gateway': {
      const gatewayClassName = readName(r, ['spec', 'gatewayClassName'], 'spec.gatewayClassName')
      const n = r.list(['spec', 'listeners']).length
      if (n === 0) r.error(['spec'], 'a Gateway needs at least one listener', 'add listeners: [{ name: http, port: 80, protocol: HTTP }]')
      checkMax(r, ['spec', 'listeners'], 64, 'spec.listeners')
      const listeners = r.list(['spec', 'listeners']).map((_, i) => parseListener(r, i))
      listeners.forEach((l, i) => {
        if (listeners.findIndex((m) => m.name === l.name) !== i) r.error(['spec', 'listeners', i, 'name'], `Listener name "${l.name}" must be unique within the Gateway`)
        else if (listeners.findIndex((m) => m.port === l.port && m.protocol === l.protocol && m.hostname === l.hostname) !== i) {
          r.error(['spec', 'listeners', i], 'Combination of port, protocol and hostname must be unique for each listener', `listener ${l.name} repeats port ${l.port}/${l.protocol} with hostname ${l.hostname ?? '(none)'}`)
        }
      })
      const addresses = r.list(['spec', 'addresses']).flatMap((_, i) => {
        const type = r.string(['spec', 'addresses', i, 'type'], 'IPAddress')
        const value = r.string(['spec', 'addresses', i, 'value'], '')
        if (type !== 'IPAddress') return []
        if (!isIpv4(value)) { r.error(['spec', 'addresses', i, 'value'], `address "${value}" is not an IPv4 address`); return [] }
        return [value]
      })
      return { kind, namespace, name, gatewayClassName, listeners, addresses, creationTimestamp: r.string(['metadata', 'creationTimestamp'], null), origin }
    }
    case 'HTTPRoute': case 'GRPCRoute': case 'TLSRoute': case 'TCPRoute': case 'UDPRoute':
      return parseRoute(r, kind, namespace, name)
    case 'ReferenceGrant':
      return parseReferenceGrant(r, namespace, name)
    default:
      return null
  }
}
