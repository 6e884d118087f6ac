/** Located problems in input files: `file:line:col: severity: message (Kind ns/name)` plus a hint. */

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

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error')
