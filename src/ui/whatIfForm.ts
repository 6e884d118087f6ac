/**
 * The what-if bar: its targets for the chosen kind, read from the text by the worker (no YAML
 * parsing on the page; a big text's only when the person opens the list: reading them reads every
 * document again, about a second at 30 MB, and a trace asked meanwhile would wait for it), and the
 * what-if it applies, with the notice a deleted pod's owner or the trace's own source calls for.
 */
import type { LabCoreApi } from './worker/labCore.js'
import type { LabContext, LabEvent } from './labMachine.js'
import { $, el } from './dom.js'
import { t, tf } from './i18n.js'
import type { WhatIfKind } from './whatIf.js'

/** Texts longer than this get their what-if targets on demand. */
const BIG_FORM_TEXT = 1_000_000

export interface WhatIfFormDeps {
  readonly core: Pick<LabCoreApi, 'whatIfTargets'>
  ctx(): LabContext
  send(event: LabEvent): void
  /** The line said after the result (empty: none); `show` puts it on the page now (nothing else will). */
  notice(text: string, show?: boolean): void
}

export interface WhatIfForm {
  /** A new model on the page: the targets read again (a small text) or when next asked (a big one). */
  modelChanged(c: LabContext): void
  /** The form's controls wired to the lab. */
  attach(on: (id: string, type: string, f: (e: Event) => void) => void): void
}

/** A choice that is only a note (no value: Apply with it does nothing). */
function placeholder(text: string): HTMLOptionElement {
  return Object.assign(el('option', text), { value: '', disabled: true, selected: true })
}

export function whatIfForm(d: WhatIfFormDeps): WhatIfForm {
  /** Whether the list holds this model's targets (a big text's are read when the list is opened). */
  let targetsRead = false
  let asked = 0

  async function fill(): Promise<void> {
    const kind = $<HTMLSelectElement>('wi-kind').value as WhatIfKind
    const target = $<HTMLSelectElement>('wi-target')
    const c = d.ctx()
    const mine = ++asked
    const keep = target.value
    targetsRead = true
    // A big text's targets take the worker a moment (a second at 30 MB): the list says so meanwhile.
    if (c.text.length > BIG_FORM_TEXT) target.replaceChildren(placeholder(t('wiReadingTargets')))
    // Any pod can be deleted; its owner (if any) decides what happens next.
    const options = kind === 'delete' && c.model
      ? c.model.pods.filter((p) => p.nodeName !== null).map((p): [string, string] => [`${p.namespace}/${p.name}`, `Pod ${p.namespace}/${p.name}`])
      : await d.core.whatIfTargets(kind, c.text).catch((): null => null)
    if (mine !== asked) return
    // No targets: the worker failed to read them (asked again when the list is next opened), every
    // sample manifest is in the cluster already, or there is nothing of this kind.
    if (!options) targetsRead = false
    const note = !options ? t('wiTargetsFailed') : kind === 'apply' ? t('wiAllApplied') : t('wiNoTargets')
    target.replaceChildren(...(options?.length ? options.map(([v, label]) => Object.assign(el('option', label), { value: v })) : [placeholder(note)]))
    if (options?.some(([v]) => v === keep)) target.value = keep
    $<HTMLInputElement>('wi-value').hidden = kind !== 'scale'
  }

  function apply(): void {
    const kind = $<HTMLSelectElement>('wi-kind').value as WhatIfKind
    const target = $<HTMLSelectElement>('wi-target').value
    if (!target) return // the list's note (reading, or nothing of this kind): nothing to apply
    const value = Number($<HTMLInputElement>('wi-value').value)
    const label = `${$<HTMLSelectElement>('wi-kind').selectedOptions[0]?.textContent ?? kind} ${target}${kind === 'scale' ? ` → ${value}` : ''}`
    const c = d.ctx()
    d.notice('')
    if (kind === 'delete') {
      const pod = c.model?.pods.find((p) => `${p.namespace}/${p.name}` === target)
      if (pod?.owner) {
        // A controller's pod comes back at once (a new name, the same role): nothing to re-trace.
        d.notice(tf('wiOwned', { pod: target, owner: `${pod.owner.kind} ${pod.owner.name}` }), true)
        return
      }
      if (c.request?.from.startsWith(`pod/${target}`)) d.notice(tf('wiSourceDeleted', { pod: target }))
    }
    d.send({ type: 'WHAT_IF', edit: { kind, target, value, label } })
  }

  return {
    modelChanged(c) {
      if (c.text.length <= BIG_FORM_TEXT) { void fill(); return }
      asked++
      // Not an empty sliver of a list: it says what opening it does.
      $<HTMLSelectElement>('wi-target').replaceChildren(placeholder(t('wiOpenToRead')))
      targetsRead = false
    },
    attach(on) {
      on('wi-kind', 'change', () => void fill())
      on('wi-target', 'pointerdown', () => { if (!targetsRead) void fill() })
      on('wi-target', 'focus', () => { if (!targetsRead) void fill() })
      on('wi-apply', 'click', apply)
    },
  }
}
