/**
 * From pods and Services to the dataplane: the EndpointSlice controller rewrites the slices of
 * the Services whose endpoints changed (its workqueue merges the pod updates queued for one
 * Service into one sync), every node's kube-proxy gets the slice on its watch and re-syncs its
 * rules, and CoreDNS's kubernetes plugin updates the names it answers.
 */
import { safeEncode } from '../../model/derive/names.js'
import type { ServiceObject } from '../../model/objects.js'
import { nodeState } from '../../model/node/nodeState.js'
import { ChainBuilder, actor, ref } from './chain.js'
import { dnsDiff, endpointChanges, partialSync, viewDiffs } from './dataplaneDiff.js'
import { msg } from './messages.js'
import { servicesFor } from './state.js'
import type { ObjectRef } from './types.js'

export const sliceName = (namespace: string, service: string): string =>
  service === 'kubernetes' && namespace === 'default' ? service : `${service}-${safeEncode(`slice:${namespace}/${service}`, 5)}`

/**
 * Brings Services up to date with the pods (and the Services added or removed), then plays
 * what follows on every node. `trigger` is the object whose watch event woke the controller.
 */
export function syncEndpoints(b: ChainBuilder, trigger: ObjectRef, added: readonly ServiceObject[] = [], removed: ReadonlySet<string> = new Set()): void {
  const before = b.model
  const after = { ...before, services: servicesFor(before, before.pods, added, removed) }
  const changes = endpointChanges(before, after)
  const touched = new Set([...changes.map((c) => c.service), ...added.map((s) => `${s.namespace}/${s.name}`), ...removed])
  if (!touched.size) return
  const esc = actor('endpointslice-controller')
  b.notify(esc, trigger, trigger.kind === 'Service' && removed.size ? 'DELETED' : trigger.kind === 'Service' ? 'ADDED' : 'MODIFIED')
  b.setModel(after)
  let last: ObjectRef = trigger
  for (const svc of [...touched].sort()) {
    const [ns, name] = svc.split('/') as [string, string]
    const change = changes.find((c) => c.service === svc) ?? { service: svc, added: [], removed: [] }
    const isNew = added.some((s) => s.namespace === ns && s.name === name)
    const gone = removed.has(svc) && !isNew
    if (!gone && !after.services.find((s) => s.namespace === ns && s.name === name)?.obj.selector) continue
    last = ref('EndpointSlice', ns, sliceName(ns, name))
    b.write(esc, gone ? 'delete' : isNew ? 'create' : 'update', last,
      isNew ? msg('why.endpointSliceCreate', { service: svc, count: change.added.length })
        : msg('why.endpointSlice', { service: svc, added: change.added.length, removed: change.removed.length }),
      { dataplane: { kind: 'endpoints', node: null, diffs: [], endpoints: [change], dns: null, partialSync: null } })
  }
  for (const n of after.nodes) {
    const proxy = actor('kube-proxy', n.name)
    b.notify(proxy, last, last.kind === 'EndpointSlice' && removed.size ? 'DELETED' : 'MODIFIED')
    const diffs = viewDiffs(before, after, n.name, ['iptables'])
    const ps = partialSync(nodeState(before, n.name)!.iptablesSave().text, nodeState(after, n.name)!.iptablesSave().text)
    b.add({
      from: proxy, to: proxy, connection: { kind: 'local' }, verb: 'iptables-restore', object: last, phase: 'act',
      why: diffs.length ? msg('why.proxySync', { node: n.name, written: ps.written.length, deleted: ps.deleted.length, untouched: ps.untouched }) : msg('why.proxySyncNone', { node: n.name }),
      dataplane: { kind: 'proxy-sync', node: n.name, diffs, endpoints: [], dns: null, partialSync: ps },
    })
  }
  const dns = dnsDiff(before, after)
  const coredns = actor('coredns')
  b.notify(coredns, last, 'MODIFIED')
  b.add({
    from: coredns, to: coredns, connection: { kind: 'local' }, verb: 'reload', object: last, phase: 'act',
    why: dns.added.length || dns.removed.length ? msg('why.corednsRecords', { added: dns.added.length, removed: dns.removed.length }) : msg('why.corednsNone'),
    dataplane: { kind: 'dns', node: null, diffs: [], endpoints: [], dns, partialSync: null },
  })
}
