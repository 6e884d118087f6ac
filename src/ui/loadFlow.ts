/**
 * Big clusters on the page: the progress line shown while the model worker loads or traces for
 * more than 300 ms, and "Open file…" / dropping a file, which loads a `kubectl get -o yaml` dump
 * without putting megabytes of text into the editor first (the file is read by the browser
 * off the main thread; the editor gets the text only when it is opened).
 */
import { $ } from './dom.js'
import { t, tf } from './i18n.js'
import type { Progress } from './worker/client.js'

/** Operations shorter than this show no progress line (it would only flicker). */
export const PROGRESS_AFTER_MS = 300
/** Bigger files are refused before reading (the loader's limits would refuse them anyway). */
export const MAX_FILE_MB = 64

let since = 0
let timer: ReturnType<typeof setInterval> | null = null
let phase: 'loading' | 'tracing' = 'loading'
let progress: Progress | undefined

function update(): void {
  const elapsed = performance.now() - since
  if (elapsed < PROGRESS_AFTER_MS) return
  const box = $('progress')
  const what = phase === 'loading' && progress?.phase === 'send' ? tf('pgSending', { done: progress.done, total: progress.total }) : t(phase === 'loading' ? 'pgLoading' : 'pgTracing')
  // The words are announced (aria-live) when they change; the seconds are for the eye only.
  if (box.firstChild?.textContent !== what) {
    const words = document.createElement('span')
    words.textContent = what
    const secs = document.createElement('span')
    secs.setAttribute('aria-hidden', 'true')
    box.replaceChildren(words, secs)
  }
  ;(box.lastChild as HTMLElement).textContent = ` · ${tf('pgSeconds', { s: (elapsed / 1000).toFixed(1) })}`
  box.hidden = false
}

/** The page's busy state: null when the lab machine is ready. */
export function showProgress(busy: 'loading' | 'tracing' | null, p?: Progress): void {
  if (!busy) {
    if (timer) clearInterval(timer)
    timer = null
    since = 0
    progress = undefined
    $('progress').hidden = true
    delete document.body.dataset['busy']
    return
  }
  if (busy !== phase) progress = undefined
  phase = busy
  if (p) progress = p
  document.body.dataset['busy'] = busy
  if (!since) {
    since = performance.now()
    timer = setInterval(update, 100)
  }
}

/** "Open file…" and files dropped on the page: `open` gets the file's name and text. */
export function openDroppedFiles(open: (name: string, text: string) => void, refuse: (message: string) => void): void {
  const input = $<HTMLInputElement>('file-input')
  const read = async (file: File | undefined): Promise<void> => {
    if (!file) return
    if (file.size > MAX_FILE_MB * 1024 * 1024) { refuse(tf('fileTooBig', { file: file.name, mb: (file.size / 1024 / 1024).toFixed(1), max: MAX_FILE_MB })); return }
    open(file.name, await file.text())
  }
  $('open-file').addEventListener('click', () => input.click())
  input.addEventListener('change', () => { void read(input.files?.[0]); input.value = '' })
  document.addEventListener('dragover', (e) => { if (e.dataTransfer?.types.includes('Files')) e.preventDefault() })
  document.addEventListener('drop', (e) => {
    const file = e.dataTransfer?.files[0]
    if (!file) return
    e.preventDefault()
    void read(file)
  })
}
