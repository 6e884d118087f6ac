/** Pod spec checks (ValidatePodSpec): container names and ports, host ports. */
import type { FieldReader } from '../fieldReader.js'
import type { Path } from '../readDocuments.js'
import { invalid } from './metadata.js'
import { dns1123Label, portName, shown } from './rules.js'

/*
 * Paths are made only for a message: every pod of a dump passes here with a container and a
 * named port, and nothing to report (three paths, a Set and a Map per pod before).
 */

const cp = (spec: Path, i: number): Path => [...spec, 'containers', i]
const pp = (spec: Path, i: number, j: number): Path => [...spec, 'containers', i, 'ports', j]

export function validatePodSpec(r: FieldReader, spec: Path): void {
  const specV = r.raw(spec)
  const containers = specV !== null && typeof specV === 'object' ? (specV as Record<string, unknown>)['containers'] : undefined
  if (!Array.isArray(containers)) return
  const hostNetwork = (specV as Record<string, unknown>)['hostNetwork'] === true
  // Names seen so far (few per pod: an array is searched faster than a Set is made).
  const names: string[] = []
  // Each port name seen and where: its container and port index, joined into a path only for a message.
  const portNames: string[] = []
  const portAt: number[] = []
  for (let i = 0; i < containers.length; i++) {
    const c: unknown = containers[i]
    if (typeof c !== 'object' || c === null) continue
    const rec = c as Record<string, unknown>
    const cname = rec['name']
    if (typeof cname === 'string') {
      const why = dns1123Label(cname)
      if (why) invalid(r, [...cp(spec, i), 'name'], cname, why, 'a container name is a DNS label such as nginx')
      else if (names.includes(cname)) r.error([...cp(spec, i), 'name'], `${[...cp(spec, i), 'name'].join('.')}: Duplicate value: ${shown(cname)}`, 'give each container of the pod its own name')
      names.push(cname)
    }
    const ports = Array.isArray(rec['ports']) ? rec['ports'] as unknown[] : []
    for (let j = 0; j < ports.length; j++) {
      const p: unknown = ports[j]
      if (typeof p !== 'object' || p === null) continue
      const pr = p as Record<string, unknown>
      if (pr['containerPort'] === undefined) r.error(pp(spec, i, j), `${pp(spec, i, j).join('.')}.containerPort: Required value`, 'write the port the process listens on, e.g. containerPort: 8080')
      const pname = pr['name']
      if (typeof pname === 'string') {
        const why = portName(pname)
        const seen = why ? -1 : portNames.indexOf(pname)
        if (why) invalid(r, [...pp(spec, i, j), 'name'], pname, why, 'a container port name is at most 15 characters of a-z, 0-9 and "-", e.g. http-metrics')
        else if (seen >= 0) r.error([...pp(spec, i, j), 'name'], `${[...pp(spec, i, j), 'name'].join('.')}: Duplicate value: ${shown(pname)}`, `${pp(spec, portAt[2 * seen]!, portAt[2 * seen + 1]!).join('.')} already uses this port name in the pod`)
        else {
          portNames.push(pname)
          portAt.push(i, j)
        }
      }
      const hp = pr['hostPort']
      if (hp !== undefined && hp !== 0) {
        if (typeof hp !== 'number' || !Number.isInteger(hp) || hp < 1 || hp > 65535) r.error([...pp(spec, i, j), 'hostPort'], `${[...pp(spec, i, j), 'hostPort'].join('.')}: Invalid value: ${JSON.stringify(hp)}: must be between 1 and 65535, inclusive`, 'write a port from 1 to 65535, or leave hostPort out')
        else if (hostNetwork && hp !== pr['containerPort']) r.error([...pp(spec, i, j), 'hostPort'], `${[...pp(spec, i, j), 'hostPort'].join('.')}: Invalid value: ${hp}: must match \`containerPort\` when \`hostNetwork\` is true`, `with hostNetwork the process binds the node's port directly: write hostPort: ${String(pr['containerPort'])} or leave it out`)
      }
    }
  }
}
