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
  let depth = 0
  let line = 1
  let lineStart = 0
  let quote: string | null = null
  const indents: number[] = []
  let atLineStart = true
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '\n') { line++; lineStart = i + 1; atLineStart = true; if (quote === "'") quote = null; continue }
    if (atLineStart) {
      if (c === ' ' || c === '\t' || c === '\r') continue
      atLineStart = false
      if (c !== '#' && depth === 0 && quote === null) {
        const indent = i - lineStart
        while (indents.length && indents[indents.length - 1]! >= indent) indents.pop()
        indents.push(indent)
        if (indents.length > MAX_NESTING) return tooDeep(file, line, i - lineStart + 1)
      }
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = null
      continue
    }
    if (c === '"' || c === "'") {
      const prev = text[i - 1]
      if (prev === undefined || /[\s[{,:]/.test(prev)) quote = c
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i)
      i = (nl < 0 ? text.length : nl) - 1
    } else if (c === '[' || c === '{') {
      if (++depth + indents.length > MAX_NESTING) return tooDeep(file, line, i - lineStart + 1)
    } else if ((c === ']' || c === '}') && depth > 0) depth--
  }
  return null
}

function tooDeep(file: string, line: number, col: number): Diagnostic {
  return {
    severity: 'error', file, line, col,
    message: `the YAML nests more than ${MAX_NESTING} levels deep here; no Kubernetes object is that deep`,
    hint: 'the file is damaged or not a manifest: check for a runaway "[" / "{" or indentation that keeps growing',
  }
}
