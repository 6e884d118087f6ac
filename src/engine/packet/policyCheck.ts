/**
 * NetworkPolicy at a pod's veth for a new connection: the sending pod's egress after DNAT (at
 * the bridge), the receiving pod's ingress after SNAT (at its bridge port). With a policy agent
 * (network.policy: calico) a denied packet is dropped; without one the policies exist but
 * nothing enforces them, and the hop says so. Replies are not checked (policies are stateful).
 */
import type { ModelPod } from '../../model/model.js'
import { msg } from '../messages/catalog.js'
import { evaluatePolicies, type Direction } from '../policy/networkPolicy.js'
import type { Decision, Place } from '../trace/types.js'
import { end, hop, type Pkt, type WalkEnv, type WalkState } from './walkState.js'

const isReplyPacket = (p: Pkt): boolean => p.flags === 'SYN-ACK' || p.flags === 'reply'

/** The walk with the policy hop (ended when the policy drops it), or 'pass' when no policy isolates the pod. */
export function policyCheck(env: WalkEnv, s: WalkState, pod: ModelPod, direction: Direction, place: Place, device: string): WalkState | 'pass' {
  const p = s.pkt
  if (isReplyPacket(p)) return 'pass'
  const model = env.world.model
  const peer = direction === 'ingress' ? p.src : p.dst
  const v = evaluatePolicies(model, pod, direction, peer, p.dport, p.proto)
  if (!v.isolated) return 'pass'
  const enforced = model.cluster.network.policy === 'calico'
  const decidedBy: Decision[] = [{ what: 'policy', view: '', line: 0, text: '', message: v.reason }]
  const hook = `NetworkPolicy ${direction}`
  if (v.allowed) {
    return hop(s, { place, device, kind: 'policy', hook, after: p, decidedBy, explanation: msg(enforced ? 'hop.policy.allowed' : 'hop.policy.allowedUnenforced', { reason: v.reason }) }, s.stage)
  }
  if (!enforced) {
    return hop(s, { place, device, kind: 'policy', hook, after: p, decidedBy, explanation: msg('hop.policy.unenforced', { reason: v.reason, plugin: model.cluster.network.plugin }) }, s.stage)
  }
  return end(hop(s, { place, device, kind: 'drop', hook, after: p, decidedBy, explanation: msg('hop.policy.drop', { reason: v.reason }) }, s.stage), 'timeout', msg('end.policy', { reason: v.reason }), place)
}

/** Runs the check and tells the stage whether the walk ended there. */
export function checkPolicy(env: WalkEnv, s: WalkState, pod: ModelPod, direction: Direction, place: Place, device: string): { s: WalkState; ended: boolean } {
  const checked = policyCheck(env, s, pod, direction, place, device)
  if (checked === 'pass') return { s, ended: false }
  return { s: checked, ended: checked.stage.k === 'end' }
}
