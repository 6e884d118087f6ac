/** From topology text to the derived Model, collecting every located diagnostic on the way. */
import { cidrContains, nthAddress, type Cidr } from '../addr/ipv4.js'
import type { Diagnostic } from '../load/diagnostics.js'
import { hasErrors } from '../load/diagnostics.js'
import { parseObjects, type ParsedInput } from '../load/parseObjects.js'
import { readDocuments, type SourceDoc } from '../load/readDocuments.js'
import type { Model, ModelNode } from '../model.js'
import type { ClusterObject, ClusterSpec, EndpointSliceObject, IngressObject, NetworkPolicyObject, ServiceObject } from '../objects.js'
import { DEFAULT_COREFILE } from './addons.js'
import { labObjects } from './labObjects.js'
import { checkDuplicates } from './duplicates.js'
import { checkHostPorts } from './hostPorts.js'
import { expandWorkloads } from './expand.js'
import { placeAndAddress, type KeptAddresses } from './pods.js'
import { Reporter } from './report.js'
import { reuse, sameData, type DeriveMemo } from './memo.js'
import { inferCluster } from './inferCluster.js'
import { objectKinds, sortObjects } from './objectKinds.js'
import { resolveNodes } from './resolveCluster.js'
import { apiserverSlice, buildServices } from './services.js'
import { gatewayApiState } from '../gateway/state.js'
import { reportGatewayStatus } from '../gateway/diagnose.js'
import type { GatewayApiObject } from '../gateway/objects.js'

export type LoadResult = { ok: true; model: Model; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] }

/** `Kind namespace/name` of an object the lab generates (add-ons, gateway proxies). */
export const generatedKey = (o: ClusterObject): string => `${o.kind} ${'namespace' in o ? o.namespace : ''}/${'name' in o ? o.name : ''}`

export interface LoadOptions {
  /** File size and object count limits; only generated input (benchmarks) turns them off. */
  readonly limits?: boolean
  /**
   * Addresses pods already hold (`namespace/name` → node and IP), from the model before an
   * edit: host-local IPAM keeps an existing allocation, so a pod that stays on its node keeps
   * its IP and only new pods take free addresses.
   */
  readonly keepAddresses?: KeptAddresses
  /**
   * Where this text differs from `before` (the text the previous model was loaded from), when the
   * caller knows: the incremental loader then does not compare the two texts again. `from`..`to`
   * is the common start's end and the common end's start in `before` (labCore's textChange).
   */
  readonly change?: { readonly before: string; readonly from: number; readonly to: number; readonly insert?: string }
}

export function loadModel(file: string, text: string, options: LoadOptions = {}): LoadResult {
  const read = readDocuments(file, text, options.limits ?? true)
  try {
    return buildFrom(file, read, options.keepAddresses)
  } finally {
    read.release()
  }
}

function buildFrom(file: string, read: ReturnType<typeof readDocuments>, keep?: LoadOptions['keepAddresses']): LoadResult {
  const diagnostics: Diagnostic[] = [...read.diagnostics]
  if (hasErrors(diagnostics)) return { ok: false, diagnostics }
  const parsed = parseObjects(read.docs, diagnostics)
  return deriveModel(file, read.docs.length, parsed, diagnostics, keep)
}

/**
 * The derivation after parsing: `diagnostics` holds the reading and parsing problems so far and
 * receives the rest. The incremental loader (src/model/incremental) parses documents on its own
 * and calls this with the same inputs a full load would have.
 */
