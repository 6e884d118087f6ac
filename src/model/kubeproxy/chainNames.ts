/** kube-proxy's hashed chain names (pkg/proxy/iptables: portProtoHash, servicePortEndpointChainName). */
import { hashedName, kubeProxyChainNameAfterPrefix, kubeProxyChainNameOf, type HashWords } from '../hash/digest.js'
import { setHashPrefix, sha256WordsOf } from '../hash/sha256.js'
import type { Protocol } from './types.js'

/** `ns/name:port`, or `ns/name` for an unnamed port (ServicePortName.String). */
export function servicePortNameString(namespace: string, name: string, portName: string): string {
  return portName ? `${namespace}/${name}:${portName}` : `${namespace}/${name}`
}

export interface ServiceChains {
  readonly svc: string
  readonly svl: string
  readonly ext: string
  readonly fw: string
}

/** A port's chain names, each made when first read (most ports use only KUBE-SVC), from the hash it holds. */
class LazyServiceChains implements ServiceChains, HashWords {
  private s: string | undefined
  private l: string | undefined
  private e: string | undefined
  private f: string | undefined
  readonly w0: number
  readonly w1: number
  readonly w2: number
  /** The hash of `spn` + `protocol` (portProtoHash), its words kept here rather than in an object of their own. */
  constructor(spn: string, protocol: string) {
    const w = sha256WordsOf(spn, protocol)
    this.w0 = w[0]!
    this.w1 = w[1]!
    this.w2 = w[2]!
  }
  get svc(): string { return (this.s ??= hashedName('KUBE-SVC-', this)) }
  get svl(): string { return (this.l ??= hashedName('KUBE-SVL-', this)) }
  get ext(): string { return (this.e ??= hashedName('KUBE-EXT-', this)) }
  get fw(): string { return (this.f ??= hashedName('KUBE-FW-', this)) }
}

/**
 * Whether a name is one these functions make: a prefix (KUBE-SVC/SVL/EXT/FW/SEP-) and 16 hash
 * characters. A node's other chains (KUBE-SERVICES, FLANNEL-…, CNI-…) are found without
 * looking among 40k port chains.
 */
export function isPortChainName(name: string): boolean {
  if (name.length === 24) return name.startsWith('KUBE-FW-')
  return name.length === 25 && name.startsWith('KUBE-') &&
    (name.startsWith('SEP-', 5) || name.startsWith('SVC-', 5) || name.startsWith('SVL-', 5) || name.startsWith('EXT-', 5))
}

/** The protocol as the hash inputs and rules spell it (strings.ToLower), without a new string per call. */
const LOWER: Record<Protocol, 'tcp' | 'udp' | 'sctp'> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' }

export const lowerProtocol = (p: Protocol): 'tcp' | 'udp' | 'sctp' => LOWER[p] ?? (p.toLowerCase() as 'tcp' | 'udp' | 'sctp')

export function serviceChains(spn: string, protocol: Protocol): ServiceChains {
  return new LazyServiceChains(spn, lowerProtocol(protocol))
}

/** KUBE-SEP-… of an endpoint `ip:port` (servicePortEndpointChainName), the input hashed as its pieces. */
export function endpointChain(spn: string, protocol: Protocol, ip: string, port: number): string {
  return kubeProxyChainNameOf('KUBE-SEP-', spn, lowerProtocol(protocol), ip, ':', String(port))
}

/**
 * endpointChain of each endpoint of a list, in its order: the port's name and protocol, which
 * start every one's hash input, are read into the hash once for the list.
 */
export function endpointChains(spn: string, protocol: Protocol, list: readonly { readonly ip: string; readonly port: number }[]): string[] {
  const names: string[] = new Array(list.length)
  setHashPrefix(spn, lowerProtocol(protocol))
  for (let i = 0; i < list.length; i++) names[i] = kubeProxyChainNameAfterPrefix('KUBE-SEP-', list[i]!.ip, list[i]!.port)
  return names
}
