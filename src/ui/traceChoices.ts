/** The trace builder's choices from the model: sources, targets (with completions), endpoints. */
import { formatIpv4 } from '../model/addr/ipv4.js'
import type { Model } from '../model/model.js'
import { $, el } from './dom.js'

export function fillTraceChoices(model: Model): void {
  const from = $<HTMLSelectElement>('from')
  const keep = from.value
  from.replaceChildren(
    ...model.pods.filter((p) => p.ip !== null && !p.hostNetwork).flatMap((p) => [`pod/${p.namespace}/${p.name}`, ...(p.template.containers.length > 1 ? p.template.containers.map((c) => `pod/${p.namespace}/${p.name}/${c.name}`) : [])]).map((v) => el('option', v)),
    ...model.nodes.map((n) => el('option', `node/${n.name}`)),
    ...model.cluster.externalClients.map((e) => el('option', `external/${e.name}`)),
  )
  for (const o of from.options) o.value = o.textContent ?? ''
  // A source that no longer exists (its pod was deleted) stays selected, marked, never swapped silently.
  if (keep && ![...from.options].some((o) => o.value === keep)) from.prepend(Object.assign(el('option', `${keep} ✖`), { value: keep }))
  if (keep) from.value = keep
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
  $('targets').replaceChildren(...[...new Set(targets)].map((v) => Object.assign(el('option'), { value: v })))
  $('endpoints').replaceChildren(...model.pods.filter((p) => p.ip !== null && !p.hostNetwork).flatMap((p) => [p.name, formatIpv4(p.ip!)]).map((v) => Object.assign(el('option'), { value: v })))
}
