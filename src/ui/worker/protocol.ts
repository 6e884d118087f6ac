/**
 * The messages between the page and the model worker. Every request carries an id; the worker
 * answers with exactly one `done` or `failed` for it (errors come back as data, never as an
 * uncaught exception in the worker), after any number of `progress` and `part` messages.
 */
import type { TraceRequest } from '../../engine/trace/trace.js'
import type { WhatIfKind } from '../../model/edit/whatIf.js'
import type { Model } from '../../model/model.js'
import type { LoadInput, RuleRef } from './labCore.js'

export type CoreRequest =
  | { readonly op: 'load'; readonly input: LoadInput }
  | { readonly op: 'trace'; readonly request: TraceRequest }
  | { readonly op: 'whatIfTargets'; readonly kind: WhatIfKind; readonly text: string }
  | { readonly op: 'view'; readonly ref: string; readonly view: string }
  | { readonly op: 'ruleContexts'; readonly refs: readonly RuleRef[]; readonly around: number }

/** The model's big lists travel in slices, each its own message (its own task on the page). */
export type ModelListKey = 'pods' | 'services'

export type CoreMessage =
  | { readonly id: number; readonly kind: 'progress'; readonly phase: 'parse' | 'send'; readonly done: number; readonly total: number }
  /** A load's model without its pods and services (they follow as `part`s), before `done`. */
  | { readonly id: number; readonly kind: 'head'; readonly model: Omit<Model, ModelListKey> }
  | { readonly id: number; readonly kind: 'part'; readonly key: ModelListKey; readonly items: readonly unknown[] }
  | { readonly id: number; readonly kind: 'done'; readonly value: unknown }
  | { readonly id: number; readonly kind: 'failed'; readonly error: string }

export type Envelope = CoreRequest & { readonly id: number }
