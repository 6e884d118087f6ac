/** NetworkPolicy spec checks (ValidateNetworkPolicySpec): peers, ipBlock and except, ports, policyTypes. */
import { cidrContains, parseCidr, type Cidr } from '../../addr/ipv4.js'
import { parseIpv6 } from '../../addr/ipv6.js'
import type { FieldReader } from '../fieldReader.js'
import type { Path } from '../readDocuments.js'
import { invalid, validateSelector } from './metadata.js'
import { portName, shown } from './rules.js'
import { isRecord } from '../../isRecord.js'


/** A CIDR as ParseCIDRSloppy reads it: host bits may be set (the network is what counts). */
function sloppyCidr(text: string): { v4: Cidr | null; v6: boolean } | null {
  const slash = text.indexOf('/')
  if (slash < 0) return null
  const addr = text.slice(0, slash)
  const len = text.slice(slash + 1)
  if (!/^\d{1,3}$/.test(len)) return null
  if (addr.includes(':')) return parseIpv6(addr) && Number(len) <= 128 ? { v4: null, v6: true } : null
  if (Number(len) > 32) return null
  const p = parseCidr(text)
  if (p.ok) return { v4: p.cidr, v6: false }
  if (p.reason.includes('host bits')) {
    const base = /network is ([\d.]+)\//.exec(p.reason)?.[1]
    const q = base ? parseCidr(`${base}/${len}`) : null
    return q && q.ok ? { v4: q.cidr, v6: false } : null
  }
  return null
}

function validatePeer(r: FieldReader, path: Path, peer: unknown): void {
  if (!isRecord(peer)) return
  const set = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => peer[k] !== undefined && peer[k] !== null)
  if (set.length === 0) r.error(path, `${path.join('.')}: Required value: must specify a peer`, 'give podSelector, namespaceSelector or ipBlock')
  if (set.includes('ipBlock') && set.length > 1) r.error(path, `${path.join('.')}: Forbidden: may not specify both ipBlock and another peer`, 'split it into two peers: one with ipBlock, one with the selectors')
  for (const k of ['podSelector', 'namespaceSelector']) if (isRecord(peer[k])) validateSelector(r, [...path, k])
  const block = peer['ipBlock']
  if (!isRecord(block)) return
  const text = typeof block['cidr'] === 'string' ? block['cidr'] : ''
  const outer = sloppyCidr(text)
  if (!outer) {
    if (!text) r.error([...path, 'ipBlock', 'cidr'], `${[...path, 'ipBlock', 'cidr'].join('.')}: Required value`, 'write a CIDR such as 10.0.0.0/8')
    else invalid(r, [...path, 'ipBlock', 'cidr'], text, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)', 'write an address with its prefix length, e.g. 172.17.0.0/16')
    return
  }
  const except = Array.isArray(block['except']) ? block['except'] : []
  except.forEach((e, i) => {
    const p: Path = [...path, 'ipBlock', 'except', i]
    const inner = sloppyCidr(String(e))
    if (!inner) { invalid(r, p, String(e), 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)', 'write an address with its prefix length, e.g. 172.17.1.0/24'); return }
    if (outer.v4 && inner.v4) {
      const within = inner.v4.prefixLength > outer.v4.prefixLength && cidrContains(outer.v4, inner.v4.base)
      if (!within) invalid(r, p, String(e), `must be a strict subset of \`cidr\` (${text})`, `an except range lies inside ${text} and is smaller than it`)
    } else if (outer.v6 !== inner.v6) invalid(r, p, String(e), `must be a strict subset of \`cidr\` (${text})`, 'except and cidr must be of the same IP family')
  })
}

function validatePorts(r: FieldReader, path: Path, ports: unknown): void {
  if (!Array.isArray(ports)) return
  ports.forEach((p, i) => {
    if (!isRecord(p)) return
    const pp: Path = [...path, i]
    const proto = p['protocol']
    if (proto !== undefined && !['TCP', 'UDP', 'SCTP'].includes(String(proto))) {
      r.error([...pp, 'protocol'], `${[...pp, 'protocol'].join('.')}: Unsupported value: ${shown(String(proto))}: supported values: "SCTP", "TCP", "UDP"`, 'write TCP, UDP or SCTP (upper case)')
    }
    const port = p['port']
    if (typeof port === 'number' && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      r.error([...pp, 'port'], `${[...pp, 'port'].join('.')}: Invalid value: ${port}: must be between 1 and 65535, inclusive`, 'write a port number from 1 to 65535, or a container port name')
    } else if (typeof port === 'string' && !/^\d+$/.test(port)) {
      const why = portName(port)
      if (why) invalid(r, [...pp, 'port'], port, why, 'a named port is a container port name of at most 15 characters')
    }
    const end = p['endPort']
    if (end !== undefined) {
      if (typeof port !== 'number') r.error([...pp, 'endPort'], `${[...pp, 'endPort'].join('.')}: Forbidden: may not be specified when \`port\` is not a number`, 'give port as a number to use a range, or drop endPort')
      else if (typeof end !== 'number' || end < port || end > 65535) r.error([...pp, 'endPort'], `${[...pp, 'endPort'].join('.')}: Invalid value: ${JSON.stringify(end)}: must be greater than or equal to \`port\``, `write an endPort from ${port} to 65535`)
    }
  })
}

export function validateNetworkPolicy(r: FieldReader): void {
  const spec = r.raw(['spec'])
  if (!isRecord(spec)) return
  if (isRecord(spec['podSelector'])) validateSelector(r, ['spec', 'podSelector'])
  for (const dir of ['ingress', 'egress'] as const) {
    const rules = spec[dir]
    if (!Array.isArray(rules)) continue
    rules.forEach((rule, i) => {
      if (!isRecord(rule)) return
      const peers = rule[dir === 'ingress' ? 'from' : 'to']
      if (Array.isArray(peers)) peers.forEach((peer, j) => validatePeer(r, ['spec', dir, i, dir === 'ingress' ? 'from' : 'to', j], peer))
      validatePorts(r, ['spec', dir, i, 'ports'], rule['ports'])
    })
  }
  const types = spec['policyTypes']
  if (Array.isArray(types)) {
    if (types.length > 2) r.error(['spec', 'policyTypes'], 'spec.policyTypes: Invalid value: may not have more than 2 entries', 'list Ingress, Egress or both, once each')
    types.forEach((t, i) => {
      if (t !== 'Ingress' && t !== 'Egress') {
        const guess = /^in/i.test(String(t)) ? 'Ingress' : /^eg/i.test(String(t)) ? 'Egress' : 'Ingress or Egress'
        r.error(['spec', 'policyTypes', i], `spec.policyTypes[${i}]: Unsupported value: ${shown(String(t))}: supported values: "Egress", "Ingress"`, `write ${guess}`)
      }
    })
  }
}
