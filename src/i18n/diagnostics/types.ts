/**
 * A catalog entry: an English template the loader writes, its Korean, and for composed texts
 * the parameters whose values are themselves catalog texts (a list of inferred settings, an
 * API server reason, a Gateway condition message), translated part by part through a sub-table.
 */
export interface Entry {
  readonly code: string
  readonly en: string
  readonly ko: string
  /** Parameters translated through a sub-table; recognition fails when a part is not in it. */
  readonly sub?: Readonly<Record<string, SubTable>>
}

export interface SubTable {
  readonly entries: readonly Entry[]
  /** The value is a list joined with this separator (each part translated on its own). */
  readonly sep?: string
  /** The Korean separator (the English one when absent). */
  readonly koSep?: string
}

/** A sub-table of one text per entry, e.g. the reasons an API server gives for an invalid value. */
export const table = (entries: readonly Entry[], sep?: string, koSep?: string): SubTable => ({
  entries, ...(sep !== undefined ? { sep } : {}), ...(koSep !== undefined ? { koSep } : {}),
})
