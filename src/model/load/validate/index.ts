/**
 * Kubernetes' own validation for every object the lab reads: what the API server rejects is
 * an error located at the field, with a hint that says what to write instead.
 */
import type { FieldReader } from '../fieldReader.js'
import { validateIngress } from './ingress.js'
import { validateLabels, validateMetadata, validateSelector } from './metadata.js'
import { validateNetworkPolicy } from './networkPolicy.js'
import { validatePodSpec } from './podSpec.js'
import { validateService } from './service.js'

export function validateObject(r: FieldReader, kind: string): void {
  if (kind === 'Cluster') return
  validateMetadata(r, kind)
  switch (kind) {
    case 'Pod':
      validatePodSpec(r, ['spec'])
      break
    case 'Deployment': case 'ReplicaSet': case 'StatefulSet': case 'DaemonSet':
      validateSelector(r, ['spec', 'selector'])
      validateLabels(r, ['spec', 'template', 'metadata', 'labels'])
      validatePodSpec(r, ['spec', 'template', 'spec'])
      break
    case 'Service':
      validateService(r)
      break
    case 'NetworkPolicy':
      validateNetworkPolicy(r)
      break
    case 'Ingress':
      validateIngress(r)
      break
  }
}