export function deriveModel(file: string, docCount: number, parsed: ParsedInput, diagnostics: Diagnostic[], keep?: LoadOptions['keepAddresses'], memo?: DeriveMemo): LoadResult {
  const rep = new Reporter(file, diagnostics)

  if (docCount === 0) {
    rep.add('error', undefined, [], undefined, 'the file holds no objects', 'paste a kubectl get -o yaml dump or manifests (apiVersion, kind, metadata ...); an empty List or items: null describes nothing')
    return { ok: false, diagnostics }
  }
  let cluster: ClusterSpec = inferCluster(parsed, rep, memo?.objectChanges)
  // A dump's pods carry their IPs: give a node without podCIDR the /24 its pods live in.
  // (One pass over the objects: a find per node was quadratic, seconds at 1,000 nodes.)
  const firstPodIp = new Map<string, number>()
  if (cluster.nodes.some((n) => !n.podCIDR)) {
    for (const o of parsed.objects) {
      if (o.kind === 'Pod' && o.template.nodeName && o.podIP !== null && !o.template.hostNetwork && !firstPodIp.has(o.template.nodeName)) firstPodIp.set(o.template.nodeName, o.podIP)
    }
  }
  const nodesWithCidr = cluster.nodes.map((n) => {
    if (n.podCIDR) return n
    const ip = firstPodIp.get(n.name)
    if (ip === undefined || ip === null || !cidrContains(cluster.podCIDR, ip)) return n
    const podCIDR: Cidr = cluster.network.plugin === 'bridge' ? cluster.podCIDR : { base: (ip & 0xffffff00) >>> 0, prefixLength: Math.max(24, cluster.podCIDR.prefixLength) }
    return { ...n, podCIDR }
  })
  cluster = { ...cluster, nodes: nodesWithCidr }
  // The objects by kind: after an edit, the last derivation's lists spliced (objectKinds.ts).
  const kinds = objectKinds(parsed.objects, memo?.kinds, memo?.objectChanges)
  if (memo) memo.kindsNow = kinds
  // A dump's kube-proxy ConfigMap says which backend kube-proxy runs.
  const kpConfig = kinds.kubeProxyConfigs.items[0]
  if (kpConfig) cluster = { ...cluster, kubeProxy: { ...cluster.kubeProxy, mode: kpConfig.mode } }

  checkDuplicates(parsed.objects, rep, memo)
  cluster = memo?.cluster && sameData(memo.cluster, cluster) ? memo.cluster : cluster
  // The same cluster as last time, whose nodes resolved without a problem: the same nodes.
  const lastNodes = memo?.nodesRecord
  let nodes: ModelNode[]
  if (lastNodes && lastNodes.cluster === cluster && lastNodes.clean) nodes = lastNodes.nodes as ModelNode[]
  else {
    const mark = diagnostics.length
    nodes = resolveNodes(cluster, rep).map((n) => reuse(memo?.nodes, n.name, n))
    if (memo) memo.nodesRecordNow = { cluster, nodes, clean: diagnostics.length === mark }
  }
  if (memo && !memo.nodesRecordNow) memo.nodesRecordNow = lastNodes
  const { addons, gateways } = labObjects(parsed.objects, cluster, {
    dnsServiceIP: cluster.dnsServiceIP, plugin: cluster.network.plugin, firstServiceIP: nthAddress(cluster.serviceCIDR, 1),
    nodeLocalDNS: cluster.nodeLocalDNS !== null,
  }, memo)
  // The add-ons' roles and the Gateway proxies' (a new map: the add-ons' may be the last derivation's).
  const roles = gateways.roles.length ? new Map([...addons.roles, ...gateways.roles]) : addons.roles
  // The objects the lab adds are new on every derivation: equal ones are the last derivation's.
  const generated = [...addons.objects, ...gateways.objects].map((o) => reuse(memo?.generated, generatedKey(o), o))
  memo?.generatedNow.push(...generated)
  const objects = generated.concat(parsed.objects)
  const drafts = expandWorkloads(objects, generated.length, nodes, roles, rep, memo)
  const pods = placeAndAddress(drafts, nodes, rep, keep, memo)
  let podDocs: Map<string, SourceDoc | undefined> | undefined
  checkHostPorts(pods, (p) => (podDocs ??= new Map(drafts.map((d) => [d.key, d.obj.origin?.doc]))).get(`${p.namespace}/${p.name}`), rep, memo)

  // The generated objects come first, then the parsed ones (a few of each kind are generated).
  const gen = sortObjects(generated)
  const services: ServiceObject[] = gen.services.items.concat(kinds.services.items)
  const slices: EndpointSliceObject[] = gen.slices.items.concat(kinds.slices.items)
  const ingresses: IngressObject[] = gen.ingresses.items.concat(kinds.ingresses.items)
  const networkPolicies: NetworkPolicyObject[] = gen.networkPolicies.items.concat(kinds.networkPolicies.items)
  const gatewayObjects: GatewayApiObject[] = gen.gateway.items.concat(kinds.gateway.items)
  const nsLabels = new Map<string, Readonly<Record<string, string>>>()
  for (const o of gen.namespaceObjects.items) nsLabels.set(o.name, o.labels)
  for (const o of kinds.namespaceObjects.items) nsLabels.set(o.name, o.labels)
  const namespaceSet = new Set<string>(['default', 'kube-system', 'kube-public', 'kube-node-lease'])
  for (const ns of gen.namespaces.keys()) namespaceSet.add(ns)
  for (const ns of kinds.namespaces.keys()) namespaceSet.add(ns)
  let corefile: string | null = null
  for (const o of gen.corefiles.items) corefile ??= o.text
  for (const o of kinds.corefiles.items) corefile ??= o.text
  if (!slices.some((s) => s.namespace === 'default' && s.serviceName === 'kubernetes')) {
    const cp = nodes.filter((n) => n.spec.controlPlane)
    const api = apiserverSlice((cp.length ? cp : nodes.slice(0, 1)).map((n) => ({ name: n.name, ip: n.ip })))
    // The last derivation's when equal: the Services then see the very slices they saw (services.ts).
    const last = memo?.serviceRecord?.sliceList
    const lastApi = last?.[last.length - 1]
    slices.push(lastApi && lastApi.name === 'kubernetes' && sameData(lastApi, api) ? lastApi : api)
  }
  const modelServices = buildServices(services, slices, pods, cluster, roles, rep, memo)

  for (const ing of ingresses) {
    const backends = [...ing.rules.flatMap((r) => r.paths), ...(ing.defaultBackend ? [ing.defaultBackend] : [])].filter((b) => !b.resource).map((b) => b.service)
    for (const b of new Set(backends)) {
      if (!services.some((s) => s.namespace === ing.namespace && s.name === b)) {
        rep.add('warning', ing.origin?.doc, ['spec'], `Ingress ${ing.namespace}/${ing.name}`, `backend Service ${b} does not exist in namespace ${ing.namespace}`, 'the ingress controller answers 503 for it')
      }
    }
  }

  const gatewayApi = gatewayApiState(gatewayObjects, gateways.infra, nsLabels, modelServices)
  reportGatewayStatus(gatewayApi, rep)
  const model: Model = {
    file, cluster, nodes, gatewayApi,
    namespaces: [...namespaceSet].sort(),
    pods, services: modelServices, ingresses,
    networkPolicies,
    namespaceLabels: new Map(nsLabels),
    corefile: corefile ?? DEFAULT_COREFILE(cluster.clusterDomain),
    diagnostics,
  }
  if (hasErrors(diagnostics)) return { ok: false, diagnostics }
  return { ok: true, model, diagnostics }
}
