/** Device names and MACs for pods, derived from stable keys (see addr/mac.ts for why). */
import { macFromKey } from '../addr/mac.js'
import { hashHex } from '../hash/digest.js'
import type { ModelPod } from '../model.js'

/** Host end of a pod's veth: `veth` + 8 lowercase hex, as the bridge plugin's RandomVethName. */
export const hostVethName = (pod: ModelPod): string => `veth${hashHex(`veth:${pod.containerId}`, 8)}`
export const podEthMac = (pod: ModelPod): string => macFromKey(`pod-eth0:${pod.namespace}/${pod.name}`)
export const hostVethMac = (pod: ModelPod): string => macFromKey(`host-veth:${pod.namespace}/${pod.name}`)

// Every node's state lists every other node's eth0 and VTEP MACs (neighbours, FDB): thousands of
// hashes per node on a big cluster, the same ones each time, so they are memoised (bounded).
const nodeMacs = new Map<string, string>()
function nodeMac(key: string): string {
  let m = nodeMacs.get(key)
  if (m === undefined) {
    if (nodeMacs.size >= 50_000) nodeMacs.clear()
    nodeMacs.set(key, (m = macFromKey(key)))
  }
  return m
}

export const nodeEthMac = (node: string): string => nodeMac(`node-eth0:${node}`)
export const bridgeMac = (node: string): string => nodeMac(`bridge:${node}`)
export const vtepMac = (node: string): string => nodeMac(`vtep:${node}`)
