/**
 * Reads a multi-document YAML stream into plain objects while keeping a way back to the line
 * and column of any field, so every later check can point at the exact spot. `kind: List`
 * dumps (kubectl get -o yaml) are expanded into their items.
 */
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml'
import type { Diagnostic } from './diagnostics.js'
import { utf8Length } from '../hash/utf8.js'
import { encodingProblem, nestingProblem } from './textChecks.js'
import { fastParse, type FastDocument } from './fastYaml.js'

export type Path = readonly (string | number)[]

export interface SourceDoc {
  readonly file: string
  /** The object as plain data. */
  readonly data: Record<string, unknown>
  /**
   * Line and column (1-based) of the value at `path` under this object, or of its nearest parent.
   * After {@link ReadResult.release} only the object's own position is left.
   */
  readonly at: (path: Path) => { line: number; col: number }
}

export const MAX_FILE_BYTES = 5 * 1024 * 1024
export const MAX_OBJECTS = 10_000
/**
 * Aliases in one YAML document: kubectl's decoder (sigs.k8s.io/yaml over go-yaml) rejects documents
 * whose aliases expand far beyond their size ("billion laughs"); real manifests use a handful.
 */
export const MAX_ALIASES = 100

/** How every manifest is parsed. merge: true honours `<<: *anchor` as YAML 1.1 (and so kubectl) does. */
export const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, merge: true } as const

export interface ReadResult {
  readonly docs: SourceDoc[]
  readonly diagnostics: Diagnostic[]
  /**
   * Drops the YAML syntax trees once loading has reported its diagnostics. Model objects keep
   * their SourceDoc; without this, a model would hold every parsed document (several times the
   * size of the model on a big dump).
   */
  readonly release: () => void
}

interface Locator {
  readonly at: (path: Path) => { line: number; col: number }
  readonly release: () => void
}

/** Line and column (1-based) of the node at `full` in `doc`, or of its nearest parent that exists. */
export function locate(doc: Document, lc: LineCounter, full: Path): { line: number; col: number } {
  for (let n = full.length; n >= 0; n--) {
    const node = doc.getIn(full.slice(0, n), true) as YamlNode | undefined
    const range = node && typeof node === 'object' && 'range' in node ? node.range : undefined
    if (range) {
      const p = lc.linePos(range[0])
      return { line: p.line, col: p.col }
    }
  }
  return { line: 1, col: 1 }
}

function locator(parsed: Document, lc: LineCounter, prefix: Path): Locator {
  let doc: Document | null = parsed
  let own: { line: number; col: number } | null = null
  const at = (path: Path): { line: number; col: number } => (doc === null ? own ?? { line: 1, col: 1 } : locate(doc, lc, [...prefix, ...path]))
  return {
    at,
    release: () => {
      own = at([])
      doc = null
    },
  }
}

/** Where an object sits in its YAML document: `[]` for the document itself, `['items', i]` for a List's item. */
export interface DocumentEntry {
  readonly data: Record<string, unknown>
  readonly prefix: Path
}

/**
 * One parsed YAML document: its objects (a List's items, each with its kind and apiVersion
 * filled in from the list type) and its problems, located through `lc`. Shared by the whole-file
 * read and the incremental reader (src/model/incremental), which parses documents one by one.
 */
export function readDocument(file: string, doc: Document, lc: LineCounter, diagnostics: Diagnostic[]): DocumentEntry[] {
  const entries: DocumentEntry[] = []
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const p = lc.linePos(e.pos[0])
      const exhausted = e.code === 'RESOURCE_EXHAUSTION'
      diagnostics.push({
        severity: 'error', file, line: p.line, col: p.col,
        message: exhausted ? 'the YAML nests too deeply to read' : `YAML syntax: ${e.message.split('\n')[0]}`,
        hint: exhausted
          ? 'the file is damaged or not a manifest: check for a runaway "[" / "{" or indentation that keeps growing'
          : e.code === 'DUPLICATE_KEY'
            ? 'a key may appear once per object (the API server rejects duplicates): keep one of them'
            : e.code === 'TAB_AS_INDENT'
              ? 'YAML indents with spaces only: replace the tab with spaces'
              : 'check indentation (spaces only) and that every "key: value" pair has its colon and space',
      })
    }
    return entries
  }
  const contents = doc.contents
  // An empty document (a trailing `---`, `---` twice, only comments) is skipped, as kubectl does.
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) return entries
  const at0 = locator(doc, lc, []).at
  if (!isMap(contents)) {
    const p = at0([])
    diagnostics.push({ severity: 'error', file, line: p.line, col: p.col, message: 'a document must be a mapping (apiVersion, kind, metadata, ...)', hint: 'start each document with apiVersion: and kind: lines, and separate documents with ---' })
    return entries
  }
  let data: Record<string, unknown>
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES }) as Record<string, unknown>
  } catch (err) {
    const p = at0([])
    const aliases = err instanceof ReferenceError
    diagnostics.push({
      severity: 'error', file, line: p.line, col: p.col,
      message: aliases ? `the document's YAML aliases expand too far (more than ${MAX_ALIASES} uses of *anchors): an alias bomb` : 'the document cannot be read',
      hint: aliases ? 'write the repeated parts out, or use fewer *alias references' : 'check the document for damage',
    })
    return entries
  }
  const count = (): number => {
    const items = doc.getIn(['items'], true)
    return isSeq(items) ? items.items.length : 0
  }
  return documentEntries(file, data, (path) => locate(doc, lc, path), count, diagnostics)
}

