/**
 * The model worker: loads, derives and traces off the page's main thread, holding the current
 * model (so the next load can keep its pods' addresses, and reuse it). The page talks to it
 * through client.ts. A loaded model goes back as plain data, and only what the page does not
 * have yet (modelDelta.ts): after a what-if that is a few pods, not 33,000. New items go in
 * slices: one structured clone of a 1,000-node × 10,000-Service model takes the page ~0.7 s
 * to read, a slice of 500 pods a few ms.
 */
/// <reference lib="webworker" />
import { LabCore } from './labCore.js'
import { inCore } from './lazyCore.js'
import { loadYaml, takeMissed, yamlLoaded } from './yamlLazy.js'
import { plain, sendPlain } from './plain.js'
import { LIST_KEYS, headDelta, listDelta } from './modelDelta.js'
import type { Model } from '../../model/model.js'
import { SLICE, type CoreMessage, type Envelope, type ModelListKey } from './protocol.js'
import { warmUpSteps, whatIfSteps } from './warmUp.js'
import { Preread } from './preread.js'

/** Texts longer than this get the yaml package fetched after their first trace (a small scenario's first screen never needs it). */
const PREFETCH_YAML_CHARS = 1_000_000

const core = new LabCore()
/** The model the page has (the last one sent): the next is sent as what changed since. */
let sent: Model | null = null
/** The text of the last load's reply (the page has the same): a `sameText` load loads it again. */
let lastText: string | null = null
/** The parts of a text sent in slices, by the id of the load they belong to. */
const textParts = new Map<number, string[]>()
/** Their pieces read as they arrive (preread.ts), for a text that is not the last one edited. */
const prereads = new Map<number, Preread>()
const post = (m: CoreMessage): void => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m)

async function run(req: Exclude<Envelope, { op: 'textPart' }>): Promise<unknown> {
  switch (req.op) {
    case 'load': {
      if (req.sameText && lastText === null) throw new Error('the model worker has no text to load again')
      const parts = textParts.get(req.id) ?? []
      const preread = prereads.get(req.id)
      textParts.delete(req.id)
      prereads.delete(req.id)
      if (req.textParts !== undefined && parts.length !== req.textParts) throw new Error(`the model worker got ${parts.length} of the text's ${req.textParts} parts`)
      const input = req.sameText ? { ...req.input, text: lastText! } : req.textParts !== undefined ? { ...req.input, text: parts.join('') } : req.input
      // A what-if's edit is written by the yaml package: fetched first rather than found missing
      // after a scan of the text (lazyCore.ts catches every other first use).
      if (input.edit && !yamlLoaded()) await loadYaml()
      const built = performance.now()
      const { model, ...reply } = await inCore(core, () => core.load(input, preread))
      performance.measure('worker load: build', { start: built })
      lastText = reply.text
      // The page has the text it sent, and makes an edited one from it and the change: no text goes back.
      const rest = { ...reply, text: undefined }
      if (!model) return { ...rest, model: null }
      const { head, same, cluster } = headDelta(sent, model)
      const lists = LIST_KEYS.map((k) => [k, listDelta<object>(sent?.[k] ?? null, model[k])] as const)
      // A cluster read anew (opened, or a text pasted over another): nothing the page has is kept, nothing of it is cached yet.
      const anew = lists.every(([, d]) => d.reuse === null || d.fresh.length === d.reuse.length)
      post({
        id: req.id, kind: 'head', model: plain(head), same, reuse: Object.fromEntries(lists.map(([k, d]) => [k, d.reuse])) as Record<ModelListKey, Int32Array | null>,
        ...(cluster ? { cluster: { head: plain(cluster.head), same: cluster.same, nodes: { reuse: cluster.nodes.reuse, fresh: plain(cluster.nodes.fresh) } } } : {}),
      })
      const total = lists.reduce((a, [, d]) => a + d.fresh.length, 0)
      let done = 0
      for (const [key, { fresh }] of lists) {
        const n = SLICE[key]
        for (let i = 0; i < fresh.length; i += n) {
          sendPlain(fresh.slice(i, i + n), (items) => post({ id: req.id, kind: 'part', key, items }))
          done += Math.min(n, fresh.length - i)
          if (total > n) post({ id: req.id, kind: 'progress', phase: 'send', done, total })
        }
      }
      sent = model
      if (anew) warmUp(model)
      primeAfterTrace = anew ? model : null
      // The model itself is assembled by the client from the page's previous one, head and parts.
      return { ...rest, model: 'parts' }
    }
    case 'trace': {
      const outcome = await inCore(core, () => plain(core.trace(req.request)))
      // A trace that found its way (not the last scenario's request tried on a pasted cluster):
      // the learner's first, after which a what-if may come.
      if ((outcome as { ok?: boolean }).ok && primeAfterTrace !== null && primeAfterTrace === core.model) {
        warmUp(primeAfterTrace, whatIfSteps(primeAfterTrace))
        primeAfterTrace = null
      }
      return outcome
    }
    case 'whatIfTargets': {
      if (req.sameText && lastText === null) throw new Error('the model worker has no text to read targets from')
      const text = req.sameText ? lastText! : req.text
      return inCore(core, () => core.whatIfTargets(req.kind, text))
    }
    case 'view': return inCore(core, () => core.view(req.ref, req.view))
    case 'ruleContexts': return inCore(core, () => core.ruleContexts(req.refs, req.around))
  }
}

