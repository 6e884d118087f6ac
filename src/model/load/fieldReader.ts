/** Typed, located access to a document's fields: wrong types become diagnostics, not crashes. */
import { locatedDiagnostic, type Diagnostic } from './diagnostics.js'
import type { Path, SourceDoc } from './readDocuments.js'

export class FieldReader {
  /**
   * The document's data, read once: a piece's SourceDoc answers `data` through a getter
   * (units.ts), and parsing one object asks it for every field (~5 % of reading a dump).
   * Read at the first question, not before: a reader made only to report asks nothing.
   */
  private data: unknown = undefined
  private dataRead = false

  constructor(
    readonly doc: SourceDoc,
    readonly diagnostics: Diagnostic[],
    readonly object: string,
  ) {}

  report(severity: Diagnostic['severity'], path: Path, message: string, hint?: string): void {
    this.diagnostics.push(locatedDiagnostic(severity, this.doc, this.doc.file, path, this.object, message, hint))
  }
  error(path: Path, message: string, hint?: string): void {
    this.report('error', path, message, hint)
  }
  warn(path: Path, message: string, hint?: string): void {
    this.report('warning', path, message, hint)
  }

  raw(path: Path): unknown {
    if (!this.dataRead) {
      this.data = this.doc.data
      this.dataRead = true
    }
    let v: unknown = this.data
    for (const k of path) {
      if (v === null || typeof v !== 'object') return undefined
      v = (v as Record<string | number, unknown>)[k]
    }
    return v
  }

  has(path: Path): boolean {
    return this.raw(path) !== undefined && this.raw(path) !== null
  }

  string(path: Path, fallback: string): string
  string(path: Path, fallback: string | null): string | null
  string(path: Path, fallback: string | null): string | null {
    const v = this.raw(path)
    if (v === undefined || v === null) return fallback
    if (typeof v === 'string') return v
    if (typeof v === 'number' || typeof v === 'boolean') return String(v)
    this.error(path, `${path.join('.')} must be a string`, 'write a plain value (quote it if it looks like a number or a list)')
    return fallback
  }

  int(path: Path, fallback: number, min = -Infinity, max = Infinity): number {
    const v = this.raw(path)
    if (v === undefined || v === null) return fallback
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v
    this.error(path, `${path.join('.')} must be a whole number${min > -Infinity ? ` from ${min} to ${max}` : ''}, got ${JSON.stringify(v)}`, 'write a number without quotes or decimals')
    return fallback
  }

  bool(path: Path, fallback: boolean): boolean {
    const v = this.raw(path)
    if (v === undefined || v === null) return fallback
    if (typeof v === 'boolean') return v
    this.error(path, `${path.join('.')} must be true or false`, 'write true or false without quotes')
    return fallback
  }

  list(path: Path): unknown[] {
    const v = this.raw(path)
    if (v === undefined || v === null) return []
    if (Array.isArray(v)) return v
    this.error(path, `${path.join('.')} must be a list`, 'write the entries as a list: one "- item" per line, or [a, b]')
    return []
  }

  stringMap(path: Path): Record<string, string> {
    const v = this.raw(path)
    if (v === undefined || v === null) return {}
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.error(path, `${path.join('.')} must be a map of strings`, 'write key: value pairs, e.g. { app: web }')
      return {}
    }
    // No prototype: `__proto__` or `constructor` as a label key is a plain key, nothing more.
    // Made from `{}` rather than by Object.create(null), which V8 makes a hash table (dictionary
    // mode): the same own keys and no prototype, but a small object with a shape shared by every
    // map of the same keys (a dump's 32,000 pods' labels: ~2x faster to build, less to keep).
    const out = Object.setPrototypeOf({}, null) as Record<string, string>
    // Keys, not entries: no [key, value] array per label of every object.
    const m = v as Record<string, unknown>
    for (const k of Object.keys(m)) {
      const val = m[k]
      out[k] = val === null ? '' : String(val)
    }
    return out
  }

  oneOf<T extends string>(path: Path, allowed: readonly T[], fallback: T): T {
    const v = this.raw(path)
    if (v === undefined || v === null) return fallback
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T
    this.error(path, `${path.join('.')} is ${JSON.stringify(v)}; expected one of ${allowed.join(', ')}`, `write one of ${allowed.join(', ')} (the case matters)`)
    return fallback
  }
}
