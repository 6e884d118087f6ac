/** Ingress spec checks (ValidateIngressSpec): hosts, paths and pathTypes, backends. */
import { isIpv4 } from '../../addr/ipv4.js'
import type { FieldReader } from '../fieldReader.js'
import type { Path } from '../readDocuments.js'
import { invalid } from './metadata.js'
import { dns1035Label, dns1123Subdomain, portName, shown } from './rules.js'
import { isRecord } from '../../isRecord.js'


function validateBackend(r: FieldReader, path: Path, b: unknown): void {
  if (!isRecord(b)) return
  const svc = b['service']
  const res = b['resource']
  if (svc !== undefined && res !== undefined) r.error(path, `${path.join('.')}: Invalid value: cannot set both service and resource backends`, 'keep one: service (a Service and port) or resource (an object the controller serves)')
  if (svc === undefined && res === undefined) r.error(path, `${path.join('.')}: Invalid value: one backend (service or resource) must be specified`, 'write backend: { service: { name: web, port: { number: 80 } } }')
  if (!isRecord(svc)) return
  const name = typeof svc['name'] === 'string' ? svc['name'] : ''
  const why = dns1035Label(name)
  if (why) invalid(r, [...path, 'service', 'name'], name, why, 'write the name of a Service in the Ingress\'s namespace')
  const port = svc['port']
  if (!isRecord(port) || (port['number'] === undefined && port['name'] === undefined)) {
    r.error([...path, 'service', 'port'], `${[...path, 'service', 'port'].join('.')}: Required value: port name or number is required`, 'write port: { number: 80 } or port: { name: http }')
  } else if (port['number'] !== undefined && port['name'] !== undefined) {
    r.error([...path, 'service', 'port'], `${[...path, 'service', 'port'].join('.')}: Invalid value: cannot set both port name & port number`, 'keep one of number and name')
  } else if (typeof port['name'] === 'string') {
    const pw = portName(port['name'])
    if (pw) invalid(r, [...path, 'service', 'port', 'name'], port['name'], pw, 'write the Service port\'s name, e.g. http')
  }
}

function validateHost(r: FieldReader, path: Path, host: string): void {
  if (isIpv4(host)) { invalid(r, path, host, 'must be a DNS name, not an IP address', 'leave host out to match every host, or write the DNS name clients use'); return }
  const scheme = /^[a-z]+:\/\/([^/:]+)/i.exec(host)
  const bare = host.startsWith('*.') ? host.slice(2) : host
  const why = dns1123Subdomain(bare)
  if (why) invalid(r, path, host, host.includes('*') && !host.startsWith('*.') ? "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain" : why, scheme ? `write the host name alone: host: ${scheme[1]!.toLowerCase()}` : 'write a DNS name such as shop.example.com (no scheme, port or path)')
}

export function validateIngress(r: FieldReader): void {
  const rules = r.raw(['spec', 'rules'])
  if (Array.isArray(rules)) {
    rules.forEach((rule, i) => {
      if (!isRecord(rule)) return
      if (typeof rule['host'] === 'string' && rule['host'] !== '') validateHost(r, ['spec', 'rules', i, 'host'], rule['host'])
      const paths = isRecord(rule['http']) && Array.isArray(rule['http']['paths']) ? rule['http']['paths'] : []
      paths.forEach((p, j) => {
        if (!isRecord(p)) return
        const pp: Path = ['spec', 'rules', i, 'http', 'paths', j]
        const pathType = p['pathType']
        if (pathType === undefined || pathType === null) r.error(pp, `${pp.join('.')}.pathType: Required value: pathType must be specified`, 'add pathType: Prefix (or Exact)')
        const path = p['path']
        if (typeof path === 'string' && !path.startsWith('/')) invalid(r, [...pp, 'path'], path, 'must be an absolute path', `write path: ${shown(`/${path}`)}`)
        if (path === undefined && (pathType === 'Prefix' || pathType === 'Exact')) r.error(pp, `${pp.join('.')}.path: Required value: must be specified when pathType is ${String(pathType)}`, 'write path: /')
        validateBackend(r, [...pp, 'backend'], p['backend'])
      })
    })
  }
  if (r.raw(['spec', 'defaultBackend']) !== undefined) validateBackend(r, ['spec', 'defaultBackend'], r.raw(['spec', 'defaultBackend']))
}
