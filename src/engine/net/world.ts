/**
 * The cluster as the packet engine sees it: which namespace owns an address, each namespace's
 * devices, routes and rules, the MAC an address resolves to, and which sockets listen.
 */
import { macFromKey } from '../../model/addr/mac.js'
import type { Model, ModelNode, ModelPod } from '../../model/model.js'
import { hostVethName, podEthMac } from '../../model/node/naming.js'
import { nodeState } from '../../model/node/nodeState.js'
import { podState } from '../../model/node/podState.js'
import type { NetDevice, NetnsState, NodeState, RouteEntry } from '../../model/node/types.js'
import type { Place } from '../trace/types.js'
import { loadBalancerAnnouncers } from './announce.js'
import { LazyIndex, lastMatch, podKeyIndex } from './lazyIndex.js'
import { podsByIpOf, podsByNameOf } from '../../model/podLookup.js'
import { podsOnNode } from '../../model/podsByNode.js'

export type Proto = 'tcp' | 'udp' | 'icmp'

export interface ExternalHost {
  readonly name: string
  readonly ip: number
}

/** A netns with its devices and routes (pods, nodes and outside clients alike). */
export interface Netns extends NetnsState {
  readonly place: Place
  /** Name used in `show` view references (`node/node1`, `pod/default/web-1`). */
  readonly ref: string
}

const UNDERLAY_ROUTER = '__gateway__'

export const externalMac = (name: string): string => macFromKey(`external-eth0:${name}`)

const worlds = new WeakMap<Model, World>()

/** One World per model: the engine's lookups are built once. */
export function worldOf(model: Model): World {
  let w = worlds.get(model)
  if (!w) worlds.set(model, (w = new World(model)))
  return w
}

/**
 * Node addresses: eth0, plus flannel.1 (the pod CIDR's network address) and the bridge (its
 * first address); computed from the model so a 1,000-node cluster derives no node state. The
 * earlier model's map when a what-if kept the node list (3,000 entries otherwise made again).
 */
const nodeAddressMaps = new WeakMap<readonly ModelNode[], ReadonlyMap<number, ModelNode>>()
function nodeAddresses(model: Model): ReadonlyMap<number, ModelNode> {
  let m = nodeAddressMaps.get(model.nodes)
  if (!m) {
    const map = new Map<number, ModelNode>()
    for (const n of model.nodes) {
      map.set(n.ip, n)
      map.set(n.podCIDR.base, n)
      map.set((n.podCIDR.base + 1) >>> 0, n)
    }
    nodeAddressMaps.set(model.nodes, (m = map))
  }
  return m
}

export class World {
  // The pod lookups are lazy (see LazyIndex): a model made by a what-if is traced a few times
  // before anyone asks it for many pods, and indexing 30k pods per model would cost more.
  private readonly podByIp: { get(ip: number): ModelPod | undefined }
  private readonly nodeByIp: ReadonlyMap<number, ModelNode>
  private readonly externalByIp = new Map<number, ExternalHost>()
  private readonly podByName: { get(key: string): ModelPod | undefined }
  private readonly netnsCache = new Map<string, Netns>()
  private readonly macs = new Map<ModelPod, string>()
  /** Per node, its pods by host-side veth name: only the nodes a packet crosses. */
  private readonly vethIndex = new Map<string, Map<string, ModelPod>>()
  private readonly lbNode: Map<number, ModelNode | undefined>
  readonly externals: readonly ExternalHost[]

