/**
 * Kubernetes NetworkPolicy semantics for one connection attempt: a pod selected by a policy of
 * a direction is isolated in that direction, and then only what some selecting policy's rule
 * allows gets through (peers: podSelector, namespaceSelector, both, ipBlock with except; ports
 * by number or container-port name, with endPort). Replies of allowed connections are not
 * checked (policies are enforced statefully). Namespaces carry the automatic
 * `kubernetes.io/metadata.name` label.
 */
import { cidrContains, formatIpv4, parseCidr } from '../../model/addr/ipv4.js'
import { matchesSelector } from '../../model/derive/selectors.js'
import type { Model, ModelPod } from '../../model/model.js'
import type { LabelSelector, NetworkPolicyObject } from '../../model/objects.js'
import { msg, type Message } from '../messages/catalog.js'
import { worldOf } from '../net/world.js'
import { isRecord } from '../../model/isRecord.js'

export type Direction = 'ingress' | 'egress'

export interface PolicyVerdict {
  readonly allowed: boolean
  /** False when no policy selects the pod in this direction (it is not isolated). */
  readonly isolated: boolean
  /** What decided (policy.allows, policy.deniesOne/Many, policy.notSelected). */
  readonly reason: Message
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

function selectorOf(v: unknown): LabelSelector | null {
  if (!isRecord(v)) return null
  const matchLabels: Record<string, string> = Object.create(null) as Record<string, string>
  if (isRecord(v['matchLabels'])) for (const [k, x] of Object.entries(v['matchLabels'])) matchLabels[k] = String(x)
  const matchExpressions = list(v['matchExpressions']).filter(isRecord).map((e) => ({
    key: String(e['key'] ?? ''),
    operator: (['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(String(e['operator'])) ? String(e['operator']) : 'Exists') as LabelSelector['matchExpressions'][number]['operator'],
    values: list(e['values']).map(String),
  }))
  return { matchLabels, matchExpressions }
}

function policyTypes(p: NetworkPolicyObject): Direction[] {
  const declared = list(p.spec['policyTypes']).map((t) => String(t).toLowerCase())
  if (declared.length) return declared.filter((t): t is Direction => t === 'ingress' || t === 'egress')
  return p.spec['egress'] !== undefined ? ['ingress', 'egress'] : ['ingress']
}

/** The pod (if any) with this IP, for peer selectors. */
const podWithIp = (model: Model, ip: number): ModelPod | undefined => worldOf(model).podAt(ip)

function peerMatches(model: Model, policyNs: string, peer: Record<string, unknown>, ip: number): boolean {
  if (isRecord(peer['ipBlock'])) {
    const block = parseCidr(String(peer['ipBlock']['cidr'] ?? ''))
    if (!block.ok || !cidrContains(block.cidr, ip)) return false
    return !list(peer['ipBlock']['except']).some((e) => { const c = parseCidr(String(e)); return c.ok && cidrContains(c.cidr, ip) })
  }
  const pod = podWithIp(model, ip)
  if (!pod) return false
  const podSel = peer['podSelector'] !== undefined ? selectorOf(peer['podSelector']) : null
  const nsSel = peer['namespaceSelector'] !== undefined ? selectorOf(peer['namespaceSelector']) : null
  if (nsSel) {
    // The namespace's own labels plus the one the API server sets on every namespace.
    const nsLabels = { ...(model.namespaceLabels?.get(pod.namespace) ?? {}), 'kubernetes.io/metadata.name': pod.namespace }
    if (!matchesSelector(nsSel, nsLabels)) return false
  } else if (pod.namespace !== policyNs) return false
  return podSel ? matchesSelector(podSel, pod.labels) : true
}

function portMatches(rulePorts: unknown[], port: number, proto: string, target: ModelPod | undefined): boolean {
  if (rulePorts.length === 0) return true
  return rulePorts.filter(isRecord).some((p) => {
    if (String(p['protocol'] ?? 'TCP').toUpperCase() !== proto.toUpperCase()) return false
    const v = p['port']
    if (v === undefined) return true
    if (typeof v === 'number') {
      const end = typeof p['endPort'] === 'number' ? p['endPort'] : v
      return port >= v && port <= end
    }
    // A named port: the destination pod's container port of that name.
    return !!target?.template.containers.some((c) => c.ports.some((cp) => cp.name === String(v) && cp.containerPort === port && cp.protocol === proto.toUpperCase()))
  })
}

/**
 * Whether `pod` may receive from (ingress) or send to (egress) `peerIp` on `port`. For egress
 * the port is the destination's; for ingress it is the pod's own port.
 */
export function evaluatePolicies(model: Model, pod: ModelPod, direction: Direction, peerIp: number, port: number, proto: string): PolicyVerdict {
  const selecting = model.networkPolicies.filter((p) => {
    if (p.namespace !== pod.namespace || !policyTypes(p).includes(direction)) return false
    const sel = selectorOf(p.spec['podSelector'] ?? {})
    return sel !== null && matchesSelector(sel, pod.labels)
  })
  if (!selecting.length) return { allowed: true, isolated: false, reason: msg('policy.notSelected', { pod: `${pod.namespace}/${pod.name}`, direction }) }
  const target = direction === 'ingress' ? pod : podWithIp(model, peerIp)
  for (const p of selecting) {
    const rules = list(p.spec[direction]).filter(isRecord)
    for (const [i, rule] of rules.entries()) {
      const peers = list(rule[direction === 'ingress' ? 'from' : 'to']).filter(isRecord)
      const peerOk = peers.length === 0 || peers.some((peer) => peerMatches(model, p.namespace, peer, peerIp))
      if (peerOk && portMatches(list(rule['ports']), port, proto, target)) {
        return { allowed: true, isolated: true, reason: msg('policy.allows', { policy: `${p.namespace}/${p.name}`, direction, rule: i + 1, peer: formatIpv4(peerIp), port, proto }) }
      }
    }
  }
  return {
    allowed: false, isolated: true,
    reason: selecting.length === 1
      ? msg('policy.deniesOne', { policy: `${selecting[0]!.namespace}/${selecting[0]!.name}`, pod: `${pod.namespace}/${pod.name}`, direction, peer: formatIpv4(peerIp), port, proto })
      : msg('policy.deniesMany', { policies: selecting.map((p) => `NetworkPolicy ${p.namespace}/${p.name}`).join(', '), pod: `${pod.namespace}/${pod.name}`, direction, peer: formatIpv4(peerIp), port, proto }),
  }
}
