/**
 * Runs one of the core's operations in the model worker so that its answer never depends on
 * whether the lazily loaded `yaml` package (yamlLazy.ts) is there yet. Text the fast YAML reader
 * takes needs no package; the first request that does need it (a pasted text the fast reader
 * declines, a ConfigMap's embedded settings it declines) finds it missing (a what-if's edit,
 * which always needs it, has modelWorker.ts fetch it first). That attempt is then dropped
 * whole: the core's current and previous models are put back (a load sets them only at its
 * end, and a missing package stops it while it reads the text, before anything is derived;
 * what the incremental loader caches is keyed by content or by the objects read, so a dropped
 * attempt leaves nothing that changes a later answer), the package is loaded, and the
 * operation runs again, now exactly as the CLI runs it.
 * A use the core catches and turns into a result (an embedded ConfigMap text it "cannot read")
 * is noted by yamlLazy.ts as well, so it is dropped the same way.
 */
import type { LabCore } from './labCore.js'
import { loadYaml, takeMissed } from './yamlLazy.js'

export async function inCore<T>(core: LabCore, op: () => T, load: () => Promise<void> = loadYaml): Promise<T> {
  const { model, previous } = core
  takeMissed()
  try {
    const value = op()
    if (!takeMissed()) return value
  } catch (err) {
    if (!takeMissed()) throw err
  }
  core.model = model
  core.previous = previous
  await load()
  return op()
}
