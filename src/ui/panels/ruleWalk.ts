/**
 * "Decided by", as one walk: the rules the packet went through at this hop, in order — each
 * with its table, chain and rule number, the whole rule wrapped (never clipped), the jump to the
 * next chain shown between them, and for kube-proxy's `statistic` rules the probability and
 * which endpoint the draw picked. Routes, FDB entries, conntrack entries, DNS records and policy
 * decisions are listed the same way. "Open in …" shows the whole tool output with the line lit.
 */
import type { Choice, Decision } from '../../engine/trace/types.js'
import { el } from '../dom.js'
import { decisionLine, t, tf } from '../i18n.js'

export interface ViewText { readonly text: string }
export type ViewLookup = (view: string) => string | null

const CONTEXT_LINES = 25

/** Table and rule number of an `iptables-save` line: the last `*table` above it, and its place in its chain. */
/** The last few views split into lines: every step of a trace walks the same node's ruleset. */
const lineCache = new Map<string, string[]>()
function splitLines(text: string): string[] {
  let lines = lineCache.get(text)
  if (!lines) {
    lines = text.split('\n')
    if (lineCache.size >= 4) lineCache.delete(lineCache.keys().next().value!)
    lineCache.set(text, lines)
  }
  return lines
}

function ruleAt(text: string, line: number): { table: string; chain: string; n: number } | null {
  const lines = splitLines(text)
  const target = lines[line - 1]
  const m = target?.match(/^-A (\S+)/)
  if (!m) return null
  let table = '', n = 0
  for (let i = 0; i < line; i++) {
    const l = lines[i]!
    if (l.startsWith('*')) { table = l.slice(1); n = 0 }
    else if (l.startsWith(`-A ${m[1]} `)) n++
  }
  return { table, chain: m[1]!, n }
}

function wholeView(d: Decision, text: string): HTMLElement {
  const box = el('div', '', 'context')
  const lines = splitLines(text)
  const from = Math.max(0, d.line - 1 - CONTEXT_LINES)
  const to = Math.min(lines.length, d.line + CONTEXT_LINES)
  let target: HTMLElement | null = null
  if (from > 0) box.appendChild(el('div', `… ${from}`, 'title'))
  for (let i = from; i < to; i++) {
    const row = el('div', lines[i] || ' ', i + 1 === d.line ? 'hl' : '')
    if (i + 1 === d.line) { target = row; row.dataset['line'] = String(d.line) }
    box.appendChild(row)
  }
  if (to < lines.length - 1) box.appendChild(el('div', `… ${lines.length - 1 - to}`, 'title'))
  queueMicrotask(() => { const row = target as HTMLElement | null; if (row) box.scrollTop = row.offsetTop - box.clientHeight / 2 })
  return box
}

export function ruleWalk(decisions: readonly Decision[], choices: readonly Choice[], lookup: ViewLookup): HTMLElement {
  const box = el('div', '', 'walk')
  box.appendChild(el('div', t('walkTitle'), 'walk-title'))
  const list = el('ol', '', 'walk-list')
  box.appendChild(list)
  decisions.forEach((d, i) => {
    const li = el('li', '', `walk-${d.what}`)
    const text = d.view ? lookup(d.view) : null
    const at = d.what === 'iptables' && text && d.line ? ruleAt(text, d.line) : null
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
    if (text && d.line) {
      const more = el('details', '', 'walk-open')
      const summary = el('summary', `${t('walkOpen')} ${d.view}:${d.line}`)
      more.appendChild(summary)
      more.addEventListener('toggle', () => { if (more.open && more.childElementCount === 1) more.appendChild(wholeView(d, text)) }, { once: false })
      li.appendChild(more)
    }
    list.appendChild(li)
  })
  return box
}
