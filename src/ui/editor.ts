/**
 * The YAML editor: CodeMirror 6 with YAML highlighting, loaded only when opened. Diagnostics
 * from the loader are underlined at their line and column. A text past 1 MB (a big cluster's
 * dump) is shown without YAML highlighting: the highlighter parses the whole text in the
 * background, a 100 ms task at a time, for as long as the text is tens of megabytes.
 */
import { diagnosticText } from '../i18n/diagnostics.js'
import type { Diagnostic } from '../model/load/diagnostics.js'
import { currentLang } from './i18n.js'

/** Longer texts are not highlighted (see above). */
export const HIGHLIGHT_MAX_CHARS = 1_000_000

/**
 * A pasted text longer than this is given to the lab at once, as pasted, and put into the editor
 * a slice per task: CodeMirror taking a 28 MB dump in one transaction, and the whole document
 * read back as one string to report the edit, were a 220 ms task on the page. The editor takes
 * no edit of the person's until the last slice is in (read-only, dimmed, `aria-busy`): an edit
 * between two slices would be of a text that is not the one the lab loads.
 */
const BIG_PASTE_CHARS = 1_000_000
/** Characters per slice: CodeMirror splits a slice into lines and measures in its task (a megabyte took 60 ms). */
const PASTE_SLICE_CHARS = 256 * 1024

/**
 * Runs `f` in a later task of background priority where the browser has them
 * (scheduler.postTask): a 28 MB paste is ~110 slices, about 1.5 s of the page's time, and the
 * lab's own tasks meanwhile — the model arriving from the worker, the stage laid out and drawn,
 * the first trace — go first. Elsewhere, a task like any other.
 */
function later(f: () => void): { cancel(): void } {
  const scheduler = (globalThis as { scheduler?: { postTask?(f: () => void, o: { priority: string; signal: AbortSignal }): Promise<void> } }).scheduler
  if (scheduler?.postTask) {
    const abort = new AbortController()
    // Only the cancel is expected; anything `f` throws is reported as an uncaught error would be.
    scheduler.postTask(f, { priority: 'background', signal: abort.signal }).catch((e: unknown) => { if (!abort.signal.aborted) reportError(e) })
    return { cancel: () => abort.abort() }
  }
  const timer = setTimeout(f, 0)
  return { cancel: () => clearTimeout(timer) }
}

/**
 * Runs `f` (as `later` does) once `settled` has resolved, or after `most` ms whatever it does:
 * a paste never waits on the lab for good.
 */
function afterSettled(settled: Promise<void>, most: number, f: () => void): { cancel(): void } {
  let cancelled = false
  let inner: { cancel(): void } | null = null
  const timer = setTimeout(go, most)
  void settled.then(go, go)
  function go(): void {
    clearTimeout(timer)
    if (!cancelled && !inner) inner = later(f)
  }
  return { cancel: () => { cancelled = true; clearTimeout(timer); inner?.cancel() } }
}

/** The longest a big paste's slices wait for the lab to have loaded and traced it. */
const PASTE_WAIT_MS = 15_000

export interface EditorOptions {
  /**
   * Resolves once the lab is at rest (it has loaded and traced the paste, or failed to; no
   * what-if is running): each of a big paste's slices after the first waits for it. Put in
   * meanwhile, they took ~1 s of the page's CPU while the worker read the text, on the same two
   * cores (`bench/browser.ts --dump-only`).
   */
  readonly settled?: () => Promise<void>
}

export interface YamlEditor {
  /** The document's length (no copy of a 28 MB text to ask it). */
  length(): number
  setText(text: string): void
  /** Replaces `from`..`to` with `insert` (a what-if's rewrite of one item of a big dump). */
  splice(from: number, to: number, insert: string): void
  showDiagnostics(list: readonly Diagnostic[]): void
}

