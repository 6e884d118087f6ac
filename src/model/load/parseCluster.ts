/** The lab's own `kind: Cluster` document (apiVersion kube-netlab/v1), with defaults applied. */
import { cidr, formatCidr, formatIpv4, isIpv4, nthAddress, parseCidr, parseIpv4, type Cidr } from '../addr/ipv4.js'
import IPCIDR from 'ip-cidr'
import type { ClusterSpec, ExternalClient, NodeSpec, Taint } from '../objects.js'
import type { FieldReader } from './fieldReader.js'
import type { Path } from './readDocuments.js'

export const DEFAULT_POD_CIDR = '10.244.0.0/16'
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12'

export function readCidr(r: FieldReader, path: Path, fallback: string | null): Cidr | null {
  const text = r.string(path, fallback)
  if (text === null) return null
  const p = parseCidr(text)
  if (!p.ok) {
    r.error(path, `${path.join('.')}: ${p.reason}`, 'write a network address with its prefix length, e.g. 10.244.0.0/16')
    return fallback ? cidr(fallback) : null
  }
  return p.cidr
}

export function readIp(r: FieldReader, path: Path): number | null {
  const text = r.string(path, null)
  if (text === null) return null
  // ip-cidr is the authority on what a user may write; the core's fast scanner must agree.
  if (!IPCIDR.isValidAddress(text) || !isIpv4(text)) {
    r.error(path, `${path.join('.')} "${text}" is not an IPv4 address`, 'write a dotted quad such as 192.168.49.2')
    return null
  }
  return parseIpv4(text)
}

function parseTaints(r: FieldReader, path: Path): Taint[] {
  return r.list(path).map((_, i) => ({
    key: r.string([...path, i, 'key'], ''),
    value: r.string([...path, i, 'value'], ''),
    effect: r.oneOf([...path, i, 'effect'], ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const, 'NoSchedule'),
  }))
}

