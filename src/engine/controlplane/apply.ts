/**
 * `kubectl apply -f <manifest>`: each object goes to kube-apiserver in file order. What the API
 * server would refuse (unparsable or invalid fields, a selector that does not select the pod
 * template, a changed immutable selector, a ClusterIP or NodePort outside its range or taken, a
 * missing namespace, a kind it does not serve) stops that object's chain at the API server with
 * the HTTP status it answers; the other objects go on, as kubectl does.
 */
import { cidrContains, formatCidr, formatIpv4 } from '../../model/addr/ipv4.js'
import { matchesSelector } from '../../model/derive/selectors.js'
import type { Diagnostic } from '../../model/load/diagnostics.js'
import { parseObjects } from '../../model/load/parseObjects.js'
import { readDocuments } from '../../model/load/readDocuments.js'
import type { ClusterObject, ServiceObject, WorkloadObject } from '../../model/objects.js'
import { ChainBuilder, HTTPS, API, actor, ref, refText } from './chain.js'
import { dnsDiff } from './dataplaneDiff.js'
import { syncEndpoints } from './endpointFlow.js'
import { msg } from './messages.js'
import { createPod, newPod, schedule, start } from './podFlow.js'
import { podKey, servicesFor } from './state.js'
import type { ObjectRef } from './types.js'
import { reconcileWorkload } from './workloadFlow.js'

export interface ApiError {
  readonly code: number
  readonly reason: string
  readonly message: string
  readonly diagnostics: readonly Diagnostic[]
}

const KUBECTL = actor('kubectl')

function objRef(o: ClusterObject): ObjectRef {
  if (o.kind === 'Namespace') return ref('Namespace', '', o.name)
  if (o.kind === 'Corefile') return ref('ConfigMap', 'kube-system', 'coredns')
  if (o.kind === 'KubeProxyConfig') return ref('ConfigMap', 'kube-system', 'kube-proxy')
  // GatewayClass is cluster-scoped, like Namespace.
  return ref(o.kind, 'namespace' in o ? o.namespace : '', o.name)
}

/** kubectl's request answered with an error: the chain of this object ends here. */
export function reject(b: ChainBuilder, verb: 'create' | 'patch' | 'delete' | 'update', object: ObjectRef, code: number, reason: string, message: string, diagnostics: readonly Diagnostic[] = []): ApiError {
  b.add({
    from: KUBECTL, to: API, connection: HTTPS, verb, object, phase: 'reject', status: { code, reason },
    why: msg('why.apiserverRejects', { status: code, reason, message }),
  })
  return { code, reason, message, diagnostics }
}

/** kubectl's own refusal: nothing is sent (code 0 marks a client-side error). */
function refuse(b: ChainBuilder, object: ObjectRef, message: string, diagnostics: readonly Diagnostic[] = []): ApiError {
  b.add({ from: KUBECTL, to: KUBECTL, connection: { kind: 'local' }, verb: 'create', object, phase: 'reject', why: msg('why.kubectlRefuses', { message }) })
  return { code: 0, reason: 'ClientError', message, diagnostics }
}

/** How the parser names a document's object in its diagnostics (parseObjects' objectName). */
function objectLabel(data: Record<string, unknown>): string {
  const meta = (data['metadata'] ?? {}) as Record<string, unknown>
  const clusterScoped = ['Cluster', 'Namespace', 'Node', 'List'].includes(String(data['kind']))
  const ns = clusterScoped ? '' : `${typeof meta['namespace'] === 'string' ? meta['namespace'] : 'default'}/`
  return `${String(data['kind'] ?? '?')} ${ns}${String(meta['name'] ?? '?')}`
}

const labelsText = (l: Readonly<Record<string, string>>): string => `map[string]string{${Object.entries(l).map(([k, v]) => `"${k}":"${v}"`).join(', ')}}`

