/** Diagnostics about derived objects, located at the object's document when it has one. */
import type { Diagnostic } from '../load/diagnostics.js'
import type { Path, SourceDoc } from '../load/readDocuments.js'

export class Reporter {
  constructor(
    readonly file: string,
    readonly diagnostics: Diagnostic[],
  ) {}

  add(severity: Diagnostic['severity'], doc: SourceDoc | undefined, path: Path, object: string | undefined, message: string, hint?: string): void {
    const p = doc ? doc.at(path) : { line: 1, col: 1 }
    this.diagnostics.push({
      severity, file: doc?.file ?? this.file, line: p.line, col: p.col, message,
      ...(object ? { object } : {}), ...(hint ? { hint } : {}),
    })
  }
}
