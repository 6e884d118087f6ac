/**
 * The page's side of the model worker: each call is a request with an id, answered by a promise.
 * A load's model arrives as a head and slices (see modelWorker.ts) and is put back together
 * here; progress messages go to `onProgress`. A failure inside the worker rejects the call with
 * its message; the worker itself dying rejects every call in flight.
 */
import type { Model } from '../../model/model.js'
import type { LabCoreApi, LoadReply } from './labCore.js'
import type { CoreMessage, CoreRequest, ModelListKey } from './protocol.js'

export interface Progress { readonly phase: 'parse' | 'send'; readonly done: number; readonly total: number }

interface Pending {
  resolve(v: unknown): void
  reject(e: Error): void
  head?: Record<string, unknown>
  parts?: Record<ModelListKey, unknown[]>
}

export interface WorkerClient extends LabCoreApi {
  onProgress: ((p: Progress) => void) | null
  terminate(): void
}

export function workerClient(worker: Worker): WorkerClient {
  let next = 1
  const pending = new Map<number, Pending>()
  const client: WorkerClient = {
    onProgress: null,
    load: (input) => call({ op: 'load', input }) as Promise<LoadReply>,
    trace: (request) => call({ op: 'trace', request }) as ReturnType<LabCoreApi['trace']>,
    whatIfTargets: (kind, text) => call({ op: 'whatIfTargets', kind, text }) as ReturnType<LabCoreApi['whatIfTargets']>,
    view: (ref, view) => call({ op: 'view', ref, view }) as ReturnType<LabCoreApi['view']>,
    ruleContexts: (refs, around) => call({ op: 'ruleContexts', refs, around }) as ReturnType<LabCoreApi['ruleContexts']>,
    terminate: () => { worker.terminate(); failAll('the model worker was stopped') },
  }

  function call(req: CoreRequest): Promise<unknown> {
    const id = next++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      worker.postMessage({ ...req, id })
    })
  }

  function failAll(why: string): void {
    for (const p of pending.values()) p.reject(new Error(why))
    pending.clear()
  }

  worker.onmessage = (e: MessageEvent<CoreMessage>) => {
    const m = e.data
    const p = pending.get(m.id)
    if (!p) return // an answer nobody waits for any more
    switch (m.kind) {
      case 'progress': client.onProgress?.({ phase: m.phase, done: m.done, total: m.total }); return
      case 'head': p.head = m.model as unknown as Record<string, unknown>; p.parts = { pods: [], services: [] }; return
      case 'part': for (const x of m.items) p.parts![m.key].push(x); return
      case 'failed': pending.delete(m.id); p.reject(new Error(m.error)); return
      case 'done': {
        pending.delete(m.id)
        const v = m.value as { model?: unknown } | null
        if (v && typeof v === 'object' && v.model === 'parts') p.resolve({ ...v, model: { ...p.head, ...p.parts } as unknown as Model })
        else p.resolve(m.value)
      }
    }
  }
  worker.onerror = (e) => { e.preventDefault(); failAll(`the model worker failed: ${e.message}`) }
  return client
}

/** The worker as vite bundles it (its own module graph: the core is not in the page's bundle). */
export function startModelWorker(): WorkerClient {
  return workerClient(new Worker(new URL('./modelWorker.ts', import.meta.url), { type: 'module' }))
}
