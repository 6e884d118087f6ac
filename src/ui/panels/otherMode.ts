/**
 * After "switch kube-proxy mode", the detail panel shows both modes' rule walks at a netfilter
 * hop: this mode's, and the same hook's in the trace from before the switch.
 */
import type { Place } from '../../engine/trace/types.js'
import { loadModel } from '../../model/derive/buildModel.js'
import type { Model } from '../../model/model.js'
import { buildSteps, type Step } from '../../render/tracePath.js'
import { tf } from '../i18n.js'
import type { LabContext } from '../labMachine.js'
import { matchingHop, type renderStepDetail } from './stepDetail.js'

/** Where a trace's source sits (`pod/ns/name`, `node/n`, `external/e`), for the steps' first place. */
export function sourcePlace(model: Model, from: string): Place {
  const [kind, a = '', b = ''] = from.split('/')
  if (kind === 'pod') return { kind: 'pod', pod: `${a}/${b}`, node: model.pods.find((p) => p.namespace === a && p.name === b)?.nodeName ?? '' }
  return kind === 'node' ? { kind: 'node', node: a } : { kind: 'external', client: a }
}

/** The model before the last what-if, loaded once (each step asks for it). */
let cached: { text: string; model: Model } | null = null

export function otherModeHop(c: LabContext, steps: readonly Step[], index: number): Parameters<typeof renderStepDetail>[4] {
  const last = c.history[c.history.length - 1]
  if (last?.kind !== 'proxy-mode' || !c.before?.ok || !c.request) return null
  if (cached?.text !== last.text) {
    const r = loadModel(c.fileName, last.text)
    cached = r.ok ? { text: last.text, model: r.model } : null
  }
  const previous = cached
  if (!previous) return null
  const before = buildSteps(c.before.trace, sourcePlace(previous.model, c.request.from))
  const hop = matchingHop(steps, index, before)
  return hop ? { title: tf('otherModeWalk', { mode: previous.model.cluster.kubeProxy.mode }), hop, model: previous.model, choices: c.before.trace.choices } : null
}
