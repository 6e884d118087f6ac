/**
 * The lab's core operations behind one interface, so the page can run them in a Web Worker
 * (modelWorker.ts) and the tests in-process: load a cluster's text (keeping the pods' addresses
 * of the model loaded before it), trace on the current model, apply a what-if to the text, and
 * the panels' costly views of the current model (a node's `iptables-save` is 150,000 lines at
 * 1,000 nodes × 10,000 Services). Holds the current model (and the one before it), so the next
 * load can reuse it. No DOM: it runs wherever the core does.
 */
import { trace, type TraceOutcome, type TraceRequest } from '../../engine/trace/trace.js'
import { addressesOf as keptAddresses, knownPieces, reloadModel, type PrereadUnits } from '../../model/incremental/reload.js'

import type { TextChange } from '../../model/incremental/textEdit.js'
export type { TextChange }
import { whatIfEdit, whatIfTargets, type WhatIfKind } from '../../model/edit/whatIf.js'
import type { Diagnostic } from '../../model/load/diagnostics.js'
import type { Model } from '../../model/model.js'
import { NODE_VIEWS, POD_VIEWS, showCluster, showDns, showNode, showPod } from '../../model/show/views.js'

/**
 * Above this many characters the loader's own file limits apply (5 MB, 10,000 objects). Below
 * it they are lifted: a 1,000-node cluster's `kubectl get -o yaml` dump is ~50,000 objects, and
 * in the worker a big file costs time, never the page's responsiveness.
 */
export const BIG_TEXT_CHARS = 64 * 1024 * 1024

export interface CoreEdit { readonly kind: WhatIfKind; readonly target: string; readonly value: number }

export interface LoadInput {
  readonly fileName: string
  readonly text: string
  /** Pods of the model loaded before keep their node and IP (host-local IPAM keeps allocations). */
  readonly keepAddresses: boolean
  /** A what-if applied to `text` before loading (parsing a big dump is no work for the page). */
  readonly edit?: CoreEdit
}

/**
 * `text` is what was loaded (the edited text for a what-if); while it is broken, `model` is null.
 * After a what-if, `change` says which part of the text it rewrote: an open editor takes that
 * splice instead of a whole new 28 MB document.
 */
export interface LoadReply { readonly text: string; readonly model: Model | null; readonly diagnostics: readonly Diagnostic[]; readonly change?: TextChange }


/** One `show` view's text, or the reason there is none (the same as `kube-netlab show` prints). */
export type ViewReply = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string; readonly hint?: string }

/** Where a decision's line sits in its view, and the lines around it ("Open in …"). */
export interface RuleContext {
  /** For an `iptables-save` line: its table, chain and place in the chain. */
  readonly at: { readonly table: string; readonly chain: string; readonly n: number } | null
  /** 0-based index of `lines[0]` in the whole view, and the view's line count. */
  readonly from: number
  readonly lines: readonly string[]
  readonly total: number
}

export type RuleRef = readonly [view: string, line: number, which?: 'current' | 'previous']

export interface LabCoreApi {
  load(input: LoadInput): Promise<LoadReply>
  trace(request: TraceRequest): Promise<TraceOutcome>
  whatIfTargets(kind: WhatIfKind, text: string): Promise<[string, string][]>
  /** `ref` is `cluster`, `dns`, `node/<name>` or `pod/<ns>/<name>`; `view` a NODE_VIEWS/POD_VIEWS name. */
  view(ref: string, view: string): Promise<ViewReply>
  /**
   * For each `[view, line, which]` (a decision's `node/node1 iptables` and line, in the current
   * model or the one before it): the rule and the lines around it.
   */
  ruleContexts(refs: readonly RuleRef[], around: number): Promise<(RuleContext | null)[]>
}

export class LabCore {
  /** The last model that loaded (a broken text leaves it in place, as the page does). */
  model: Model | null = null
  /** The model before it (after a kube-proxy mode switch, the page shows both modes' rules). */
  previous: Model | null = null
  /** A few views split into lines: every step of a trace walks the same node's ruleset. */
  private readonly lines = new Map<string, string[]>()

