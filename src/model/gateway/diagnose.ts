/**
 * Warnings `validate` prints for Gateway API objects the API server stored but the controller
 * would not serve as written (what `kubectl describe` would show in their conditions), each at the
 * field it is about.
 */
import type { Reporter } from '../derive/report.js'
import type { GatewayApiState } from './state.js'

export function reportGatewayStatus(s: GatewayApiState, rep: Reporter): void {
  for (const g of s.gateways) {
    const obj = `Gateway ${g.key}`
    for (const c of g.conditions) {
      if (c.type === 'Programmed' && c.status !== 'True') rep.add('warning', g.gateway.origin?.doc, ['spec', 'gatewayClassName'], obj, `Programmed=${c.status} (${c.reason}): ${c.message}`, c.reason === 'Pending' ? 'add the GatewayClass to the file; the lab plays its controller' : 'the Gateway gets no address and no proxy')
    }
    g.listeners.forEach((l, i) => {
      const bad = l.conditions.find((c) => (c.type === 'Conflicted' ? c.status === 'True' : c.status === 'False'))
      if (bad) rep.add('warning', g.gateway.origin?.doc, ['spec', 'listeners', i], obj, `listener ${l.listener.name}: ${bad.type}=${bad.status} (${bad.reason}): ${bad.message}`, 'the proxy does not serve this listener')
    })
  }
  for (const r of s.routes) {
    const obj = `${r.route.kind} ${r.route.namespace}/${r.route.name}`
    r.parents.forEach((p, i) => {
      for (const c of p.conditions) {
        if ((c.type === 'Accepted' || c.type === 'ResolvedRefs') && c.status === 'False') {
          rep.add('warning', r.route.origin?.doc, c.type === 'Accepted' ? ['spec', 'parentRefs', i] : ['spec', 'rules'], obj, `${c.type}=False (${c.reason}) on ${p.parentRef.namespace}/${p.parentRef.name}: ${c.message}`,
            c.type === 'Accepted' ? 'requests for this route get 404 from that Gateway' : 'requests sent to that backend get 500')
        }
      }
    })
  }
}
