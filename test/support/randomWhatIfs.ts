/**
 * Random what-ifs as the page's worker applies them (whatIfEdit on the loader's pieces, then an
 * incremental reload that keeps the pods' addresses), for tests that check something reused
 * from the earlier model against what a derivation from scratch gives after each one.
 */
import { seeded } from '../../src/engine/trace/trace.js'
import { whatIfEdit, whatIfTargets, type WhatIfKind } from '../../src/model/edit/whatIf.js'
import { addressesOf, knownPieces, reloadModel } from '../../src/model/incremental/reload.js'
import type { Model } from '../../src/model/model.js'

/** `text` loaded as the worker loads a newly opened file. */
export function loadText(text: string): Model {
  const first = reloadModel(null, 'x.yaml', text, { limits: false })
  if (!first.ok) throw new Error(`did not load: ${first.diagnostics.map((d) => d.message).join('; ')}`)
  return first.model
}

export interface WhatIfStep {
  /** The step's number (steps without a target or whose text did not load are skipped). */
  readonly step: number
  readonly kind: WhatIfKind
  readonly target: string
  /** The model before the what-if, and after it with its text. */
  readonly before: Model
  readonly model: Model
  readonly text: string
}

/** Up to `steps` what-ifs of `kinds` from `model` (loaded from `text`), chosen by `seed`. */
export function* randomWhatIfs(model: Model, text: string, seed: number, steps: number, kinds: readonly WhatIfKind[]): Generator<WhatIfStep, void, void> {
  const rand = seeded(seed)
  for (let step = 0; step < steps; step++) {
    const kind = kinds[Math.floor(rand() * kinds.length)]!
    const targets = whatIfTargets(kind, text)
    const target = targets[Math.floor(rand() * targets.length)]?.[0]
    if (!target) continue
    const e = whatIfEdit(kind, target, Math.floor(rand() * 5), text, knownPieces(model) ?? undefined)
    const r = reloadModel(model, 'x.yaml', e.text, { limits: false, keepAddresses: addressesOf(model), change: { before: text, ...e.change } })
    if (!r.ok) continue
    const before = model
    model = r.model
    text = e.text
    yield { step, kind, target, before, model, text }
  }
}
