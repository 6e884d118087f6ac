/**
 * The `yaml` package as the model worker's production build sees it (vite.config.ts points the
 * worker's `import … from 'yaml'` here): the core reads most text with its fast YAML reader
 * (src/model/load/fastYaml.ts) and needs the package only for text that reader declines and for
 * a what-if's edit, so the package (~30 KB gzipped) is not part of the first screen's download.
 * Until loadYaml() has brought it in, every use throws YamlNotLoaded and is noted; the worker
 * (lazyCore.ts) then drops that attempt, loads the package and runs the request again, so no
 * answer depends on whether the package had loaded. The CLI, vitest and the dev server import
 * the package itself and never come here.
 */
import type * as Yaml from 'yaml'

export class YamlNotLoaded extends Error {
  override readonly name = 'YamlNotLoaded'
}

let real: typeof Yaml | null = null
let loading: Promise<void> | null = null
let missed = false

function lib(): typeof Yaml {
  if (real) return real
  // Noted as well as thrown: a caller's catch must not turn the missing package into a result.
  missed = true
  throw new YamlNotLoaded('the yaml package is not loaded yet')
}

/** Whether anything asked for the package while it was not there since the last call; resets. */
export function takeMissed(): boolean {
  const m = missed
  missed = false
  return m
}

export const yamlLoaded = (): boolean => real !== null

/** Loads the package once (`load` is for tests, which pass the real module). */
export function loadYaml(load: () => Promise<typeof Yaml> = () => import('yaml')): Promise<void> {
  loading ??= load().then((m) => { real = m }, (err: unknown) => { loading = null; throw err })
  return loading
}

type AnyFn = (...args: unknown[]) => unknown
const forward = <K extends keyof typeof Yaml>(name: K): (typeof Yaml)[K] =>
  ((...args: unknown[]) => (lib()[name] as unknown as AnyFn)(...args)) as unknown as (typeof Yaml)[K]

// What the core imports (a name missing here fails the production build, never a run).
export const parse = forward('parse')
export const parseDocument = forward('parseDocument')
export const parseAllDocuments = forward('parseAllDocuments')
export const stringify = forward('stringify')
export const isMap = forward('isMap')
export const isSeq = forward('isSeq')
export const isScalar = forward('isScalar')
/** `new LineCounter()` gives the package's own (a constructor that returns an object yields it). */
export const LineCounter = function LineCounter() {
  return new (lib().LineCounter)()
} as unknown as typeof Yaml.LineCounter
