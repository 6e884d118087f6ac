/**
 * A service port's endpoints as kube-proxy's endpoint slice cache and topology code see them:
 * normalised (leading zeros, duplicates, byte order: endpointslicecache.go) and sorted into the
 * cluster and node-local sets (pkg/proxy/topology.go CategorizeEndpoints, without hints).
 */
import { byteCompare } from '../netfilter/formatSave.js'
import type { ProxyEndpoint, ProxyInput } from './types.js'
import { EndpointMap } from './endpointMap.js'
import { epString } from './servicePortRules.js'

export const NO_ENDPOINTS: readonly ProxyEndpoint[] = []

/** Endpoint categories (pkg/proxy/topology.go CategorizeEndpoints), without topology hints. */
export function categorize(eps: readonly ProxyEndpoint[], nodeName: string) {
  const cluster = clusterEndpoints(eps)
  const localReady = cluster.length && cluster[0]!.ready ? cluster.filter((e) => e.nodeName === nodeName) : NO_ENDPOINTS
  const local = localReady.length ? localReady : servingTerminating(eps).filter((e) => e.nodeName === nodeName)
  return { cluster, local, hasAny: cluster.length > 0 }
}

const servingTerminating = (eps: readonly ProxyEndpoint[]): readonly ProxyEndpoint[] => eps.filter((e) => !e.ready && e.serving && e.terminating)

/**
 * The ready endpoints, or else the serving and terminating ones. Nearly every list is all ready:
 * then it is the list itself, not a copy (10,000 ports per cluster; callers only read it).
 */
export function clusterEndpoints(eps: readonly ProxyEndpoint[]): readonly ProxyEndpoint[] {
  let ready = 0
  for (const e of eps) if (e.ready) ready++
  if (ready === eps.length) return eps
  return ready ? eps.filter((e) => e.ready) : servingTerminating(eps)
}

/** Dedupe by IP:port (a non-terminating copy wins) and sort byte-wise (endpointslicecache.go). */
export function normaliseEndpoints(eps: readonly ProxyEndpoint[]): readonly ProxyEndpoint[] {
  // Most lists are already normal (no leading zeros, IP:port strictly increasing byte-wise,
  // hence no duplicates): then they are their own normal form (read only: no copy of 10,000 lists).
  let normal = true
  for (let i = 0; normal && i < eps.length; i++) normal = !hasLeadingZero(eps[i]!.ip) && (i === 0 || endpointBefore(eps[i - 1]!, eps[i]!))
  if (normal) return eps
  const byKey = new Map<string, ProxyEndpoint>()
  for (const raw of eps) {
    // Leading zeros ("10.180.00.001") are normalised as the endpoint slice cache does.
    const e = LEADING_ZERO.test(raw.ip) ? { ...raw, ip: raw.ip.split('.').map((o) => String(Number(o))).join('.') } : raw
    const key = epString(e)
    const prev = byKey.get(key)
    if (!prev || (prev.terminating && !e.terminating)) byKey.set(key, e)
  }
  const keys = [...byKey.keys()].sort(byteCompare)
  return keys.map((k) => byKey.get(k)!)
}

const LEADING_ZERO = /(^|\.)0\d/

/** LEADING_ZERO.test, by characters (30,000 endpoints per cluster). */
function hasLeadingZero(ip: string): boolean {
  for (let i = 0; i + 1 < ip.length; i++) {
    if (ip.charCodeAt(i) === 48 && (i === 0 || ip.charCodeAt(i - 1) === 46)) {
      const d = ip.charCodeAt(i + 1)
      if (d >= 48 && d <= 57) return true
    }
  }
  return false
}

/**
 * epString(a) < epString(b), without building either: the addresses compared character by
 * character, each followed by ":" (so "10.0.0.1:…" sorts after "10.0.0.10:…", ':' being above
 * every digit and '.'), then the ports as text when the addresses are equal.
 */
function endpointBefore(a: ProxyEndpoint, b: ProxyEndpoint): boolean {
  const x = a.ip
  const y = b.ip
  if (x === y) return a.port !== b.port && String(a.port) < String(b.port)
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) {
    const c = x.charCodeAt(i)
    const d = y.charCodeAt(i)
    if (c !== d) return c < d
  }
  return x.length < y.length ? 58 < y.charCodeAt(n) : x.charCodeAt(n) < 58
}

export function countEndpoints(input: ProxyInput): number {
  // A map carried across what-ifs keeps its count (endpointMap.ts): no walk of 10,000 lists.
  if (input.endpoints instanceof EndpointMap) return input.endpoints.total
  let n = 0
  for (const eps of input.endpoints.values()) n += eps.length
  return n
}

const normalisedCache = new WeakMap<readonly ProxyEndpoint[], readonly ProxyEndpoint[]>()

/** A service port's endpoints normalised once per endpoint list, for both proxiers and every node. */
export function normalisedEndpoints(raw: readonly ProxyEndpoint[]): readonly ProxyEndpoint[] {
  let n = normalisedCache.get(raw)
  if (!n) normalisedCache.set(raw, (n = normaliseEndpoints(raw)))
  return n
}
