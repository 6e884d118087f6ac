/**
 * What-ifs as edits of the scenario's YAML, so the editor, the share link and a reload all see
 * them: scale a Deployment or StatefulSet, cordon a node (the lab re-places every pod, so this
 * also drains it), flip a Service's externalTrafficPolicy, add a deny-all ingress policy to a
 * namespace, delete a standalone Pod, switch kube-proxy between iptables and nftables mode.
 */
import { isMap, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml'
import { marker, splitText, type Segment, type TextPiece } from '../incremental/split.js'
import { SAMPLE_MANIFESTS } from './samples.js'
import { fastObject, packageObject, type WhatIfObject } from './whatIfObjects.js'

export type WhatIfKind = 'scale' | 'drain' | 'etp' | 'deny' | 'delete' | 'proxy-mode' | 'apply'

type Obj = WhatIfObject

/** Pieces read before, by text: the lists are asked again after every what-if, for a text that changed in one place. */
const known = { doc: new Map<string, Obj | null>(), item: new Map<string, Obj | null>() }

function objectOf(text: string, base: readonly number[]): Obj | null {
  const cache = base.length ? known.item : known.doc
  const hit = cache.get(text)
  if (hit !== undefined) return hit
  // The fast reader first: the lists of a text it takes need no YAML package (whatIfObjects.ts).
  const fast = fastObject(text, base)
  const obj = fast !== undefined ? fast : packageObject(text, base)
  if (cache.size >= 100_000) cache.clear()
  // The key is a copy: a slice of the text would keep the whole text alive.
  cache.set(` ${text}`.slice(1), obj)
  return obj
}

/** Every document of the text, and every item of a kubectl List dump, in order. */
function objects(text: string, read: PieceReader): Obj[] {
  const out: Obj[] = []
  for (const seg of splitText(text)) {
    const parts = seg.type === 'doc' ? [[seg.piece.text, []] as const] : [[seg.head.text, []] as const, ...seg.items.map((p) => [p.text, [0]] as const)]
    for (const [t, base] of parts) {
      const o = read(t, base)
      if (o) out.push(o)
    }
  }
  return out
}

/** Reads one document (`base` []) or List item piece (`base` [0]); tests pass packageObject to compare. */
export type PieceReader = (text: string, base: readonly number[]) => Obj | null

/** The choices for a what-if's target, as [value, label]. */
export function whatIfTargets(kind: WhatIfKind, text: string, read: PieceReader = objectOf): [string, string][] {
  const objs = objects(text, read)
  switch (kind) {
    case 'scale': return objs.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet').map((o) => [`${o.namespace}/${o.name}`, `${o.kind} ${o.namespace}/${o.name}`])
    // A topology lists its nodes in the Cluster document; a kubectl dump has Node objects.
    case 'drain': return [...new Set([...(objs.find((o) => o.kind === 'Cluster')?.nodes ?? []), ...objs.filter((o) => o.kind === 'Node').map((o) => o.name)])].map((n) => [n, `node ${n}`])
    case 'etp': return objs.filter((o) => o.kind === 'Service' && ['NodePort', 'LoadBalancer'].includes(o.type)).map((o) => [`${o.namespace}/${o.name}`, `Service ${o.namespace}/${o.name} (${o.etp ?? 'Cluster'})`])
    case 'deny': return [...new Set(objs.filter((o) => o.kind !== 'Cluster').map((o) => o.namespace))].map((ns) => [ns, `namespace ${ns}`])
    case 'delete': return objs.filter((o) => o.kind === 'Pod').map((o) => [`${o.namespace}/${o.name}`, `Pod ${o.namespace}/${o.name}`])
    case 'apply': return Object.entries(SAMPLE_MANIFESTS).filter(([id]) => !objs.some((o) => o.name === id)).map(([id, m]) => [id, m.label])
    case 'proxy-mode': {
      const cluster = objs.find((o) => o.kind === 'Cluster')
      if (!cluster) return []
      const other = (cluster.mode ?? 'iptables') === 'nftables' ? 'iptables' : 'nftables'
      return [[other, `kube-proxy → ${other} mode`]]
    }
  }
}

/** A document or List item of the text, parsed on its own, and where it sits. */
interface Piece { readonly start: number; readonly text: string; readonly doc: Document; readonly base: readonly (string | number)[] }

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The first document or List item (kubectl's dump) that is a `kinds` object named `target`
 * (`namespace/name`, or a bare name for a cluster-scoped kind). Only pieces whose text names it
 * are parsed: on a 10 MB dump that is one or two of 20,000.
 */
function findPiece(text: string, kinds: readonly string[], target: string): Piece | undefined {
  const slash = target.indexOf('/')
  const [ns, name] = slash >= 0 ? [target.slice(0, slash), target.slice(slash + 1)] : [null, target]
  const named = new RegExp(`\\bname:\\s*["']?${escapeRe(name)}["']?\\s*(?:[,}#\\r\\n]|$)`)
  const kindRe = new RegExp(`\\bkind:\\s*["']?(?:${kinds.map(escapeRe).join('|')})\\b`)
  const tried = new Set<number>()
  for (const seg of segmentsNaming(text, named)) {
    for (const [piece, base] of seg.type === 'doc' ? [[seg.piece, []] as const] : seg.items.map((p) => [p, [0]] as const)) {
      if (tried.has(piece.start)) continue
      tried.add(piece.start)
      if (!named.test(piece.text) || !kindRe.test(piece.text)) continue
      const doc = parseDocument(piece.text)
      if (doc.errors.length) continue
      const kind = String(doc.getIn([...base, 'kind']) ?? '')
      const n = String(doc.getIn([...base, 'metadata', 'name']) ?? '')
      const space = String(doc.getIn([...base, 'metadata', 'namespace']) ?? 'default')
      if (kinds.includes(kind) && n === name && (ns === null || space === ns)) return { start: piece.start, text: piece.text, doc, base }
    }
  }
  return undefined
}

/**
 * The documents of `text` around each place `named` matches, in text order, split as splitText
 * splits the whole text: a `---` or `...` line at column 0 always ends a document, so the
 * documents between the markers before and after a match are found by splitting just that
 * stretch (a document of 20,000 instead of the whole text; a List dump is one document, split
 * whole as before). Offsets are the text's; lines are the stretch's (unused here).
 */
function* segmentsNaming(text: string, named: RegExp): Generator<Segment> {
  if (text.charCodeAt(0) === 37 || text.includes('\n%')) {
    yield* splitText(text)
    return
  }
  const all = new RegExp(named.source, named.flags.includes('g') ? named.flags : `${named.flags}g`)
  // Which markers the text has at all, looked for once: a kubectl List dump has neither, and a
  // backward search for one from each match went through 28 MB.
  const dashes = text.includes('\n---')
  const dots = text.includes('\n...')
  const before = (from: number): number => Math.max(dashes ? text.lastIndexOf('\n---', from) : -1, dots ? text.lastIndexOf('\n...', from) : -1)
  let after = 0
  for (let m = all.exec(text); m; m = all.exec(text)) {
    if (m.index < after) continue
    // The marker line at or before the match (or the text's start) and the next one after it.
    let start = m.index
    for (;;) {
      start = before(start - 1) + 1
      if (start === 0 || marker(text, start) !== null) break
      start--
    }
    let end = m.index
    for (;;) {
      const a = dashes ? text.indexOf('\n---', end) : -1
      const b = dots ? text.indexOf('\n...', end) : -1
      const next = a < 0 ? b : b < 0 ? a : Math.min(a, b)
      if (next < 0) { end = text.length; break }
      end = next + 1
      if (marker(text, end) !== null) break
    }
    const shift = (p: TextPiece): TextPiece => ({ text: p.text, line: p.line, start: p.start + start })
    for (const seg of splitText(text.slice(start, end))) {
      yield seg.type === 'doc' ? { type: 'doc', piece: shift(seg.piece) } : { type: 'list', head: shift(seg.head), items: seg.items.map(shift), whole: shift(seg.whole) }
    }
    after = end
    all.lastIndex = end
  }
}

/** The text with `piece` replaced by its edited document (or removed): the rest stays as written. */
const splice = (text: string, piece: Piece, by: string): string => text.slice(0, piece.start) + by + text.slice(piece.start + piece.text.length)
const edited = (text: string, piece: Piece): string => splice(text, piece, piece.doc.toString({ lineWidth: 0 }))
const appended = (text: string, doc: string): string => `${text.replace(/\n*$/, '\n')}---\n${doc}`

/**
 * The text after the what-if. Only the target's document (or List item) is parsed and written
 * again; a target that is not there leaves the text as it is.
 */
export function applyWhatIf(kind: WhatIfKind, target: string, value: number, text: string): string {
  switch (kind) {
    case 'scale': {
      const p = findPiece(text, ['Deployment', 'StatefulSet'], target)
      if (!p) return text
      p.doc.setIn([...p.base, 'spec', 'replicas'], Math.max(0, Math.min(20, Math.floor(value))))
      return edited(text, p)
    }
    case 'drain': {
      const quick = cordonEntry(text, target)
      if (quick !== null) return quick
      const p = findCluster(text)
      const nodes = (p?.doc.getIn(['spec', 'nodes']) as { items?: { get(k: string): unknown; set(k: string, v: unknown): void }[] } | undefined)?.items ?? []
      const node = nodes.find((n) => String(n.get('name')) === target)
      if (p && node) {
        node.set('unschedulable', true)
        return edited(text, p)
      }
      // A dump's Node object: what `kubectl cordon` writes, spec.unschedulable.
      const n = findPiece(text, ['Node'], target)
      if (!n) return text
      n.doc.setIn([...n.base, 'spec', 'unschedulable'], true)
      return edited(text, n)
    }
    case 'etp': {
      const p = findPiece(text, ['Service'], target)
      if (!p) return text
      p.doc.setIn([...p.base, 'spec', 'externalTrafficPolicy'], String(p.doc.getIn([...p.base, 'spec', 'externalTrafficPolicy'])) === 'Local' ? 'Cluster' : 'Local')
      return edited(text, p)
    }
    case 'apply': {
      const sample = SAMPLE_MANIFESTS[target]
      return sample ? appended(text, sample.text) : text
    }
    case 'deny':
      return appended(text, `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny-all-ingress, namespace: ${JSON.stringify(target)} }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`)
    case 'delete': {
      const p = findPiece(text, ['Pod'], target)
      return p ? splice(text, p, '') : text
    }
    case 'proxy-mode': {
      const p = findCluster(text)
      if (!p || (target !== 'iptables' && target !== 'nftables')) return text
      if (!p.doc.hasIn(['spec', 'kubeProxy'])) p.doc.setIn(['spec', 'kubeProxy'], p.doc.createNode({ mode: target }, { flow: true }))
      else p.doc.setIn(['spec', 'kubeProxy', 'mode'], target)
      return edited(text, p)
    }
  }
}

/** A `kind: Cluster` line at column 0 (quoted or not, a comment after it). */
const CLUSTER_KIND = /^kind:\s*["']?Cluster["']?\s*(?:#.*)?$/m

/** The documents with a Cluster kind line, found by searching for it (not by splitting a 20,000-document text). */
function* clusterPieces(text: string): Generator<TextPiece> {
  for (const seg of segmentsNaming(text, CLUSTER_KIND)) if (seg.type === 'doc' && CLUSTER_KIND.test(seg.piece.text)) yield seg.piece
}

/** The kube-netlab Cluster document, parsed whole. */
function findCluster(text: string): Piece | undefined {
  for (const piece of clusterPieces(text)) {
    const doc = parseDocument(piece.text)
    if (!doc.errors.length && isMap(doc.contents) && String(doc.get('kind')) === 'Cluster') return { start: piece.start, text: piece.text, doc, base: [] }
  }
  return undefined
}

/**
 * Cordons `node` by rewriting only its entry in the Cluster document's `spec.nodes` (a
 * 1,000-node Cluster document takes the YAML library far longer to parse and write whole), or
 * null when the entry is not plainly there (the caller then edits the whole document).
 */
function cordonEntry(text: string, node: string): string | null {
  const first = clusterPieces(text).next()
  if (first.done) return null
  const piece = first.value
  const lines = piece.text.split('\n')
  const named = new RegExp(`^(\\s*)- .*\\bname:\\s*["']?${escapeRe(node)}["']?\\s*(?:[,}#]|$)`)
  const at = lines.findIndex((l) => named.test(l))
  if (at < 0) return null
  const indent = named.exec(lines[at]!)![1]!.length
  // The entry must sit in spec.nodes: the line above it at a smaller indent is `nodes:`.
  let parent = at - 1
  while (parent >= 0 && (lines[parent]!.trim() === '' || lines[parent]!.search(/\S/) >= indent)) parent--
  if (parent < 0 || !/^\s+nodes:\s*$/.test(lines[parent]!)) return null
  let end = at + 1
  while (end < lines.length && (lines[end]!.trim() === '' || lines[end]!.search(/\S/) > indent)) end++
  // Blank lines after the entry stay where they are (the last one ends the document's text).
  while (end > at + 1 && lines[end - 1]!.trim() === '') end--
  const entry = lines.slice(at, end).map((l) => l.slice(indent)).join('\n')
  const doc = parseDocument(entry)
  const item = isSeq(doc.contents) && doc.contents.items.length === 1 ? doc.contents.items[0] : undefined
  if (doc.errors.length || !isMap(item) || String(item.get('name')) !== node) return null
  ;(item as YAMLMap<unknown, unknown>).set('unschedulable', true)
  const written = doc.toString({ lineWidth: 0 }).replace(/\n$/, '').split('\n').map((l) => (l ? ' '.repeat(indent) + l : l))
  const out = [...lines.slice(0, at), ...written, ...lines.slice(end)].join('\n')
  return text.slice(0, piece.start) + out + text.slice(piece.start + piece.text.length)
}
