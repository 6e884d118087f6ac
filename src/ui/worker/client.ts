/**
 * The page's side of the model worker: each call is a request with an id, answered by a promise.
 * A load's model arrives as what changed since the model the page got last (a head, index maps
 * and slices of new items, see modelWorker.ts and modelDelta.ts) and is put back together here
 * from that model's own objects; progress messages go to `onProgress`. Messages go out in the
 * order the calls were made, a big text's slices included, and a load sends no text when the
 * worker's last load (answered) left it the same one. A failure inside the worker rejects the
 * call with its message; the worker itself failing rejects every call in flight.
 */
import type { Model } from '../../model/model.js'
import type { TraceRequest } from '../../engine/trace/trace.js'
import type { LabCoreApi, LoadInput, LoadReply, TextChange } from './labCore.js'
import { applyModelDelta, type ClusterDelta, type ListDelta, type ModelHead } from './modelDelta.js'
import { applySplice } from './textPieces.js'
import type { CoreMessage, CoreRequest, ModelListKey } from './protocol.js'

export interface Progress { readonly phase: 'parse' | 'send'; readonly done: number; readonly total: number }

interface Pending {
  resolve(v: unknown): void
  reject(e: Error): void
  head?: { model: ModelHead; same: readonly string[]; reuse: Readonly<Record<ModelListKey, Int32Array | null>>; cluster?: ClusterDelta }
  parts?: Record<ModelListKey, unknown[]>
  /** A load's own text (the worker sends a text back only when it edited it), and its pieces (textPieces.ts). */
  text?: string
  pieces?: readonly string[]
}

export interface WorkerClient extends LabCoreApi {
  /**
   * A load, and the trace the lab will ask for once it is loaded, sent together: the worker
   * traces as soon as it has loaded, not after the page has read the model and asked (a round
   * trip through a page busy drawing). `trace(request)` then answers from this one trace, as long
   * as no other load was sent between; the worker would give the same answer to a later request.
   */
  loadThenTrace(input: LoadInput, request: TraceRequest): Promise<LoadReply>
  onProgress: ((p: Progress) => void) | null
  terminate(): void
}

/** Characters of a text per message to the worker: a few milliseconds of structured clone each. */
export const TEXT_PART_CHARS = 2_000_000

