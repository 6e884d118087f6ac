/** What leaves the page: the trace as Markdown, a file download, and the trace recorded as WebM. */
import type { Actor } from 'xstate'
import type { Trace } from '../engine/trace/types.js'
import type { StageScene } from '../render/scene/StageScene.js'
import { packetOf, type Step } from '../render/tracePath.js'
import { $, el } from './dom.js'
import { msgText } from './i18n.js'
import type { playbackMachine } from './playbackMachine.js'

export function traceMarkdown(tr: Trace, steps: readonly Step[], title: (s: Step) => { where: string; what: string }): string {
  const rows = steps.map((s, i) => {
    const { where, what } = title(s)
    const p = packetOf(s)
    return `| ${i + 1} | ${where} | ${what} | ${p ? `${p.src}:${p.sport} → ${p.dst}:${p.dport}` : ''} |`
  })
  return [`# kube-netlab trace: ${tr.request.from} → ${tr.request.to}`, '', `**${tr.result}** — ${msgText(tr.summary)}`, '', '| # | where | what | packet |', '|---|---|---|---|', ...rows, ''].join('\n').replace(/<[^>]*>/g, '')
}

export function download(name: string, href: string): void {
  const a = el('a')
  a.href = href
  a.download = name
  a.click()
}

/** Plays the current trace from the start while the canvas is recorded, then saves the WebM. */
export async function recordTrace(total: number, playback: Actor<typeof playbackMachine>, scene: StageScene): Promise<void> {
  if (!total) return
  const button = $<HTMLButtonElement>('export-webm')
  playback.send({ type: 'START' })
  if (!scene.startRecording()) { button.dataset['state'] = 'unsupported'; return }
  button.dataset['state'] = 'recording'
  button.disabled = true
  playback.send({ type: 'PLAY' })
  await new Promise<void>((resolve) => {
    const sub = playback.subscribe((snap) => { if (!snap.matches('playing')) { sub.unsubscribe(); setTimeout(resolve, 900) } })
  })
  const blob = await scene.stopRecording()
  button.disabled = false
  button.dataset['state'] = blob ? 'saved' : 'empty'
  if (blob) download('kube-netlab-trace.webm', URL.createObjectURL(blob))
}
