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
      const sts = model.pods.some((p) => p.owner?.kind === 'StatefulSet' && p.owner.name === name && p.namespace === namespace)
      return { kind: 'scale', object: { kind: sts ? 'StatefulSet' : 'Deployment', namespace, name }, replicas: Math.max(0, Math.floor(value)) }
    }
    case 'drain': return { kind: 'drain', node: target, force: true, ignoreDaemonSets: true }
    case 'apply': { const m = SAMPLE_MANIFESTS[target]; return m ? { kind: 'apply', file: `${target}.yaml`, text: m.text } : null }
    case 'delete': return { kind: 'delete', object: { kind: 'Pod', namespace, name } }
    case 'deny': return { kind: 'apply', file: 'deny-all.yaml', text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny-all-ingress, namespace: ${JSON.stringify(target)} }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n` }
    default: return null
  }
}
