/**
 * The model worker: loads, derives and traces off the page's main thread, holding the current
 * model (so the next load can keep its pods' addresses, and reuse it). The page talks to it
 * through client.ts. A loaded model goes back as plain data in slices: one structured clone of
 * a 1,000-node × 10,000-Service model takes the page ~0.7 s to read, a slice of 500 pods a few ms.
 */
/// <reference lib="webworker" />
import { LabCore } from './labCore.js'
import { plain } from './plain.js'
import type { CoreMessage, Envelope, ModelListKey } from './protocol.js'

/** Items per `part` message: small enough that reading one stays far under a 50 ms task. */
export const SLICE = 500

const core = new LabCore()
const post = (m: CoreMessage): void => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m)

function run(req: Envelope): unknown {
  switch (req.op) {
    case 'load': {
      const { model, ...rest } = core.load(req.input)
      if (!model) return { ...rest, model: null }
      const { pods, services, ...head } = model
      post({ id: req.id, kind: 'head', model: plain(head) })
      const total = pods.length + services.length
      let sent = 0
      for (const [key, list] of [['pods', pods], ['services', services]] as [ModelListKey, readonly unknown[]][]) {
        for (let i = 0; i < list.length; i += SLICE) {
          post({ id: req.id, kind: 'part', key, items: plain(list.slice(i, i + SLICE)) })
          sent += Math.min(SLICE, list.length - i)
          post({ id: req.id, kind: 'progress', phase: 'send', done: sent, total })
        }
      }
      // The model itself is assembled by the client from head and parts.
      return { ...rest, model: 'parts' }
    }
    case 'trace': return plain(core.trace(req.request))
    case 'whatIfTargets': return core.whatIfTargets(req.kind, req.text)
    case 'view': return core.view(req.ref, req.view)
    case 'ruleContexts': return core.ruleContexts(req.refs, req.around)
  }
}

self.onmessage = (e: MessageEvent<Envelope>) => {
  const req = e.data
  try {
    post({ id: req.id, kind: 'done', value: run(req) })
  } catch (err) {
    post({ id: req.id, kind: 'failed', error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) })
  }
}
