/** Device names and MACs for pods, derived from stable keys (see addr/mac.ts for why). */
import { macFromKey } from '../addr/mac.js'
import { hashHex } from '../hash/digest.js'
import type { ModelPod } from '../model.js'

// A pod keeps its object across incremental reloads (src/model/incremental), so its names and
// MACs are kept per pod object: a new model's world indexes every veth without hashing again.
const perPod = new WeakMap<ModelPod, { veth?: string; eth?: string; hostMac?: string }>()
function podNames(pod: ModelPod): { veth?: string; eth?: string; hostMac?: string } {
  let n = perPod.get(pod)
  if (!n) perPod.set(pod, (n = {}))
  return n
}

/** Host end of a pod's veth: `veth` + 8 lowercase hex, as the bridge plugin's RandomVethName. */
export const hostVethName = (pod: ModelPod): string => {
  const n = podNames(pod)
  return (n.veth ??= `veth${hashHex(`veth:${pod.containerId}`, 8)}`)
}
export const podEthMac = (pod: ModelPod): string => {
  const n = podNames(pod)
  return (n.eth ??= macFromKey(`pod-eth0:${pod.namespace}/${pod.name}`))
}
export const hostVethMac = (pod: ModelPod): string => {
  const n = podNames(pod)
  return (n.hostMac ??= macFromKey(`host-veth:${pod.namespace}/${pod.name}`))
}

// Every node's state lists every other node's eth0 and VTEP MACs (neighbours, FDB): thousands of
// hashes per node on a big cluster, the same ones each time, so they are memoised (bounded), by
// the node's name itself: a key made by joining strings was hashed anew on every lookup (2,000
// per node state, ~2 ms each on a 1,000-node cluster).
const nodeMacs = { eth: new Map<string, string>(), bridge: new Map<string, string>(), vtep: new Map<string, string>() }
const PREFIX = { eth: 'node-eth0:', bridge: 'bridge:', vtep: 'vtep:' } as const
function nodeMac(kind: keyof typeof PREFIX, node: string): string {
  const macs = nodeMacs[kind]
  let m = macs.get(node)
  if (m === undefined) {
    if (macs.size >= 20_000) macs.clear()
    macs.set(node, (m = macFromKey(PREFIX[kind] + node)))
  }
  return m
}

export const nodeEthMac = (node: string): string => nodeMac('eth', node)
export const bridgeMac = (node: string): string => nodeMac('bridge', node)
export const vtepMac = (node: string): string => nodeMac('vtep', node)