/** Whether a text's first slice starts with the same 4 KB as the text loaded last (an edit of it, most likely). */
function startsAsLast(slice: string): boolean {
  const n = Math.min(4096, slice.length)
  return lastText !== null && lastText.length >= n && lastText.startsWith(slice.slice(0, n))
}

/** A newly opened model whose what-if lookups are built in idle time once it has been traced (warmUp.ts whatIfSteps). */
let primeAfterTrace: Model | null = null

/** Requests run one after another, in the order sent (one may wait for the yaml package, lazyCore.ts). */
let queue: Promise<void> = Promise.resolve()
/** Requests received and not yet answered: idle-time work waits while there are any. */
let waiting = 0

/**
 * After a newly opened cluster loads, the caches its first trace needs are built in the idle
 * time that follows (warmUp.ts), one step per task, while the page puts the model on screen;
 * a step runs only when no request is waiting and that model is still the current one.
 */
function warmUp(model: Model, steps = warmUpSteps(model)): void {
  const next = (): void => {
    if (core.model !== model) return
    if (waiting > 0 || textParts.size > 0) { setTimeout(next, 50); return }
    const step = steps.shift()
    if (!step) return
    const start = performance.now()
    try { step() } catch { /* a cache not built: the request that needs it builds it, and reports */ }
    performance.measure('worker warm-up', { start })
    setTimeout(next, 0)
  }
  setTimeout(next, 0)
}

/**
 * A what-if's text is a rope in V8 (the edited piece between two slices of the last text) until
 * something reads it, and the first read copies all of it (28 MB: 10-50 ms). The load and the
 * trace after it do not read it; the next what-if's search would. So it is read here, once the
 * worker has nothing to do: right after a trace (the page shows the result), or a while after a
 * load no trace followed.
 */
function settleText(delay: number): void {
  setTimeout(() => { if (waiting === 0) lastText?.charCodeAt(0) }, delay)
}

self.onmessage = (e: MessageEvent<Envelope>) => {
  const req = e.data
  // Text slices are kept as they come (before the load they belong to, which is queued).
  if (req.op === 'textPart') {
    const parts = textParts.get(req.id) ?? []
    parts.push(req.text)
    textParts.set(req.id, parts)
    // A text that does not start as the last one did is read while the rest arrives; an edit
    // of the last text is left whole to the incremental loader, which reuses that text's pieces.
    if (parts.length === 1 && !startsAsLast(req.text)) prereads.set(req.id, new Preread(''))
    const preread = prereads.get(req.id)
    if (preread) {
      const start = performance.now()
      // The yaml package missing (yamlLazy.ts) for a piece the fast reader declined: the load reads the rest.
      try { preread.add(req.text) } catch { prereads.delete(req.id) }
      if (takeMissed()) prereads.delete(req.id)
      performance.measure('worker preread', { start })
    }
    return
  }
  waiting++
  queue = queue.then(async () => {
    const start = performance.now()
    try {
      post({ id: req.id, kind: 'done', value: await run(req) })
    } catch (err) {
      post({ id: req.id, kind: 'failed', error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) })
    }
    waiting--
    // Each operation as a User Timing entry: a performance trace (bench/traceDump.ts) names the worker's tasks by it.
    performance.measure(`worker ${req.op}${req.op === 'view' ? ` ${req.ref} ${req.view}` : ''}`, { start })
    performance.clearMeasures()
    if (waiting === 0 && (req.op === 'trace' || req.op === 'load')) settleText(req.op === 'trace' ? 0 : 250)
    // A big cluster traced: its first what-if will need the package for its edit; fetched now,
    // while the person reads the trace, not after the click (a few hundred milliseconds on a busy machine).
    if (req.op === 'trace' && !yamlLoaded() && (lastText?.length ?? 0) > PREFETCH_YAML_CHARS) void loadYaml().catch(() => undefined)
  })
}