/**
 * The objects of one document's data: a List's items (each with its kind and apiVersion filled
 * in from the list type), or the document itself. `count` is how many items the YAML holds.
 */
function documentEntries(file: string, data: Record<string, unknown>, at0: (path: Path) => { line: number; col: number }, count: () => number, diagnostics: Diagnostic[]): DocumentEntry[] {
  const entries: DocumentEntry[] = []
  const kind = data['kind']
  if (typeof kind === 'string' && kind.endsWith('List') && ('items' in data)) {
    if (!Array.isArray(data['items']) && data['items'] !== null) {
      diagnostics.push({ severity: 'error', file, ...at0(['items']), message: `${kind} items must be a list`, hint: 'write items: as a list of objects (- apiVersion: ...)' })
      return entries
    }
    // Raw API output (PodList, NamespaceList ...) leaves kind and apiVersion off the items:
    // they are the list's, as the API server's list type says.
    const itemKind = kind === 'List' ? null : kind.slice(0, -4)
    const n = count()
    for (let i = 0; i < n; i++) {
      const item = (data['items'] as unknown[])[i]
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const obj = item as Record<string, unknown>
        if (itemKind && obj['kind'] === undefined) obj['kind'] = itemKind
        if (itemKind && obj['apiVersion'] === undefined && data['apiVersion'] !== undefined) obj['apiVersion'] = data['apiVersion']
        entries.push({ data: obj, prefix: ['items', i] })
      } else {
        const p = at0(['items', i])
        diagnostics.push({ severity: 'error', file, line: p.line, col: p.col, message: `items[${i}] is not an object`, hint: 'each item is one object with apiVersion, kind and metadata' })
      }
    }
    return entries
  }
  entries.push({ data, prefix: [] })
  return entries
}

/**
 * readDocument for a document the fast reader read (fastYaml.ts): the same objects and
 * problems (a fast document has no syntax errors and no aliases to expand).
 */
export function readFastDocument(file: string, doc: FastDocument, diagnostics: Diagnostic[]): DocumentEntry[] {
  // Only an empty document reads as null: any other is a collection.
  if (doc.data === null) return []
  const at0 = (path: Path): { line: number; col: number } => doc.locate(path)!
  if (typeof doc.data !== 'object' || Array.isArray(doc.data)) {
    const p = at0([])
    diagnostics.push({ severity: 'error', file, line: p.line, col: p.col, message: 'a document must be a mapping (apiVersion, kind, metadata, ...)', hint: 'start each document with apiVersion: and kind: lines, and separate documents with ---' })
    return []
  }
  const data = doc.data as Record<string, unknown>
  return documentEntries(file, data, at0, () => (Array.isArray(data['items']) ? data['items'].length : 0), diagnostics)
}

function fastLocator(parsed: FastDocument, prefix: Path): Locator {
  let doc: FastDocument | null = parsed
  let own: { line: number; col: number } | null = null
  const at = (path: Path): { line: number; col: number } => (doc === null ? own ?? { line: 1, col: 1 } : doc.locate(prefix.length ? [...prefix, ...path] : path)!)
  return {
    at,
    release: () => {
      own = at([])
      doc = null
    },
  }
}

/** `limits: false` is for generated input (benchmarks); files from users always get the limits. */
export function readDocuments(file: string, text: string, limits = true): ReadResult {
  const diagnostics: Diagnostic[] = []
  const docs: SourceDoc[] = []
  const locators: Locator[] = []
  const release = (): void => {
    for (const l of locators) l.release()
    locators.length = 0
  }
  const bytes = limits ? utf8Length(text) : 0
  if (limits && bytes > MAX_FILE_BYTES) {
    diagnostics.push({
      severity: 'error', file, line: 1, col: 1,
      message: `file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is 5 MB`,
      hint: 'split the cluster into smaller files or drop objects the lab does not need (Secrets, ConfigMaps other than coredns)',
    })
    return { docs, diagnostics, release }
  }
  const textProblem = encodingProblem(file, text) ?? nestingProblem(file, text)
  if (textProblem) {
    diagnostics.push(textProblem)
    return { docs, diagnostics, release }
  }
  const fast = fastParse(text)
  if (fast) {
    for (const doc of fast) {
      for (const e of readFastDocument(file, doc, diagnostics)) {
        const loc = fastLocator(doc, e.prefix)
        locators.push(loc)
        docs.push({ file, data: e.data, at: loc.at })
      }
    }
  } else {
    // Outside the fast reader's subset (or damaged): the yaml package reads or reports it.
    const lc = new LineCounter()
    const parsed = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: lc })
    const list = Array.isArray(parsed) ? parsed : [parsed]
    for (const doc of list) {
      for (const e of readDocument(file, doc, lc, diagnostics)) {
        const loc = locator(doc, lc, e.prefix)
        locators.push(loc)
        docs.push({ file, data: e.data, at: loc.at })
      }
    }
  }
  if (limits && docs.length > MAX_OBJECTS) {
    diagnostics.push({
      severity: 'error', file, line: 1, col: 1,
      message: `file holds ${docs.length} objects; the limit is ${MAX_OBJECTS}`,
      hint: 'load one namespace at a time (kubectl get -n NS -o yaml)',
    })
    return { docs: [], diagnostics, release }
  }
  return { docs, diagnostics, release }
}
