/**
 * Seeded random YAML-ish documents for the fast reader's property test: plain data for the
 * yaml package's stringify, and trees printed by hand with odd spacing, comments, compact and
 * same-indent sequences, flow collections and tricky scalars (some of them invalid YAML).
 */
import { TRICKY } from './fastYamlCompare.js'

export type Rng = () => number
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
export const WORDS = ['web', 'app-1', 'kube-system', '10.96.0.10', 'registry.k8s.io/pause:3.9', 'a b', 'http://x:80/y', 'é', 'v1', 'a.b/c', 'items']

/** A random plain-data value for stringify. */
export function value(r: Rng, depth: number): unknown {
  const c = r()
  if (depth < 4 && c < 0.2) {
    const o: Record<string, unknown> = {}
    for (let i = Math.floor(r() * 5); i > 0; i--) o[r() < 0.7 ? pick(r, WORDS) : pick(r, TRICKY)] = value(r, depth + 1)
    return o
  }
  if (depth < 4 && c < 0.35) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1))
  const s = r()
  if (s < 0.35) return pick(r, TRICKY)
  if (s < 0.55) return pick(r, WORDS)
  if (s < 0.7) return Math.floor(r() * 70000) - (r() < 0.2 ? 35000 : 0)
  if (s < 0.78) return pick(r, [0.5, -1.25, 1e21, 3.0, -0, NaN, Infinity, -Infinity])
  if (s < 0.86) return r() < 0.5
  if (s < 0.92) return null
  return pick(r, ['', ' ', 'line\nbreak', 'tab\there', 'q"uote', "it's", '#', ': '])
}

/** A scalar as written by hand: raw (plain, possibly invalid), double- or single-quoted, or empty. */
function handScalar(r: Rng, key = false): string {
  const s = r() < 0.15 ? pick(r, TRICKY) : pick(r, WORDS)
  const c = r()
  if (c < 0.6) return s
  if (c < 0.8) return JSON.stringify(s)
  if (c < 0.95 || key) return `'${s.replace(/'/g, "''")}'`
  return ''
}

const spaces = (r: Rng, min: number, max: number): string => ' '.repeat(min + Math.floor(r() * (max - min + 1)))
const comment = (r: Rng): string => (r() < 0.12 ? `${spaces(r, 1, 3)}# ${pick(r, WORDS)}` : '')

/** `lit`: a literal block scalar's header and lines (relative indentation, possibly blank or odd). */
type Tree = { map: [string, Tree][] } | { seq: Tree[] } | { raw: string } | { lit: string; lines: string[] }

const LITERAL_LINES = ['.:53 {', '    errors', '', '  ', 'forward . /etc/resolv.conf', '# not a comment here', '- x', 'a: b', '---', '"q"', 'x  ', '  indented']

function tree(r: Rng, depth: number): Tree {
  const c = r()
  if (depth === 0 || (depth < 4 && c < 0.3)) return { map: Array.from({ length: Math.floor(r() * 4) + (depth === 0 ? 1 : 0) }, () => [handScalar(r, true), tree(r, depth + 1)]) }
  if (depth > 0 && c > 0.92) return { lit: pick(r, ['|', '|', '|-', '|+', '>', '|2', '| # c', '|  ']), lines: Array.from({ length: Math.floor(r() * 4) }, () => pick(r, LITERAL_LINES)) }
  if (depth > 0 && depth < 4 && c < 0.5) return { seq: Array.from({ length: Math.floor(r() * 4) }, () => tree(r, depth + 1)) }
  return { raw: handScalar(r) }
}

function flow(r: Rng, t: Tree): string {
  if ('raw' in t) return t.raw
  if ('lit' in t) return t.lit
  const sp = spaces(r, 0, 1)
  if ('map' in t) return `{${sp}${t.map.map(([k, v]) => `${k}:${spaces(r, 1, 2)}${flow(r, v)}`).join(`,${spaces(r, 0, 2)}`)}${sp}}`
  return `[${sp}${t.seq.map((v) => flow(r, v)).join(`,${spaces(r, 0, 2)}`)}${sp}]`
}

