/** Diagnostics about derived objects, located at the object's document when it has one. */
import { locatedDiagnostic, type Diagnostic } from '../load/diagnostics.js'
import type { Path, SourceDoc } from '../load/readDocuments.js'

export class Reporter {
  constructor(
    readonly file: string,
    readonly diagnostics: Diagnostic[],
  ) {}

  add(severity: Diagnostic['severity'], doc: SourceDoc | undefined, path: Path, object: string | undefined, message: string, hint?: string): void {
    this.diagnostics.push(locatedDiagnostic(severity, doc, this.file, path, object, message, hint))
  }
}
