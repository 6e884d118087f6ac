/**
 * For someone new: a three-line hint (what the stage shows, how to step, where the why is),
 * dismissed once and remembered, and the scenario's ready-made cases (`spec.cases`) as a "Try"
 * list of one-click traces.
 */
import type { Model } from '../../model/model.js'
import { $, el } from '../dom.js'
import { t } from '../i18n.js'

const DISMISSED = 'kube-netlab.hint-dismissed'

export function renderHint(): void {
  const box = $('first-visit')
  let dismissed = false
  try { dismissed = localStorage.getItem(DISMISSED) === 'yes' } catch { /* show it */ }
  box.hidden = dismissed
  if (dismissed) return
  box.replaceChildren(el('p', t('hint1')), el('p', t('hint2')), el('p', t('hint3')))
  const ok = el('button', t('hintDismiss'))
  ok.id = 'first-visit-ok'
  ok.addEventListener('click', () => {
    box.hidden = true
    try { localStorage.setItem(DISMISSED, 'yes') } catch { /* not remembered */ }
  })
  box.appendChild(ok)
}

export interface TryCase { readonly name: string; readonly from: string; readonly to: string; readonly pick: string | null }

export function renderTryList(model: Model, run: (c: TryCase) => void): void {
  const box = $('try')
  box.replaceChildren()
  const cases = model.cluster.cases
  box.hidden = cases.length === 0
  if (!cases.length) return
  box.appendChild(el('span', `${t('tryTitle')}:`, 'try-title'))
  for (const c of cases) {
    const b = el('button', c.name)
    b.title = `${c.from} → ${c.to}${c.pick ? ` (${c.pick})` : ''}`
    b.dataset['case'] = c.name
    b.addEventListener('click', () => run(c))
    box.appendChild(b)
  }
}
