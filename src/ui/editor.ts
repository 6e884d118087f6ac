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

export interface YamlEditor {
  getText(): string
  /** The document's length (no copy of a 28 MB text to ask it). */
  length(): number
  setText(text: string): void
  /** Replaces `from`..`to` with `insert` (a what-if's rewrite of one item of a big dump). */
  splice(from: number, to: number, insert: string): void
  showDiagnostics(list: readonly Diagnostic[]): void
}

export async function createEditor(parent: HTMLElement, text: string, onChange: (text: string) => void): Promise<YamlEditor> {
  const [{ EditorView, keymap, lineNumbers }, { EditorState, Compartment }, { yaml }, { linter, setDiagnostics, lintGutter }, { defaultKeymap, history, historyKeymap }, { syntaxHighlighting, defaultHighlightStyle }] = await Promise.all([
    import('@codemirror/view'), import('@codemirror/state'), import('@codemirror/lang-yaml'), import('@codemirror/lint'),
    import('@codemirror/commands'), import('@codemirror/language'),
  ])
  const language = new Compartment()
  const languageFor = (length: number) => (length > HIGHLIGHT_MAX_CHARS ? [] : [yaml(), syntaxHighlighting(defaultHighlightStyle)])
  let highlighted = text.length <= HIGHLIGHT_MAX_CHARS
  /** The page is putting its own text in: no edit of the person's, and no copy of the document to report it. */
  let quiet = false
  const dispatchQuietly = (changes: { from: number; to: number; insert: string }): void => {
    quiet = true
    try { view.dispatch({ changes }) } finally { quiet = false }
  }
  const view: InstanceType<typeof EditorView> = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(), history(), keymap.of([...defaultKeymap, ...historyKeymap]), language.of(languageFor(text.length)),
        lintGutter(), linter(null), EditorView.updateListener.of((u) => {
          if (!u.docChanged) return
          const small = u.state.doc.length <= HIGHLIGHT_MAX_CHARS
          if (small !== highlighted) { highlighted = small; queueMicrotask(() => view.dispatch({ effects: language.reconfigure(languageFor(u.state.doc.length)) })) }
          if (!quiet) onChange(u.state.doc.toString())
        }),
        EditorView.theme({ '&': { height: '100%', fontSize: '12px' } }),
      ],
    }),
  })
  return {
    getText: () => view.state.doc.toString(),
    length: () => view.state.doc.length,
    setText: (t) => dispatchQuietly({ from: 0, to: view.state.doc.length, insert: t }),
    splice: (from, to, insert) => dispatchQuietly({ from, to, insert }),
    showDiagnostics: (list) => {
      const doc = view.state.doc
      const diagnostics = list.map((d) => {
        const line = doc.line(Math.min(Math.max(1, d.line), doc.lines))
        const from = Math.min(line.from + Math.max(0, d.col - 1), line.to)
        const to = Math.max(from + 1, line.to)
        return { from, to: Math.min(to, doc.length), severity: d.severity === 'error' ? 'error' as const : 'warning' as const, message: `${diagnosticText(d.message, currentLang())}${d.hint ? ` — ${diagnosticText(d.hint, currentLang(), 'hint')}` : ''}` }
      })
      view.dispatch(setDiagnostics(view.state, diagnostics))
    },
  }
}
