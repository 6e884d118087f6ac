/** Finds and loads a topology argument: a file path, or the name of a built-in topology. */
import { loadModel, type LoadResult } from '../model/derive/buildModel.js'
import { MAX_FILE_BYTES } from '../model/load/readDocuments.js'
import type { CliIo } from './io.js'

export type TopologyLoad = { ok: true; file: string; text: string; result: LoadResult } | { ok: false; message: string }

export function loadTopologyArg(arg: string, io: CliIo): TopologyLoad {
  const candidates = [arg, `${io.topologiesDir}/${arg}`, `${io.topologiesDir}/${arg}.yaml`]
  for (const file of candidates) {
    const size = io.fileSize(file)
    if (size === null) continue
    if (size > MAX_FILE_BYTES) {
      return { ok: false, message: `${io.displayPath(file)}:1:1: error: file is ${(size / 1024 / 1024).toFixed(1)} MB; the limit is 5 MB` }
    }
    const text = io.readFile(file)
    if (text === null) continue
    const shown = io.displayPath(file)
    return { ok: true, file: shown, text, result: loadModel(shown, text) }
  }
  return { ok: false, message: `error: no such file or built-in topology "${arg}"\n  hint: built-in topologies are in ${io.topologiesDir}/ (e.g. two-node-flannel-vxlan)` }
}