  constructor(readonly model: Model) {
    const pods = model.pods
    const podNet = (p: ModelPod): boolean => p.ip !== null && !p.hostNetwork
    // The derivation's own indexes when it kept them (model/podLookup.ts), else lazy ones.
    const byIp = podsByIpOf(model)
    this.podByIp = byIp ? { get: (ip) => byIp.get(String(ip)) } : new LazyIndex(() => {
      const m = new Map<number, ModelPod>()
      for (const p of pods) if (podNet(p)) m.set(p.ip!, p)
      return m
    }, (ip) => lastMatch(pods, (p) => p.ip === ip && podNet(p)))
    this.podByName = podsByNameOf(model) ?? podKeyIndex(pods)
    this.lbNode = loadBalancerAnnouncers(model)
    this.nodeByIp = nodeAddresses(model)
    this.externals = model.cluster.externalClients.map((e) => ({ name: e.name, ip: e.ip }))
    for (const e of this.externals) this.externalByIp.set(e.ip, e)
  }

  podAt(ip: number): ModelPod | undefined {
    return this.podByIp.get(ip)
  }

  /** The node that holds `ip` on one of its devices. */
  nodeAt(ip: number): ModelNode | undefined {
    const n = this.nodeByIp.get(ip)
    return n && (n.ip === ip || isLocalTo(this.nodeState(n.name), ip)) ? n : undefined
  }

  externalAt(ip: number): ExternalHost | undefined {
    return this.externalByIp.get(ip)
  }

  node(name: string): ModelNode {
    const n = this.model.nodes.find((x) => x.name === name)
    if (!n) throw new Error(`no node ${name}`)
    return n
  }

  nodeState(name: string): NodeState {
    return nodeState(this.model, name)!
  }

  nodeNetns(name: string): Netns {
    const key = `node/${name}`
    let ns = this.netnsCache.get(key)
    if (!ns) {
      const s = this.nodeState(name)
      ns = { place: { kind: 'node', node: name }, ref: key, devices: s.devices, routes: s.routes, neighbors: s.neighbors }
      this.netnsCache.set(key, ns)
    }
    return ns
  }

  podNetns(pod: ModelPod): Netns {
    if (pod.hostNetwork) return this.nodeNetns(pod.nodeName!)
    const key = `pod/${pod.namespace}/${pod.name}`
    let ns = this.netnsCache.get(key)
    if (!ns) {
      const s = podState(this.model, pod)!
      ns = { place: { kind: 'pod', pod: `${pod.namespace}/${pod.name}`, node: pod.nodeName! }, ref: key, devices: s.devices, routes: s.routes, neighbors: s.neighbors }
      this.netnsCache.set(key, ns)
    }
    return ns
  }

  /** An outside host: one interface on the node network, default route via its gateway. */
  externalNetns(e: ExternalHost): Netns {
    const u = this.model.cluster.underlay
    const devices: NetDevice[] = [
      { ifindex: 1, name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, state: 'UNKNOWN', addresses: [{ ip: 0x7f000001, prefixLength: 8 }] },
      { ifindex: 2, name: 'eth0', kind: 'ethernet', mac: externalMac(e.name), mtu: 1500, state: 'UP', addresses: [{ ip: e.ip, prefixLength: u.cidr.prefixLength }] },
    ]
    const routes: RouteEntry[] = [
      { dst: null, via: u.gateway, dev: 'eth0' },
      { dst: u.cidr, dev: 'eth0', proto: 'kernel', scope: 'link', src: e.ip },
    ]
    return { place: { kind: 'external', client: e.name }, ref: `external/${e.name}`, devices, routes, neighbors: [] }
  }

  netnsOf(place: Place): Netns {
    switch (place.kind) {
      case 'node': return this.nodeNetns(place.node)
      case 'pod': {
        const [ns, name] = place.pod.split('/')
        return this.podNetns(this.podByName.get(`${ns}/${name}`)!)
      }
      case 'external': return this.externalNetns(this.externals.find((e) => e.name === place.client)!)
      case 'underlay': throw new Error('the underlay is a segment, not a netns')
    }
  }

  /**
   * The node that answers ARP for a LoadBalancer IP on the node network, as a MetalLB-style L2
   * announcement would: the first node (in node order) with a ready endpoint of the Service when
   * its externalTrafficPolicy is Local, else the first node.
   */
  loadBalancerNode(ip: number): ModelNode | undefined {
    return this.lbNode.get(ip)
  }

