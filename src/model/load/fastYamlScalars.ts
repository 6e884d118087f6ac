/**
 * Scalars for the fast YAML reader (fastYaml.ts): what a plain scalar resolves to under the
 * YAML 1.2 core schema exactly as the `yaml` package (v2, YAML_OPTIONS) resolves it, and the
 * single-line quoted scalars with their escapes. The tag tests and their order mirror the
 * package's core schema (yaml/dist/schema/core/{bool,int,float}.js, common/null.js): null, bool,
 * 0o octal, decimal int, 0x hex, .inf/.nan, exponent float, float; anything else is a string.
 * test/model/load/fastYaml.test.ts runs the package beside this on every tricky form.
 */

const NULL = /^(?:~|[Nn]ull|NULL)?$/
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/
const OCT = /^0o[0-7]+$/
const INT = /^[-+]?[0-9]+$/
const HEX = /^0x[0-9a-fA-F]+$/
const NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/
const EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/

/** First characters that can begin a null, bool or number: every other plain scalar is a string. */
const MAY_RESOLVE = new Uint8Array(128)
for (const c of '0123456789+-.~nNtTfF') MAY_RESOLVE[c.charCodeAt(0)] = 1

/** The value of a (non-empty, single-line, trimmed) plain scalar. */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0)
  if (!(c < 128 && MAY_RESOLVE[c])) return s
  // No form below has two dots (a float or exponent has one, `.inf`/`.nan` one): an address
  // such as 10.244.17.203, a dump's most common scalar that starts with a digit, is a string.
  const dot = s.indexOf('.')
  if (dot >= 0 && s.indexOf('.', dot + 1) >= 0) return s
  if (NULL.test(s)) return null
  if (BOOL.test(s)) return c === 116 || c === 84
  // The package's intResolve: parseInt of the digits after the prefix, in the prefix's radix.
  if (OCT.test(s)) return parseInt(s.substring(2), 8)
  if (INT.test(s)) return parseInt(s, 10)
  if (HEX.test(s)) return parseInt(s.substring(2), 16)
  if (NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : c === 45 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
  if (EXP.test(s) || FLOAT.test(s)) return parseFloat(s)
  return s
}

/** Escapes of double-quoted scalars (YAML 1.2 §5.7; yaml/dist/compose/resolve-flow-scalar.js). */
const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
}
const HEX_DIGITS = /^[0-9a-fA-F]+$/

/** Where a quoted scalar ends and what it says; null when it does not close on its line or is damaged. */
export interface Quoted { value: string; end: number }

/** The double-quoted scalar opening at `q` and closing before `le` (the line's end). */
export function doubleQuoted(t: string, q: number, le: number): Quoted | null {
  let res = ''
  let chunk = q + 1
  for (let p = q + 1; p < le; p++) {
    const d = t.charCodeAt(p)
    if (d === 34) return { value: res + t.slice(chunk, p), end: p + 1 }
    if (d !== 92) continue
    res += t.slice(chunk, p)
    const e = t[p + 1]
    // An escaped line break continues the scalar on the next line: not single-line.
    if (e === undefined || p + 1 >= le) return null
    const simple = ESCAPES[e]
    if (simple !== undefined) {
      res += simple
      p++
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8
      const hex = t.substr(p + 2, n)
      if (hex.length !== n || p + 2 + n > le || !HEX_DIGITS.test(hex)) return null
      const code = parseInt(hex, 16)
      if (code > 0x10ffff) return null
      res += String.fromCodePoint(code)
      p += 1 + n
    } else return null
    chunk = p + 1
  }
  return null
}

/** The single-quoted scalar opening at `q` (`''` is one quote) and closing before `le`. */
export function singleQuoted(t: string, q: number, le: number): Quoted | null {
  let quotes = false
  for (let p = q + 1; p < le; p++) {
    if (t.charCodeAt(p) !== 39) continue
    if (t.charCodeAt(p + 1) === 39 && p + 1 < le) {
      quotes = true
      p++
      continue
    }
    const raw = t.slice(q + 1, p)
    return { value: quotes ? raw.replace(/''/g, "'") : raw, end: p + 1 }
  }
  return null
}

/**
 * Short plain scalars already read, by their text: keys and values repeat all over a manifest
 * (`name`, `protocol`, `TCP`, `v1`, `8080`), and sharing one string per text spares the
 * allocation, the resolution and, for keys, V8's internalizing of every fresh copy. A direct-
 * mapped table (a slot holds the last text that hashed to it). Only texts of at most 12
 * characters: V8 copies substrings that short instead of pointing into the text, so a cached
 * string never keeps a whole file alive.
 */
const CACHED_MAX = 12
const SLOTS = 4096
const cachedText: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined)
const cachedValue: unknown[] = new Array<unknown>(SLOTS).fill(undefined)

/** The value of the plain scalar `t[p, e)` (non-empty, trimmed, single-line). */
export function plainScalar(t: string, p: number, e: number): unknown {
  const len = e - p
  if (len > CACHED_MAX) return resolvePlain(t.slice(p, e))
  let h = len
  for (let i = p; i < e; i++) h = (Math.imul(h, 31) + t.charCodeAt(i)) | 0
  const slot = h & (SLOTS - 1)
  const hit = cachedText[slot]
  if (hit !== undefined && hit.length === len && sameText(hit, t, p)) return cachedValue[slot]
  const s = t.slice(p, e)
  const v = resolvePlain(s)
  cachedText[slot] = s
  cachedValue[slot] = v
  return v
}

/**
 * `hit` (at most CACHED_MAX characters) is `t[p, p + hit.length)`: a loop the compiler inlines,
 * where startsWith on a piece (a slice of the slice that arrived) went through the builtin on
 * every one of a dump's several million cache hits.
 */
function sameText(hit: string, t: string, p: number): boolean {
  for (let i = 0; i < hit.length; i++) if (hit.charCodeAt(i) !== t.charCodeAt(p + i)) return false
  return true
}

/** `t[p, e)` is `<<`, YAML 1.1's merge key (the package merges it; the fast reader declines). */
export const isMergeKey = (t: string, p: number, e: number): boolean => e - p === 2 && t.charCodeAt(p) === 60 && t.charCodeAt(p + 1) === 60
