/**
 * The lab's flow as an xstate machine: a scenario's text becomes a model (the last valid one
 * stays while the text is broken), a request becomes a trace, and what-ifs stack up as edits
 * that can be undone one by one or reset to the scenario's original. Loading and tracing are
 * invoked promise actors (`load`, `trace`) declared here and provided by the shell with
 * `labMachine.provide(coreActors(core))`: the page gives the model worker (src/ui/worker), the
 * tests the same core in-process. While one runs, the machine is in `loading` or `tracing`;
 * events that arrive meanwhile wait in a queue (successive edits collapse into the last one) and
 * run in order once it is `ready`. No DOM: tests drive it with actors and `waitFor`.
 */
import { assign, enqueueActions, fromPromise, setup } from 'xstate'
import type { TraceOutcome, TraceRequest } from '../engine/trace/trace.js'
import type { Diagnostic } from '../model/load/diagnostics.js'
import type { Model } from '../model/model.js'
import type { WhatIfKind } from './whatIf.js'
import type { LabCoreApi, LoadInput, LoadReply, TextChange } from './worker/labCore.js'

export interface WhatIfEdit { readonly kind: WhatIfKind; readonly target: string; readonly value: number; readonly label: string }

/** One applied what-if: the text before it, and the trace before it (for before/after). */
export interface HistoryEntry { readonly kind: WhatIfEdit['kind']; readonly label: string; readonly text: string; readonly outcome: TraceOutcome | null }

/** The load in progress: what to load, and what to do with the result. */
export interface PendingLoad {
  readonly input: LoadInput
  /** Open: a text that does not load is shown over this one (never a blank stage). */
  readonly fallback?: string
  /** Loading the fallback: only its model is kept; text and diagnostics stay the broken text's. */
  readonly underneath?: boolean
}

export interface LabContext {
  readonly scenario: string
  readonly fileName: string
  /** The scenario as shipped; edits and what-ifs can always go back to it. */
  readonly original: string
  readonly text: string
  /** How the last what-if changed the text (null after any other load): an open editor applies just that. */
  readonly change: TextChange | null
  readonly model: Model | null
  readonly diagnostics: readonly Diagnostic[]
  readonly request: TraceRequest | null
  readonly outcome: TraceOutcome | null
  readonly history: readonly HistoryEntry[]
  /** The result before the last what-if, shown beside the result after it. */
  readonly before: TraceOutcome | null
  readonly pending: PendingLoad | null
  /** Events that arrived while loading or tracing, run in order when ready. */
  readonly queue: readonly LabEvent[]
  /** The core failed (the worker crashed, or a bug): shown, and the last good state stays. */
  readonly failure: string | null
}

export type LabEvent =
  | { type: 'OPEN'; scenario: string; original: string; text?: string }
  | { type: 'EDIT'; text: string }
  | { type: 'TRACE'; request: TraceRequest }
  | { type: 'WHAT_IF'; edit: WhatIfEdit }
  | { type: 'UNDO' }
  | { type: 'RESET' }

/** What the load actor gets: the load, and the request the lab traces once it is loaded (if any). */
export interface LoadActorInput { readonly load: LoadInput; readonly thenTrace: TraceRequest | null }

/**
 * The core as promise actors for `labMachine.provide(...)`. A core that can (the worker's
 * client) is sent the trace that follows a load together with the load.
 */
export const coreActors = (core: Pick<LabCoreApi, 'load' | 'trace'> & { loadThenTrace?: (input: LoadInput, request: TraceRequest) => Promise<LoadReply> }) => ({
  load: fromPromise<LoadReply, LoadActorInput>(({ input }) => (input.thenTrace && core.loadThenTrace ? core.loadThenTrace(input.load, input.thenTrace) : core.load(input.load))),
  trace: fromPromise<TraceOutcome, TraceRequest>(({ input }) => core.trace(input)),
})

const unprovided = (what: string) => fromPromise<never, unknown>(async () => { throw new Error(`labMachine: provide the core's ${what} (labMachine.provide(coreActors(core)))`) })

const fileNameOf = (scenario: string, edited: boolean): string => `topologies/${scenario}.yaml${edited ? ' (edited)' : ''}`

const loadOf = (ctx: LabContext, text: string, keepAddresses = true): PendingLoad =>
  ({ input: { fileName: fileNameOf(ctx.scenario, text !== ctx.original), text, keepAddresses } })

