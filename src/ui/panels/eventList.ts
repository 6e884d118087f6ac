/**
 * The event list: one row per step (number, where, type, summary) under phase headings — the
 * DNS lookup, the connection's first packet, the ingress controller's own connection, the
 * replies — with a filter by type. Rows keep `data-step` so a click, the scrubber and the keys
 * all select the same step.
 */
import type { Step } from '../../render/tracePath.js'
import { el } from '../dom.js'
import { msgText, t } from '../i18n.js'
import { eventLabel, eventType, phaseKey, stepAt, stepSummary, type EventType } from './events.js'

export function renderEventList(list: HTMLElement, filter: HTMLSelectElement, steps: readonly Step[], proxy: 'ingress' | 'gateway' | null, select: (i: number) => void): void {
  list.replaceChildren()
  let phase = ''
  const types = new Set<EventType>()
  steps.forEach((s, i) => {
    const key = phaseKey(s, proxy)
    if (key !== phase) {
      phase = key
      const head = el('li', t(key), 'phase-head')
      head.setAttribute('role', 'presentation')
      list.appendChild(head)
    }
    const type = eventType(s)
    types.add(type)
    const dropped = type === 'drop'
    const li = el('li', '', `event phase-${s.phase === 'upstream-reply' ? 'reply' : s.phase}${dropped ? ' drop' : ''}`)
    li.dataset['step'] = String(i)
    li.dataset['type'] = type
    const server = s.kind === 'dns' ? msgText(s.query.server ?? s.query.answeredBy) : ''
    li.append(el('span', String(i + 1), 'ev-n'), el('span', stepAt(s, server), 'ev-at'), el('span', `${dropped ? '✖ ' : ''}${eventLabel(type)}`, `ev-type ty-${type}`), el('span', stepSummary(s), 'ev-sum'))
    li.addEventListener('click', () => select(i))
    list.appendChild(li)
  })
  // The filter offers the types this trace has.
  const keep = filter.value
  filter.replaceChildren(Object.assign(el('option', t('evAll')), { value: '' }), ...[...types].map((ty) => Object.assign(el('option', eventLabel(ty)), { value: ty })))
  filter.value = [...filter.options].some((o) => o.value === keep) ? keep : ''
  applyFilter(list, filter.value)
}

export function applyFilter(list: HTMLElement, type: string): void {
  for (const li of list.querySelectorAll<HTMLElement>('li.event')) li.hidden = type !== '' && li.dataset['type'] !== type
}
