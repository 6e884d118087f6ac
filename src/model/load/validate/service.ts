/** Service spec checks of the API server's ValidateService: ports, names, headless, ExternalName. */
import type { FieldReader } from '../fieldReader.js'
import type { Path } from '../readDocuments.js'
import { invalid, validateLabels } from './metadata.js'
import { dns1123Label, dns1123Subdomain, portName, portNumber, shown } from './rules.js'

export function validateService(r: FieldReader): void {
  const type = r.raw(['spec', 'type']) ?? 'ClusterIP'
  const headless = r.raw(['spec', 'clusterIP']) === 'None'
  const ports = r.raw(['spec', 'ports'])
  const list = Array.isArray(ports) ? ports : []
  if (list.length === 0 && type !== 'ExternalName' && !headless) {
    r.error(['spec', 'ports'], 'spec.ports: Required value: only a headless Service (clusterIP: None) or type ExternalName may have no ports', 'add ports: [{ port: 80 }], or set clusterIP: None for a headless Service')
  }
  const seenNames = new Map<string, number>()
  const seenPorts = new Map<string, number>()
  list.forEach((p, i) => {
    if (typeof p !== 'object' || p === null) return
    const rec = p as Record<string, unknown>
    const path: Path = ['spec', 'ports', i]
    const name = typeof rec['name'] === 'string' ? rec['name'] : ''
    if (name) {
      const why = dns1123Label(name)
      if (why) invalid(r, [...path, 'name'], name, why, 'a Service port name is a DNS label such as http or grpc-web')
      const prev = seenNames.get(name)
      if (prev !== undefined) r.error([...path, 'name'], `${[...path, 'name'].join('.')}: Duplicate value: ${shown(name)}`, `ports[${prev}] already has this name; give each port its own`)
      seenNames.set(name, i)
    }
    if (rec['port'] !== undefined && portNumber(rec['port'])) {
      r.error([...path, 'port'], `${[...path, 'port'].join('.')}: Invalid value: ${JSON.stringify(rec['port'])}: must be between 1 and 65535, inclusive`, 'write a port number from 1 to 65535')
    }
    const proto = typeof rec['protocol'] === 'string' ? rec['protocol'] : 'TCP'
    const key = `${String(rec['port'])}/${proto}`
    const prevPort = seenPorts.get(key)
    if (prevPort !== undefined && typeof rec['port'] === 'number') {
      r.error(path, `spec.ports[${i}]: Duplicate value: port ${String(rec['port'])}/${proto} is already ports[${prevPort}]`, 'each port and protocol may appear once; remove the duplicate or change its port')
    }
    seenPorts.set(key, i)
    const tp = rec['targetPort']
    if (typeof tp === 'number' && portNumber(tp)) r.error([...path, 'targetPort'], `${[...path, 'targetPort'].join('.')}: Invalid value: ${tp}: must be between 1 and 65535, inclusive`, 'write the container port number, or its name')
    if (typeof tp === 'string' && !/^\d+$/.test(tp)) {
      const why = portName(tp)
      if (why) invalid(r, [...path, 'targetPort'], tp, why, 'a named targetPort is a container port name of at most 15 characters, e.g. http-metrics')
    }
  })
  if (type === 'ExternalName') {
    const en = r.raw(['spec', 'externalName'])
    if (typeof en === 'string') {
      const bare = en.endsWith('.') ? en.slice(0, -1) : en
      const why = dns1123Subdomain(bare)
      if (why) {
        const host = /^[a-z]+:\/\/([^/:]+)/i.exec(en)?.[1]
        invalid(r, ['spec', 'externalName'], en, why, host ? `write the DNS name alone: externalName: ${host.toLowerCase()}` : 'write a DNS name such as db.example.com (no scheme, port or path)')
      }
    }
  }
  if (r.raw(['spec', 'selector']) !== undefined) validateLabels(r, ['spec', 'selector'])
}
