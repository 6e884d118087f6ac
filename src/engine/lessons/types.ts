/**
 * A lesson: a topology and ordered steps, each with narration (English and Korean), an optional
 * action and an optional question. Answers are never written in the file: the lab computes
 * them from the engine when the lesson loads (see runLesson.ts), so a lesson cannot teach
 * something the model does not do.
 */
import type { ChainResult, Change } from '../controlplane/types.js'
import type { DigResult } from '../dns/dig.js'
import type { Message } from '../messages/catalog.js'
import type { WhatIfKind } from '../../model/edit/whatIf.js'
import type { L4, Trace } from '../trace/types.js'

export const LANGS = ['en', 'ko'] as const
export type Lang = (typeof LANGS)[number]
export type LessonText = Readonly<Record<Lang, string>>

export const TOPICS = ['pods', 'overlay', 'services', 'dns', 'external', 'policy', 'operations'] as const
export type Topic = (typeof TOPICS)[number]

export const ACTION_KINDS = ['trace', 'dig', 'whatIf', 'controlPlane', 'select', 'highlight'] as const
export type ActionKind = (typeof ACTION_KINDS)[number]

/** A hop of the latest trace: by number (1-based, as the CLI prints it) or by what happens there. */
export interface HopMatcher {
  readonly number?: number
  readonly kind?: string
  readonly hook?: string
  readonly node?: string
  readonly device?: string
  /** Look in the reply instead of the first packet. */
  readonly reply: boolean
}

export type LessonAction =
  | { readonly kind: 'trace'; readonly from: string; readonly to: string; readonly proto?: L4; readonly pick?: string; readonly seed?: number }
  | { readonly kind: 'dig'; readonly from: string; readonly name: string; readonly type?: 'A' | 'AAAA' | 'SRV' | 'PTR' }
  | { readonly kind: 'whatIf'; readonly whatIf: WhatIfKind; readonly target: string; readonly value: number }
  /** A what-if played through the control plane: the chain of events, then the cluster after it. */
  | { readonly kind: 'controlPlane'; readonly whatIf: WhatIfKind; readonly target: string; readonly value: number }
  | { readonly kind: 'select'; readonly hop: HopMatcher }
  | { readonly kind: 'highlight'; readonly object: string }

/**
 * What a question asks. Each is computed from the engine's output for the step (see questions.ts).
 * `ip` answers may be asked as free text.
 */
export const QUESTION_KINDS = [
  'server-sees', 'client-sees', 'answered-by', 'answer-node', 'result', 'dns-queries', 'dns-server', 'rcode', 'device', 'hop-node', 'chain',
  'dnat-chain', 'outer-dst', 'mtu', 'endpoints', 'pod-node', 'cluster-ip', 'probability',
  'scheduled-node', 'sep-chains',
] as const
export type QuestionKind = (typeof QUESTION_KINDS)[number]

export interface QuestionSpec {
  readonly ask: QuestionKind
  readonly text: LessonText
  readonly format: 'choice' | 'text'
  /** `namespace/name` for questions about a Service (endpoints, cluster-ip). */
  readonly service?: string
  /** `namespace/name` for questions about a pod (pod-node, scheduled-node). */
  readonly pod?: string
  /** A node's name, for questions about what changed on it (sep-chains). */
  readonly node?: string
  /** Wrong answers the author wants offered besides the ones drawn from the model. */
  readonly distractors?: readonly string[]
}

/** Where in the lesson file a field is, for located errors at check time. */
export type At = (path: readonly (string | number)[], key?: boolean) => { line: number; col: number }

export interface StepSpec {
  readonly narration: LessonText
  readonly action: LessonAction | null
  readonly question: QuestionSpec | null
}

export interface LessonSpec {
  readonly id: string
  readonly file: string
  readonly topic: Topic
  readonly order: number
  readonly title: LessonText
  readonly goal: LessonText
  /** A built-in topology's name, or null for inline documents. */
  readonly topologyName: string | null
  readonly topologyText: string
  /** For inline documents: where their first line is in the lesson file, to locate their errors. */
  readonly topologyInline: { readonly line: number; readonly indent: number } | null
  readonly steps: readonly StepSpec[]
  readonly at: At
}

/** A question with its answer, computed from the engine. */
export interface Answer {
  readonly value: string
  /** The options in the order shown (the answer among them), or null for free text. */
  readonly choices: readonly string[] | null
  /** Why, from the engine's own account (a hop's explanation, the DNS walk, the model), as a message the shells render. */
  readonly evidence: Message
  /** The hop that shows the answer, when there is one. */
  readonly hop: { readonly index: number; readonly reply: boolean } | null
}

/** A control-plane chain a lesson step played: the change, the cluster it ran on, the chain, and the step to show. */
export interface LessonChain {
  readonly change: Change
  /** The topology text before the change (the chain plays on it). */
  readonly base: string
  readonly result: ChainResult
  /** The chain's step (0-based) that shows the answer, or its last step. */
  readonly at: number
}

/** A step as run: the topology it happens on, the latest trace, dig or chain, the selection, the answer. */
export interface RunStep {
  readonly spec: StepSpec
  readonly topologyText: string
  readonly trace: Trace | null
  readonly chain: LessonChain | null
  readonly dig: DigResult | null
  readonly selected: { readonly index: number; readonly reply: boolean } | null
  readonly highlight: string | null
  readonly answer: Answer | null
}

export interface Lesson extends Omit<LessonSpec, 'at' | 'steps'> {
  readonly steps: readonly RunStep[]
}
