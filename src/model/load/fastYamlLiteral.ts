/**
 * Literal block scalars for the fast YAML reader (fastYaml.ts): `|` and `|-`, as kubectl writes
 * a ConfigMap's Corefile or a last-applied-configuration annotation. The scalar's lines are
 * those indented at least as much as its first content line, which sets the indentation (YAML
 * 1.2 §8.1.1.1); `|` keeps one final line break, `|-` none. Declined (the yaml package reads
 * them): `>`, `|+`, indentation indicators, a comment after the header, leading blank lines,
 * blank lines with more spaces than the indentation (the package keeps some of those spaces),
 * an empty scalar, content not indented past its parent collection.
 */
import { DECLINE } from './fastYamlFlow.js'

export interface Literal {
  readonly value: string
  /** 1-based line number of the scalar's last content line, and the offset of the line after it. */
  readonly line: number
  readonly next: number
}

/**
 * The literal block scalar whose header is at `p` on the line ending at `le`, followed by the
 * line at offset `next` (the header's line is line `line`), in an entry of the collection at
 * column `col`; the text ends at `n`.
 */
export function literalBlock(t: string, p: number, le: number, next: number, line: number, col: number, n: number): Literal {
  let q = p + 1
  const strip = t.charCodeAt(q) === 45
  if (strip) q++
  while (q < le && t.charCodeAt(q) === 32) q++
  if (q !== le) throw DECLINE
  let indent = -1
  let value = ''
  let blanks = 0
  let first = true
  let lineNo = line
  let lastLine = line
  let lastNext = next
  for (let s = next; s < n; s = next) {
    lineNo++
    let e = t.indexOf('\n', s)
    if (e < 0) e = n
    next = e + 1
    if (e > s && t.charCodeAt(e - 1) === 13) e--
    let k = s
    while (k < e && t.charCodeAt(k) === 32) k++
    if (k === e) {
      if (indent < 0 || k - s > indent) throw DECLINE
      blanks++
      continue
    }
    if (indent < 0) {
      if (k - s <= col) throw DECLINE
      indent = k - s
    } else if (k - s < indent) break
    value += (first ? '' : '\n'.repeat(blanks + 1)) + t.slice(s + indent, e)
    first = false
    blanks = 0
    // The reader resumes after the last content line (it skips trailing blank lines itself).
    lastLine = lineNo
    lastNext = next
  }
  if (indent < 0) throw DECLINE
  return { value: strip ? value : `${value}\n`, line: lastLine, next: lastNext }
}
