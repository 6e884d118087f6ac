/**
 * The result line, in the page's language: the outcome and the engine's summary; after a
 * what-if, the result before it beside the result after it; and, where a NetworkPolicy would
 * deny a connection that the CNI does not enforce, a sentence that says so.
 */
import type { TraceOutcome } from '../../engine/trace/trace.js'
import type { Trace } from '../../engine/trace/types.js'
import { $, el } from '../dom.js'
import { msgText, t, tf } from '../i18n.js'

export function resultLine(tr: Trace): string {
  const unenforced = [...tr.hops, ...(tr.ingress?.upstream?.hops ?? [])].find((h) => h.explanation.code === 'hop.policy.unenforced')
  const note = unenforced ? ` ${tf('policyUnenforced', { plugin: String(unenforced.explanation.params['plugin'] ?? 'flannel') })}` : ''
  // The lab's own assumptions (a port no container declares, IPv6 not simulated) are said too.
  const notes = (tr.notes ?? []).map((n) => ` ${msgText(n)}`).join('')
  return `${t('result')}: ${tr.result.toUpperCase()} — ${msgText(tr.summary)}${note}${notes}`
}

/** One outcome in a few words: `DELIVERED to default/web-… · server sees 10.244.0.5`. */
export function shortOutcome(o: TraceOutcome): string {
  if (!o.ok) return msgText(o.error)
  const tr = o.trace
  const to = tr.deliveredTo ? tf('deliveredTo', { to: tr.deliveredTo.pod ?? tr.deliveredTo.node ?? tr.deliveredTo.ip }) : ''
  const sees = tr.serverSees ? tf('serverSeesIp', { ip: tr.serverSees.ip }) : ''
  return [tr.result.toUpperCase(), to, sees].filter(Boolean).join(' · ') + (tr.result === 'delivered' ? '' : ` — ${msgText(tr.summary)}`)
}

export function renderResult(o: TraceOutcome | null, before: TraceOutcome | null): void {
  const result = $('result')
  const compare = $('compare')
  compare.replaceChildren()
  compare.hidden = !before || !o
  if (!o) {
    result.dataset['result'] = ''
    result.textContent = t('noTrace')
    return
  }
  if (!o.ok) {
    result.dataset['result'] = 'error'
    result.textContent = `${msgText(o.error)}${o.hint ? ` — ${msgText(o.hint)}` : ''}`
  } else {
    result.dataset['result'] = o.trace.result
    document.body.dataset['traceResult'] = o.trace.result
    result.textContent = resultLine(o.trace)
  }
  if (before) {
    compare.append(el('div', `${t('beforeWhatIf')}: ${shortOutcome(before)}`, 'cmp-before'), el('div', `${t('afterWhatIf')}: ${shortOutcome(o)}`, 'cmp-after'))
  }
}