export const labMachine = setup({
  types: { context: {} as LabContext, events: {} as LabEvent },
  actors: {
    load: unprovided('load') as unknown as ReturnType<typeof coreActors>['load'],
    trace: unprovided('trace') as unknown as ReturnType<typeof coreActors>['trace'],
  },
  guards: {
    hasHistory: ({ context }) => context.history.length > 0,
    isModified: ({ context }) => context.text !== context.original,
    hasModel: ({ context }) => context.model !== null,
    hasQueue: ({ context }) => context.queue.length > 0,
    changesText: ({ context, event }) => event.type === 'EDIT' && event.text !== context.text,
    // Guards see the context before the transition's actions: the model is the one just loaded, or the last valid one.
    tracesNext: ({ context, event }) => ((event as unknown as { output: LoadReply }).output.model ?? context.model) !== null && context.request !== null,
    needsUnderneath: ({ context, event }) => {
      const out = (event as unknown as { output: LoadReply }).output
      return !out.model && !context.pending?.underneath && context.pending?.fallback !== undefined && context.pending.fallback !== out.text
    },
  },
  actions: {
    /** Events that wait while the machine is busy; successive edits collapse into the last one. */
    enqueue: assign(({ context, event }) => {
      const last = context.queue[context.queue.length - 1]
      const queue = event.type === 'EDIT' && last?.type === 'EDIT' ? context.queue.slice(0, -1) : context.queue
      return { queue: [...queue, event] }
    }),
    open: assign(({ context, event }) => {
      if (event.type !== 'OPEN') return {}
      const base: LabContext = { ...context, scenario: event.scenario, original: event.original, model: null, request: null, outcome: null, history: [], before: null, queue: [], failure: null }
      const text = event.text ?? event.original
      return { ...base, pending: { ...loadOf(base, text, false), ...(text !== event.original ? { fallback: event.original } : {}) } }
    }),
    edit: assign(({ context, event }) => (event.type === 'EDIT' ? { pending: loadOf(context, event.text) } : {})),
    trace: assign(({ event }) => (event.type === 'TRACE' ? { request: event.request, before: null } : {})),
    whatIf: assign(({ context, event }) => {
      if (event.type !== 'WHAT_IF') return {}
      const e = event.edit
      const entry: HistoryEntry = { kind: e.kind, label: e.label, text: context.text, outcome: context.outcome }
      // The core applies the edit to the text (a big dump's YAML is parsed there, not on the page).
      const pending: PendingLoad = { input: { fileName: fileNameOf(context.scenario, true), text: context.text, keepAddresses: true, edit: { kind: e.kind, target: e.target, value: e.value } } }
      return { history: [...context.history, entry], before: context.outcome, pending }
    }),
    undo: assign(({ context }) => {
      const last = context.history[context.history.length - 1]
      if (!last) return {}
      return { history: context.history.slice(0, -1), before: null, pending: loadOf(context, last.text) }
    }),
    // Back to the scenario as shipped, addresses included.
    reset: assign(({ context }) => ({ history: [], before: null, pending: loadOf(context, context.original, false) })),
    loaded: assign(({ context, event }) => {
      const out = (event as unknown as { output: LoadReply }).output
      if (context.pending?.underneath) return { model: out.model ?? context.model }
      const text = out.text
      const fileName = fileNameOf(context.scenario, text !== context.original)
      // While the text is broken the last valid model stays on screen (and its trace with it).
      const change = out.change ?? null
      return out.model ? { text, change, fileName, model: out.model, diagnostics: out.diagnostics } : { text, change, fileName, diagnostics: out.diagnostics }
    }),
    underneath: assign(({ context }) => ({ pending: { input: { ...context.pending!.input, text: context.pending!.fallback!, keepAddresses: false }, underneath: true } })),
    traced: assign(({ event }) => ({ outcome: (event as unknown as { output: TraceOutcome }).output })),
    clearOutcome: assign({ outcome: null }),
    failed: assign(({ event }) => ({ failure: String((event as unknown as { error: unknown }).error) })),
    done: assign({ pending: null }),
    takeQueued: enqueueActions(({ context, enqueue: e }) => {
      const [first, ...rest] = context.queue
      e.assign({ queue: rest })
      if (first) e.raise(first)
    }),
  },
}).createMachine({
  id: 'lab',
  context: { scenario: '', fileName: '', original: '', text: '', change: null, model: null, diagnostics: [], request: null, outcome: null, history: [], before: null, pending: null, queue: [], failure: null },
  initial: 'empty',
  on: { OPEN: { target: '.loading', actions: 'open', reenter: true } },
  states: {
    empty: {},
    loading: {
      invoke: {
        src: 'load',
        // The request traced next (tracesNext) unless this load is the fallback under a broken text.
        input: ({ context }) => ({ load: context.pending!.input, thenTrace: context.pending!.underneath ? null : context.request }),
        onDone: [
          { guard: 'needsUnderneath', target: 'loading', reenter: true, actions: ['loaded', 'underneath'] },
          { guard: 'tracesNext', target: 'tracing', actions: ['loaded', 'done'] },
          { target: 'ready', actions: ['loaded', 'done'] },
        ],
        onError: { target: 'ready', actions: ['failed', 'done'] },
      },
      on: { EDIT: { actions: 'enqueue' }, TRACE: { actions: 'trace' }, WHAT_IF: { actions: 'enqueue' }, UNDO: { actions: 'enqueue' }, RESET: { actions: 'enqueue' } },
    },
    tracing: {
      invoke: {
        src: 'trace',
        input: ({ context }) => context.request!,
        onDone: { target: 'ready.traced', actions: 'traced' },
        onError: { target: 'ready', actions: ['failed', 'clearOutcome'] },
      },
      on: {
        // A newer request replaces the one being traced.
        TRACE: { target: 'tracing', reenter: true, actions: 'trace' },
        EDIT: { actions: 'enqueue' }, WHAT_IF: { actions: 'enqueue' }, UNDO: { actions: 'enqueue' }, RESET: { actions: 'enqueue' },
      },
    },
    ready: {
      initial: 'idle',
      always: { guard: 'hasQueue', actions: 'takeQueued' },
      on: {
        // The text already loaded is no edit (an editor echoing what the page put into it).
        EDIT: { guard: 'changesText', target: 'loading', actions: 'edit' },
        TRACE: { guard: 'hasModel', target: 'tracing', actions: 'trace' },
        WHAT_IF: { guard: 'hasModel', target: 'loading', actions: 'whatIf' },
        UNDO: { guard: 'hasHistory', target: 'loading', actions: 'undo' },
        RESET: { guard: 'isModified', target: 'loading', actions: 'reset' },
      },
      states: {
        // A model and no trace yet.
        idle: {},
        // A trace (delivered, refused, … or a request the engine could not trace).
        traced: {},
      },
    },
  },
})
