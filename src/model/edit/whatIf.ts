/**
 * What-ifs as edits of the scenario's YAML, so the editor, the share link and a reload all see
 * them: scale a Deployment or StatefulSet, cordon a node (the lab re-places every pod, so this
 * also drains it), flip a Service's externalTrafficPolicy, add a deny-all ingress policy to a
 * namespace, delete a standalone Pod, switch kube-proxy between iptables and nftables mode.
 */
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml'
import { splitText } from '../incremental/split.js'
import { spliceChange, type TextChange } from '../incremental/textEdit.js'
import { clusterPieces, escapeRe, findCluster, findPiece, noteSplice, type KnownPieces, type Piece } from './findPiece.js'
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

/**
 * The objects of the text asked last: the list is asked again for each kind a person looks at.
 * It keeps that text alive until the next ask (in the worker, mostly the text it holds anyway).
 */
let lastRead: { text: string; read: PieceReader; objs: readonly Obj[] } | null = null

/** The choices for a what-if's target, as [value, label]. */
export function whatIfTargets(kind: WhatIfKind, text: string, read: PieceReader = objectOf): [string, string][] {
  // The same string (the worker's loaded text) compares at once; an equal copy in a few milliseconds.
  const objs = lastRead !== null && lastRead.read === read && lastRead.text === text ? lastRead.objs : objects(text, read)
  lastRead = { text, read, objs }
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

/** Replacing `start`..`end` of the text with `by`: a what-if's edit (the rest stays as written). */
interface Splice { readonly start: number; readonly end: number; readonly by: string }

const spliceOf = (piece: Piece, by: string): Splice => ({ start: piece.start, end: piece.start + piece.text.length, by })
const rewritten = (piece: Piece): Splice => spliceOf(piece, piece.doc.toString({ lineWidth: 0 }))
/** A document added at the end, after a `---` line (the text's trailing blank lines become one newline). */
function appended(text: string, doc: string): Splice {
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--
  return { start: end, end: text.length, by: `\n---\n${doc}` }
}

/**
 * The text after the what-if. Only the target's document (or List item) is parsed and written
 * again; a target that is not there leaves the text as it is.
 */
export function applyWhatIf(kind: WhatIfKind, target: string, value: number, text: string): string {
  const edit = whatIfSplice(kind, target, value, text)
  return edit ? text.slice(0, edit.start) + edit.by + text.slice(edit.end) : text
}

/**
 * applyWhatIf, and the span of the text it changed (textChange's answer, found around the edit
 * instead of by comparing two 28 MB texts). `known`: where the loader found this text's pieces,
 * so the target is looked up among them rather than by splitting the text around each match.
 */
export function whatIfEdit(kind: WhatIfKind, target: string, value: number, text: string, known?: KnownPieces): { text: string; change: TextChange } {
  const edit = whatIfSplice(kind, target, value, text, known)
  if (!edit) return { text, change: { from: text.length, to: text.length, insert: '' } }
  const after = text.slice(0, edit.start) + edit.by + text.slice(edit.end)
  noteSplice(text, after, edit.start, edit.end, edit.by)
  return { text: after, change: spliceChange(text, edit.start, edit.end, edit.by) }
}

function whatIfSplice(kind: WhatIfKind, target: string, value: number, text: string, known?: KnownPieces): Splice | null {
  switch (kind) {
    case 'scale': {
      const p = findPiece(text, ['Deployment', 'StatefulSet'], target, known)
      if (!p) return null
      p.doc.setIn([...p.base, 'spec', 'replicas'], Math.max(0, Math.min(20, Math.floor(value))))
      return rewritten(p)
    }
    case 'drain': {
      const quick = cordonEntry(text, target, known)
      if (quick !== null) return quick
      const p = findCluster(text, known)
      const nodes = (p?.doc.getIn(['spec', 'nodes']) as { items?: { get(k: string): unknown; set(k: string, v: unknown): void }[] } | undefined)?.items ?? []
      const node = nodes.find((n) => String(n.get('name')) === target)
      if (p && node) {
        node.set('unschedulable', true)
        return rewritten(p)
      }
      // A dump's Node object: what `kubectl cordon` writes, spec.unschedulable.
      const n = findPiece(text, ['Node'], target, known)
      if (!n) return null
      n.doc.setIn([...n.base, 'spec', 'unschedulable'], true)
      return rewritten(n)
    }
    case 'etp': {
      const p = findPiece(text, ['Service'], target, known)
      if (!p) return null
      p.doc.setIn([...p.base, 'spec', 'externalTrafficPolicy'], String(p.doc.getIn([...p.base, 'spec', 'externalTrafficPolicy'])) === 'Local' ? 'Cluster' : 'Local')
      return rewritten(p)
    }
    case 'apply': {
      const sample = SAMPLE_MANIFESTS[target]
      return sample ? appended(text, sample.text) : null
    }
    case 'deny':
      return appended(text, `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny-all-ingress, namespace: ${JSON.stringify(target)} }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`)
    case 'delete': {
      const p = findPiece(text, ['Pod'], target, known)
      return p ? spliceOf(p, '') : null
    }
    case 'proxy-mode': {
      const p = findCluster(text, known)
      if (!p || (target !== 'iptables' && target !== 'nftables')) return null
      if (!p.doc.hasIn(['spec', 'kubeProxy'])) p.doc.setIn(['spec', 'kubeProxy'], p.doc.createNode({ mode: target }, { flow: true }))
      else p.doc.setIn(['spec', 'kubeProxy', 'mode'], target)
      return rewritten(p)
    }
  }
}

/**
 * Cordons `node` by rewriting only its entry in the Cluster document's `spec.nodes` (a
 * 1,000-node Cluster document takes the YAML library far longer to parse and write whole), or
 * null when the entry is not plainly there (the caller then edits the whole document).
 */
function cordonEntry(text: string, node: string, known?: KnownPieces): Splice | null {
  const piece = clusterPieces(text, known)[0]
  if (!piece) return null
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
  return { start: piece.start, end: piece.start + piece.text.length, by: out }
}
