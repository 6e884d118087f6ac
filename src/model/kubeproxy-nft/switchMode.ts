/**
 * What if kube-proxy ran in the other mode: the same cluster, same pods, services and
 * addresses, with only kube-proxy's backend switched. Node state is derived afresh for the new
 * model, so both can be compared side by side.
 */
import type { Model } from '../model.js'
import type { KubeProxySettings } from '../objects.js'

export function withKubeProxyMode(model: Model, mode: KubeProxySettings['mode']): Model {
  if (model.cluster.kubeProxy.mode === mode) return model
  return { ...model, cluster: { ...model.cluster, kubeProxy: { ...model.cluster.kubeProxy, mode } } }
}