  /** `preread`: pieces of the text read while it arrived (preread.ts); the load then reuses no earlier model's pieces. */
  load(input: LoadInput, preread?: PrereadUnits): LoadReply {
    // A what-if on the text the model on screen came from looks its target up among that load's pieces.
    const pieces = input.edit && this.model ? knownPieces(this.model) ?? undefined : undefined
    const edited = input.edit ? whatIfEdit(input.edit.kind, input.edit.target, input.edit.value, input.text, pieces) : null
    const text = edited ? edited.text : input.text
    const change = edited ? { change: edited.change } : {}
    // The loader takes the span found here rather than comparing the two 28 MB texts again.
    const known = edited ? { change: { before: input.text, ...edited.change } } : {}
    // An edit of the cluster on screen: its pods keep their addresses, and only the documents the
    // edit changed are parsed again (src/model/incremental). A newly opened cluster loads whole.
    const base = input.keepAddresses ? this.model : null
    const keepAddresses = base ? keptAddresses(base) : undefined
    const r = reloadModel(preread ? null : base, input.fileName, text, { limits: text.length > BIG_TEXT_CHARS, ...(keepAddresses ? { keepAddresses } : {}), ...known }, preread)
    if (!r.ok) {
      // A new cluster (opened, not edited) that does not load leaves nothing to keep addresses from.
      if (!input.keepAddresses) this.model = null
      return { text, model: null, diagnostics: r.diagnostics, ...change }
    }
    this.previous = this.model
    this.model = r.model
    this.lines.clear()
    return { text, model: r.model, diagnostics: r.diagnostics, ...change }
  }

  trace(request: TraceRequest): TraceOutcome {
    if (!this.model) throw new Error('no cluster loaded')
    return trace(this.model, request)
  }

  whatIfTargets(kind: WhatIfKind, text: string): [string, string][] {
    return whatIfTargets(kind, text)
  }

  view(ref: string, view: string, which: 'current' | 'previous' = 'current'): ViewReply {
    const model = which === 'current' ? this.model : this.previous
    if (!model) return { ok: false, error: 'no cluster loaded' }
    const parts = ref.split('/')
    const r = ref === 'cluster' ? showCluster(model)
      : ref === 'dns' ? showDns(model)
        : parts[0] === 'node' && (NODE_VIEWS as readonly string[]).includes(view) ? showNode(model, parts[1] ?? '', view)
          : parts[0] === 'pod' && (POD_VIEWS as readonly string[]).includes(view) ? showPod(model, parts[1] ?? '', parts[2] ?? '', view)
            : { ok: false as const, error: `no view ${ref} ${view}` }
    return r.ok ? { ok: true, text: r.text } : { ok: false, error: r.error, ...(r.hint ? { hint: r.hint } : {}) }
  }

  ruleContexts(refs: readonly RuleRef[], around: number): (RuleContext | null)[] {
    return refs.map(([view, line, which = 'current']) => {
      const lines = this.viewLines(view, which)
      if (!lines || line < 1) return null
      const from = Math.max(0, line - 1 - around)
      return { at: ruleAt(lines, line), from, lines: lines.slice(from, Math.min(lines.length, line + around)), total: lines.length }
    })
  }

  private viewLines(view: string, which: 'current' | 'previous'): string[] | null {
    let lines = this.lines.get(`${which} ${view}`)
    if (!lines) {
      const [ref = '', name = ''] = view.split(' ')
      const r = this.view(ref, name, which)
      if (!r.ok) return null
      lines = r.text.split('\n')
      if (this.lines.size >= 4) this.lines.delete(this.lines.keys().next().value!)
      this.lines.set(`${which} ${view}`, lines)
    }
    return lines
  }
}

/** Table and rule number of an `iptables-save` line: the last `*table` above it, and its place in its chain. */
export function ruleAt(lines: readonly string[], line: number): RuleContext['at'] {
  const m = lines[line - 1]?.match(/^-A (\S+)/)
  if (!m) return null
  let table = '', n = 0
  for (let i = 0; i < line; i++) {
    const l = lines[i]!
    if (l.startsWith('*')) { table = l.slice(1); n = 0 }
    else if (l.startsWith(`-A ${m[1]} `)) n++
  }
  return { table, chain: m[1]!, n }
}

/** The same operations as promises, run in this thread (tests, and the CLI-less fallback). */
export function inProcessCore(core = new LabCore()): LabCoreApi & { readonly core: LabCore } {
  return {
    core,
    load: async (input) => core.load(input),
    trace: async (request) => core.trace(request),
    whatIfTargets: async (kind, text) => core.whatIfTargets(kind, text),
    view: async (ref, view) => core.view(ref, view),
    ruleContexts: async (refs, around) => core.ruleContexts(refs, around),
  }
}
