/**
 * What the what-if target lists need of one document or List item, read by the fast YAML
 * reader (src/model/load/fastYaml.ts) where it takes the text, else by the `yaml` package.
 * The lists are asked for as soon as a cluster opens: on the fast path the page's first screen
 * needs no YAML package at all (the browser's model worker loads it only when a text needs it).
 * Both readings give the same object for every text the fast reader takes
 * (test/model/edit/whatIfObjects.test.ts compares them over every built-in text).
 */
import { isMap, isSeq, parseDocument } from 'yaml'
import { fastParse } from '../load/fastYaml.js'
// Declining (a value the package would print as YAML, not as a scalar) is the fast reader's own signal.
import { DECLINE } from '../load/fastYamlFlow.js'
import { isRecord } from '../isRecord.js'

export interface WhatIfObject {
  readonly kind: string
  readonly name: string
  readonly namespace: string
  readonly type: string
  readonly etp: string | null
  /** A Cluster document's node names and kube-proxy mode. */
  readonly nodes: readonly string[]
  readonly mode: string | null
}

const text0 = (v: unknown): string | null => (v === undefined || v === null ? null : String(v))

/**
 * The object of a piece as the `yaml` package reads it: the document (`base` []) or the first
 * item of a List item piece (`base` [0], the piece is `- ...`); null when it is not a mapping.
 */
export function packageObject(text: string, base: readonly number[]): WhatIfObject | null {
  const doc = parseDocument(text)
  const top = base.length ? (isSeq(doc.contents) ? doc.contents.items[0] : undefined) : doc.contents
  if (!isMap(top)) return null
  const get = (path: readonly string[]): unknown => doc.getIn([...base, ...path])
  const nodes = (get(['spec', 'nodes']) as { items?: { get(k: string): unknown }[] } | undefined)?.items ?? []
  return {
    kind: String(get(['kind']) ?? ''), name: String(get(['metadata', 'name']) ?? ''), namespace: String(get(['metadata', 'namespace']) ?? 'default'),
    type: String(get(['spec', 'type'])), etp: text0(get(['spec', 'externalTrafficPolicy'])),
    nodes: Array.isArray(nodes) ? nodes.map((n) => String(typeof n?.get === 'function' ? n.get('name') : undefined)) : [],
    mode: text0(get(['spec', 'kubeProxy', 'mode'])),
  }
}



/**
 * The value at `path` as `doc.getIn(path)` gives it for a scalar: a path through anything but
 * a mapping finds nothing (none of these keys is a sequence index); a collection declines.
 */
function scalarAt(data: unknown, path: readonly string[]): unknown {
  let v = data
  for (const k of path) {
    if (!isRecord(v) || !Object.prototype.hasOwnProperty.call(v, k)) return undefined
    v = v[k]
  }
  if (typeof v === 'object' && v !== null) throw DECLINE
  return v
}

/**
 * Node names as the package path reads `spec.nodes`: a mapping entry's `name` (String of it;
 * YAMLMap.get gives undefined for a null value, where getIn gives null), "undefined" for an
 * entry that is not a mapping, none when `spec.nodes` is a scalar or absent.
 */
function nodeNames(data: unknown): string[] {
  const spec = isRecord(data) && Object.prototype.hasOwnProperty.call(data, 'spec') ? data['spec'] : undefined
  const nodes = isRecord(spec) && Object.prototype.hasOwnProperty.call(spec, 'nodes') ? spec['nodes'] : undefined
  if (nodes === undefined || nodes === null || typeof nodes !== 'object') return []
  // A mapping reads as its pairs (none of which has a name): left to the package.
  if (!Array.isArray(nodes)) throw DECLINE
  return nodes.map((n) => String(isRecord(n) ? scalarAt(n, ['name']) ?? undefined : undefined))
}

/**
 * The same object by the fast reader, or undefined when it declines the text (or a value
 * there is a collection where the lists expect a scalar): the caller then asks the package.
 */
export function fastObject(text: string, base: readonly number[]): WhatIfObject | null | undefined {
  const docs = fastParse(text)
  // More than one document: the package reads the first and reports the rest; it decides.
  if (!docs || docs.length > 1) return undefined
  const data = docs.length ? docs[0]!.data : null
  const top = base.length ? (Array.isArray(data) ? data[0] : undefined) : data
  if (!isRecord(top)) return null
  try {
    const get = (path: readonly string[]): unknown => scalarAt(top, path)
    return {
      kind: String(get(['kind']) ?? ''), name: String(get(['metadata', 'name']) ?? ''), namespace: String(get(['metadata', 'namespace']) ?? 'default'),
      type: String(get(['spec', 'type'])), etp: text0(get(['spec', 'externalTrafficPolicy'])),
      nodes: nodeNames(top),
      mode: text0(get(['spec', 'kubeProxy', 'mode'])),
    }
  } catch (err) {
    if (err === DECLINE) return undefined
    throw err
  }
}
