/** Typed, located access to a document's fields: wrong types become diagnostics, not crashes. */
import { locatedDiagnostic, type Diagnostic } from './diagnostics.js'
import type { Path, SourceDoc } from './readDocuments.js'

/** A field of a value already read: what raw([...path, key]) gives when `parent` is raw(path). */
export function field(parent: unknown, key: string | number): unknown {
  return parent !== null && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[key] : undefined
}

/** `base` and `key` as one path (undefined key: `base` itself). Made only for a report. */
const joined = (base: Path, key: string | number | undefined): Path => (key === undefined ? base : [...base, key])

export class FieldReader {
  /**
   * The document's data, read once: a piece's SourceDoc answers `data` through a getter
   * (units.ts), and parsing one object asks it for every field (~5 % of reading a dump).
   * Read at the first question, not before: a reader made only to report asks nothing.
   */
  private data: unknown = undefined
  private dataRead = false
  private name: string | ((data: Record<string, unknown>) => string)

  /**
   * `object` names the object in messages; a function of the document's data names it when
   * first asked (parseObjects: a dump's 53,000 objects report nothing, and their names were a
   * string and three regexp tests each).
   */
  constructor(
    readonly doc: SourceDoc,
    readonly diagnostics: Diagnostic[],
    object: string | ((data: Record<string, unknown>) => string),
  ) {
    this.name = object
  }

  get object(): string {
    if (typeof this.name !== 'string') this.name = this.name((this.dataRead ? this.data : this.doc.data) as Record<string, unknown>)
    return this.name
  }

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
    // An index loop: for-of over a frozen path (the parsers' shared ones) takes V8's generic
    // iterator, an object per step.
    for (let i = 0; i < path.length; i++) {
      if (v === null || typeof v !== 'object') return undefined
      v = (v as Record<string | number, unknown>)[path[i]!]
    }
    return v
  }

  has(path: Path): boolean {
    return this.raw(path) !== undefined && this.raw(path) !== null
  }

  string(path: Path, fallback: string): string
  string(path: Path, fallback: string | null): string | null
  string(path: Path, fallback: string | null): string | null {
    return this.asString(this.raw(path), path, undefined, fallback)
  }

  int(path: Path, fallback: number, min = -Infinity, max = Infinity): number {
    return this.asInt(this.raw(path), path, undefined, fallback, min, max)
  }

  bool(path: Path, fallback: boolean): boolean {
    return this.asBool(this.raw(path), path, undefined, fallback)
  }

  list(path: Path): unknown[] {
    return this.asList(this.raw(path), path, undefined)
  }

  stringMap(path: Path): Record<string, string> {
    return this.asStringMap(this.raw(path), path, undefined)
  }

  oneOf<T extends string>(path: Path, allowed: readonly T[], fallback: T): T {
    return this.asOneOf(this.raw(path), path, undefined, allowed, fallback)
  }

  /*
   * The same readings of `parent`'s field `key`, `parent` being the value at `base` (read by the
   * caller once): the same values and the same messages at [...base, key], but no path array is
   * made unless one is reported (a pod's template read ~20 paths of up to 7 keys each from the
   * document's root: ~1/4 of what reading a dump allocated).
   */
  stringIn(parent: unknown, base: Path, key: string | number, fallback: string): string
  stringIn(parent: unknown, base: Path, key: string | number, fallback: string | null): string | null
  stringIn(parent: unknown, base: Path, key: string | number, fallback: string | null): string | null {
    return this.asString(field(parent, key), base, key, fallback)
  }
  intIn(parent: unknown, base: Path, key: string | number, fallback: number, min = -Infinity, max = Infinity): number {
    return this.asInt(field(parent, key), base, key, fallback, min, max)
  }
  boolIn(parent: unknown, base: Path, key: string | number, fallback: boolean): boolean {
    return this.asBool(field(parent, key), base, key, fallback)
  }
  listIn(parent: unknown, base: Path, key: string | number): unknown[] {
    return this.asList(field(parent, key), base, key)
  }
  stringMapIn(parent: unknown, base: Path, key: string | number): Record<string, string> {
    return this.asStringMap(field(parent, key), base, key)
  }
  oneOfIn<T extends string>(parent: unknown, base: Path, key: string | number, allowed: readonly T[], fallback: T): T {
    return this.asOneOf(field(parent, key), base, key, allowed, fallback)
  }

  private asString(v: unknown, base: Path, key: string | number | undefined, fallback: string | null): string | null {
    if (v === undefined || v === null) return fallback
    if (typeof v === 'string') return v
    if (typeof v === 'number' || typeof v === 'boolean') return String(v)
    const path = joined(base, key)
    this.error(path, `${path.join('.')} must be a string`, 'write a plain value (quote it if it looks like a number or a list)')
    return fallback
  }

  private asInt(v: unknown, base: Path, key: string | number | undefined, fallback: number, min: number, max: number): number {
    if (v === undefined || v === null) return fallback
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v
    const path = joined(base, key)
    this.error(path, `${path.join('.')} must be a whole number${min > -Infinity ? ` from ${min} to ${max}` : ''}, got ${JSON.stringify(v)}`, 'write a number without quotes or decimals')
    return fallback
  }

  private asBool(v: unknown, base: Path, key: string | number | undefined, fallback: boolean): boolean {
    if (v === undefined || v === null) return fallback
    if (typeof v === 'boolean') return v
    const path = joined(base, key)
    this.error(path, `${path.join('.')} must be true or false`, 'write true or false without quotes')
    return fallback
  }

  private asList(v: unknown, base: Path, key: string | number | undefined): unknown[] {
    if (v === undefined || v === null) return []
    if (Array.isArray(v)) return v
    const path = joined(base, key)
    this.error(path, `${path.join('.')} must be a list`, 'write the entries as a list: one "- item" per line, or [a, b]')
    return []
  }

  private asStringMap(v: unknown, base: Path, key: string | number | undefined): Record<string, string> {
    if (v === undefined || v === null) return {}
    if (typeof v !== 'object' || Array.isArray(v)) {
      const path = joined(base, key)
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

  private asOneOf<T extends string>(v: unknown, base: Path, key: string | number | undefined, allowed: readonly T[], fallback: T): T {
    if (v === undefined || v === null) return fallback
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T
    const path = joined(base, key)
    this.error(path, `${path.join('.')} is ${JSON.stringify(v)}; expected one of ${allowed.join(', ')}`, `write one of ${allowed.join(', ')} (the case matters)`)
    return fallback
  }
}
