/** The trace builder's choices from the model: sources, targets (with completions), endpoints. */
import { formatIpv4 } from '../model/addr/ipv4.js'
import type { Model } from '../model/model.js'
import { $, el } from './dom.js'

/**
 * Options added per task. A 1,000-node cluster has ~33,000 sources and ~50,000 completions:
 * added at once they are a long task on the page; a few thousand at a time, they are not.
 */
const CHUNK = 1000
let filling = 0

/** Appends `items` to `parent` a chunk per task (the first chunk now), unless a newer fill started. */
function fillInChunks(parent: HTMLElement, items: readonly string[], make: (v: string) => HTMLElement, token: number, done?: () => void): void {
  let i = 0
  const step = (): void => {
    if (token !== filling) return
    const end = Math.min(items.length, i + CHUNK)
    const frag = document.createDocumentFragment()
    for (; i < end; i++) frag.appendChild(make(items[i]!))
    parent.appendChild(frag)
    if (i < items.length) setTimeout(step, 0)
    else done?.()
  }
  step()
}

export function fillTraceChoices(model: Model): void {
  const token = ++filling
  const from = $<HTMLSelectElement>('from')
  const keep = from.value
  const sources = [
    ...model.pods.filter((p) => p.ip !== null && !p.hostNetwork).flatMap((p) => [`pod/${p.namespace}/${p.name}`, ...(p.template.containers.length > 1 ? p.template.containers.map((c) => `pod/${p.namespace}/${p.name}/${c.name}`) : [])]),
    ...model.nodes.map((n) => `node/${n.name}`),
    ...model.cluster.externalClients.map((e) => `external/${e.name}`),
  ]
  from.replaceChildren()
  // A source that no longer exists (its pod was deleted) stays selected, marked, never swapped silently.
  const kept = keep !== '' && sources.includes(keep)
  if (keep && !kept) from.appendChild(Object.assign(el('option', `${keep} ✖`), { value: keep }))
  const option = (v: string): HTMLElement => Object.assign(el('option', v), { value: v })
  fillInChunks(from, sources, option, token, () => {
    if (!kept) return
    from.querySelector('option[data-early]')?.remove()
    from.value = keep
  })
  if (keep) {
    // Selected at once, even before its chunk is added (that option goes when the chunk comes).
    if (kept && from.value !== keep) {
      const early = option(keep)
      early.dataset['early'] = '1'
      from.prepend(early)
    }
    from.value = keep
  }
  const targets: string[] = []
  for (const s of model.services) {
    for (const p of s.ports) {
      targets.push(`${s.name}.${s.namespace}:${p.spec.port}`)
      if (typeof s.clusterIP === 'number') targets.push(`${formatIpv4(s.clusterIP)}:${p.spec.port}`)
      if (p.nodePort) for (const n of model.nodes) targets.push(`${formatIpv4(n.ip)}:${p.nodePort}`)
      for (const lb of s.obj.loadBalancerIngress) targets.push(`${lb.ip}:${p.spec.port}`)
      if (s.addon === 'ingress-controller' && p.nodePort && p.spec.port === 80) for (const n of model.nodes) targets.push(`http://${formatIpv4(n.ip)}:${p.nodePort}/`)
      if (s.addon === 'gateway-proxy') for (const lb of s.obj.loadBalancerIngress) targets.push(`http://${lb.ip}${p.spec.port === 80 ? '' : `:${p.spec.port}`}/`)
    }
  }
  for (const p of model.pods) if (p.ip !== null && !p.hostNetwork) for (const c of p.template.containers) for (const cp of c.ports) targets.push(`${formatIpv4(p.ip)}:${cp.containerPort}`)
  const value = (v: string): HTMLElement => Object.assign(el('option'), { value: v })
  $('targets').replaceChildren()
  fillInChunks($('targets'), [...new Set(targets)], value, token)
  $('endpoints').replaceChildren()
  fillInChunks($('endpoints'), model.pods.filter((p) => p.ip !== null && !p.hostNetwork).flatMap((p) => [p.name, formatIpv4(p.ip!)]), value, token)
}
