/**
 * Known distributions, recognised from what their nodes carry, with the ranges each installs
 * by default (from each project's documented defaults: kind's and minikube's
 * kubeadm config, k3s's server flags, GKE/EKS/AKS network docs). Used only when the file
 * itself does not say.
 */
import { cidr, type Cidr } from '../addr/ipv4.js'
import type { NodeSpec } from '../objects.js'

export interface Distribution {
  readonly name: string
  readonly podCIDR: Cidr | null
  readonly serviceCIDR: Cidr | null
  /** The network the nodes sit on, when the distribution fixes it (a container network). */
  readonly nodeNetwork: Cidr | null
}

/** The labels each check below looks for, as bits. */
const K3S = 1
const MINIKUBE = 2
const GKE = 4
const EKS = 8
const AKS = 16
const CONTROL_PLANE = 32

/** A label set's bits, read once per labels object: a dump is recognised again on every what-if (1,000 nodes). */
const bitsOf = new WeakMap<object, number>()
function labelBits(labels: Readonly<Record<string, string>>): number {
  let bits = bitsOf.get(labels)
  if (bits === undefined) {
    bits = 0
    for (const [k, v] of Object.entries(labels)) {
      if (k.startsWith('k3s.io/') || (k === 'node.kubernetes.io/instance-type' && v === 'k3s')) bits |= K3S
      if (k.startsWith('minikube.k8s.io/')) bits |= MINIKUBE
      if (k.startsWith('cloud.google.com/gke-')) bits |= GKE
      if (k.startsWith('eks.amazonaws.com/') || k.startsWith('alpha.eksctl.io/')) bits |= EKS
      if (k.startsWith('kubernetes.azure.com/')) bits |= AKS
      if (k === 'node-role.kubernetes.io/control-plane' || k === 'node-role.kubernetes.io/master') bits |= CONTROL_PLANE
    }
    bitsOf.set(labels, bits)
  }
  return bits
}

const hasLabel = (nodes: readonly NodeSpec[], bit: number): boolean => nodes.some((n) => (labelBits(n.labels) & bit) !== 0)

export function recognise(nodes: readonly NodeSpec[]): Distribution | null {
  if (nodes.length === 0) return null
  const names = nodes.map((n) => n.name)
  if (hasLabel(nodes, K3S)) {
    const k3d = names.every((n) => n.startsWith('k3d-'))
    return { name: k3d ? 'k3d' : 'k3s', podCIDR: cidr('10.42.0.0/16'), serviceCIDR: cidr('10.43.0.0/16'), nodeNetwork: null }
  }
  if (names.every((n) => /^k3d-.*-(server|agent)-\d+$/.test(n))) return { name: 'k3d', podCIDR: cidr('10.42.0.0/16'), serviceCIDR: cidr('10.43.0.0/16'), nodeNetwork: null }
  if (hasLabel(nodes, MINIKUBE) || names.includes('minikube')) {
    return { name: 'minikube', podCIDR: cidr('10.244.0.0/16'), serviceCIDR: cidr('10.96.0.0/12'), nodeNetwork: cidr('192.168.49.0/24') }
  }
  if (hasLabel(nodes, GKE)) return { name: 'GKE', podCIDR: null, serviceCIDR: null, nodeNetwork: null }
  if (hasLabel(nodes, EKS)) return { name: 'EKS', podCIDR: null, serviceCIDR: cidr('10.100.0.0/16'), nodeNetwork: null }
  if (hasLabel(nodes, AKS)) return { name: 'AKS', podCIDR: cidr('10.244.0.0/16'), serviceCIDR: cidr('10.0.0.0/16'), nodeNetwork: null }
  // kind names its nodes <cluster>-control-plane[N] and <cluster>-worker[N] on the docker "kind" network.
  if (names.some((n) => /-control-plane\d*$/.test(n)) && names.every((n) => /-(control-plane|worker)\d*$/.test(n))) {
    return { name: 'kind', podCIDR: cidr('10.244.0.0/16'), serviceCIDR: cidr('10.96.0.0/12'), nodeNetwork: null }
  }
  if (hasLabel(nodes, CONTROL_PLANE)) {
    return { name: 'kubeadm', podCIDR: null, serviceCIDR: cidr('10.96.0.0/12'), nodeNetwork: null }
  }
  return null
}
