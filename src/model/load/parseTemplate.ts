/** Pod spec fields shared by Pods and workload templates. */
import type { Container, ContainerPort, NodeSelectorRequirement, PodTemplate, Toleration } from '../objects.js'
import type { FieldReader } from './fieldReader.js'
import type { Path } from './readDocuments.js'

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const

export function parsePodTemplate(r: FieldReader, meta: Path, spec: Path): PodTemplate {
  const containers: Container[] = r.list([...spec, 'containers']).map((_, i) => {
    const c: Path = [...spec, 'containers', i]
    const ports: ContainerPort[] = r.list([...c, 'ports']).map((__, j) => {
      const hostPort = r.int([...c, 'ports', j, 'hostPort'], 0, 0, 65535)
      return {
        name: r.string([...c, 'ports', j, 'name'], null),
        containerPort: r.int([...c, 'ports', j, 'containerPort'], 0, 1, 65535),
        protocol: r.oneOf([...c, 'ports', j, 'protocol'], PROTOCOLS, 'TCP'),
        ...(hostPort ? { hostPort } : {}),
      }
    })
    return { name: r.string([...c, 'name'], `container-${i}`), image: r.string([...c, 'image'], ''), ports }
  })
  if (containers.length === 0) r.warn([...spec], 'the pod has no containers', 'add spec.containers with at least one container')

  const tolerations: Toleration[] = r.list([...spec, 'tolerations']).map((_, i) => ({
    key: r.string([...spec, 'tolerations', i, 'key'], null),
    operator: r.oneOf([...spec, 'tolerations', i, 'operator'], ['Equal', 'Exists'] as const, 'Equal'),
    value: r.string([...spec, 'tolerations', i, 'value'], ''),
    effect: r.string([...spec, 'tolerations', i, 'effect'], null),
  }))

  const termsPath: Path = [...spec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']
  const requiredNodeAffinity = r.has(termsPath)
    ? r.list(termsPath).map((_, i) =>
        r.list([...termsPath, i, 'matchExpressions']).map(
          (__, j): NodeSelectorRequirement => ({
            key: r.string([...termsPath, i, 'matchExpressions', j, 'key'], ''),
            operator: r.oneOf([...termsPath, i, 'matchExpressions', j, 'operator'], ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const, 'In'),
            values: r.list([...termsPath, i, 'matchExpressions', j, 'values']).map(String),
          }),
        ),
      )
    : null

  const dnsConfig = r.has([...spec, 'dnsConfig'])
    ? {
        nameservers: r.list([...spec, 'dnsConfig', 'nameservers']).map(String),
        searches: r.list([...spec, 'dnsConfig', 'searches']).map(String),
        options: r.list([...spec, 'dnsConfig', 'options']).map((_, i) => {
          const value = r.string([...spec, 'dnsConfig', 'options', i, 'value'], null)
          return { name: r.string([...spec, 'dnsConfig', 'options', i, 'name'], ''), ...(value !== null ? { value } : {}) }
        }),
      }
    : null

  return {
    labels: r.stringMap([...meta, 'labels']),
    annotations: r.stringMap([...meta, 'annotations']),
    nodeName: r.string([...spec, 'nodeName'], null),
    nodeSelector: r.stringMap([...spec, 'nodeSelector']),
    requiredNodeAffinity,
    tolerations,
    hostNetwork: r.bool([...spec, 'hostNetwork'], false),
    dnsPolicy: r.oneOf([...spec, 'dnsPolicy'], ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] as const, 'ClusterFirst'),
    dnsConfig,
    hostname: r.string([...spec, 'hostname'], null),
    subdomain: r.string([...spec, 'subdomain'], null),
    containers,
  }
}
