/** Pod spec checks (ValidatePodSpec): container names and ports, host ports. */
import type { FieldReader } from '../fieldReader.js'
import type { Path } from '../readDocuments.js'
import { invalid } from './metadata.js'
import { dns1123Label, portName, shown } from './rules.js'

export function validatePodSpec(r: FieldReader, spec: Path): void {
  const containers = r.raw([...spec, 'containers'])
  if (!Array.isArray(containers)) return
  const hostNetwork = r.raw([...spec, 'hostNetwork']) === true
  const names = new Set<string>()
  // Each port name's path, joined only for a message (every named port of a dump's pods comes here).
  const portNames = new Map<string, Path>()
  containers.forEach((c, i) => {
    if (typeof c !== 'object' || c === null) return
    const rec = c as Record<string, unknown>
    const cp: Path = [...spec, 'containers', i]
    if (typeof rec['name'] === 'string') {
      const why = dns1123Label(rec['name'])
      if (why) invalid(r, [...cp, 'name'], rec['name'], why, 'a container name is a DNS label such as nginx')
      else if (names.has(rec['name'])) r.error([...cp, 'name'], `${[...cp, 'name'].join('.')}: Duplicate value: ${shown(rec['name'])}`, 'give each container of the pod its own name')
      names.add(rec['name'])
    }
    const ports = Array.isArray(rec['ports']) ? rec['ports'] : []
    ports.forEach((p, j) => {
      if (typeof p !== 'object' || p === null) return
      const pr = p as Record<string, unknown>
      const pp: Path = [...cp, 'ports', j]
      if (pr['containerPort'] === undefined) r.error(pp, `${pp.join('.')}.containerPort: Required value`, 'write the port the process listens on, e.g. containerPort: 8080')
      if (typeof pr['name'] === 'string') {
        const why = portName(pr['name'])
        if (why) invalid(r, [...pp, 'name'], pr['name'], why, 'a container port name is at most 15 characters of a-z, 0-9 and "-", e.g. http-metrics')
        else if (portNames.has(pr['name'])) r.error([...pp, 'name'], `${[...pp, 'name'].join('.')}: Duplicate value: ${shown(pr['name'])}`, `${portNames.get(pr['name'])!.join('.')} already uses this port name in the pod`)
        else portNames.set(pr['name'], pp)
      }
      const hp = pr['hostPort']
      if (hp !== undefined && hp !== 0) {
        if (typeof hp !== 'number' || !Number.isInteger(hp) || hp < 1 || hp > 65535) r.error([...pp, 'hostPort'], `${[...pp, 'hostPort'].join('.')}: Invalid value: ${JSON.stringify(hp)}: must be between 1 and 65535, inclusive`, 'write a port from 1 to 65535, or leave hostPort out')
        else if (hostNetwork && hp !== pr['containerPort']) r.error([...pp, 'hostPort'], `${[...pp, 'hostPort'].join('.')}: Invalid value: ${hp}: must match \`containerPort\` when \`hostNetwork\` is true`, `with hostNetwork the process binds the node's port directly: write hostPort: ${String(pr['containerPort'])} or leave it out`)
      }
    })
  })
}
