/**
 * The trace builder's choices from the model: sources (a `<select>`), targets and endpoints
 * (completions of the two text fields). A big cluster's lists are searched, not listed: each
 * control holds at most LIST_MAX entries — those matching what was typed (the source filter
 * beside the select appears when there are more sources than that) — see choiceScan.ts.
 */
import { sameList } from '../model/sameList.js'
import { formatIpv4 } from '../model/addr/ipv4Math.js'
import type { Model, ModelService } from '../model/model.js'
import { LIST_MAX, findChoices, matchesWords, queryWords, scanChoices } from './choiceScan.js'
import { $, el } from './dom.js'
import { tf } from './i18n.js'

let model: Model | null = null
/**
 * The sources of the models shown (one list per model). No per-pod memo: a WeakMap entry for each
 * of 33,000 pods cost more to make, and to trace in every garbage collection, than the strings.
 */
const sourceLists = new WeakMap<Model, readonly string[]>()

/** The model whose sources were listed last: a what-if that kept its pods and the names of its nodes and clients (a cordon) keeps its list. */
let listedFor: Model | null = null


/** Every source of a trace: pods (and their containers), nodes, external clients. */
function sourcesOf(m: Model): readonly string[] {
  let out = sourceLists.get(m) as string[] | undefined
  if (out) return out
  const last = listedFor && sourceLists.get(listedFor)
  const names = (xs: readonly { name: string }[]): string => xs.map((x) => x.name).join('\n')
  if (last && sameList(listedFor!.pods, m.pods) && names(listedFor!.nodes) === names(m.nodes) && names(listedFor!.cluster.externalClients) === names(m.cluster.externalClients)) {
    sourceLists.set(m, last)
    listedFor = m
    return last
  }
  listedFor = m
  out = []
  for (const p of m.pods) {
    if (p.ip === null || p.hostNetwork) continue
    out.push(`pod/${p.namespace}/${p.name}`)
    if (p.template.containers.length > 1) for (const c of p.template.containers) out.push(`pod/${p.namespace}/${p.name}/${c.name}`)
  }
  for (const n of m.nodes) out.push(`node/${n.name}`)
  for (const e of m.cluster.externalClients) out.push(`external/${e.name}`)
  sourceLists.set(m, out)
  return out
}

/** Every target: Services by name, ClusterIP, NodePorts and load-balancer addresses, then pods' ports. */
function* targetsOf(m: Model): Generator<string> {
  for (const s of m.services) yield* serviceTargetsOf(m, s)
  for (const p of m.pods) {
    if (p.ip === null || p.hostNetwork) continue
    for (const c of p.template.containers) for (const cp of c.ports) yield `${formatIpv4(p.ip)}:${cp.containerPort}`
  }
}

function* endpointsOf(m: Model): Generator<string> {
  for (const p of m.pods) {
    if (p.ip === null || p.hostNetwork) continue
    yield p.name
    yield formatIpv4(p.ip)
  }
}

/** The values a control's options were last given (to leave an unchanged list alone). */
const shownIn = new WeakMap<HTMLElement, string>()

function setOptions(parent: HTMLElement, options: readonly HTMLOptionElement[], key: string): void {
  if (shownIn.get(parent) === key) return
  shownIn.set(parent, key)
  parent.replaceChildren(...options)
}

const option = (v: string, text = v): HTMLOptionElement => Object.assign(el('option', text), { value: v })

/**
 * Fills the source list from the model and the filter. The selected source stays selected —
 * listed first when the filter hides it, marked ✖ when it no longer exists (its pod was
 * deleted), never swapped silently. `typed`: the filter was just edited, so a selection it hides
 * gives way to the first match (as a combobox does).
 */
function fillSources(typed = false): void {
  if (!model) return
  const from = $<HTMLSelectElement>('from')
  const filter = $<HTMLInputElement>('from-filter')
  const all = sourcesOf(model)
  // The same list and filter find the same (a what-if that kept every source: 33,000 matched again for nothing).
  if (found?.all !== all || found.query !== filter.value) found = { all, query: filter.value, ...findChoices(all, filter.value) }
  const { shown, total } = found
  let keep = from.value
  if (typed && shown.length && !matchesWords(keep, queryWords(filter.value))) keep = shown[0]!
  const exists = keep !== '' && (shown.includes(keep) || all.includes(keep))
  const lead = keep === '' || shown.includes(keep) ? null : option(keep, exists ? keep : `${keep} ✖`)
  if (lead && !exists) lead.dataset['gone'] = '1'
  setOptions(from, [...(lead ? [lead] : []), ...shown.map((v) => option(v))], `${lead ? `${lead.textContent}\n` : ''}${shown.join('\n')}`)
  if (keep !== '') from.value = keep
  filter.hidden = all.length <= LIST_MAX && filter.value === ''
  const more = $('from-more')
  more.hidden = total <= shown.length
  more.textContent = more.hidden ? '' : tf('listMore', { shown: shown.length, total })
}

