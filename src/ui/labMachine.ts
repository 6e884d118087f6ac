/**
 * The lab's flow as an xstate machine: a scenario's text becomes a model (the last valid one
 * stays while the text is broken), a request becomes a trace, and what-ifs stack up as edits
 * that can be undone one by one or reset to the scenario's original. Pure: the actions call the
 * core (reloadModel, trace, the text what-ifs) and keep the results in the context; the page
 * renders from snapshots, and tests drive it with `transition()` without a DOM.
 */
import { assign, setup } from 'xstate'
import { trace, type TraceOutcome, type TraceRequest } from '../engine/trace/trace.js'
import type { Diagnostic } from '../model/load/diagnostics.js'
import { addressesOf, reloadModel } from '../model/incremental/reload.js'
import type { Model } from '../model/model.js'
import { applyWhatIf, type WhatIfKind } from './whatIf.js'

export interface WhatIfEdit { readonly kind: WhatIfKind; readonly target: string; readonly value: number; readonly label: string }

/** One applied what-if: the text before it, and the trace before it (for before/after). */
export interface HistoryEntry { readonly kind: WhatIfEdit['kind']; readonly label: string; readonly text: string; readonly outcome: TraceOutcome | null }

export interface LabContext {
  readonly scenario: string
  readonly fileName: string
  /** The scenario as shipped; edits and what-ifs can always go back to it. */
  readonly original: string
  readonly text: string
  readonly model: Model | null
  readonly diagnostics: readonly Diagnostic[]
  readonly request: TraceRequest | null
  readonly outcome: TraceOutcome | null
  readonly history: readonly HistoryEntry[]
  /** The result before the last what-if, shown beside the result after it. */
  readonly before: TraceOutcome | null
}

export type LabEvent =
  | { type: 'OPEN'; scenario: string; original: string; text?: string }
  | { type: 'EDIT'; text: string }
  | { type: 'TRACE'; request: TraceRequest }
  | { type: 'WHAT_IF'; edit: WhatIfEdit }
  | { type: 'UNDO' }
  | { type: 'RESET' }

const load = (ctx: LabContext, text: string, scenario = ctx.scenario, original = ctx.original, keep = true): Partial<LabContext> => {
  const fileName = `topologies/${scenario}.yaml${text !== original ? ' (edited)' : ''}`
  // The addresses the model's pods hold, so an edit leaves running pods where they are.
  const keepAddresses = keep && ctx.model ? addressesOf(ctx.model) : undefined
  // Incremental: only the documents the edit changed are parsed again, and what they touch re-derived.
  const r = reloadModel(ctx.model, fileName, text, keepAddresses ? { keepAddresses } : {})
  // While the text is broken the last valid model stays on screen (and its trace with it).
  return r.ok ? { text, fileName, model: r.model, diagnostics: r.diagnostics } : { text, fileName, diagnostics: r.diagnostics }
}

const retrace = (model: Model | null, request: TraceRequest | null): TraceOutcome | null => (model && request ? trace(model, request) : null)

export const labMachine = setup({
  types: { context: {} as LabContext, events: {} as LabEvent },
  guards: {
    hasHistory: ({ context }) => context.history.length > 0,
    isModified: ({ context }) => context.text !== context.original,
    hasModel: ({ context }) => context.model !== null,
  },
  actions: {
    open: assign(({ context, event }) => {
      if (event.type !== 'OPEN') return {}
      const base: LabContext = { ...context, scenario: event.scenario, original: event.original, model: null, request: null, outcome: null, history: [], before: null }
      let next = { ...base, ...load(base, event.text ?? event.original, event.scenario, event.original, false) }
      // Never a blank stage: a saved or shared text that does not load shows the original underneath.
      if (!next.model && event.text !== undefined && event.text !== event.original) {
        const under = load(base, event.original, event.scenario, event.original, false)
        next = { ...next, model: under.model ?? null }
      }
      return next
    }),
    edit: assign(({ context, event }) => {
      if (event.type !== 'EDIT') return {}
      const next = { ...context, ...load(context, event.text) }
      return { ...next, outcome: retrace(next.model, next.request) }
    }),
    trace: assign(({ context, event }) => (event.type === 'TRACE' ? { request: event.request, outcome: retrace(context.model, event.request), before: null } : {})),
    whatIf: assign(({ context, event }) => {
      if (event.type !== 'WHAT_IF') return {}
      const e = event.edit
      const entry: HistoryEntry = { kind: e.kind, label: e.label, text: context.text, outcome: context.outcome }
      const next = { ...context, ...load(context, applyWhatIf(e.kind, e.target, e.value, context.text)) }
      return { ...next, history: [...context.history, entry], before: context.outcome, outcome: retrace(next.model, next.request) }
    }),
    undo: assign(({ context }) => {
      const last = context.history[context.history.length - 1]
      if (!last) return {}
      const next = { ...context, ...load(context, last.text) }
      return { ...next, history: context.history.slice(0, -1), before: null, outcome: retrace(next.model, next.request) }
    }),
    reset: assign(({ context }) => {
      // Back to the scenario as shipped, addresses included.
      const next = { ...context, ...load(context, context.original, context.scenario, context.original, false) }
      return { ...next, history: [], before: null, outcome: retrace(next.model, next.request) }
    }),
  },
}).createMachine({
  id: 'lab',
  context: { scenario: '', fileName: '', original: '', text: '', model: null, diagnostics: [], request: null, outcome: null, history: [], before: null },
  initial: 'empty',
  on: { OPEN: { target: '.ready', actions: 'open' } },
  states: {
    empty: {},
    ready: {
      initial: 'idle',
      on: {
        EDIT: { actions: 'edit' },
        TRACE: { guard: 'hasModel', target: '.traced', actions: 'trace' },
        WHAT_IF: { guard: 'hasModel', actions: 'whatIf' },
        UNDO: { guard: 'hasHistory', actions: 'undo' },
        RESET: { guard: 'isModified', actions: 'reset' },
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
