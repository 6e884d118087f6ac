/**
 * After "switch kube-proxy mode", the detail panel shows both modes' rule walks at a netfilter
 * hop: this mode's, and the same hook's in the trace from before the switch.
 */
import type { Place } from '../../engine/trace/types.js'
import type { Model } from '../../model/model.js'
import { buildSteps, type Step } from '../../render/tracePath.js'
import { tf } from '../i18n.js'
import type { LabContext } from '../labMachine.js'
import type { RuleLookup } from './ruleWalk.js'
import { matchingHop, type CompareWalk } from './stepDetail.js'

/** Where a trace's source sits (`pod/ns/name`, `node/n`, `external/e`), for the steps' first place. */
export function sourcePlace(model: Model, from: string): Place {
  const [kind, a = '', b = ''] = from.split('/')
  if (kind === 'pod') return { kind: 'pod', pod: `${a}/${b}`, node: model.pods.find((p) => p.namespace === a && p.name === b)?.nodeName ?? '' }
  return kind === 'node' ? { kind: 'node', node: a } : { kind: 'external', client: a }
}

/**
 * The other mode's walk at this step, or null. `previous` is the model the page had before the
 * last what-if (kept by the page: loading it again would cost a big cluster seconds), and
 * `lookup` reads rule places from it.
 */
export function otherModeHop(c: LabContext, steps: readonly Step[], index: number, previous: Model | null, lookup: RuleLookup): CompareWalk | null {
  const last = c.history[c.history.length - 1]
  if (last?.kind !== 'proxy-mode' || !c.before?.ok || !c.request || !previous) return null
  const before = buildSteps(c.before.trace, sourcePlace(previous, c.request.from))
  const hop = matchingHop(steps, index, before)
  return hop ? { title: tf('otherModeWalk', { mode: previous.cluster.kubeProxy.mode }), hop, lookup, choices: c.before.trace.choices } : null
}
