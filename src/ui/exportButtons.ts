/**
 * The header's buttons that take the lab off the page: the share link (copied, and put in the
 * address bar), the stage as PNG with its caption, the trace as WebM, and the trace or the
 * control plane's chain as Markdown.
 */
import type { Actor } from 'xstate'
import type { Trace } from '../engine/trace/types.js'
import type { Step } from '../render/tracePath.js'
import type { ChainMode } from './chainMode.js'
import { $ } from './dom.js'
import { download, recordTrace, traceMarkdown } from './exports.js'
import type { LabContext } from './labMachine.js'
import type { playbackMachine } from './playbackMachine.js'
import { SCENARIOS } from './scenarios.js'
import { encodeShare } from './share.js'
import type { StageView } from './stage.js'

export interface ExportDeps {
  readonly playback: Actor<typeof playbackMachine>
  stage(): StageView
  trace(): Trace | null
  steps(): readonly Step[]
  stepTitle(s: Step): { where: string; what: string }
  /** The control plane's chain, which the exports take instead of the trace while it is on the stage. */
  readonly chain: Pick<ChainMode, 'caption' | 'markdown' | 'current'>
  ctx(): LabContext
}

export function attachExports(on: (id: string, type: string, f: (e: Event) => void) => void, d: ExportDeps): void {
  on('share', 'click', async () => {
    const link = await shareLink(d)
    history.replaceState(null, '', link)
    try { await navigator.clipboard.writeText(link) } catch { /* clipboard denied: the address bar has the link */ }
    $('share').dataset['link'] = link
    $('result').dataset['shared'] = 'yes'
  })
  on('export-png', 'click', () => {
    const tr = d.trace()
    const caption = d.chain.caption() ?? (tr ? [`${tr.request.from} → ${tr.request.to}: ${tr.result.toUpperCase()}`, $('stage-step').textContent ?? '', $('stage-change').textContent ?? ''].filter(Boolean) : [])
    download('kube-netlab.png', d.stage().png(caption))
  })
  on('export-webm', 'click', () => void recordTrace(d.chain.current()?.steps.length ?? d.steps().length, d.playback, d.stage().scene))
  on('export-md', 'click', () => {
    const tr = d.trace()
    const chainMd = d.chain.markdown()
    if (chainMd !== null) download('kube-netlab-chain.md', URL.createObjectURL(new Blob([chainMd], { type: 'text/markdown' })))
    else if (tr) download('kube-netlab-trace.md', URL.createObjectURL(new Blob([traceMarkdown(tr, d.steps(), d.stepTitle)], { type: 'text/markdown' })))
  })
}

/** The page's address with the lab's state in its hash: the scenario (or its edited text), the trace, the step, the chain. */
async function shareLink(d: ExportDeps): Promise<string> {
  const c = d.ctx()
  const hash = await encodeShare({
    // A link or kept cluster is no built-in scenario: its text travels with the link.
    scenario: c.scenario, yaml: c.text !== c.original || !SCENARIOS.some((x) => x.id === c.scenario) ? c.text : null, from: $<HTMLSelectElement>('from').value, to: $<HTMLInputElement>('to').value,
    pick: $<HTMLInputElement>('pick').value, step: d.playback.getSnapshot().context.index, chain: d.chain.current()?.change ?? null,
  })
  return `${location.origin}${location.pathname}${hash}`
}
