/**
 * Checks on the raw text before the YAML parser sees it: encodings the lab cannot read, and
 * nesting deeper than any Kubernetes object needs (the parser recurses per level, so a file of
 * 100,000 `[` would otherwise end in "Maximum call stack size exceeded").
 */
import type { Diagnostic } from './diagnostics.js'

/** Deeper than any real object (a NetworkPolicy rule's except list sits at depth ~8). */
export const MAX_NESTING = 100

/**
 * A UTF-16 file read as UTF-8 shows its BOM as U+FFFD pairs and a NUL beside every ASCII
 * character; kubectl and the API server read UTF-8 only, so say which encoding it is.
 */
export function encodingProblem(file: string, text: string): Diagnostic | null {
  const head = text.slice(0, 512)
  const nuls = (head.match(/\u0000/g) ?? []).length
  const bom16 = head.startsWith('\uFFFD\uFFFD') || head.startsWith('\uFEFF\u0000') || head.startsWith('\uFFFE')
  if (bom16 || (head.length >= 8 && nuls * 3 >= head.length)) {
    return {
      severity: 'error', file, line: 1, col: 1,
      message: 'the file looks UTF-16 encoded; the lab (like kubectl) reads UTF-8',
      hint: 'convert it: iconv -f UTF-16 -t UTF-8 in.yaml > out.yaml (PowerShell: Out-File -Encoding utf8)',
    }
  }
  const nul = text.indexOf('\u0000')
  if (nul >= 0) {
    const before = text.slice(0, nul)
    const line = before.split('\n').length
    return {
      severity: 'error', file, line, col: nul - before.lastIndexOf('\n'),
      message: 'the file contains a NUL byte; YAML text cannot hold one',
      hint: 'the file may be binary or damaged: export it again with kubectl get -o yaml',
    }
  }
  return null
}

/**
 * Position of the first point where flow brackets or block indentation go deeper than
 * MAX_NESTING levels, or null. Counts `[`/`{` outside quotes and indentation steps of block
 * collections; a cheap over-estimate is fine, as real manifests stay far below the limit.
 */
export function nestingProblem(file: string, text: string): Diagnostic | null {
  if (!mayNestTooDeep(text)) return null
  // Char codes, not one-character strings and regexps: this scans every file before parsing.
  let depth = 0
  let line = 1
  let lineStart = 0
  /** The open quote's char code, 0 outside quotes. */
  let quote = 0
  const indents: number[] = []
  let atLineStart = true
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 10) {
      line++
      lineStart = i + 1
      atLineStart = true
      if (quote === 39) quote = 0
      continue
    }
    if (atLineStart) {
      if (c === 32 || c === 9 || c === 13) continue
      atLineStart = false
      if (c !== 35 && depth === 0 && quote === 0) {
        const indent = i - lineStart
        while (indents.length && indents[indents.length - 1]! >= indent) indents.pop()
        indents.push(indent)
        if (indents.length > MAX_NESTING) return tooDeep(file, line, i - lineStart + 1)
      }
    }
    if (quote) {
      if (c === 92 && quote === 34) i++
      else if (c === quote) quote = 0
      continue
    }
    if (c === 34 || c === 39) {
      // A quote opens a scalar at a line's start or after space, `[`, `{`, `,` or `:`.
      const prev = i === 0 ? -1 : text.charCodeAt(i - 1)
      if (prev === -1 || isSpace(prev) || prev === 91 || prev === 123 || prev === 44 || prev === 58) quote = c
    } else if (c === 35 && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      const nl = text.indexOf('\n', i)
      i = (nl < 0 ? n : nl) - 1
    } else if (c === 91 || c === 123) {
      if (++depth + indents.length > MAX_NESTING) return tooDeep(file, line, i - lineStart + 1)
    } else if ((c === 93 || c === 125) && depth > 0) depth--
  }
  return null
}

/**
 * False when nestingProblem's scan cannot find anything, decided by the engine's native searches
 * instead of a loop over every character (this ran over every piece of a 28 MB dump, ~10 % of
 * reading it). The scan's depth is at most the number of `[` and `{` in the text, and its stack
 * of indentations, strictly increasing, at most the longest run of white space starting a line
 * plus one: with F brackets, a problem needs a line starting with MAX_NESTING - F such
 * characters.
 */
function mayNestTooDeep(text: string): boolean {
  let brackets = 0
  for (const open of ['[', '{']) {
    for (let i = text.indexOf(open); i >= 0; i = text.indexOf(open, i + 1)) if (++brackets >= MAX_NESTING) return true
  }
  return indentRun(MAX_NESTING - brackets).test(text)
}

/** A line (the first, or after `\n`) starting with `n` characters the scan counts as indentation. */
const indentRuns: RegExp[] = []
const indentRun = (n: number): RegExp => (indentRuns[n] ??= new RegExp(`(?:^|\\n)[ \\t\\r]{${n}}`))

/** What the regexp `\s` matches in one UTF-16 unit (ECMAScript white space and line terminators). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13)
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
}

function tooDeep(file: string, line: number, col: number): Diagnostic {
  return {
    severity: 'error', file, line, col,
    message: `the YAML nests more than ${MAX_NESTING} levels deep here; no Kubernetes object is that deep`,
    hint: 'the file is damaged or not a manifest: check for a runaway "[" / "{" or indentation that keeps growing',
  }
}
