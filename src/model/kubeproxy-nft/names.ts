/**
 * kube-proxy's nftables object names (pkg/proxy/nftables/proxier.go hashAndTruncate): the first
 * 8 characters of base32(SHA-256(base)) then the readable base, `ns/svc/proto/port` for a
 * service port and `…__IP/port` for an endpoint (IPv6 colons become dots). Names longer than
 * 240 characters are cut to 237 plus `...`.
 * Example (design note §5): `ns1/svc1/tcp/p80` → `ULMVA6XW-ns1/svc1/tcp/p80`.
 */
import { base32 } from '../hash/digest.js'
import { sha256 } from '../hash/sha256.js'
import type { Protocol } from '../kubeproxy/types.js'

const MAX_BASE = 240

function hashAndTruncate(base: string): string {
  // 8 base32 characters are exactly the first 5 bytes of the digest.
  const name = `${base32(sha256(base).subarray(0, 5))}-${base}`
  return name.length > MAX_BASE ? `${name.slice(0, MAX_BASE - 3)}...` : name
}

export interface ServicePortNames {
  readonly service: string
  readonly local: string
  readonly external: string
  readonly firewall: string
}

export function servicePortNames(namespace: string, name: string, protocol: Protocol, portName: string): ServicePortNames {
  const base = hashAndTruncate(`${namespace}/${name}/${protocol.toLowerCase()}/${portName}`)
  return { service: `service-${base}`, local: `local-${base}`, external: `external-${base}`, firewall: `firewall-${base}` }
}

export interface EndpointNames {
  readonly chain: string
  readonly affinitySet: string
}

export function endpointNames(namespace: string, name: string, protocol: Protocol, portName: string, ip: string, port: number): EndpointNames {
  const base = hashAndTruncate(`${namespace}/${name}/${protocol.toLowerCase()}/${portName}__${ip.replaceAll(':', '.')}/${port}`)
  return { chain: `endpoint-${base}`, affinitySet: `affinity-${base}` }
}