/** The checks kube-apiserver's validation and allocators make that the lab's parser does not. */
function validate(b: ChainBuilder, o: ClusterObject, namespaces: ReadonlySet<string>): { code: number; reason: string; message: string } | null {
  const r = objRef(o)
  const invalid = (detail: string) => ({ code: 422, reason: 'Invalid', message: `${o.kind === 'Corefile' ? 'ConfigMap' : o.kind} "${r.name}" is invalid: ${detail}` })
  if (r.namespace && !namespaces.has(r.namespace)) return { code: 404, reason: 'NotFound', message: `namespaces "${r.namespace}" not found` }
  if (o.kind === 'Deployment' || o.kind === 'ReplicaSet' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet') {
    if (!matchesSelector(o.selector, o.template.labels)) return invalid(`spec.template.metadata.labels: Invalid value: ${labelsText(o.template.labels)}: \`selector\` does not match template \`labels\``)
    const old = b.state.workloads.find((w) => w.kind === o.kind && w.namespace === o.namespace && w.name === o.name)
    if (old && JSON.stringify(old.selector) !== JSON.stringify(o.selector)) return invalid('spec.selector: Invalid value: ' + labelsText(o.selector.matchLabels) + ': field is immutable')
  }
  if (o.kind === 'Service') {
    const others = b.model.services.filter((s) => !(s.namespace === o.namespace && s.name === o.name))
    if (typeof o.clusterIP === 'number') {
      const range = b.model.cluster.serviceCIDR
      if (!cidrContains(range, o.clusterIP)) return invalid(`spec.clusterIP: Invalid value: "${formatIpv4(o.clusterIP)}": provided IP is not in the valid range. The range of valid IPs is ${formatCidr(range)}`)
      if (others.some((s) => s.clusterIP === o.clusterIP)) return invalid(`spec.clusterIP: Invalid value: "${formatIpv4(o.clusterIP)}": provided IP is already allocated`)
    }
    const [lo, hi] = b.model.cluster.nodePortRange
    for (const [i, p] of o.ports.entries()) {
      if (p.nodePort === null) continue
      if (p.nodePort < lo || p.nodePort > hi) return invalid(`spec.ports[${i}].nodePort: Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${lo}-${hi}`)
      if (others.some((s) => s.ports.some((q) => q.nodePort === p.nodePort))) return invalid(`spec.ports[${i}].nodePort: Invalid value: ${p.nodePort}: provided port is already allocated`)
    }
  }
  return null
}

function sameWorkload(a: WorkloadObject, o: WorkloadObject): boolean {
  return a.replicas === o.replicas && JSON.stringify(a.template) === JSON.stringify(o.template) && JSON.stringify(a.origin?.doc.data['spec'] ?? null) === JSON.stringify(o.origin?.doc.data['spec'] ?? null)
}

function sameService(a: ServiceObject, o: ServiceObject): boolean {
  const strip = (s: ServiceObject): unknown => ({ ...s, origin: undefined, clusterIP: undefined })
  return JSON.stringify(strip(a)) === JSON.stringify(strip(o)) && (o.clusterIP === null || o.clusterIP === a.clusterIP)
}

export function applyManifest(b: ChainBuilder, file: string, text: string): ApiError[] {
  const read = readDocuments(file, text)
  const diagnostics: Diagnostic[] = [...read.diagnostics]
  const errors: ApiError[] = []
  if (diagnostics.some((d) => d.severity === 'error')) {
    read.release()
    // kubectl cannot even build the request: nothing reaches the API server.
    const d = diagnostics.find((x) => x.severity === 'error')!
    return [refuse(b, ref('List', '', file), `error parsing ${file}: ${d.message}`, diagnostics)]
  }
  const parsed = parseObjects(read.docs, diagnostics)
  if (!read.docs.length) errors.push(refuse(b, ref('List', '', file), 'no objects passed to apply'))
  const namespaces = new Set(b.model.namespaces)
  // In file order, as kubectl sends them.
  for (const doc of read.docs) {
    const kind = String(doc.data['kind'] ?? '')
    const meta = (doc.data['metadata'] ?? {}) as Record<string, unknown>
    const name = String(meta['name'] ?? '')
    const namespace = typeof meta['namespace'] === 'string' ? meta['namespace'] : ''
    const own = diagnostics.filter((d) => d.object === objectLabel(doc.data) && d.file === doc.file && (d.severity === 'error' || /unknown kind|is not known for/.test(d.message)))
    const o = parsed.objects.find((x) => x.origin?.doc === doc)
    if (kind === 'Cluster' || own.some((d) => d.severity === 'warning')) {
      // Kinds the server does not serve: kubectl's discovery finds no mapping and sends nothing.
      errors.push(refuse(b, ref(kind || '?', '', name), `resource mapping not found for name: "${name}" namespace: "${namespace}" from "${file}": no matches for kind "${kind}" in version "${String(doc.data['apiVersion'] ?? '')}"\nensure CRDs are installed first`, own))
      continue
    }
    const r = o ? objRef(o) : ref(kind || 'Object', kind === 'Namespace' || kind === 'Node' ? '' : namespace || 'default', name || '?')
    if (own.length) {
      errors.push(reject(b, 'create', r, 422, 'Invalid', `${kind || 'Object'} "${name}" is invalid: ${own.map((d) => d.message).join('; ')}`, own))
      continue
    }
    const bad = o ? validate(b, o, namespaces) : null
    if (bad) { errors.push(reject(b, 'create', r, bad.code, bad.reason, bad.message)); continue }
    if (o) applyObject(b, o, r, namespaces)
    else b.write(KUBECTL, 'create', r, msg('why.stored', { kind: r.kind, object: refText(r) }))
  }
  read.release()
  return errors
}