export async function createEditor(parent: HTMLElement, text: string, onChange: (text: string) => void, options: EditorOptions = {}): Promise<YamlEditor> {
  const [{ EditorView, keymap, lineNumbers }, { EditorState, Compartment, Transaction }, { yaml }, { linter, setDiagnostics, lintGutter }, { defaultKeymap, history, historyKeymap }, { syntaxHighlighting, defaultHighlightStyle }] = await Promise.all([
    import('@codemirror/view'), import('@codemirror/state'), import('@codemirror/lang-yaml'), import('@codemirror/lint'),
    import('@codemirror/commands'), import('@codemirror/language'),
  ])
  const language = new Compartment()
  /** Read-only while a big paste goes in (see BIG_PASTE_CHARS). */
  const lock = new Compartment()
  const locked = [EditorState.readOnly.of(true), EditorView.editable.of(false), EditorView.editorAttributes.of({ class: 'cm-pasting', 'aria-busy': 'true' })]
  let lockedNow = false
  let wantLocked = false
  /** Applied in a microtask: a paste may stop inside an update listener, where no dispatch is allowed. */
  const setLocked = (on: boolean): void => {
    if (wantLocked === on) return
    wantLocked = on
    queueMicrotask(() => {
      if (wantLocked === lockedNow) return
      lockedNow = wantLocked
      view.dispatch({ effects: lock.reconfigure(lockedNow ? locked : []) })
    })
  }
  const languageFor = (length: number) => (length > HIGHLIGHT_MAX_CHARS ? [] : [yaml(), syntaxHighlighting(defaultHighlightStyle)])
  let highlighted = text.length <= HIGHLIGHT_MAX_CHARS
  /** The page is putting its own text in: no edit of the person's, and no copy of the document to report it. */
  let quiet = false
  const dispatchQuietly = (changes: { from: number; to: number; insert: string }, more: Parameters<InstanceType<typeof EditorView>['dispatch']>[0] = {}): void => {
    quiet = true
    try { view.dispatch({ changes, ...more }) } finally { quiet = false }
  }
  /** The big paste still being put in: where its next slice goes, what is left, and when it began; the page's own edit stops it. */
  let pasting: { at: number; rest: string; next: { cancel(): void }; began: number } | null = null
  /** A slice of a big paste going in: the document is only part of the text (no highlighting switch for it). */
  let slicing = false
  /** Diagnostics of a big paste that came while it was still going in. */
  let pendingDiagnostics: readonly Diagnostic[] | null = null
  /**
   * The lab's splices (a what-if's rewrite) of a big paste still going in, in the whole text's
   * places: made once the last slice is in (a splice now would land in half a paste, and the
   * whole 28 MB set again instead was a 200 ms task).
   */
  let queued: [from: number, to: number, insert: string][] = []
  const stopPasting = (): void => { pasting?.next.cancel(); pasting = null; pendingDiagnostics = null; queued = []; setLocked(false) }
  const pasteSlice = (from: number, to: number, text: string, began: number): void => {
    const first = pasting === null
    // Cut after a line break where there is one: each slice ends a line.
    let end = Math.min(text.length, PASTE_SLICE_CHARS)
    const nl = text.lastIndexOf('\n', end - 1)
    if (end < text.length && nl > 0) end = nl + 1
    // One undo step for the whole paste: the slices after the first join it (history joins
    // adjacent "input.type" changes made within 500 ms of each other: every slice carries the
    // paste's own time, however long the page kept it waiting).
    slicing = true
    try {
      // The cursor after the pasted text, as after a paste in one piece (the selection pasted
      // over would otherwise grow with each slice); scrolled to once the last slice is in.
      dispatchQuietly({ from, to, insert: text.slice(0, end) }, {
        userEvent: first ? 'input.paste' : 'input.type.paste', annotations: Transaction.time.of(began), selection: { anchor: from + end }, scrollIntoView: end === text.length,
      })
    } catch (e) {
      // A slice that fails leaves no paste going on and the editor locked: stop, and report it.
      stopPasting()
      throw e
    } finally { slicing = false }
    const rest = text.slice(end)
    const go = (): void => { const p = pasting; if (p) pasteSlice(p.at, p.at, p.rest, p.began) }
    // The first slice shows what was pasted; the rest follow once the lab has it on the stage.
    // Each slice waits until the lab is at rest (loading or tracing the paste, a what-if): the
    // page's CPU is the worker's too, and the person waits for the lab, not for the editor.
    pasting = rest ? { at: from + end, rest, began, next: options.settled ? afterSettled(options.settled(), PASTE_WAIT_MS, go) : later(go) } : null
    setLocked(pasting !== null)
    if (pasting) return
    const splices = queued
    queued = []
    for (const [f, t, insert] of splices) dispatchQuietly({ from: f, to: t, insert })
    if (pendingDiagnostics) {
      const list = pendingDiagnostics
      pendingDiagnostics = null
      showDiagnostics(list)
    }
  }
  const view: InstanceType<typeof EditorView> = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(), history(), keymap.of([...defaultKeymap, ...historyKeymap]), language.of(languageFor(text.length)), lock.of([]),
        lintGutter(), linter(null), EditorView.domEventHandlers({
          paste: (event) => {
            const pasted = event.clipboardData?.getData('text/plain') ?? ''
            if (pasted.length <= BIG_PASTE_CHARS) return false
            event.preventDefault()
            stopPasting()
            const { from, to } = view.state.selection.main
            const doc = view.state.doc
            // The lab gets the text in a task of its own (sending 28 MB to the worker is tens of
            // milliseconds); pasted over everything, as a dump is, it is just the paste.
            const whole = from === 0 && to === doc.length ? pasted : doc.sliceString(0, from) + pasted + doc.sliceString(to)
            setTimeout(() => onChange(whole), 0)
            if (highlighted) { highlighted = false; view.dispatch({ effects: language.reconfigure(languageFor(pasted.length)) }) }
            pasteSlice(from, to, pasted, Date.now())
            return true
          },
        }), EditorView.updateListener.of((u) => {
          if (!u.docChanged) return
          if (!quiet) stopPasting()
          const small = u.state.doc.length <= HIGHLIGHT_MAX_CHARS
          if (small !== highlighted && !slicing) { highlighted = small; queueMicrotask(() => view.dispatch({ effects: language.reconfigure(languageFor(u.state.doc.length)) })) }
          if (!quiet) onChange(u.state.doc.toString())
        }),
        EditorView.theme({ '&': { height: '100%', fontSize: '12px' }, '&.cm-pasting': { opacity: '0.6', cursor: 'progress' } }),
      ],
    }),
  })
  return {
    length: () => (pasting || queued.length ? view.state.doc.length + (pasting?.rest.length ?? 0) + queued.reduce((n, [f, t, insert]) => n + insert.length - (t - f), 0) : view.state.doc.length),
    setText: (t) => { stopPasting(); dispatchQuietly({ from: 0, to: view.state.doc.length, insert: t }) },
    // The lab's edit (a what-if) of the text it has: during a big paste, of the whole paste, so
    // made once it is in (main.ts splices only when length() agrees with the text it edited).
    splice: (from, to, insert) => {
      if (pasting) { queued.push([from, to, insert]); return }
      dispatchQuietly({ from, to, insert })
    },
    showDiagnostics: (list) => {
      // A big paste still going in: the lines are the whole paste's, the document only part of
      // it; shown once the last slice is in (pasteSlice).
      if (pasting) { pendingDiagnostics = list; return }
      showDiagnostics(list)
    },
  }

  function showDiagnostics(list: readonly Diagnostic[]): void {
    const doc = view.state.doc
    const diagnostics = list.map((d) => {
      const line = doc.line(Math.min(Math.max(1, d.line), doc.lines))
      const from = Math.min(line.from + Math.max(0, d.col - 1), line.to)
      const to = Math.max(from + 1, line.to)
      return { from, to: Math.min(to, doc.length), severity: d.severity === 'error' ? 'error' as const : 'warning' as const, message: `${diagnosticText(d.message, currentLang())}${d.hint ? ` — ${diagnosticText(d.hint, currentLang(), 'hint')}` : ''}` }
    })
    view.dispatch(setDiagnostics(view.state, diagnostics))
  }
}
