/** The trace builder's choices from the model: sources, targets (with completions), endpoints. */
import { formatIpv4 } from '../model/addr/ipv4.js'
import type { Model, ModelPod, ModelService } from '../model/model.js'
import { $, el } from './dom.js'

/**
 * Milliseconds of adding options per task. A 1,000-node cluster has ~33,000 sources and
 * ~50,000 completions: added at once they are a long task on the page; a few milliseconds'
 * worth at a time (a count per task was 200 ms on a busy machine), they are not.
 */
const SLICE_MS = 8
let filling = 0

/** What each list holds: the values of its last fill, and how far that fill got (it may have been cut short by a newer one). */
const shown = new WeakMap<HTMLElement, { readonly items: readonly string[]; i: number; readonly end: number }>()

/**
 * Makes `parent`'s children the options for `items`, a few milliseconds per task (the first
 * slice now), unless a newer fill started. Only the span where the old and new values differ is
 * replaced: after a what-if that adds three pods, three options are added, not 33,000 again.
 */
function fillInChunks(parent: HTMLElement, items: readonly string[], make: (v: string) => HTMLElement, token: number, done?: () => void): void {
  const last = shown.get(parent)
  // The values in the list now: a fill cut short put in its first `i` and kept its last ones.
  const before = last ? (last.i >= last.end ? last.items : [...last.items.slice(0, last.i), ...last.items.slice(last.end)]) : null
  let from = 0, tail = 0
  if (before && parent.children.length === before.length) {
    const n = Math.min(before.length, items.length)
    while (from < n && before[from] === items[from]) from++
    while (tail < n - from && before[before.length - 1 - tail] === items[items.length - 1 - tail]) tail++
    for (let k = before.length - tail - 1; k >= from; k--) parent.children[k]!.remove()
  } else parent.replaceChildren()
  const end = items.length - tail
  const state = { items, i: from, end }
  shown.set(parent, state)
  const step = (): void => {
    if (token !== filling) return
    const until = performance.now() + SLICE_MS
    // The source list may have the page's own options in front (a kept or a deleted source).
    let lead = 0
    while ((parent.children[lead] as HTMLElement | undefined)?.matches('[data-early], [data-gone]')) lead++
    const at = parent.children[lead + state.i] ?? null
    const frag = document.createDocumentFragment()
    while (state.i < end) {
      frag.appendChild(make(items[state.i++]!))
      if ((state.i & 63) === 0 && performance.now() > until) break
    }
    parent.insertBefore(frag, at)
    if (state.i < end) setTimeout(step, 0)
    else done?.()
  }
  step()
}

/** Each object's entries, kept while the object is (a what-if keeps all but a few). */
const podSources = new WeakMap<ModelPod, readonly string[]>()
const podTargets = new WeakMap<ModelPod, readonly string[]>()
const podEndpoints = new WeakMap<ModelPod, readonly string[]>()
const serviceTargets = new WeakMap<ModelService, { readonly nodes: Model['nodes']; readonly list: readonly string[] }>()
const memo = <K extends object, V>(m: WeakMap<K, V>, k: K, make: () => V): V => {
  let v = m.get(k)
  if (v === undefined) { v = make(); m.set(k, v) }
  return v
}

export function fillTraceChoices(model: Model): void {
  const token = ++filling
  const from = $<HTMLSelectElement>('from')
  const keep = from.value
  const sources = [
    ...model.pods.filter((p) => p.ip !== null && !p.hostNetwork).flatMap((p) => memo(podSources, p, () => [`pod/${p.namespace}/${p.name}`, ...(p.template.containers.length > 1 ? p.template.containers.map((c) => `pod/${p.namespace}/${p.name}/${c.name}`) : [])])),
    ...model.nodes.map((n) => `node/${n.name}`),
    ...model.cluster.externalClients.map((e) => `external/${e.name}`),
  ]
  // Options the page added around the list (below) go before the list is compared with the one before.
  for (const o of from.querySelectorAll('option[data-early], option[data-gone]')) o.remove()
  // A source that no longer exists (its pod was deleted) stays selected, marked, never swapped silently.
  const kept = keep !== '' && sources.includes(keep)
  const option = (v: string): HTMLElement => Object.assign(el('option', v), { value: v })
  fillInChunks(from, sources, option, token, () => {
    if (!kept) return
    from.querySelector('option[data-early]')?.remove()
    from.value = keep
  })
  if (keep && !kept) {
    const gone = Object.assign(el('option', `${keep} ✖`), { value: keep })
    gone.dataset['gone'] = '1'
    from.prepend(gone)
  }
  if (keep) {
    // Selected at once, even before its chunk is added (that option goes when the chunk comes).
    if (kept && from.value !== keep) {
      const early = option(keep)
      early.dataset['early'] = '1'
      from.prepend(early)
    }
    from.value = keep
  }
  // The completions are gathered in tasks of their own: with the sources, at 1,000 nodes they
  // were a 200 ms task on the page.
  const value = (v: string): HTMLElement => Object.assign(el('option'), { value: v })
  setTimeout(() => {
    if (token !== filling) return
    const targets: string[] = []
    for (const s of model.services) {
      let t = serviceTargets.get(s)
      if (!t || (t.nodes !== model.nodes && s.ports.some((p) => p.nodePort !== null))) { t = { nodes: model.nodes, list: serviceTargetsOf(model, s) }; serviceTargets.set(s, t) }
      for (const x of t.list) targets.push(x)
    }
    for (const p of model.pods) {
      if (p.ip === null || p.hostNetwork) continue
      for (const x of memo(podTargets, p, () => p.template.containers.flatMap((c) => c.ports.map((cp) => `${formatIpv4(p.ip!)}:${cp.containerPort}`)))) targets.push(x)
    }
    fillInChunks($('targets'), [...new Set(targets)], value, token)
    setTimeout(() => {
      if (token !== filling) return
      fillInChunks($('endpoints'), model.pods.filter((p) => p.ip !== null && !p.hostNetwork).flatMap((p) => memo(podEndpoints, p, () => [p.name, formatIpv4(p.ip!)])), value, token)
    }, 0)
  }, 0)
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
