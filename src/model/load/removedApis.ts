/**
 * API versions the API server no longer serves, with what their manifests must change besides
 * the apiVersion (kubernetes.io "Deprecated API Migration Guide": the workloads' beta versions
 * went in 1.16, where apps/v1 made spec.selector required; Ingress's in 1.22, where
 * networking.k8s.io/v1 renamed the backend fields and made pathType required).
 */
const WORKLOAD_HINT = 'use apiVersion: apps/v1 (these beta versions were removed in Kubernetes 1.16; apps/v1 also requires spec.selector, matching spec.template.metadata.labels)'
const INGRESS_HINT = 'use apiVersion: networking.k8s.io/v1 (removed in Kubernetes 1.22; v1 writes backends as service.name and service.port.number, and each path needs a pathType)'
const POLICY_HINT = 'use apiVersion: networking.k8s.io/v1 (extensions/v1beta1 NetworkPolicy was removed in Kubernetes 1.16)'
export const REMOVED_API_HINTS: Readonly<Record<string, string>> = {
  // The kind/version pairs kubernetes.io/blog/2019/07/18/api-deprecations-in-1-16/ and the
  // migration guide list as no longer served, no others.
  'extensions/v1beta1 Deployment': WORKLOAD_HINT, 'extensions/v1beta1 DaemonSet': WORKLOAD_HINT, 'extensions/v1beta1 ReplicaSet': WORKLOAD_HINT,
  'apps/v1beta1 Deployment': WORKLOAD_HINT, 'apps/v1beta1 StatefulSet': WORKLOAD_HINT, 'apps/v1beta1 ReplicaSet': WORKLOAD_HINT,
  'apps/v1beta2 Deployment': WORKLOAD_HINT, 'apps/v1beta2 DaemonSet': WORKLOAD_HINT, 'apps/v1beta2 ReplicaSet': WORKLOAD_HINT, 'apps/v1beta2 StatefulSet': WORKLOAD_HINT,
  'extensions/v1beta1 Ingress': INGRESS_HINT, 'networking.k8s.io/v1beta1 Ingress': INGRESS_HINT,
  'extensions/v1beta1 NetworkPolicy': POLICY_HINT,
}
