/** The built-in topologies, loaded once per test file. */
import { readFileSync, readdirSync } from 'node:fs'
import { loadModel } from '../../src/model/derive/buildModel.js'
import type { Model } from '../../src/model/model.js'

export const TOPOLOGY_DIR = new URL('../../topologies/', import.meta.url)

export const BUILTIN_TOPOLOGIES: string[] = readdirSync(TOPOLOGY_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort()

export function loadBuiltin(name: string): Model {
  const file = `topologies/${name}.yaml`
  const r = loadModel(file, readFileSync(new URL(`${name}.yaml`, TOPOLOGY_DIR), 'utf8'))
  if (!r.ok) throw new Error(`${name} does not load: ${JSON.stringify(r.diagnostics)}`)
  return r.model
}