/** Lines of `t` printed as a block collection at column `n`. */
function block(r: Rng, t: Tree, n: number): string[] {
  const ind = ' '.repeat(n)
  const out: string[] = []
  const noise = (): void => {
    if (r() < 0.06) out.push('')
    if (r() < 0.05) out.push(`${spaces(r, 0, 8)}# note`)
  }
  if ('raw' in t) return [`${ind}${t.raw}`]
  if ('lit' in t) return [`${ind}${t.lit}`]
  const entries: [string | null, Tree][] = 'map' in t ? t.map : t.seq.map((v) => [null, v])
  if (!entries.length) return [`${ind}${'map' in t ? '{}' : '[]'}`]
  for (const [k, v] of entries) {
    noise()
    const head = k === null ? '-' : `${k}:`
    if ('lit' in v) {
      // Usually indented past the entry; sometimes not enough, or with a blank line's spaces.
      const at = n + (r() < 0.9 ? 1 + Math.floor(r() * 3) : 0)
      out.push(`${ind}${head} ${v.lit}`, ...v.lines.map((l) => (l === '' ? (r() < 0.8 ? '' : ' '.repeat(at + 1)) : `${' '.repeat(at)}${l}`)))
      continue
    }
    const small = !('raw' in v) && ('map' in v ? v.map.length : v.seq.length) <= 2
    if ('raw' in v || (small && r() < 0.4) || ('map' in v ? !v.map.length : !v.seq.length)) {
      const text = 'raw' in v ? v.raw : flow(r, v)
      out.push(`${ind}${head}${text === '' ? spaces(r, 0, 2) : `${spaces(r, 1, 3)}${text}`}${comment(r)}`)
    } else if (k === null && r() < 0.6) {
      // A compact collection: its first entry on the dash's line.
      const sp = spaces(r, 1, 3)
      const lines = block(r, v, n + 1 + sp.length)
      lines[0] = `${ind}-${sp}${lines[0]!.slice(n + 1 + sp.length)}`
      out.push(...lines)
    } else {
      out.push(`${ind}${head}${comment(r)}`)
      // kubectl writes a mapping's sequence at the key's own indentation.
      const same = k !== null && 'seq' in v && r() < 0.5
      out.push(...block(r, v, same ? n : n + 1 + Math.floor(r() * 4)))
    }
  }
  return out
}

export function handDocument(r: Rng): string {
  const docs = Array.from({ length: 1 + Math.floor(r() * 3) }, () => block(r, tree(r, 0), r() < 0.1 ? 2 : 0).join('\n'))
  const sep = (): string => pick(r, ['---\n', '---\n', '--- # next\n', '...\n---\n', '---\n\n'])
  return `${r() < 0.3 ? '---\n' : ''}${docs.join(`\n${sep()}`)}${pick(r, ['\n', '', '\n...\n', '\n---\n', '\n# end\n'])}`
}

/** A kubectl-style List (items at the key's indentation or deeper, comments between them), possibly edited. */
export function listDocument(r: Rng): string {
  const items: Tree = { seq: Array.from({ length: 1 + Math.floor(r() * 6) }, () => tree(r, 1)) }
  const doc: Tree = { map: [['apiVersion', { raw: 'v1' }], ['items', items], ['kind', { raw: 'List' }]] }
  const text = block(r, doc, 0).join('\n')
  return r() < 0.3 ? mutate(r, text) : `${text}\n`
}

/**
 * `text` with a few small edits a person might make (a line's indentation moved by one or
 * two, a character of YAML syntax inserted, a character dropped), valid YAML or not.
 */
export function mutate(r: Rng, text: string): string {
  let t = text
  for (let n = 1 + Math.floor(r() * 3); n > 0; n--) {
    const lines = t.split('\n')
    const i = Math.floor(r() * lines.length)
    const line = lines[i]!
    const c = r()
    if (c < 0.35) lines[i] = r() < 0.5 ? ` ${line}` : r() < 0.5 ? `  ${line}` : line.replace(/^ {1,2}/, '')
    else {
      const at = Math.floor(r() * (line.length + 1))
      lines[i] = c < 0.8 ? line.slice(0, at) + pick(r, [' ', ':', ': ', '-', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '\n', '?', '&a', '*a', '!', '|', '>', '\\', '...', '---']) + line.slice(at) : line.slice(0, at) + line.slice(at + 1)
    }
    t = lines.join('\n')
  }
  return t
}
