/**
 * A node's links, routes, neighbours, FDB and sysctls after a what-if: the earlier model's for
 * the same node when what they are made of did not change. They depend on the cluster's network
 * settings, every node's name, address and pod CIDR (a route, a neighbour and for VXLAN an FDB
 * entry per other node: 1,000 of each, the routes sorted) and the node's pods on the pod network
 * (a veth each). A scale, a Service edit or a pod deleted elsewhere leaves all of that alone, so
 * the trace after it takes them instead of deriving 3 nodes' worth again; the netfilter rules
 * are still written for the new model (kube-proxy's follow the Services).
 */
import type { Cidr } from '../addr/ipv4.js'
import type { Model, ModelNode, ModelPod } from '../model.js'
import type { ClusterSpec } from '../objects.js'
import { nearestEarlier } from './lineage.js'
import type { FdbEntry, NeighEntry, NetDevice, NodeState, RouteEntry } from './types.js'

/** What a node's base was made of. */
export interface BaseInputs {
  readonly cluster: ClusterSpec
  readonly nodes: readonly ModelNode[]
  readonly node: ModelNode
  /** The node's pods on the pod network, in start order (podsByNode.ts's list). */
  readonly pods: readonly ModelPod[]
}

export interface NodeBase {
  readonly inputs: BaseInputs
  readonly devices: readonly NetDevice[]
  readonly routes: readonly RouteEntry[]
  readonly neighbors: readonly NeighEntry[]
  readonly fdb: readonly FdbEntry[]
  readonly sysctls: readonly (readonly [string, string])[]
  /** Every device address, for kube-proxy's node IPs. */
  readonly localAddresses: readonly number[]
}

export const baseInputs = (model: Model, node: ModelNode, pods: readonly ModelPod[]): BaseInputs => ({ cluster: model.cluster, nodes: model.nodes, node, pods })

const bases = new WeakMap<NodeState, NodeBase>()

/** Bases taken from an earlier model and made afresh: for tests. */
export const nodeBaseCounters = { reused: 0, derived: 0 }

export function noteBase(state: NodeState, base: NodeBase): void {
  bases.set(state, base)
}

/** The base of the nearest earlier model's state of this node (`stateIn`: a model's, if derived), when it was made of the same; else null. */
export function earlierBase(model: Model, node: ModelNode, pods: readonly ModelPod[], stateIn: (m: Model) => NodeState | undefined): NodeBase | null {
  const state = nearestEarlier(model, stateIn)
  const base = state && bases.get(state)
  if (!base || !sameInputs(base.inputs, model, node, pods)) {
    nodeBaseCounters.derived++
    return null
  }
  nodeBaseCounters.reused++
  // The inputs are the new model's from now on, so the next what-if compares against these.
  return { ...base, inputs: baseInputs(model, node, pods) }
}

const sameCidr = (a: Cidr, b: Cidr): boolean => a.base === b.base && a.prefixLength === b.prefixLength
const sameNode = (a: ModelNode, b: ModelNode): boolean => a === b || (a.name === b.name && a.ip === b.ip && sameCidr(a.podCIDR, b.podCIDR))

/** The cluster settings deriveBase reads (a drain makes a new cluster object with the same ones). */
function sameSettings(a: ClusterSpec, b: ClusterSpec): boolean {
  if (a === b) return true
  return a.network.plugin === b.network.plugin && a.network.backend === b.network.backend && a.network.mtu === b.network.mtu
    && sameCidr(a.underlay.cidr, b.underlay.cidr) && a.underlay.gateway === b.underlay.gateway
    && (a.nodeLocalDNS?.ip ?? null) === (b.nodeLocalDNS?.ip ?? null) && a.dnsServiceIP === b.dnsServiceIP
    && a.kubeProxy.localhostNodePorts === b.kubeProxy.localhostNodePorts && a.kubeProxy.mode === b.kubeProxy.mode
}

function sameInputs(was: BaseInputs, model: Model, node: ModelNode, pods: readonly ModelPod[]): boolean {
  if (!sameSettings(was.cluster, model.cluster) || !sameNode(was.node, node)) return false
  if (was.pods !== pods) {
    if (was.pods.length !== pods.length) return false
    for (let i = 0; i < pods.length; i++) if (was.pods[i] !== pods[i]) return false
  }
  if (was.nodes !== model.nodes) {
    if (was.nodes.length !== model.nodes.length) return false
    for (let i = 0; i < model.nodes.length; i++) if (!sameNode(was.nodes[i]!, model.nodes[i]!)) return false
  }
  return true
}