export function parseClusterDoc(r: FieldReader): ClusterSpec {
  const s: Path = ['spec']
  const podCIDR = readCidr(r, [...s, 'podCIDR'], DEFAULT_POD_CIDR)!
  const serviceCIDR = readCidr(r, [...s, 'serviceCIDR'], DEFAULT_SERVICE_CIDR)!
  const dnsServiceIP = readIp(r, [...s, 'dnsServiceIP']) ?? nthAddress(serviceCIDR, 10)

  let nodePortRange: [number, number] = [30000, 32767]
  const npr = r.string([...s, 'nodePortRange'], null)
  if (npr !== null) {
    const m = /^(\d+)-(\d+)$/.exec(npr)
    if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) > 65535 || Number(m[1]) < 1) {
      r.error([...s, 'nodePortRange'], `nodePortRange "${npr}" is not LOW-HIGH within 1-65535`, 'the default is 30000-32767')
    } else nodePortRange = [Number(m[1]), Number(m[2])]
  }

  const plugin = r.oneOf([...s, 'network', 'plugin'], ['flannel', 'bridge'] as const, 'flannel')
  const backend = plugin === 'flannel' ? r.oneOf([...s, 'network', 'backend'], ['vxlan', 'host-gw'] as const, 'vxlan') : null
  if (plugin === 'bridge' && r.has([...s, 'network', 'backend'])) r.warn([...s, 'network', 'backend'], 'the bridge plugin has no backend; ignored')
  const underMtu = r.int([...s, 'network', 'mtu'], 1500, 576, 9000)

  const nodes: NodeSpec[] = r.list([...s, 'nodes']).map((_, i) => {
    const n: Path = [...s, 'nodes', i]
    const name = r.string([...n, 'name'], `node${i + 1}`)
    const ip = readIp(r, [...n, 'ip'])
    if (ip === null && !r.has([...n, 'ip'])) r.error(n, `node ${name} has no ip`, 'give every node its underlay address, e.g. ip: 192.168.49.2')
    return {
      name,
      ip: ip ?? 0,
      podCIDR: r.has([...n, 'podCIDR']) ? readCidr(r, [...n, 'podCIDR'], null) : null,
      controlPlane: r.bool([...n, 'controlPlane'], false),
      labels: r.stringMap([...n, 'labels']),
      taints: parseTaints(r, [...n, 'taints']),
      unschedulable: r.bool([...n, 'unschedulable'], false),
    }
  })

  const externalClients: ExternalClient[] = r.list([...s, 'externalClients']).map((_, i) => ({
    name: r.string([...s, 'externalClients', i, 'name'], `client${i + 1}`),
    ip: readIp(r, [...s, 'externalClients', i, 'ip']) ?? 0,
    dnsNames: r.list([...s, 'externalClients', i, 'dnsNames']).map((n) => String(n).toLowerCase().replace(/\.$/, '')),
  }))

  const firstIp = nodes[0]?.ip ?? parseIpv4('192.168.49.2')
  const defaultUnderlay = formatCidr({ base: (firstIp & 0xffffff00) >>> 0, prefixLength: 24 })
  const underlayCidr = readCidr(r, [...s, 'underlay', 'cidr'], defaultUnderlay)!
  const gateway = readIp(r, [...s, 'underlay', 'gateway']) ?? nthAddress(underlayCidr, 1)

  const mode = r.oneOf([...s, 'kubeProxy', 'mode'], ['iptables', 'nftables'] as const, 'iptables')
  const npa = r.has([...s, 'kubeProxy', 'nodePortAddresses']) ? r.list([...s, 'kubeProxy', 'nodePortAddresses']).map(String) : null
  npa?.forEach((c, i) => {
    if (!parseCidr(c).ok) r.error([...s, 'kubeProxy', 'nodePortAddresses', i], `nodePortAddresses entry "${c}" is not a CIDR`, 'write a CIDR such as 192.168.49.0/24')
  })

  return {
    name: r.string(['metadata', 'name'], 'cluster'),
    clusterDomain: r.string([...s, 'clusterDomain'], 'cluster.local').replace(/\.$/, ''),
    podCIDR,
    serviceCIDR,
    dnsServiceIP,
    nodePortRange,
    network: { plugin, backend, mtu: underMtu, policy: r.oneOf([...s, 'network', 'policy'], ['none', 'calico'] as const, 'none') },
    kubeProxy: {
      mode,
      masqueradeAll: r.bool([...s, 'kubeProxy', 'masqueradeAll'], false),
      localhostNodePorts: r.bool([...s, 'kubeProxy', 'localhostNodePorts'], true),
      nodePortAddresses: npa,
      randomFully: r.bool([...s, 'kubeProxy', 'randomFully'], true),
      nfacct: r.bool([...s, 'kubeProxy', 'nfacct'], true),
      masqueradeBit: r.int([...s, 'kubeProxy', 'masqueradeBit'], 14, 0, 31),
    },
    nodes,
    externalClients,
    underlay: { cidr: underlayCidr, gateway },
    cases: r.list([...s, 'cases']).map((_, i) => ({
      name: r.string([...s, 'cases', i, 'name'], `case${i + 1}`),
      from: r.string([...s, 'cases', i, 'from'], ''),
      to: r.string([...s, 'cases', i, 'to'], ''),
      proto: r.oneOf([...s, 'cases', i, 'proto'], ['tcp', 'udp'] as const, 'tcp'),
      pick: r.string([...s, 'cases', i, 'pick'], null),
    })),
    nodeLocalDNS: r.has([...s, 'nodeLocalDNS']) ? { ip: readIp(r, [...s, 'nodeLocalDNS', 'ip']) ?? parseIpv4('169.254.20.10') } : null,
    nodeResolvConf: {
      nameservers: r.has([...s, 'nodeResolvConf', 'nameservers']) ? r.list([...s, 'nodeResolvConf', 'nameservers']).map(String) : [formatIpv4(gateway)],
      searches: r.list([...s, 'nodeResolvConf', 'searches']).map(String),
      options: r.list([...s, 'nodeResolvConf', 'options']).map(String),
    },
    origin: { doc: r.doc },
  }
}
