/**
 * "Decided by", as one walk: the rules the packet went through at this hop, in order — each
 * with its table, chain and rule number, the whole rule wrapped (never clipped), the jump to the
 * next chain shown between them, and for kube-proxy's `statistic` rules the probability and
 * which endpoint the draw picked. Routes, FDB entries, conntrack entries, DNS records and policy
 * decisions are listed the same way. "Open in …" shows the whole tool output with the line lit.
 */
import type { Choice, Decision } from '../../engine/trace/types.js'
import { el } from '../dom.js'
import type { RuleContext } from '../worker/labCore.js'
import { decisionLine, t, tf } from '../i18n.js'

/**
 * Where a decision's line sits in its `show` view and the lines around it. The views are
 * printed by the model worker (a big node's `iptables-save` never reaches the page whole);
 * null while it has not answered, or when the decision names no line.
 */
export type RuleLookup = (d: Decision) => RuleContext | null

/** Lines shown above and below a rule under "Open in …". */
export const CONTEXT_LINES = 25

function wholeView(d: Decision, c: RuleContext): HTMLElement {
  const box = el('div', '', 'context')
  const to = c.from + c.lines.length
  let target: HTMLElement | null = null
  if (c.from > 0) box.appendChild(el('div', `… ${c.from}`, 'title'))
  c.lines.forEach((line, k) => {
    const i = c.from + k
    const row = el('div', line || ' ', i + 1 === d.line ? 'hl' : '')
    if (i + 1 === d.line) { target = row; row.dataset['line'] = String(d.line) }
    box.appendChild(row)
  })
  if (to < c.total - 1) box.appendChild(el('div', `… ${c.total - 1 - to}`, 'title'))
  queueMicrotask(() => { const row = target as HTMLElement | null; if (row) box.scrollTop = row.offsetTop - box.clientHeight / 2 })
  return box
}

export function ruleWalk(decisions: readonly Decision[], choices: readonly Choice[], lookup: RuleLookup): HTMLElement {
  const box = el('div', '', 'walk')
  box.appendChild(el('div', t('walkTitle'), 'walk-title'))
  const list = el('ol', '', 'walk-list')
  box.appendChild(list)
  decisions.forEach((d, i) => {
    const li = el('li', '', `walk-${d.what}`)
    const ctx = d.view && d.line ? lookup(d) : null
    const at = d.what === 'iptables' ? ctx?.at ?? null : null
    const head = at ? `${at.table} · ${at.chain} · ${t('walkRule')} ${at.n}` : `${d.what}${d.view ? ` · ${d.view}` : ''}${d.line ? `:${d.line}` : ''}`
    li.appendChild(el('div', head, 'walk-head'))
    li.appendChild(el('div', decisionLine(d), 'walk-rule hl'))
    // kube-proxy's statistic rules: the probability of this branch and what the draw picked.
    const svc = at?.chain.startsWith('KUBE-SVC-') || at?.chain.startsWith('KUBE-EXT-') ? choices.find((c) => c.at.endsWith(at.chain)) : undefined
    if (svc) {
      const next = decisions[i + 1]
      const branch = svc.alternatives.find((a) => next && decisionLine(next).startsWith(`-A ${a.chain} `)) ?? svc.alternatives.find((a) => a.label === svc.picked)
      if (branch) li.appendChild(el('div', `${tf('walkStatistic', { p: branch.probability.toFixed(4).replace(/0+$/, '').replace(/\.$/, '') })} ${branch.label} (${tf('endpointsN', { n: svc.alternatives.length })})`, 'walk-stat'))
    }
    const jump = decisionLine(d).match(/ -j (\S+)/)?.[1]
    const next = decisions[i + 1]
    if (jump && next && decisionLine(next).startsWith(`-A ${jump} `)) li.appendChild(el('div', `↳ ${t('walkJump')} ${jump}`, 'walk-jump'))
    if (ctx && d.line) {
      const more = el('details', '', 'walk-open')
      const summary = el('summary', `${t('walkOpen')} ${d.view}:${d.line}`)
      more.appendChild(summary)
      more.addEventListener('toggle', () => { if (more.open && more.childElementCount === 1) more.appendChild(wholeView(d, ctx)) }, { once: false })
      li.appendChild(more)
    }
    list.appendChild(li)
  })
  return box
}
