/** kube-proxy's hashed chain names (pkg/proxy/iptables: portProtoHash, servicePortEndpointChainName). */
import { hashedName, kubeProxyChainName, kubeProxyHashWords, type HashWords } from '../hash/digest.js'
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

/** A port's chain names, each made when first read: most ports use only KUBE-SVC. */
class LazyServiceChains implements ServiceChains {
  private s: string | undefined
  private l: string | undefined
  private e: string | undefined
  private f: string | undefined
  constructor(private readonly hash: HashWords) {}
  get svc(): string { return (this.s ??= hashedName('KUBE-SVC-', this.hash)) }
  get svl(): string { return (this.l ??= hashedName('KUBE-SVL-', this.hash)) }
  get ext(): string { return (this.e ??= hashedName('KUBE-EXT-', this.hash)) }
  get fw(): string { return (this.f ??= hashedName('KUBE-FW-', this.hash)) }
}

export function serviceChains(spn: string, protocol: Protocol): ServiceChains {
  return new LazyServiceChains(kubeProxyHashWords(spn + protocol.toLowerCase()))
}

export function endpointChain(spn: string, protocol: Protocol, endpoint: string): string {
  return kubeProxyChainName('KUBE-SEP-', spn + protocol.toLowerCase() + endpoint)
}
