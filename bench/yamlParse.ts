/**
 * The YAML reading step alone on the 1,000-node × 10,000-Service texts: the fast reader
 * (src/model/load/fastYaml.ts) beside the yaml package it stands in for (parseAllDocuments and
 * toJS, as readDocuments did for every file before), and the heap each keeps while the loader
 * works: the fast reader's data (its positions are read again only when a problem asks for one;
 * the column beside it has every document's), the package's data and Document trees.
 */
import { LineCounter, parseAllDocuments } from 'yaml'
import { fastParse } from '../src/model/load/fastYaml.js'
import { YAML_OPTIONS } from '../src/model/load/readDocuments.js'
import { generateCluster } from './generate.js'
import { generateDump } from './generateDump.js'

const gc = (): void => (globalThis as { gc?: () => void }).gc?.()

/** Median time of `runs` calls of `f`, and the heap its last result holds. */
function measure(f: () => unknown, runs: number): { ms: number; heapMB: number } {
  const times: number[] = []
  let kept: unknown = null
  let heapMB = 0
  for (let i = 0; i < runs; i++) {
    kept = null
    gc()
    const h0 = process.memoryUsage().heapUsed
    const t0 = performance.now()
    kept = f()
    times.push(performance.now() - t0)
    gc()
    heapMB = (process.memoryUsage().heapUsed - h0) / 1024 / 1024
  }
  if (kept === undefined) throw new Error('nothing parsed')
  return { ms: times.sort((a, b) => a - b)[Math.floor(runs / 2)]!, heapMB }
}

export function yamlParseBench(runs = 3): void {
  console.log('\nYAML parse of the 1,000 × 10,000 texts (median of 3, the package once on the dump; heap kept while loading)\n')
  console.log('text                                   MB  fast reader ms  yaml package ms  speed-up  | heap MB: fast  + every position  package')
  for (const [name, text] of [['generateCluster(1000, 10000)', generateCluster(1000, 10000)], ['generateDump 1,000 nodes 10,000 svcs', generateDump({ nodes: 1000, services: 10000 })]] as const) {
    const fast = measure(() => fastParse(text), runs)
    // Positions are read again per document when a problem asks for one; here: all of them.
    const all = measure(() => fastParse(text)!.map((d) => [d, d.positions()]), 1)
    // The package takes about a minute on the dump: once there.
    const lib = measure(() => {
      const docs = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: new LineCounter() })
      return (Array.isArray(docs) ? docs : [docs]).map((d) => [d, d.toJS()])
    }, text.length > 10e6 ? 1 : runs)
    console.log(`${name.padEnd(36)}  ${(text.length / 1e6).toFixed(1).padStart(4)}  ${fast.ms.toFixed(0).padStart(14)}  ${lib.ms.toFixed(0).padStart(15)}  ${`${(lib.ms / fast.ms).toFixed(1)}×`.padStart(8)}  | ${fast.heapMB.toFixed(0).padStart(12)}  ${all.heapMB.toFixed(0).padStart(16)}  ${lib.heapMB.toFixed(0).padStart(7)}`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) yamlParseBench()
