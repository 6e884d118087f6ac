/**
 * The loader's diagnostics and hints (and the `show` views' errors) in English and Korean. The loader (src/model/load,
 * src/model/derive, src/model/gateway) writes English text; this catalog gives each known message a code and
 * recovers its parameters from the text by matching the English template, so a shell can print
 * it in Korean, and `--json` can carry the code and parameters beside the text. Composed texts
 * (the inferred cluster's list of settings, an API server reason, a Gateway condition message)
 * translate their parts through sub-tables, and a text with an unknown part is not recognized.
 * A message not in the catalog (a new one) stays English. Kept in the rendering layer so the
 * loader's files need no change; when the loader emits codes itself, these tables become its
 * renderer. The tables are in src/i18n/diagnostics/, one file per part of the loader.
 */
import type { Diagnostic } from '../model/load/diagnostics.js'
import { DERIVE_HINTS, DERIVE_MESSAGES } from './diagnostics/derive.js'
import { GATEWAY_HINTS, GATEWAY_MESSAGES } from './diagnostics/gateway.js'
import { LOAD_HINTS, LOAD_MESSAGES } from './diagnostics/load.js'
import { COREFILE_PROBLEMS, SHOW_TEXTS } from './diagnostics/show.js'
import type { Entry, SubTable } from './diagnostics/types.js'
import { VALIDATE_HINTS, VALIDATE_MESSAGES } from './diagnostics/validate.js'
import type { Lang } from './render.js'

export type { Entry, SubTable } from './diagnostics/types.js'
export { SHOW_TEXTS }

/** More specific templates come before general ones: the first that matches wins. */
export const DIAGNOSTIC_MESSAGES: readonly Entry[] = [...VALIDATE_MESSAGES, ...LOAD_MESSAGES, ...DERIVE_MESSAGES, ...GATEWAY_MESSAGES, ...COREFILE_PROBLEMS]
export const DIAGNOSTIC_HINTS: readonly Entry[] = [...LOAD_HINTS, ...VALIDATE_HINTS, ...DERIVE_HINTS, ...GATEWAY_HINTS]

const SEVERITY: Record<Lang, Record<Diagnostic['severity'], string>> = {
  en: { error: 'error', warning: 'warning' },
  ko: { error: '오류', warning: '경고' },
}
const HINT_LABEL: Record<Lang, string> = { en: 'hint', ko: '힌트' }

export interface DiagnosticText {
  readonly code: string
  readonly params: Readonly<Record<string, string>>
}

type Token = { readonly lit: string } | { readonly param: string }

function tokenize(entry: Entry): Token[] {
  const tokens = entry.en.split(/(\{\w+\})/).filter((p) => p !== '').map((p): Token => {
    const m = /^\{(\w+)\}$/.exec(p)
    return m ? { param: m[1]! } : { lit: p }
  })
  // Two parameters side by side could split their text anywhere: a template needs text between them.
  tokens.forEach((t, i) => { if ('param' in t && tokens[i + 1] && 'param' in tokens[i + 1]!) throw new Error(`catalog template "${entry.en}" has adjacent parameters`) })
  return tokens
}

const TOKENS = new WeakMap<Entry, Token[]>()
const tokensOf = (e: Entry): Token[] => {
  let t = TOKENS.get(e)
  if (!t) TOKENS.set(e, (t = tokenize(e)))
  return t
}

interface Match { readonly entry: Entry; readonly params: Record<string, string> }

/**
 * The parameters of `text` read with the entry's template, or null when it does not fit. A
 * parameter takes the shortest text after which the rest still fits (as a lazy `(.*?)` would:
 * the loader writes an empty name as nothing, e.g. "backend Service  does not exist"),
 * and a parameter with a sub-table only text that table recognizes, part by part.
 */
function matchEntry(entry: Entry, text: string): Record<string, string> | null {
  const tokens = tokensOf(entry)
  const params: Record<string, string> = {}
  const fits = (name: string, value: string): boolean => {
    const sub = entry.sub?.[name]
    if (sub && renderSub(value, sub, 'en') === null) return false
    return params[name] === undefined || params[name] === value
  }
  const go = (i: number, pos: number): boolean => {
    const t = tokens[i]
    if (!t) return pos === text.length
    if ('lit' in t) return text.startsWith(t.lit, pos) && go(i + 1, pos + t.lit.length)
    const before = params[t.param]
    const next = tokens[i + 1] as { lit: string } | undefined
    const ends: number[] = []
    if (!next) ends.push(text.length)
    else for (let e = text.indexOf(next.lit, pos); e >= 0; e = text.indexOf(next.lit, e + 1)) ends.push(e)
    for (const end of ends) {
      const value = text.slice(pos, end)
      if (!fits(t.param, value)) continue
      params[t.param] = value
      if (go(i + 1, end)) return true
      if (before === undefined) delete params[t.param]
      else params[t.param] = before
    }
    return false
  }
  return go(0, 0) ? params : null
}

