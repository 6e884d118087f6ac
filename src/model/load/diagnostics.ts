/** Located problems in input files: `file:line:col: severity: message (Kind ns/name)` plus a hint. */
import type { Path, SourceDoc } from './readDocuments.js'

export interface Diagnostic {
  readonly severity: 'error' | 'warning'
  readonly file: string
  readonly line: number
  readonly col: number
  readonly message: string
  readonly hint?: string
  /** `Kind ns/name` of the object the problem belongs to, when there is one. */
  readonly object?: string
}

export function formatDiagnostic(d: Diagnostic): string {
  const obj = d.object ? ` (${d.object})` : ''
  const hint = d.hint ? `\n  hint: ${d.hint}` : ''
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}${obj}${hint}`
}

/** A diagnostic at `path` of a document, or at the top of `file` when there is no document (add-ons). */
export function locatedDiagnostic(
  severity: Diagnostic['severity'], doc: SourceDoc | undefined, file: string, path: Path,
  object: string | undefined, message: string, hint?: string,
): Diagnostic {
  const p = doc ? doc.at(path) : { line: 1, col: 1 }
  return { severity, file: doc?.file ?? file, line: p.line, col: p.col, message, ...(object ? { object } : {}), ...(hint ? { hint } : {}) }
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error')
