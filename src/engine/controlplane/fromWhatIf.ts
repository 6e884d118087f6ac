/**
 * A what-if (the browser's form, a lesson's action) as the change kubectl would send, or null
 * when it is not one: flipping externalTrafficPolicy or kube-proxy's mode edits a field in
 * place, with no chain of controllers behind it. The browser and the lessons share this.
 */
import type { WhatIfKind } from '../../model/edit/whatIf.js'
import { SAMPLE_MANIFESTS } from '../../model/edit/samples.js'
import type { Model } from '../../model/model.js'
import type { Change } from './types.js'

export function changeFromWhatIf(kind: WhatIfKind, target: string, value: number, model: Model): Change | null {
  const [namespace = '', name = ''] = target.split('/')
  switch (kind) {
    case 'scale': {
      // A StatefulSet's pods are <set>-<ordinal>. (The model's owner reference names the pod itself
      // today — src/model/derive/pods.ts podFromTemplate — so the ordinal name is what tells.)
      const ofSet = (p: Model['pods'][number]): boolean => p.owner?.name === name || (p.name.startsWith(`${name}-`) && /^\d+$/.test(p.name.slice(name.length + 1)))
      const sts = model.pods.some((p) => p.owner?.kind === 'StatefulSet' && p.namespace === namespace && ofSet(p))
      return { kind: 'scale', object: { kind: sts ? 'StatefulSet' : 'Deployment', namespace, name }, replicas: Math.max(0, Math.floor(value)) }
    }
    case 'drain': return { kind: 'drain', node: target, force: true, ignoreDaemonSets: true }
    case 'apply': { const m = SAMPLE_MANIFESTS[target]; return m ? { kind: 'apply', file: `${target}.yaml`, text: m.text } : null }
    case 'delete': return { kind: 'delete', object: { kind: 'Pod', namespace, name } }
    case 'deny': return { kind: 'apply', file: 'deny-all.yaml', text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny-all-ingress, namespace: ${JSON.stringify(target)} }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n` }
    default: return null
  }
}

/** The what-if that sends `change`, to show a shared or lesson chain in the form (null: the form has none). */
export function whatIfOfChange(change: Change): { kind: WhatIfKind; target: string; value: number } | null {
  switch (change.kind) {
    case 'scale': return { kind: 'scale', target: `${change.object.namespace}/${change.object.name}`, value: change.replicas }
    case 'drain': return { kind: 'drain', target: change.node, value: 0 }
    case 'delete': return change.object.kind === 'Pod' ? { kind: 'delete', target: `${change.object.namespace}/${change.object.name}`, value: 0 } : null
    case 'apply': {
      const sample = Object.entries(SAMPLE_MANIFESTS).find(([id, m]) => change.file === `${id}.yaml` && change.text === m.text)
      if (sample) return { kind: 'apply', target: sample[0], value: 0 }
      const ns = /^apiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\nmetadata: \{ name: deny-all-ingress, namespace: ("[^"]*") \}/.exec(change.text)?.[1]
      return change.file === 'deny-all.yaml' && ns ? { kind: 'deny', target: JSON.parse(ns) as string, value: 0 } : null
    }
    default: return null
  }
}
