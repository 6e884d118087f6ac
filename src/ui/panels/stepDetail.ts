/**
 * The detail of the selected step: the packet layer by layer before and after, why (the
 * engine's explanation in the page's language), and what decided it as one walk of rules.
 */
import type { Choice } from '../../engine/trace/types.js'
import type { Step } from '../../render/tracePath.js'
import { el } from '../dom.js'
import { msgText, t } from '../i18n.js'
import { pduTable } from './pduView.js'
import { ruleWalk, type RuleLookup } from './ruleWalk.js'

/** The same hop in another trace of the same connection (kube-proxy's other mode): same place, hook, phase and occurrence. */
export function matchingHop(steps: readonly Step[], index: number, other: readonly Step[]): Extract<Step, { kind: 'hop' }> | null {
  const s = steps[index]
  if (s?.kind !== 'hop' || !s.hop.netfilter) return null
  const key = (x: Step): string => (x.kind === 'hop' && x.hop.netfilter ? `${x.phase}|${JSON.stringify(x.hop.place)}|${x.hop.netfilter.hook}` : '')
  const k = key(s)
  const nth = steps.slice(0, index).filter((x) => key(x) === k).length
  const found = other.filter((x) => key(x) === k)[nth]
  return found?.kind === 'hop' ? found : null
}

/** Another trace's walk at the same hook (kube-proxy's mode before a switch), with its own rule lookup. */
export interface CompareWalk { readonly title: string; readonly hop: Extract<Step, { kind: 'hop' }>; readonly lookup: RuleLookup; readonly choices: readonly Choice[] }

/** The rules' places come from `lookup` (the model worker's views of the trace's model). */
export function renderStepDetail(detail: HTMLElement, s: Step, lookup: RuleLookup, choices: readonly Choice[], compare?: CompareWalk | null): void {
  detail.replaceChildren()
  if (s.kind === 'dns') {
    detail.appendChild(el('div', `${s.query.type} ${s.query.name} → ${s.query.rcode} (${msgText(s.query.answeredBy)})`, 'why'))
    detail.appendChild(el('pre', [...s.query.answers, ...s.query.authority].join('\n') || t('noRecords')))
    return
  }
  const h = s.hop
  detail.appendChild(pduTable(h.before, h.after))
  detail.appendChild(el('div', `${t('explanation')}: ${msgText(h.explanation)}`, 'why'))
  if (h.decidedBy.length) {
    detail.appendChild(el('div', `${t('decidedBy')}:`, 'why'))
    detail.appendChild(ruleWalk(h.decidedBy, choices, lookup))
  }
  // After switching kube-proxy's mode, the same hook's walk in the other mode, beside this one.
  if (compare && compare.hop.hop.decidedBy.length) {
    detail.appendChild(el('div', compare.title, 'why compare-title'))
    detail.appendChild(ruleWalk(compare.hop.hop.decidedBy, compare.choices, compare.lookup))
  }
}