/** The last search of the sources. */
let found: { all: readonly string[]; query: string; shown: readonly string[]; total: number } | null = null

const cancels = new Map<string, () => void>()

/** Fills a field's completions with the entries matching what it holds, searched a slice per task. */
function fillCompletions(field: 'to' | 'pick'): void {
  if (!model) return
  const list = $(field === 'to' ? 'targets' : 'endpoints')
  cancels.get(field)?.()
  completedFor.set(field, model)
  const items = field === 'to' ? targetsOf(model) : endpointsOf(model)
  cancels.set(field, scanChoices(items, $<HTMLInputElement>(field).value, LIST_MAX, ({ shown }) => {
    cancels.delete(field)
    setOptions(list, shown.map((v) => Object.assign(el('option'), { value: v })), shown.join('\n'))
  }))
}

/** The model each field's completions were last searched for (they are searched when the field is used). */
const completedFor = new Map<'to' | 'pick', Model>()

/**
 * The trace builder's choices for a new model. `later` runs the listing (a big cluster's result
 * is on the page first, see afterResult.ts); the model is the one the fields search from now.
 */
export function fillTraceChoices(m: Model, later: (job: () => void) => void = (job) => job()): void {
  model = m
  later(() => fillChoices(m))
}

function fillChoices(m: Model): void {
  if (model !== m) return // a newer model is listed by its own job
  fillSources()
  // Searching 150,000 completions after every what-if is work nobody sees: a field's list is
  // searched when it is focused or typed in (a browser shows a datalist only then). A field
  // focused now is searched at its next key (a big cluster's what-if used to search it at once).
  for (const field of ['to', 'pick'] as const) if (document.activeElement === $(field) && (m.pods.length <= LIST_MAX || completedFor.get(field) === undefined)) fillCompletions(field)
}

/**
 * Selects a source by value (a link's, a lesson's or a ready-made case's), listing it first when
 * the filter hides it; a value that is no source leaves the list unselected, as a select does.
 */
export function selectSource(value: string): void {
  const from = $<HTMLSelectElement>('from')
  from.value = value
  if (from.value === value || !model || !sourcesOf(model).includes(value)) return
  from.prepend(option(value))
  shownIn.delete(from)
  from.value = value
}

/** The source filter and the completions follow what is typed. */
export function attachTraceChoices(): void {
  $('from-filter').addEventListener('input', () => fillSources(true))
  for (const field of ['to', 'pick'] as const) {
    $(field).addEventListener('input', () => fillCompletions(field))
    $(field).addEventListener('focus', () => { if (completedFor.get(field) !== model) fillCompletions(field) })
  }
}

/** What a trace can aim at through one Service: its name, ClusterIP, NodePorts, LoadBalancer addresses. */
function serviceTargetsOf(model: Model, s: ModelService): string[] {
  const targets: string[] = []
  for (const p of s.ports) {
    targets.push(`${s.name}.${s.namespace}:${p.spec.port}`)
    if (typeof s.clusterIP === 'number') targets.push(`${formatIpv4(s.clusterIP)}:${p.spec.port}`)
    if (p.nodePort) for (const n of model.nodes) targets.push(`${formatIpv4(n.ip)}:${p.nodePort}`)
    for (const lb of s.obj.loadBalancerIngress) targets.push(`${lb.ip}:${p.spec.port}`)
    if (s.addon === 'ingress-controller' && p.nodePort && p.spec.port === 80) for (const n of model.nodes) targets.push(`http://${formatIpv4(n.ip)}:${p.nodePort}/`)
    if (s.addon === 'gateway-proxy') for (const lb of s.obj.loadBalancerIngress) targets.push(`http://${lb.ip}${p.spec.port === 80 ? '' : `:${p.spec.port}`}/`)
  }
  return targets
}
