/**
 * The objects the lab adds to a cluster (add-ons: addons.ts; Gateway proxies: gatewayAddon.ts)
 * and the roles it recognises. Both read only a few kinds of object: after an edit that changed
 * none of those, with the same inputs, they are the last derivation's.
 */
import type { ClusterObject, ClusterSpec } from '../objects.js'
import { addonObjects, ADDON_NAMESPACES, type AddonSet } from './addons.js'
import { gatewayInfra } from './gatewayAddon.js'
import type { DeriveMemo } from './memo.js'

type AddonOptions = Parameters<typeof addonObjects>[1]
export type GatewaySet = ReturnType<typeof gatewayInfra>

/** What the lab generated last time, and from what. */
export interface LabObjectsRecord {
  readonly options: AddonOptions
  readonly addons: AddonSet
  readonly cluster: ClusterSpec
  /** One infra entry per Gateway object: with any, every Service's addresses count for the proxies' pool. */
  readonly gateways: GatewaySet
}

/** What addonObjects asks of the objects: the add-ons' namespaces, the `kubernetes` Service, whether any Ingress exists. */
const addonsRead = (o: ClusterObject): boolean =>
  ('namespace' in o && ADDON_NAMESPACES.has(o.namespace)) || (o.kind === 'Service' && o.name === 'kubernetes') || o.kind === 'Ingress'

const sameOptions = (a: AddonOptions, b: AddonOptions): boolean =>
  a.dnsServiceIP === b.dnsServiceIP && a.plugin === b.plugin && a.firstServiceIP === b.firstServiceIP && a.nodeLocalDNS === b.nodeLocalDNS

export function labObjects(objects: readonly ClusterObject[], cluster: ClusterSpec, options: AddonOptions, memo: DeriveMemo | undefined): { addons: AddonSet; gateways: GatewaySet } {
  const last = memo?.labObjects
  const change = memo?.objectChanges
  const touched = (read: (o: ClusterObject) => boolean): boolean => !change || change.removed.some(read) || change.added.some(read)
  const addons = last && !touched(addonsRead) && sameOptions(last.options, options) ? last.addons : addonObjects(objects, options)
  const gatewaysRead = (o: ClusterObject): boolean => o.kind === 'GatewayClass' || o.kind === 'Gateway' || (last!.gateways.infra.length > 0 && o.kind === 'Service')
  // No Gateway last time and none added: none now, whatever the cluster (a cordon changes it),
  // instead of two filters of a dump's 50,000 objects.
  const gateways = last && (last.cluster === cluster || last.gateways.infra.length === 0) && !touched(gatewaysRead) ? last.gateways : gatewayInfra(objects, cluster)
  if (memo) memo.labObjectsNow = { options, addons, cluster, gateways }
  return { addons, gateways }
}