export function workerClient(worker: Worker): WorkerClient {
  let next = 1
  const pending = new Map<number, Pending>()
  /** Set once the worker is stopped: a call after that is rejected, not left waiting. */
  let dead: string | null = null
  /**
   * Every message to the worker goes out through this one chain, in the order the calls were
   * made: a big text's slices are posted one per task, and a request made meanwhile must not
   * overtake the load they belong to (the worker answers in the order it receives).
   */
  let outbox: Promise<void> = Promise.resolve()
  /** The last load asked for, settled or not: the next load decides what text to send once it has settled. */
  let lastLoad: Promise<unknown> = Promise.resolve()
  /** Loads asked for so far, and the trace sent right after the last one (see loadThenTrace). */
  let loads = 0
  let early: { key: string; loads: number; answer: Promise<unknown> } | null = null
  const load = (input: LoadInput): Promise<unknown> => {
    loads++
    const before = lastLoad
    const { id, answer } = ask({ text: input.text })
    lastLoad = answer.catch(() => undefined)
    send(id, async () => {
      // The worker's text is known only once the load before has answered (a what-if edits it,
      // a failure leaves the one before): "the same text" is decided against that, not against
      // a text still on its way.
      await before
      const p = pending.get(id)
      if (!p) return // the worker died meanwhile: the call is rejected already
      if (input.text === workerText) {
        // The text the worker has already (the last load's) is not sent again.
        p.pieces = workerPieces ?? [input.text]
        worker.postMessage({ op: 'load', input: { ...input, text: '' }, sameText: true, id })
      } else if (input.text.length > TEXT_PART_CHARS) await postInParts(id, input)
      else worker.postMessage({ op: 'load', input, id })
    })
    return answer
  }
  const client: WorkerClient = {
    onProgress: null,
    load: (input) => load(input) as Promise<LoadReply>,
    loadThenTrace: (input, request) => {
      const loaded = load(input) as Promise<LoadReply>
      // Posted after the load (one chain), however its text travels.
      const answer = call({ op: 'trace', request })
      answer.catch(() => undefined) // the lab may never ask (the load failed, or it traces another request)
      const mine = { key: JSON.stringify(request), loads, answer }
      early = mine
      loaded.catch(() => { if (early === mine) early = null })
      return loaded
    },
    trace: (request) => {
      const e = early
      early = null
      if (e && e.loads === loads && e.key === JSON.stringify(request)) return e.answer as ReturnType<LabCoreApi['trace']>
      return call({ op: 'trace', request }) as ReturnType<LabCoreApi['trace']>
    },
    whatIfTargets: (kind, text) => {
      // The form asks for the loaded text's targets: a dump's 28 MB is not copied again for it.
      const before = lastLoad
      const { id, answer } = ask()
      send(id, async () => {
        await before
        if (!pending.has(id)) return
        worker.postMessage(text === workerText ? { op: 'whatIfTargets', kind, text: '', sameText: true, id } : { op: 'whatIfTargets', kind, text, id })
      })
      return answer as ReturnType<LabCoreApi['whatIfTargets']>
    },
    view: (ref, view) => call({ op: 'view', ref, view }) as ReturnType<LabCoreApi['view']>,
    ruleContexts: (refs, around) => call({ op: 'ruleContexts', refs, around }) as ReturnType<LabCoreApi['ruleContexts']>,
    terminate: () => { worker.terminate(); failAll('the model worker was stopped', true) },
  }

  /** The model the worker sent last: the next one comes as what changed since. */
  let last: Model | null = null
  /** The text of the worker's last load as pieces (see textPieces.ts). */
  let workerPieces: readonly string[] | null = null
  /** The text of the worker's last load (null: not known, after a failure). */
  let workerText: string | null = null

  /** A call's id and answer; a load's own text is kept to make its reply's text from. */
  function ask(load?: { text: string }): { id: number; answer: Promise<unknown> } {
    const id = next++
    const answer = new Promise<unknown>((resolve, reject) => {
      if (dead !== null) { reject(new Error(dead)); return }
      pending.set(id, { resolve, reject, ...(load ? { text: load.text, pieces: [load.text] } : {}) })
    })
    return { id, answer }
  }

  /**
   * Appends call `id`'s posting step to the chain. A step that throws (postMessage refusing what
   * it cannot copy) rejects that call and does not stop the steps after it.
   */
  function send(id: number, step: () => void | Promise<void>): void {
    outbox = outbox.then(step).catch((e: unknown) => {
      const p = pending.get(id)
      pending.delete(id)
      if (p) reject(p, e)
    })
  }

  /** Rejects a call taken out of `pending`; a load's failure leaves the worker's text unknown. */
  function reject(p: Pending, e: unknown): void {
    if (p.text !== undefined) { workerText = null; workerPieces = null }
    p.reject(e instanceof Error ? e : new Error(String(e)))
  }

  function call(req: CoreRequest): Promise<unknown> {
    const { id, answer } = ask()
    send(id, () => { if (pending.has(id)) worker.postMessage({ ...req, id }) })
    return answer
  }

  /** A load whose text goes first, TEXT_PART_CHARS per message and task, then the load itself. */
  async function postInParts(id: number, input: LoadInput): Promise<void> {
    const count = Math.ceil(input.text.length / TEXT_PART_CHARS)
    for (let i = 0; i < count; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 0))
      if (!pending.has(id)) return // the worker died meanwhile: the call is rejected already
      worker.postMessage({ op: 'textPart', id, text: input.text.slice(i * TEXT_PART_CHARS, (i + 1) * TEXT_PART_CHARS) })
    }
    worker.postMessage({ op: 'load', id, input: { ...input, text: '' }, textParts: count })
  }

  /** Rejects every call in flight; `gone`: the worker is stopped, and later calls are rejected too. */
  function failAll(why: string, gone = false): void {
    if (gone) dead ??= why
    for (const p of pending.values()) p.reject(new Error(why))
    pending.clear()
  }

  worker.onmessage = (e: MessageEvent<CoreMessage>) => {
    const m = e.data
    const p = pending.get(m.id)
    if (!p) return // an answer nobody waits for any more
    switch (m.kind) {
      case 'progress': client.onProgress?.({ phase: m.phase, done: m.done, total: m.total }); return
      case 'head': p.head = { model: m.model, same: m.same, reuse: m.reuse, ...(m.cluster ? { cluster: m.cluster } : {}) }; p.parts = { nodes: [], pods: [], services: [] }; return
      case 'part': for (const x of m.items) p.parts![m.key].push(x); return
      case 'failed': pending.delete(m.id); reject(p, new Error(m.error)); return
      case 'done': {
        pending.delete(m.id)
        // Anything wrong with the answer (a model in parts without its head) rejects the call: a
        // load left unsettled would hold every load after it (see load).
        try { done(p, m.value) } catch (err) { reject(p, err) }
      }
    }
  }

  /** A call's answer: a load's text and model put back together (see the header), or the value. */
  function done(p: Pending, value: unknown): void {
    const v = value as { model?: unknown; text?: string; change?: TextChange } | null
    // A load's text is the page's own, or (a what-if) made from it and the change: a 28 MB
    // string copied between the threads costs the page a task of tens of milliseconds.
    const edited = p.pieces && v?.change ? applySplice(p.pieces, v.change.from, v.change.to, v.change.insert) : null
    const text = p.text === undefined ? undefined : edited ? edited.text : p.text
    if (text !== undefined) { workerText = text; workerPieces = edited?.pieces ?? p.pieces ?? null }
    const withText = v && typeof v === 'object' && text !== undefined && v.text === undefined ? { ...v, text } : v
    if (v && typeof v === 'object' && v.model === 'parts') {
      const lists = Object.fromEntries(Object.entries(p.parts!).map(([k, fresh]) => [k, { reuse: p.head!.reuse[k as ModelListKey], fresh }])) as unknown as Record<ModelListKey, ListDelta<unknown>>
      last = applyModelDelta(last, p.head!.model, p.head!.same, lists, p.head!.cluster)
      p.resolve({ ...withText, model: last })
    } else p.resolve(withText)
  }

  worker.onerror = (e) => { e.preventDefault(); failAll(`the model worker failed: ${e.message}`) }
  return client
}

/** The worker as vite bundles it (its own module graph: the core is not in the page's bundle). */
export function startModelWorker(): WorkerClient {
  return workerClient(new Worker(new URL('./modelWorker.ts', import.meta.url), { type: 'module' }))
}