  /** The pod behind a host-side veth of a node. */
  podByHostVeth(node: string, veth: string): ModelPod | undefined {
    let perNode = this.vethIndex.get(node)
    if (!perNode) {
      perNode = new Map()
      for (const p of podsOnNode(this.model, node).net) perNode.set(hostVethName(p), p)
      this.vethIndex.set(node, perNode)
    }
    return perNode.get(veth)
  }

  /** A node's hostNetwork pods, in model order. */
  private hostPodsOf(node: string): readonly ModelPod[] {
    return podsOnNode(this.model, node).host
  }

  /** `ns/name` → pod. */
  pod(key: string): ModelPod | undefined {
    return this.podByName.get(key)
  }

  /** The MAC that answers ARP for `ip` on the node network. */
  underlayMac(ip: number): string | null {
    const lb = this.loadBalancerNode(ip)
    if (lb) return this.nodeState(lb.name).devices.find((d) => d.name === 'eth0')!.mac
    const n = this.nodeByIp.get(ip)
    if (n && n.ip === ip) return this.nodeState(n.name).devices.find((d) => d.name === 'eth0')!.mac
    const e = this.externalByIp.get(ip)
    if (e) return externalMac(e.name)
    if (ip === this.model.cluster.underlay.gateway) return macFromKey(`node-eth0:${UNDERLAY_ROUTER}`)
    return null
  }

  podMac(pod: ModelPod): string {
    let mac = this.macs.get(pod)
    if (mac === undefined) this.macs.set(pod, (mac = podEthMac(pod)))
    return mac
  }

  /**
   * Whether a socket listens on ip:port/proto in this place. Pods listen on their containers'
   * declared ports; nodes on the ports of their hostNetwork pods plus sshd (22) and the kubelet
   * (10250), and the control plane on the apiserver port (6443); outside hosts stand for
   * arbitrary servers and accept any port.
   */
  listener(place: Place, port: number, proto: Proto): { who: string; container?: string; assumed?: boolean } | null {
    const P = proto.toUpperCase()
    const declared = (p: ModelPod): string | undefined =>
      p.template.containers.find((c) => c.ports.some((cp) => cp.containerPort === port && cp.protocol === P))?.name
    if (place.kind === 'pod') {
      const pod = this.podByName.get(place.pod)!
      const c = declared(pod)
      if (c !== undefined) return { who: place.pod, container: c }
      // containerPort is informational: a process listens where it binds. A pod that declares
      // no ports, or a port a Service sends it to, is assumed to listen (the trace says so);
      // a pod that declares its ports and not this one is taken at its word.
      const declaresNone = pod.template.containers.every((k) => k.ports.length === 0)
      const targeted = pod.ip !== null && this.model.services.some((s) => s.ports.some((sp) => sp.spec.protocol === P && sp.endpoints.some((e) => e.ip === pod.ip && e.port === port)))
      if ((declaresNone || targeted) && pod.template.containers.length) return { who: place.pod, container: pod.template.containers[0]!.name, assumed: true }
      return null
    }
    if (place.kind === 'node') {
      for (const p of this.hostPodsOf(place.node)) {
        const c = declared(p)
        if (c !== undefined) return { who: `${p.namespace}/${p.name}`, container: c }
      }
      if (proto === 'tcp' && (port === 22 || port === 10250)) return { who: port === 22 ? 'sshd' : 'kubelet' }
      if (proto === 'tcp' && port === 6443 && this.node(place.node).spec.controlPlane) return { who: 'kube-apiserver' }
      return null
    }
    if (place.kind === 'external') return { who: place.client }
    return null
  }
}

export function isLocalTo(ns: NetnsState, ip: number): boolean {
  if ((ip >>> 24) === 127) return true
  return ns.devices.some((d) => d.addresses.some((a) => a.ip === ip))
}

