/** Device names and MACs for pods, derived from stable keys (see addr/mac.ts for why). */
import { macFromKey } from '../addr/mac.js'
import { hashHex } from '../hash/digest.js'
import type { ModelPod } from '../model.js'

/** Host end of a pod's veth: `veth` + 8 lowercase hex, as the bridge plugin's RandomVethName. */
export const hostVethName = (pod: ModelPod): string => `veth${hashHex(`veth:${pod.containerId}`, 8)}`
export const podEthMac = (pod: ModelPod): string => macFromKey(`pod-eth0:${pod.namespace}/${pod.name}`)
export const hostVethMac = (pod: ModelPod): string => macFromKey(`host-veth:${pod.namespace}/${pod.name}`)
export const nodeEthMac = (node: string): string => macFromKey(`node-eth0:${node}`)
export const bridgeMac = (node: string): string => macFromKey(`bridge:${node}`)
export const vtepMac = (node: string): string => macFromKey(`vtep:${node}`)
