/**
 * The loader's diagnostics (and the `show` views' errors) on the page. The loader writes them in
 * English, so English needs no catalog; the Korean catalog (src/i18n/diagnostics, some 60 KB of
 * text) is loaded the first time the page shows Korean — before it renders in Korean, so no
 * English sentence slips through (main.ts awaits `diagnosticsCatalog()` on start and on a
 * language switch).
 */
import type { Lang } from '../i18n/render.js'
import type { Diagnostic } from '../model/load/diagnostics.js'

type Catalog = typeof import('../i18n/diagnostics.js')
let catalog: Catalog | null = null
let loading: Promise<Catalog> | null = null

/** Loads the catalog once; resolves at once when English is all that is shown. */
export function diagnosticsCatalog(lang: Lang): Promise<unknown> {
  if (lang === 'en') return Promise.resolve()
  return (loading ??= import('../i18n/diagnostics.js').then((m) => (catalog = m)))
}

/** `file:line:col: severity: message (Kind ns/name)` and the hint line, as the CLI prints it. */
export function formatDiagnostic(d: Diagnostic, lang: Lang): string {
  if (lang !== 'en' && catalog) return catalog.formatDiagnosticIn(d, lang)
  const obj = d.object ? ` (${d.object})` : ''
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}${obj}${d.hint ? `\n  hint: ${d.hint}` : ''}`
}

/** A `show` view's error or hint in the language. */
export const showTextIn = (text: string, lang: Lang): string => (lang !== 'en' && catalog ? catalog.showText(text, lang) : text)
