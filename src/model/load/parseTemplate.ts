/**
 * Pod spec fields shared by Pods and workload templates. Each object is read once and its fields
 * through the FieldReader's `…In` readings, which make a field's path only for a message: a
 * dump's 32,000 pods made ~20 paths each from the document's root, most of what reading their
 * templates allocated. The readings, their order and their messages are those of r.string(path) ….
 */
import type { Container, ContainerPort, NodeSelectorRequirement, PodTemplate, Toleration } from '../objects.js'
import { field, type FieldReader } from './fieldReader.js'
import type { Path } from './readDocuments.js'

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const
const TOLERATION_OPERATORS = ['Equal', 'Exists'] as const
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] as const
const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const
const TERMS: Path = Object.freeze(['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'])

const present = (v: unknown): boolean => v !== undefined && v !== null

function readContainer(r: FieldReader, spec: Path, cv: unknown, i: number): Container {
  const c: Path = [...spec, 'containers', i]
  const portList = r.listIn(cv, c, 'ports')
  // map, not push: an array of its size (push leaves room for 16 more in each of 32,000 pods).
  const ports: ContainerPort[] = portList.map((pv, j) => {
    const p: Path = [...c, 'ports', j]
    const hostPort = r.intIn(pv, p, 'hostPort', 0, 0, 65535)
    return {
      name: r.stringIn(pv, p, 'name', null),
      containerPort: r.intIn(pv, p, 'containerPort', 0, 1, 65535),
      protocol: r.oneOfIn(pv, p, 'protocol', PROTOCOLS, 'TCP'),
      ...(hostPort ? { hostPort } : {}),
    }
  })
  return { name: r.stringIn(cv, c, 'name', `container-${i}`), image: r.stringIn(cv, c, 'image', ''), ports }
}

export function parsePodTemplate(r: FieldReader, meta: Path, spec: Path): PodTemplate {
  const specV = r.raw(spec)
  const metaV = r.raw(meta)
  const containerList = r.listIn(specV, spec, 'containers')
  const containers: Container[] = containerList.map((cv, i) => readContainer(r, spec, cv, i))
  if (containers.length === 0) r.warn([...spec], 'the pod has no containers', 'add spec.containers with at least one container')

  const tolerationList = r.listIn(specV, spec, 'tolerations')
  const tolerations: Toleration[] = tolerationList.map((tv, i) => {
    const t: Path = [...spec, 'tolerations', i]
    return {
      key: r.stringIn(tv, t, 'key', null),
      operator: r.oneOfIn(tv, t, 'operator', TOLERATION_OPERATORS, 'Equal'),
      value: r.stringIn(tv, t, 'value', ''),
      effect: r.stringIn(tv, t, 'effect', null),
    }
  })

  let terms: unknown = specV
  for (let i = 0; i < TERMS.length; i++) terms = field(terms, TERMS[i]!)
  const termsPath: Path = present(terms) ? [...spec, ...TERMS] : []
  const requiredNodeAffinity = present(terms)
    ? r.list(termsPath).map((_, i) =>
        r.list([...termsPath, i, 'matchExpressions']).map(
          (__, j): NodeSelectorRequirement => ({
            key: r.string([...termsPath, i, 'matchExpressions', j, 'key'], ''),
            operator: r.oneOf([...termsPath, i, 'matchExpressions', j, 'operator'], SELECTOR_OPERATORS, 'In'),
            values: r.list([...termsPath, i, 'matchExpressions', j, 'values']).map(String),
          }),
        ),
      )
    : null

  const dnsConfig = present(field(specV, 'dnsConfig'))
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
    labels: r.stringMapIn(metaV, meta, 'labels'),
    annotations: r.stringMapIn(metaV, meta, 'annotations'),
    nodeName: r.stringIn(specV, spec, 'nodeName', null),
    nodeSelector: r.stringMapIn(specV, spec, 'nodeSelector'),
    requiredNodeAffinity,
    tolerations,
    hostNetwork: r.boolIn(specV, spec, 'hostNetwork', false),
    dnsPolicy: r.oneOfIn(specV, spec, 'dnsPolicy', DNS_POLICIES, 'ClusterFirst'),
    dnsConfig,
    hostname: r.stringIn(specV, spec, 'hostname', null),
    subdomain: r.stringIn(specV, spec, 'subdomain', null),
    containers,
  }
}
