/**
 * The control plane's chain in the side panel: what the what-if form asks for, as the change
 * kubectl would send; the chain's rows (step, who → whom, what, the `kubectl get events` row it
 * left); and, for the selected step, why, the API server's answer, the event, and what changed on
 * the nodes — each view's lines added and removed, and the chains kube-proxy's partial sync wrote.
 */
import { refText } from '../../engine/controlplane/chain.js'
import { renderMessage as renderMsg } from '../../i18n/render.js'
import { changeFromWhatIf } from '../../engine/controlplane/fromWhatIf.js'
import type { Actor, ChainResult, ChainStep } from '../../engine/controlplane/types.js'
import type { PacketLook } from '../../render/scene/traceOverlay.js'
import { el } from '../dom.js'
import { applyFilter } from './eventList.js'
import { currentLang, t } from '../i18n.js'

/** The what-if form as a change kubectl sends, or null when it is not one (flip eTP edits a field). */
export const changeFromForm = changeFromWhatIf

const who = (a: Actor): string => (a.node ? `${a.component} (${a.node})` : a.component)

export function stepWhere(s: ChainStep): string {
  return `${who(s.from)} → ${who(s.to)}`
}

export function stepWhat(s: ChainStep): string {
  const watch = s.watchEvent ? `watch ${s.watchEvent}` : s.verb
  const status = s.status ? ` ${s.status.code} ${s.status.reason}` : ''
  return `${watch} ${s.object.kind} ${refText(s.object)}${status}`
}

export function stepLook(s: ChainStep): PacketLook {
  return { reply: s.phase === 'watch', dropped: s.phase === 'reject', vxlan: false, changed: s.dataplane !== null, hollow: s.phase === 'watch' }
}

const PHASE_LABEL = { watch: 'cpPhaseWatch', reconcile: 'cpPhaseReconcile', write: 'cpPhaseWrite', act: 'cpPhaseAct', reject: 'cpPhaseReject' } as const

/** The chain's rows, and the filter offering the reconcile-loop phases the chain has. */
export function renderChainEvents(list: HTMLElement, filter: HTMLSelectElement, r: ChainResult, select: (i: number) => void): void {
  const phases = (Object.keys(PHASE_LABEL) as (keyof typeof PHASE_LABEL)[]).filter((p) => r.steps.some((s) => s.phase === p))
  const keep = filter.value
  filter.replaceChildren(Object.assign(el('option', t('evAll')), { value: '' }), ...phases.map((p) => Object.assign(el('option', t(PHASE_LABEL[p])), { value: p })))
  filter.value = phases.includes(keep as keyof typeof PHASE_LABEL) ? keep : ''
  list.replaceChildren()
  r.steps.forEach((s, i) => {
    const li = el('li', '', `event chain phase-${s.phase}${s.phase === 'reject' ? ' drop' : ''}`)
    li.dataset['step'] = String(i)
    li.dataset['type'] = s.phase
    const ev = s.event ? `${s.event.reason}: ${renderMsg(s.event.message, currentLang())}` : stepWhat(s)
    li.append(el('span', String(s.step), 'ev-n'), el('span', stepWhere(s), 'ev-at'), el('span', s.watchEvent ? 'watch' : s.verb, `ev-type ty-${s.phase}`), el('span', ev, 'ev-sum'))
    li.addEventListener('click', () => select(i))
    list.appendChild(li)
  })
  applyFilter(list, filter.value)
}

export function renderChainDetail(detail: HTMLElement, s: ChainStep): void {
  detail.replaceChildren()
  detail.appendChild(el('div', stepWhat(s), 'walk-head'))
  detail.appendChild(el('div', `${t('explanation')}: ${renderMsg(s.why, currentLang())}`, 'why'))
  if (s.event) {
    detail.appendChild(el('pre', `TYPE     REASON            OBJECT                          MESSAGE\n${s.event.type.padEnd(8)} ${s.event.reason.padEnd(17)} ${`${s.event.object.kind.toLowerCase()}/${s.event.object.name}`.padEnd(31)} ${renderMsg(s.event.message, currentLang())}`))
  }
  const d = s.dataplane
  if (!d) return
  for (const e of d.endpoints) detail.appendChild(el('div', `${e.service}: ${[...e.added.map((x) => `+${x}`), ...e.removed.map((x) => `−${x}`)].join(' ')}`, 'walk-stat'))
  if (d.partialSync) {
    const p = d.partialSync
    detail.appendChild(el('div', `kube-proxy (KEP-3453): ${t('cpWritten')} ${p.written.length}, ${t('cpDeleted')} ${p.deleted.length}, ${t('cpUntouched')} ${p.untouched}`, 'walk-jump'))
  }
  for (const v of d.diffs) {
    const lines = [...v.removed.map((l) => `- ${l}`), ...v.added.map((l) => `+ ${l}`)]
    if (!lines.length) continue
    detail.appendChild(el('div', `node/${v.node} ${v.view}`, 'walk-title'))
    const pre = el('pre', '', 'diff')
    for (const l of lines) pre.appendChild(el('div', l, l.startsWith('+') ? 'add' : 'del'))
    detail.appendChild(pre)
  }
  if (d.dns) {
    const lines = [...d.dns.removed.map((l) => `- ${l}`), ...d.dns.added.map((l) => `+ ${l}`)]
    if (lines.length) detail.appendChild(el('pre', lines.join('\n')))
  }
}
