/**
 * Renders the engine's messages (src/engine/messages/catalog.ts) in English or Korean. Pure:
 * the CLI and the browser both import it.
 */
import { isMessage, type Message } from '../engine/messages/catalog.js'
import type { Decision } from '../engine/trace/types.js'
import { EN } from './en.js'
import { KO } from './ko.js'

export type Lang = 'en' | 'ko'
export const LANGS: readonly Lang[] = ['en', 'ko']

const CATALOGS = { en: EN, ko: KO } as const

/** The template of a code in a language (English when a language lacks it). */
export function template(code: Message['code'], lang: Lang): string {
  return CATALOGS[lang][code] ?? EN[code]
}

/** The message as text: each {param} replaced, nested messages rendered in the same language. */
export function renderMessage(m: Message, lang: Lang = 'en'): string {
  return template(m.code, lang).replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = m.params[key]
    if (v === undefined) return whole
    return typeof v === 'object' ? renderMessage(v, lang) : String(v)
  })
}

/** What decided a hop as text: the tool's line, or the rendered message for prose decisions. */
export function decisionText(d: Decision, lang: Lang = 'en'): string {
  return d.message ? renderMessage(d.message, lang) : d.text
}

/**
 * A copy of any engine result (a Trace, a dig result) for JSON output: every message becomes
 * `{ code, params, text }` with the text rendered, and a prose decision's empty `text` is filled.
 */
export function withRenderedText(v: unknown, lang: Lang = 'en'): unknown {
  if (Array.isArray(v)) return v.map((x) => withRenderedText(x, lang))
  if (isMessage(v)) return { code: v.code, params: withRenderedText(v.params, lang), text: renderMessage(v, lang) }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) out[k] = withRenderedText(x, lang)
    const m = (v as { message?: unknown }).message
    if (isMessage(m) && (v as { text?: unknown }).text === '') out['text'] = renderMessage(m, lang)
    return out
  }
  return v
}
