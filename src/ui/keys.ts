/**
 * Keys step the trace whatever has focus — a button, a select, the stage — except while text is
 * being typed (text fields, the YAML editor). `?` lists the keys.
 */
import { $, el } from './dom.js'
import { t } from './i18n.js'

export interface KeyActions { toggle(): void; next(): void; prev(): void; start(): void; end(): void }

function typing(target: HTMLElement): boolean {
  if (target.closest('textarea, .cm-editor, [contenteditable="true"]')) return true
  const input = target.closest('input')
  return input !== null && !['range', 'button', 'checkbox', 'radio'].includes(input.type)
}

export function showKeys(): void {
  const box = $('keys-help')
  box.replaceChildren(el('h3', t('keysTitle')))
  const dl = el('dl')
  for (const [k, v] of [['Space', t('keysSpace')], ['← →', t('keysArrows')], ['Home End', t('keysHomeEnd')], ['F', t('keysF')], ['Enter', t('keysEnter')], ['?', t('keysHelp')]] as const) dl.append(el('dt', k), el('dd', v))
  const close = el('button', t('keysClose'))
  close.addEventListener('click', () => { box.hidden = true })
  box.append(dl, close)
  box.hidden = false
  close.focus()
}

export function attachKeys(a: KeyActions): void {
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement
    if (typing(target) || e.ctrlKey || e.metaKey || e.altKey) return
    const actions: Record<string, () => void> = {
      ' ': a.toggle, ArrowRight: a.next, ArrowLeft: a.prev, Home: a.start, End: a.end,
      '?': showKeys, Escape: () => { $('keys-help').hidden = true },
    }
    const f = actions[e.key]
    // A select would change its value on ←/→ and a focused button would be pressed by Space:
    // the keys drive the trace instead.
    if (f) { e.preventDefault(); f() }
  })
}
