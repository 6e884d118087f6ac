/**
 * What-ifs as edits of the scenario's YAML, so the editor, the share link and a reload all see
 * them: scale a Deployment or StatefulSet, cordon a node (the lab re-places every pod, so this
 * also drains it), flip a Service's externalTrafficPolicy, add a deny-all ingress policy to a
 * namespace, delete a standalone Pod, switch kube-proxy between iptables and nftables mode.
 */
import { isMap, parseAllDocuments, type Document } from 'yaml'
import { SAMPLE_MANIFESTS } from './samples.js'

export type WhatIfKind = 'scale' | 'drain' | 'etp' | 'deny' | 'delete' | 'proxy-mode' | 'apply'

interface Obj { doc: Document; kind: string; name: string; namespace: string }

function objects(text: string): { docs: Document[]; objs: Obj[] } {
  const docs = parseAllDocuments(text) as Document[]
  const objs = docs.filter((d) => isMap(d.contents)).map((doc) => ({
    doc, kind: String(doc.get('kind') ?? ''), name: String(doc.getIn(['metadata', 'name']) ?? ''), namespace: String(doc.getIn(['metadata', 'namespace']) ?? 'default'),
  }))
  return { docs, objs }
}

/** The stream again: documents that kept their own `---` are not given a second one. */
const join = (docs: readonly Document[]): string =>
  docs.map((d, i) => {
    const text = d.toString({ lineWidth: 0 })
    return i === 0 || text.startsWith('---') ? text : `---\n${text}`
  }).join('')

/** The choices for a what-if's target, as [value, label]. */
export function whatIfTargets(kind: WhatIfKind, text: string): [string, string][] {
  const { objs } = objects(text)
  switch (kind) {
    case 'scale': return objs.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet').map((o) => [`${o.namespace}/${o.name}`, `${o.kind} ${o.namespace}/${o.name}`])
    case 'drain': {
      const cluster = objs.find((o) => o.kind === 'Cluster')
      const nodes = (cluster?.doc.getIn(['spec', 'nodes']) as { items?: { get(k: string): unknown }[] } | undefined)?.items ?? []
      return nodes.map((n) => String(n.get('name'))).map((n) => [n, `node ${n}`])
    }
    case 'etp': return objs.filter((o) => o.kind === 'Service' && ['NodePort', 'LoadBalancer'].includes(String(o.doc.getIn(['spec', 'type'])))).map((o) => [`${o.namespace}/${o.name}`, `Service ${o.namespace}/${o.name} (${String(o.doc.getIn(['spec', 'externalTrafficPolicy']) ?? 'Cluster')})`])
    case 'deny': return [...new Set(objs.filter((o) => o.kind !== 'Cluster').map((o) => o.namespace))].map((ns) => [ns, `namespace ${ns}`])
    case 'delete': return objs.filter((o) => o.kind === 'Pod').map((o) => [`${o.namespace}/${o.name}`, `Pod ${o.namespace}/${o.name}`])
    case 'apply': return Object.entries(SAMPLE_MANIFESTS).filter(([id]) => !objs.some((o) => o.name === id)).map(([id, m]) => [id, m.label])
    case 'proxy-mode': {
      const cluster = objs.find((o) => o.kind === 'Cluster')
      if (!cluster) return []
      const other = String(cluster.doc.getIn(['spec', 'kubeProxy', 'mode']) ?? 'iptables') === 'nftables' ? 'iptables' : 'nftables'
      return [[other, `kube-proxy → ${other} mode`]]
    }
  }
}

export function applyWhatIf(kind: WhatIfKind, target: string, value: number, text: string): string {
  const { docs, objs } = objects(text)
  const find = (k: string[]): Obj | undefined => objs.find((o) => k.includes(o.kind) && `${o.namespace}/${o.name}` === target)
  switch (kind) {
    case 'scale': {
      const o = find(['Deployment', 'StatefulSet'])
      if (o) o.doc.setIn(['spec', 'replicas'], Math.max(0, Math.min(20, Math.floor(value))))
      return join(docs)
    }
    case 'drain': {
      const cluster = objs.find((o) => o.kind === 'Cluster')
      const nodes = (cluster?.doc.getIn(['spec', 'nodes']) as { items?: { get(k: string): unknown; set(k: string, v: unknown): void }[] } | undefined)?.items ?? []
      nodes.find((n) => String(n.get('name')) === target)?.set('unschedulable', true)
      return join(docs)
    }
    case 'etp': {
      const o = find(['Service'])
      if (o) o.doc.setIn(['spec', 'externalTrafficPolicy'], String(o.doc.getIn(['spec', 'externalTrafficPolicy'])) === 'Local' ? 'Cluster' : 'Local')
      return join(docs)
    }
    case 'apply': {
      const sample = SAMPLE_MANIFESTS[target]
      return sample ? `${join(docs).replace(/\n*$/, '\n')}---\n${sample.text}` : join(docs)
    }
    case 'deny':
      return `${join(docs).replace(/\n*$/, '\n')}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny-all-ingress, namespace: ${JSON.stringify(target)} }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`
    case 'delete': {
      const o = find(['Pod'])
      return join(docs.filter((d) => d !== o?.doc))
    }
    case 'proxy-mode': {
      const cluster = objs.find((o) => o.kind === 'Cluster')
      if (cluster && (target === 'iptables' || target === 'nftables')) {
        if (!cluster.doc.hasIn(['spec', 'kubeProxy'])) cluster.doc.setIn(['spec', 'kubeProxy'], cluster.doc.createNode({ mode: target }, { flow: true }))
        else cluster.doc.setIn(['spec', 'kubeProxy', 'mode'], target)
      }
      return join(docs)
    }
  }
}