function recognize(text: string, entries: readonly Entry[]): Match | null {
  for (const entry of entries) {
    const params = matchEntry(entry, text)
    if (params) return { entry, params }
  }
  return null
}

/** The entry of `entries` (a table or a sub-table) that recognizes `text`, and its parameters (for tests and tools). */
export function catalogMatch(text: string, entries: readonly Entry[]): DiagnosticText | null {
  const m = recognize(text, entries)
  return m ? { code: m.entry.code, params: m.params } : null
}

/** The parts of a sub-table parameter, each recognized in the table, or null when a part is unknown. */
function matchSub(value: string, sub: SubTable): Match[] | null {
  if (sub.sep === undefined) {
    const m = recognize(value, sub.entries)
    return m ? [m] : null
  }
  const sep = sub.sep
  const pieces = value.split(sep)
  const out: Match[] = []
  // A part may itself hold the separator: try the shortest parts first, then longer ones.
  const go = (i: number): boolean => {
    if (i === pieces.length) return true
    for (let j = i + 1; j <= pieces.length; j++) {
      const m = recognize(pieces.slice(i, j).join(sep), sub.entries)
      if (!m) continue
      out.push(m)
      if (go(j)) return true
      out.pop()
    }
    return false
  }
  return go(0) ? out : null
}

/** A sub-table parameter in the language, or null when a part of it is unknown. */
function renderSub(value: string, sub: SubTable, lang: Lang): string | null {
  const parts = matchSub(value, sub)
  return parts ? parts.map((m) => render(m, lang)).join(lang === 'ko' ? sub.koSep ?? sub.sep ?? '' : sub.sep ?? '') : null
}

function render(m: Match, lang: Lang): string {
  return m.entry[lang].replace(/\{(\w+)\}/g, (w, k: string) => {
    const v = m.params[k]
    if (v === undefined) return w
    const sub = m.entry.sub?.[k]
    return sub ? renderSub(v, sub, lang) ?? v : v
  })
}

/** The codes of a match and of every part its sub-tables recognized, depth first. */
function codesOf(m: Match): string[] {
  return [m.entry.code, ...Object.entries(m.entry.sub ?? {}).flatMap(([k, sub]) => (matchSub(m.params[k] ?? '', sub) ?? []).flatMap(codesOf))]
}

/** Every catalog code a message (or hint) uses, its own first and then its parts' (for tests and tools); null when unknown. */
export function diagnosticCodes(text: string, kind: 'message' | 'hint' = 'message'): string[] | null {
  const r = recognize(text, kind === 'message' ? DIAGNOSTIC_MESSAGES : DIAGNOSTIC_HINTS)
  return r ? codesOf(r) : null
}

/** The code and parameters of a diagnostic's message (or hint), or null for one the catalog does not know. */
export function diagnosticCode(text: string, kind: 'message' | 'hint' = 'message'): DiagnosticText | null {
  const r = recognize(text, kind === 'message' ? DIAGNOSTIC_MESSAGES : DIAGNOSTIC_HINTS)
  return r ? { code: r.entry.code, params: r.params } : null
}

/** A diagnostic's message or hint in the language (English when the catalog does not know it). */
export function diagnosticText(text: string, lang: Lang, kind: 'message' | 'hint' = 'message'): string {
  if (lang === 'en') return text
  const r = recognize(text, kind === 'message' ? DIAGNOSTIC_MESSAGES : DIAGNOSTIC_HINTS)
  return r ? render(r, lang) : text
}

/** An error or hint of a `show` view in the language (English when the catalog does not know it). */
export function showText(text: string, lang: Lang): string {
  if (lang === 'en') return text
  const r = recognize(text, SHOW_TEXTS)
  return r ? render(r, lang) : text
}

/** `file:line:col: severity: message (Kind ns/name)` and the hint line, in the language. */
export function formatDiagnosticIn(d: Diagnostic, lang: Lang): string {
  const obj = d.object ? ` (${d.object})` : ''
  const hint = d.hint ? `\n  ${HINT_LABEL[lang]}: ${diagnosticText(d.hint, lang, 'hint')}` : ''
  return `${d.file}:${d.line}:${d.col}: ${SEVERITY[lang][d.severity]}: ${diagnosticText(d.message, lang)}${obj}${hint}`
}

/** A diagnostic for JSON: its fields plus the code and parameters of its message and hint, and the text in the language. */
export function diagnosticJson(d: Diagnostic, lang: Lang): Diagnostic & { code: string | null; params?: Record<string, string>; hintCode?: string | null; text: string } {
  const c = diagnosticCode(d.message)
  const h = d.hint ? diagnosticCode(d.hint, 'hint') : null
  return {
    ...d, code: c?.code ?? null, ...(c ? { params: { ...c.params } } : {}), ...(d.hint ? { hintCode: h?.code ?? null } : {}),
    text: formatDiagnosticIn(d, lang),
  }
}
