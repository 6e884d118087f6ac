/**
 * Work the model worker does in its idle time after a big cluster loads, before anyone asks:
 * the first trace on a fresh 1,000-node model paid ~1 s for caches every later trace shares —
 * the first node's kube-proxy rules (the Service chains every node shares, src/model/kubeproxy),
 * the CoreDNS view of 10,000 Services, the rule numbering of the cluster-wide chains — while
 * the page was still putting the model on screen and the learner picking a source. A trace
 * through cluster DNS to a Service builds all of them; the learner's first trace then derives
 * only what is its own (its source node's state, its Service's chains).
 *
 * Caches only: a trace's answer is the same whether it ran before or after these (the caches
 * are keyed by the model and its objects). Each step is one call; the worker stops between
 * steps when a request is waiting, which then finds whatever the steps before it built.
 */
import { trace } from '../../engine/trace/trace.js'
import type { Model, ModelPod } from '../../model/model.js'
import { clusterDns } from '../../model/dns/clusterDns.js'
import { nodeState } from '../../model/node/nodeState.js'
import { PRIME_EDIT_STEPS, primeEdits } from '../../model/incremental/reload.js'

/** Below this many pods and Services a first trace is quick anyway: nothing is warmed. */
export const WARM_UP_MIN_OBJECTS = 2000

/**
 * The steps for `model`, in order: the state of the node running CoreDNS (every trace to a name
 * goes there), CoreDNS's answers, then a trace from a pod on that node to a Service by its DNS name.
 */
export function warmUpSteps(model: Model): (() => void)[] {
  if (model.pods.length + model.services.length < WARM_UP_MIN_OBJECTS) return []
  const dns = model.pods.find((p) => p.addon === 'coredns' && p.nodeName !== null)
  const node = dns?.nodeName ?? model.nodes[0]?.name
  if (node === undefined) return []
  const clients = (p: ModelPod): boolean => !p.hostNetwork && p.ip !== null && p.phase === undefined && p.template.dnsPolicy === 'ClusterFirst'
  const from = model.pods.find((p) => clients(p) && p.nodeName === node) ?? model.pods.find(clients)
  const to = model.services.find((s) => s.namespace === 'default' && s.name === 'kubernetes' && typeof s.clusterIP === 'number' && s.ports.length > 0)
    ?? model.services.find((s) => typeof s.clusterIP === 'number' && s.ports.length > 0 && s.ports[0]!.endpoints.length > 0)
  // Each its own step (a request waits for at most one): the node, CoreDNS's view of the Services, the trace.
  const steps: (() => void)[] = [() => { nodeState(model, node) }, () => { clusterDns(model) }]
  if (from && to) steps.push(() => { trace(model, { from: `pod/${from.namespace}/${from.name}`, to: `${to.name}.${to.namespace}:${to.ports[0]!.spec.port}` }) })
  return steps
}

/**
 * What the first what-if on `model` would build (reload.ts primeEdits: ~80 ms of it at 1,000
 * nodes), one lookup per step. The worker takes these after the learner's first trace on the
 * model (a what-if comes after one), so that trace never waits behind them.
 */
export function whatIfSteps(model: Model): (() => void)[] {
  if (model.pods.length + model.services.length < WARM_UP_MIN_OBJECTS) return []
  const steps: (() => void)[] = []
  for (let part = 0; part < PRIME_EDIT_STEPS; part++) steps.push(() => { primeEdits(model, part) })
  return steps
}
