/**
 * kube-scheduler's decision for one pod, on the model's own rules (src/model/derive/pods.ts):
 * the filters are nodeRejection's (NodeUnschedulable, TaintToleration, NodeAffinity in the
 * default profile's order); the score is the lab's stand-in for the balancing plugins — the
 * feasible node with the fewest pods wins, ties to the earlier node — so a pod added here lands
 * where loading the topology with it would have put it. A pod no node takes gets upstream's
 * FitError text (pkg/scheduler/framework: "0/N nodes are available: <count> <reason>, … ." with
 * the reasons sorted as strings, then the preemption PostFilter's message).
 */
import { nodeRejection, type NodeRejection } from '../../model/derive/pods.js'
import type { Model, ModelNode } from '../../model/model.js'
import type { PodTemplate } from '../../model/objects.js'

export interface ScheduleDecision {
  readonly node: ModelNode | null
  readonly filtered: readonly { readonly node: string; readonly rejection: NodeRejection }[]
  /** Feasible nodes with their pod counts, best first. */
  readonly scores: readonly { readonly node: string; readonly pods: number }[]
  /** FailedScheduling's message when no node fits. */
  readonly failure: string | null
}

/** The reason string each filter plugin returns (its ErrReason). */
export function filterReason(r: NodeRejection): string {
  switch (r.filter) {
    case 'NodeUnschedulable': return 'node(s) were unschedulable'
    case 'TaintToleration': return `node(s) had untolerated taint {${r.taint.key}: ${r.taint.value}}`
    case 'NodeAffinity': return "node(s) didn't match Pod's node affinity/selector"
  }
}

export function fitError(total: number, rejections: readonly NodeRejection[]): string {
  const counts = new Map<string, number>()
  for (const r of rejections) counts.set(filterReason(r), (counts.get(filterReason(r)) ?? 0) + 1)
  const reasons = [...counts].map(([reason, n]) => `${n} ${reason}`).sort()
  // All three filters return UnschedulableAndUnresolvable, so preemption cannot help on any node.
  return `0/${total} nodes are available: ${reasons.join(', ')}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`
}

export function schedulePod(model: Model, template: PodTemplate, daemonSet: boolean): ScheduleDecision {
  const load = new Map(model.nodes.map((n) => [n.name, 0]))
  for (const p of model.pods) if (p.nodeName) load.set(p.nodeName, (load.get(p.nodeName) ?? 0) + 1)
  const filtered: { node: string; rejection: NodeRejection }[] = []
  const feasible: ModelNode[] = []
  for (const n of model.nodes) {
    const r = nodeRejection(template, n, daemonSet)
    if (r) filtered.push({ node: n.name, rejection: r })
    else feasible.push(n)
  }
  const scores = feasible.map((n) => ({ node: n.name, pods: load.get(n.name)!, index: n.index }))
    .sort((a, b) => a.pods - b.pods || a.index - b.index)
    .map(({ node, pods }) => ({ node, pods }))
  const best = scores[0]
  return {
    node: best ? feasible.find((n) => n.name === best.node)! : null,
    filtered, scores,
    failure: best ? null : fitError(model.nodes.length, filtered.map((f) => f.rejection)),
  }
}
