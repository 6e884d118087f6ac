/**
 * The detail of the selected step: the packet layer by layer before and after, why (the
 * engine's explanation in the page's language), and what decided it as one walk of rules.
 */
import type { Choice } from '../../engine/trace/types.js'
import type { Model } from '../../model/model.js'
import { showNode, showPod } from '../../model/show/views.js'
import type { Step } from '../../render/tracePath.js'
import { el } from '../dom.js'
import { msgText, t } from '../i18n.js'
import { pduTable } from './pduView.js'
import { ruleWalk } from './ruleWalk.js'

const views = new WeakMap<Model, Map<string, string | null>>()

/**
 * The text of a `show` view named in a decision (`node/node1 iptables`, `pod/default/web-1
 * route`), kept per model: a big node's `iptables-save` is costly to print, and every step of
 * a trace asks for it again.
 */
export function viewText(model: Model, view: string): string | null {
  let cache = views.get(model)
  if (!cache) { cache = new Map(); views.set(model, cache) }
  if (cache.has(view)) return cache.get(view)!
  const text = printView(model, view)
  cache.set(view, text)
  return text
}

function printView(model: Model, view: string): string | null {
  const [ref, name] = view.split(' ')
  const parts = ref?.split('/') ?? []
  const r = parts[0] === 'node' && name ? showNode(model, parts[1]!, name) : parts[0] === 'pod' && name ? showPod(model, parts[1]!, parts[2]!, name) : null
  return r?.ok ? r.text : null
}

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

export function renderStepDetail(detail: HTMLElement, s: Step, model: Model | null, choices: readonly Choice[], compare?: { readonly title: string; readonly hop: Extract<Step, { kind: 'hop' }>; readonly model: Model | null; readonly choices: readonly Choice[] } | null): void {
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
    detail.appendChild(ruleWalk(h.decidedBy, choices, (view) => (model ? viewText(model, view) : null)))
  }
  // After switching kube-proxy's mode, the same hook's walk in the other mode, beside this one.
  if (compare && compare.hop.hop.decidedBy.length) {
    detail.appendChild(el('div', compare.title, 'why compare-title'))
    detail.appendChild(ruleWalk(compare.hop.hop.decidedBy, compare.choices, (view) => (compare.model ? viewText(compare.model, view) : null)))
  }
}
