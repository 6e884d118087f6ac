/**
 * The page's language: interface text (src/i18n/ui.ts) and the engine's messages (src/i18n)
 * in English or Korean; the choice is remembered in localStorage.
 */
import type { Message } from '../engine/messages/catalog.js'
import type { Decision } from '../engine/trace/types.js'
import { decisionText, renderMessage, type Lang } from '../i18n/render.js'
import { UI_EN, UI_KO, type UiKey } from '../i18n/ui.js'

export type { Lang }
export type Key = UiKey
const DICTS: Record<Lang, Record<Key, string>> = { en: UI_EN, ko: UI_KO }
const STORE = 'kube-netlab.lang'

let lang: Lang = ((): Lang => {
  try { return localStorage.getItem(STORE) === 'ko' ? 'ko' : 'en' } catch { return 'en' }
})()

export const currentLang = (): Lang => lang

export function setLang(l: Lang): void {
  lang = l
  try { localStorage.setItem(STORE, l) } catch { /* private mode: not remembered */ }
  document.documentElement.lang = l
}

export function t(key: Key): string {
  return DICTS[lang][key]
}

/** Interface text with `{name}` parameters filled in. */
export function tf(key: Key, params: Record<string, string | number>): string {
  return t(key).replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m))
}

/** An engine message (explanation, summary, error) in the page's language. */
export function msgText(m: Message): string {
  return renderMessage(m, lang)
}

/** What decided a hop, in the page's language when it is prose. */
export function decisionLine(d: Decision): string {
  return decisionText(d, lang)
}

/** Sets the text of every element carrying data-i18n="key". */
export function translatePage(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset['i18n'] as Key)
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = t(el.dataset['i18nTitle'] as Key)
  for (const el of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) el.placeholder = t(el.dataset['i18nPlaceholder'] as Key)
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset['i18nLabel'] as Key))
}
