/**
 * Flow collections for the fast YAML reader (fastYaml.ts), the `{ name: x, ports: [80] }`
 * style the benchmarks' generated clusters and many hand-written manifests use: one line only,
 * plain and quoted scalars, nesting. A flow collection over several lines, an empty or implicit
 * entry (`[a: b]`, `{a}`, `{a: }`), a trailing comma, a comment inside or anything unusual is
 * declined (the caller hands the text to the `yaml` package).
 */
import { MAX_COL, PosNode, packPos } from './fastYamlPositions.js'
import { doubleQuoted, isMergeKey, plainScalar, singleQuoted } from './fastYamlScalars.js'

/** Thrown to give up on the text; fastYaml.ts catches it and returns null. */
export class Decline extends Error {}
export const DECLINE = new Decline('outside the fast subset')

/** The line being read, and what the last node read left behind. */
export interface Cursor {
  readonly t: string
  /** Offsets of the line's first character and of its end (its `\n` or the text's end). */
  ls: number
  le: number
  /** 1-based line number. */
  line: number
  /** After a node: the offset just past it, its packed position, its collection's positions. */
  end: number
  vp: number
  vk: PosNode | undefined
  /** Whether to record positions (a second reading, when a position is asked for). */
  readonly keepPos: boolean
}

/** Characters that cannot start a plain scalar (YAML 1.2 c-indicator, minus the `-` case). */
export const INDICATOR = new Uint8Array(128)
for (const c of '-?:,[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = 1

const isFlowStop = (d: number): boolean => d === 44 || d === 91 || d === 93 || d === 123 || d === 125

/** What a plain scalar in a flow collection looks at: a space, `:` and the flow indicators (isFlowStop). */
const FLOW_PLAIN_SPECIAL = new Uint8Array(128)
for (const c of ' :,[]{}') FLOW_PLAIN_SPECIAL[c.charCodeAt(0)] = 1

export function at(c: Cursor, p: number): number {
  const col = p - c.ls + 1
  if (col > MAX_COL) throw DECLINE
  return packPos(c.line, col)
}

const skipSpaces = (c: Cursor, p: number): number => {
  while (p < c.le && c.t.charCodeAt(p) === 32) p++
  return p
}

/** A quoted scalar at `p` (either quote), or a decline when it does not close on this line. */
export function quoted(c: Cursor, p: number): string {
  const q = c.t.charCodeAt(p) === 34 ? doubleQuoted(c.t, p, c.le) : singleQuoted(c.t, p, c.le)
  if (!q) throw DECLINE
  c.end = q.end
  return q.value
}

/** A plain scalar inside a flow collection: up to `,` `]` `}`, `: ` or ` #`. */
function plainFlow(c: Cursor, p: number): unknown {
  const t = c.t
  const d0 = t.charCodeAt(p)
  if (d0 < 128 && INDICATOR[d0] && !(d0 === 45 && p + 1 < c.le && t.charCodeAt(p + 1) !== 32 && !isFlowStop(t.charCodeAt(p + 1)))) throw DECLINE
  let last = p
  let q = p
  for (; q < c.le; q++) {
    const d = t.charCodeAt(q)
    // One table lookup for the characters of a name or an address, the scalar's most.
    if (d < 128 && FLOW_PLAIN_SPECIAL[d]) {
      if (d === 32) {
        if (t.charCodeAt(q + 1) === 35) break
        continue
      }
      if (d !== 58) break
      if (q + 1 >= c.le || t.charCodeAt(q + 1) === 32 || isFlowStop(t.charCodeAt(q + 1))) break
    }
    last = q + 1
  }
  if (last === p) throw DECLINE
  c.end = last
  if (isMergeKey(t, p, last)) throw DECLINE
  return plainScalar(t, p, last)
}

/** Any flow node at `p`: sets c.end, c.vp, c.vk. */
function flowNode(c: Cursor, p: number, depth: number): unknown {
  const d = c.t.charCodeAt(p)
  if (d === 91 || d === 123) return flowCollection(c, p, depth + 1)
  c.vp = at(c, p)
  c.vk = undefined
  return d === 34 || d === 39 ? quoted(c, p) : plainFlow(c, p)
}

/** The key of a flow map's entry at `p`: returns it and leaves c.end after its `: `. */
function flowKey(c: Cursor, p: number): unknown {
  const t = c.t
  const d = t.charCodeAt(p)
  let key: unknown
  if (d === 34 || d === 39) key = quoted(c, p)
  else {
    key = plainFlow(c, p)
    if (typeof key === 'string' && key.length > 1024) throw DECLINE
  }
  const colon = c.end
  if (t.charCodeAt(colon) !== 58 || t.charCodeAt(colon + 1) !== 32 || colon + 1 >= c.le) throw DECLINE
  c.end = colon + 2
  return key
}

/** A `[...]` or `{...}` at `p` that closes on this line. */
export function flowCollection(c: Cursor, p: number, depth: number): unknown {
  if (depth > 64) throw DECLINE
  const t = c.t
  const isMap = t.charCodeAt(p) === 123
  const close = isMap ? 125 : 93
  const own = at(c, p)
  const vals: number[] | null = c.keepPos ? [] : null
  const keys: unknown[] | null = isMap && vals ? [] : null
  let kids: (PosNode | undefined)[] | null = null
  // Only the one this collection is (half a million flow collections in a 1,000-node dump).
  const obj = (isMap ? {} : null) as Record<string, unknown>
  const arr = (isMap ? null : []) as unknown[]
  let q = skipSpaces(c, p + 1)
  if (t.charCodeAt(q) === close && q < c.le) {
    c.end = q + 1
  } else {
    for (;;) {
      if (q >= c.le) throw DECLINE
      let value: unknown
      if (isMap) {
        const key = flowKey(c, q)
        const v0 = skipSpaces(c, c.end)
        const d = t.charCodeAt(v0)
        if (v0 >= c.le || isFlowStop(d) && d !== 91 && d !== 123) throw DECLINE
        value = flowNode(c, v0, depth)
        setKey(obj, key, value)
        keys?.push(key)
      } else {
        value = flowNode(c, q, depth)
        arr.push(value)
      }
      if (vals) {
        vals.push(c.vp)
        if (c.vk) (kids ??= [])[vals.length - 1] = c.vk
      }
      q = skipSpaces(c, c.end)
      const d = t.charCodeAt(q)
      if (q >= c.le) throw DECLINE
      if (d === close) {
        c.end = q + 1
        break
      }
      if (d !== 44) throw DECLINE
      q = skipSpaces(c, q + 1)
      if (t.charCodeAt(q) === close) throw DECLINE
    }
  }
  c.vp = own
  c.vk = vals ? new PosNode(own, keys, vals, kids) : undefined
  return isMap ? obj : arr
}

/**
 * Adds `key: value` to `obj` as the package's toJS does (addPairToJSMap: a key reads as
 * String(value), null as ''; a name the object inherits, such as __proto__, is defined, not
 * assigned). A key already there declines: YAML forbids duplicates (the package reports them),
 * and keys such as `1` and `"1"` that differ in YAML but not in JS are too rare to mirror.
 */
export function setKey(obj: Record<string, unknown>, key: unknown, value: unknown): void {
  const js = typeof key === 'string' ? key : key === null ? '' : String(key)
  // A value read is never undefined: undefined here is a name neither set nor inherited (one
  // lookup where `in` and the store took two).
  if (obj[js] === undefined) {
    obj[js] = value
    return
  }
  if (js in obj) {
    if (Object.prototype.hasOwnProperty.call(obj, js)) throw DECLINE
    Object.defineProperty(obj, js, { value, writable: true, enumerable: true, configurable: true })
  } else obj[js] = value
}
