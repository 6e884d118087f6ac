/**
 * The messages between the page and the model worker. Every request carries an id; the worker
 * answers with exactly one `done` or `failed` for it (errors come back as data, never as an
 * uncaught exception in the worker), after any number of `progress` and `part` messages.
 */
import type { TraceRequest } from '../../engine/trace/trace.js'
import type { WhatIfKind } from '../../model/edit/whatIf.js'
import type { LoadInput, RuleRef } from './labCore.js'
import type { ClusterDelta, ListKey, ModelHead } from './modelDelta.js'

export type CoreRequest =
  /**
   * `sameText`: load the text the worker loaded last (its reply's text), not `input.text` (left
   * empty): a what-if on a 28 MB dump need not copy the dump to the worker again.
   */
  | { readonly op: 'load'; readonly input: LoadInput; readonly sameText?: boolean; readonly textParts?: number }
  /**
   * A slice of the text of the load with the same id (which follows with `textParts` and an
   * empty `input.text`): a 28 MB text posted at once was a 40 ms structured clone on the page.
   * Answered by nothing: the load is.
   */
  | { readonly op: 'textPart'; readonly text: string }
  | { readonly op: 'trace'; readonly request: TraceRequest }
  /** `sameText`: the targets of the text the worker loaded last (as a load's), not of `text`. */
  | { readonly op: 'whatIfTargets'; readonly kind: WhatIfKind; readonly text: string; readonly sameText?: boolean }
  | { readonly op: 'view'; readonly ref: string; readonly view: string }
  | { readonly op: 'ruleContexts'; readonly refs: readonly RuleRef[]; readonly around: number }

/** The model's big lists travel as index maps into the page's previous lists plus their new items, in slices (modelDelta.ts). */
export type ModelListKey = ListKey

export type CoreMessage =
  | { readonly id: number; readonly kind: 'progress'; readonly phase: 'parse' | 'send'; readonly done: number; readonly total: number }
  /**
   * A load's model against the one the page has: the top-level fields that changed, the names
   * of those that did not, and for each list the index map (null: all new); the lists' new items
   * follow as `part`s, before `done`. A changed cluster spec comes as its own delta.
   */
  | { readonly id: number; readonly kind: 'head'; readonly model: ModelHead; readonly same: readonly string[]; readonly reuse: Readonly<Record<ModelListKey, Int32Array | null>>; readonly cluster?: ClusterDelta }
  | { readonly id: number; readonly kind: 'part'; readonly key: ModelListKey; readonly items: readonly unknown[] }
  | { readonly id: number; readonly kind: 'done'; readonly value: unknown }
  | { readonly id: number; readonly kind: 'failed'; readonly error: string }

export type Envelope = CoreRequest & { readonly id: number }

/**
 * Items per `part` message: small enough that reading one stays far under a 50 ms task. A dump's
 * Service (its document's data, ports and endpoints) clones to ~1.3 KB and a Node to ~0.7 KB,
 * a pod to ~0.6 KB: 500 Services were a 620 KB message, and the page's task receiving one, with
 * the young-generation collection the copy set off, took up to 30 ms of its CPU (~300 KB each now).
 */
export const SLICE: Readonly<Record<ModelListKey, number>> = { nodes: 500, pods: 500, services: 250 }
