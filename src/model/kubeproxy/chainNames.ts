/** kube-proxy's hashed chain names (pkg/proxy/iptables: portProtoHash, servicePortEndpointChainName). */
import { kubeProxyHash } from '../hash/digest.js'
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

export function serviceChains(spn: string, protocol: Protocol): ServiceChains {
  const h = kubeProxyHash(spn + protocol.toLowerCase())
  return { svc: `KUBE-SVC-${h}`, svl: `KUBE-SVL-${h}`, ext: `KUBE-EXT-${h}`, fw: `KUBE-FW-${h}` }
}

export function endpointChain(spn: string, protocol: Protocol, endpoint: string): string {
  return `KUBE-SEP-${kubeProxyHash(spn + protocol.toLowerCase() + endpoint)}`
}