function applyObject(b: ChainBuilder, o: ClusterObject, r: ObjectRef, namespaces: Set<string>): void {
  // A no-op patch: kube-apiserver answers 200 without writing to etcd, so no watcher hears of it.
  const unchanged = (): void => { b.add({ from: KUBECTL, to: API, connection: HTTPS, verb: 'patch', object: r, phase: 'write', status: { code: 200, reason: 'OK' }, why: msg('why.noChange', { kind: r.kind, object: refText(r) }) }) }
  switch (o.kind) {
    case 'Namespace':
      if (namespaces.has(o.name)) return unchanged()
      namespaces.add(o.name)
      b.setModel({ ...b.model, namespaces: [...namespaces].sort() })
      b.write(KUBECTL, 'create', r, msg('why.stored', { kind: 'Namespace', object: o.name }))
      return
    case 'Deployment': case 'ReplicaSet': case 'StatefulSet': case 'DaemonSet': {
      const old = b.state.workloads.find((w) => w.kind === o.kind && w.namespace === o.namespace && w.name === o.name)
      if (old && sameWorkload(old, o)) return unchanged()
      b.setWorkloads([...b.state.workloads.filter((w) => w !== old), o])
      b.write(KUBECTL, old ? 'patch' : 'create', r, msg('why.kubectlRequest', { verb: old ? 'patch' : 'create', kind: o.kind, object: refText(r) }))
      reconcileWorkload(b, o, old ? 'MODIFIED' : 'ADDED')
      return
    }
    case 'Pod': {
      if (b.model.pods.some((p) => podKey(p) === podKey(o))) return unchanged()
      const pod = newPod(o.namespace, o.name, o.template, null)
      createPod(b, pod, 'kubectl', null, msg('why.podCreate', { pod: podKey(o) }))
      if (o.template.nodeName) {
        if (b.model.nodes.some((n) => n.name === o.template.nodeName)) {
          b.setModel({ ...b.model, pods: b.model.pods.map((p) => (podKey(p) === podKey(o) ? { ...p, nodeName: o.template.nodeName } : p)) })
        }
      } else schedule(b, podKey(o))
      start(b, podKey(o))
      syncEndpoints(b, r)
      return
    }
    case 'Service': {
      const old = b.model.services.find((s) => s.namespace === o.namespace && s.name === o.name)
      if (old && sameService(old.obj, o)) return unchanged()
      const keep: ServiceObject = old ? {
        ...o, clusterIP: o.clusterIP ?? old.clusterIP,
        ports: o.ports.map((p) => ({ ...p, nodePort: p.nodePort ?? old.ports.find((q) => q.spec.name === p.name)?.nodePort ?? null })),
      } : o
      const removed = old ? new Set([podKey(o)]) : new Set<string>()
      // The API server's allocators assign the ClusterIP and NodePorts when it stores the object.
      const s = servicesFor(b.model, b.model.pods, [keep], removed).find((x) => x.namespace === o.namespace && x.name === o.name)!
      const ip = typeof s.clusterIP === 'number' ? formatIpv4(s.clusterIP) : String(s.clusterIP ?? 'none')
      const nps = s.ports.filter((p) => p.nodePort).map((p) => p.nodePort).join(', ')
      b.write(KUBECTL, old ? 'patch' : 'create', r, msg('why.serviceAlloc', { ip, nodePorts: nps ? ` and NodePort ${nps}` : '', object: refText(r) }))
      syncEndpoints(b, r, [keep], removed)
      return
    }
    case 'Ingress':
      b.setModel({ ...b.model, ingresses: [...b.model.ingresses.filter((i) => !(i.namespace === o.namespace && i.name === o.name)), o] })
      b.write(KUBECTL, 'create', r, msg('why.stored', { kind: o.kind, object: refText(r) }))
      return
    case 'NetworkPolicy':
      b.setModel({ ...b.model, networkPolicies: [...b.model.networkPolicies.filter((i) => !(i.namespace === o.namespace && i.name === o.name)), o] })
      b.write(KUBECTL, 'create', r, msg('why.stored', { kind: o.kind, object: refText(r) }))
      return
    case 'Corefile': {
      const before = b.model
      b.setModel({ ...b.model, corefile: o.text })
      b.write(KUBECTL, 'patch', r, msg('why.kubectlRequest', { verb: 'patch', kind: 'ConfigMap', object: 'kube-system/coredns' }))
      const coredns = actor('coredns')
      b.notify(coredns, r, 'MODIFIED')
      const dns = dnsDiff(before, b.model)
      b.add({ from: coredns, to: coredns, connection: { kind: 'local' }, verb: 'reload', object: r, phase: 'act', why: msg('why.corednsRecords', { added: dns.added.length, removed: dns.removed.length }), dataplane: { kind: 'dns', node: null, diffs: [], endpoints: [], dns, partialSync: null } })
      return
    }
    case 'EndpointSlice':
      b.write(KUBECTL, 'create', r, msg('why.stored', { kind: o.kind, object: refText(r) }))
      return
  }
}
