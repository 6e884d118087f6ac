/**
 * Gateway API hostname rules (apis/v1/httproute_types.go `Hostnames`, gateway_types.go
 * `Listener.Hostname`): a leading "*." label matches one or more labels, never the bare suffix
 * (`*.example.com` takes `a.example.com` and `a.b.example.com`, not `example.com`); names compare
 * case-insensitively; a port in the Host header is ignored.
 */

/** The Host header as matched: lower case, without a port. */
export function hostOnly(host: string): string {
  return host.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase()
}

export function isWildcard(h: string): boolean {
  return h.startsWith('*.')
}

/** Whether a concrete host name falls under a hostname pattern (exact or wildcard). */
export function hostnameMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase()
  const h = hostOnly(host)
  if (!isWildcard(p)) return p === h
  const suffix = p.slice(1) // ".example.com"
  return h.length > suffix.length && h.endsWith(suffix)
}

/**
 * The hostnames a route gets on a listener: route and listener hostnames intersected. Exact vs
 * exact must be equal; an exact name must sit under a wildcard; of two overlapping wildcards the
 * narrower one is kept. A null listener hostname takes any route hostname.
 */
export function intersectHostname(route: string, listener: string | null): string | null {
  if (listener === null) return route
  const r = route.toLowerCase()
  const l = listener.toLowerCase()
  if (!isWildcard(r) && !isWildcard(l)) return r === l ? r : null
  if (!isWildcard(r)) return hostnameMatches(l, r) ? r : null
  if (!isWildcard(l)) return hostnameMatches(r, l) ? l : null
  if (r === l) return r
  if (l.endsWith(r.slice(1))) return l
  if (r.endsWith(l.slice(1))) return r
  return null
}

/**
 * How specific a listener hostname is for picking among listeners on one port: an exact name
 * beats any wildcard; among wildcards, more labels after "*" win; no hostname comes last.
 */
export function listenerSpecificity(hostname: string | null): number {
  if (hostname === null) return 0
  const labels = hostname.split('.').length
  return isWildcard(hostname) ? labels : 1000 + labels
}
