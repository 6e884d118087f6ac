/**
 * Where the page's main thread spends its time while a big dump loads and a what-if runs, from
 * a full Chrome performance trace (the devtools.timeline categories the Performance panel
 * records): style recalculation, layout, paint, garbage collection, worker messages and their
 * structured clone, script — the native time a JS profile shows only as `(program)`. Pastes
 * the generated dump into a production build (as bench/browser.ts does) and prints, for paste →
 * first trace and for a what-if of each kind (scale, cordon, externalTrafficPolicy, delete pod),
 * the main thread's busy time by kind and the longest tasks with what filled them; for each
 * what-if also the worker's share (its load and trace measures) against the page's, and the
 * page's JavaScript by function (a CPU profile over the same window, an unminified build). A developer tool:
 * `npx tsx bench/traceDump.ts [nodes] [services] [--no-build] [--what-ifs-only] [--save=trace.json]`
 * (the saved file opens in Chrome's Performance panel).
 */
import { writeFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { whatIfOnPage } from './pasteDump.js'
import { openDumpPage, pasteDumpAndTrace } from './dumpOnPage.js'
import { mainThread, slices, type Slice, type TraceEvent } from './traceTasks.js'

const [nodes = 1000, services = 10_000] = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number)
const save = process.argv.find((a) => a.startsWith('--save='))?.slice('--save='.length)

const CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8.execute', 'blink.user_timing',
  'disabled-by-default-v8.gc', 'v8', 'blink',
].join(',')



/** Kinds of main-thread work, by the trace event names Chrome's Performance panel groups the same way. */
function kindOf(name: string): string {
  if (/^(UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation|ParseAuthorStyleSheet|InvalidateLayout)$/.test(name)) return 'style recalc'
  if (/^(Layout|UpdateLayerTree|LayoutShift|IntersectionObserverController::computeIntersections|HitTest)$/.test(name)) return 'layout'
  if (/^(Paint|PaintImage|PrePaint|Layerize|Commit|CompositeLayers|UpdateLayer|RasterTask|Decode.*|ImageDecodeTask)$/.test(name)) return 'paint/composite'
  if (/GC|Scavenge|MarkCompact|Sweep|V8\.GC/i.test(name)) return 'GC'
  if (/(Deserialize|Serialize|StructuredClone|PostMessage|MessagePort|MessageEvent|Worker)/i.test(name)) return 'worker messages/clone'
  if (/^(FunctionCall|EvaluateScript|v8\.|V8\.|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks|v8.callFunction|RequestAnimationFrame|TimerInstall|TimerRemove|XHR|ParseHTML|CompileScript|CompileCode|CacheScript|Optimize|BaselineBatchCompile)/.test(name)) return 'script'
  if (/^(RunTask|ThreadControllerImpl::RunTask|ThreadPool_RunTask|MessageLoop::RunTask)$/.test(name)) return 'task (unattributed)'
  return `other: ${name}`
}

function breakdown(all: readonly Slice[], from: number, to: number): Map<string, number> {
  const by = new Map<string, number>()
  for (const s of all) {
    if (s.ts < from || s.ts > to) continue
    const k = kindOf(s.name)
    by.set(k, (by.get(k) ?? 0) + Math.max(0, s.self) / 1000)
  }
  return by
}

function report(title: string, all: readonly Slice[], from: number, to: number, profile?: Profile | null): string[] {
  const out = [`${title} (${((to - from) / 1000).toFixed(0)} ms of trace):`]
  const by = breakdown(all, from, to)
  const busy = [...by.values()].reduce((a, b) => a + b, 0)
  out.push(`  main thread busy ${busy.toFixed(0)} ms:`)
  for (const [k, ms] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 14)) out.push(`    ${ms.toFixed(0).padStart(6)} ms  ${k}`)
  // The long tasks: top-level tasks over 50 ms, and what filled each (self time by event name).
  const tasks = all.filter((s) => (s.name === 'RunTask' || s.name === 'ThreadControllerImpl::RunTask') && s.ts >= from && s.ts <= to && s.end - s.ts > 50_000)
    .filter((s, i, xs) => !xs.some((o, j) => j !== i && o.ts <= s.ts && o.end >= s.end && (o.ts < s.ts || o.end > s.end)))
  const cpuOver = tasks.filter((t) => (t.cpu ?? t.end - t.ts) > 50_000)
  out.push(`  ${tasks.length} tasks over 50 ms (${cpuOver.length} of them over 50 ms of the thread's own CPU time; the rest waited for a core); the longest by CPU time:`)
  for (const task of [...tasks].sort((a, b) => (b.cpu ?? b.end - b.ts) - (a.cpu ?? a.end - a.ts)).slice(0, 8)) {
    const inside = new Map<string, number>()
    for (const s of all) if (s.ts >= task.ts && s.end <= task.end) {
      const where = s.name === 'FunctionCall' || s.name === 'EventDispatch' || s.name === 'TimerFire' ? `${s.name} ${String(s.args?.data?.['functionName'] ?? s.args?.data?.['type'] ?? '')}`.trim() : s.name
      inside.set(where, (inside.get(where) ?? 0) + Math.max(0, s.self) / 1000)
    }
    const top = [...inside].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ')
    out.push(`    at +${((task.ts - from) / 1000).toFixed(0)} ms, ${((task.end - task.ts) / 1000).toFixed(0)} ms${task.cpu !== undefined ? ` (CPU ${(task.cpu / 1000).toFixed(0)} ms)` : ''}: ${top}`)
    // Its JavaScript by function (inclusive), when a CPU profile covers it.
    if (profile) out.push(...jsWindow(profile, task.ts, task.end, Number(process.env['TASK_JS'] ?? 10)).map((l) => `    ${l}`))
  }
  return out
}

async function traced(browser: Browser, page: Page, run: () => Promise<void>): Promise<TraceEvent[]> {
  await browser.startTracing(page, { categories: CATEGORIES.split(',') })
  await run()
  const buf = await browser.stopTracing()
  if (save) writeFileSync(save.replace(/(\.json)?$/, `-${Date.now()}.json`), buf)
  return (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents
}

const idOf = (e: TraceEvent): string => { const x = e as { id?: string; id2?: { local?: string; global?: string } }; return x.id ?? x.id2?.local ?? x.id2?.global ?? '' }

/** The model worker's thread (the dedicated worker with the most events), if the trace has it. */
function workerThread(events: readonly TraceEvent[]): { pid: number; tid: number } | null {
  const ws = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'DedicatedWorker thread')
  const count = (pid: number, tid: number): number => events.reduce((n, e) => n + (e.pid === pid && e.tid === tid ? 1 : 0), 0)
  return ws.map((m) => ({ pid: m.pid, tid: m.tid, n: count(m.pid, m.tid) })).sort((a, b) => b.n - a.n)[0] ?? null
}

/** The worker's tasks over 20 ms (its own timeline: parse, build, trace, posting the model). */
function workerTasks(events: readonly TraceEvent[], from: number): string[] {
  const w = workerThread(events)
  if (!w) return ['  (no worker thread in the trace)']
  const all = slices(events, w.pid, w.tid)
  const tasks = all.filter((s) => (s.name === 'RunTask' || s.name === 'ThreadControllerImpl::RunTask') && s.end - s.ts > 20_000)
    .filter((s, i, xs) => !xs.some((o, j) => j !== i && o.ts <= s.ts && o.end >= s.end && (o.ts < s.ts || o.end > s.end)))
  const busy = tasks.reduce((a, s) => a + (s.end - s.ts), 0) / 1000
  // The worker's User Timing measures (modelWorker.ts names each operation) come as async begin/end pairs.
  const begun = new Map<string, TraceEvent>()
  const measures: string[] = []
  for (const e of events) {
    if (e.pid !== w.pid || !e.cat.includes('blink.user_timing') || !e.name.startsWith('worker ')) continue
    if (e.ph === 'b') begun.set(`${e.name} ${idOf(e)}`, e)
    else if (e.ph === 'e') {
      const b = begun.get(`${e.name} ${idOf(e)}`)
      if (b) measures.push(`    ${e.name} at +${((b.ts - from) / 1000).toFixed(0)} ms, ${((e.ts - b.ts) / 1000).toFixed(0)} ms`)
    }
  }
  return [`  model worker: ${tasks.length} tasks over 20 ms, ${busy.toFixed(0)} ms in all:`, ...tasks.slice(0, 12).map((s) => {
    const gc = all.filter((x) => x.ts >= s.ts && x.end <= s.end && kindOf(x.name) === 'GC').reduce((a, x) => a + Math.max(0, x.self), 0) / 1000
    return `    at +${((s.ts - from) / 1000).toFixed(0)} ms, ${((s.end - s.ts) / 1000).toFixed(0)} ms (GC ${gc.toFixed(0)} ms)`
  }), '  its operations:', ...measures]
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

/**
 * The page's JavaScript inside [from, to] (µs on the profile's clock, which is the trace's):
 * inclusive time per function, so a cause (renderModel, the stage's layout, the editor's
 * splice) shows with all it called.
 */
function jsWindow(p: Profile, from: number, to: number, n = 24): string[] {
  const parent = new Map<number, number>()
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id)
  const byId = new Map(p.nodes.map((x) => [x.id, x]))
  const incl = new Map<string, number>()
  let t = p.startTime
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0
    if (t < from || t > to) continue
    const dt = (p.timeDeltas[i + 1] ?? 500) / 1000
    const seen = new Set<string>()
    for (let id: number | undefined = p.samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame
      if (f.functionName === '(root)' || f.functionName === '(idle)') break
      const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`
      if (seen.has(k)) continue
      seen.add(k)
      incl.set(k, (incl.get(k) ?? 0) + dt)
    }
  }
  return [...incl].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `    ${ms.toFixed(0).padStart(6)} ms  ${k}`)
}

/** The worker's operation measures (name, start, end in µs) in a trace. */
function workerMeasures(events: readonly TraceEvent[]): { name: string; ts: number; end: number }[] {
  const w = workerThread(events)
  if (!w) return []
  const begun = new Map<string, TraceEvent>()
  const out: { name: string; ts: number; end: number }[] = []
  for (const e of events) {
    if (e.pid !== w.pid || !e.cat.includes('blink.user_timing') || !e.name.startsWith('worker ')) continue
    if (e.ph === 'b') begun.set(`${e.name} ${idOf(e)}`, e)
    else if (e.ph === 'e') {
      const b = begun.get(`${e.name} ${idOf(e)}`)
      if (b) out.push({ name: e.name, ts: b.ts, end: e.ts })
    }
  }
  return out
}

/** The what-ifs attributed: one of each kind the bench applies. */
const KINDS: readonly (readonly [string, string, number])[] = [['scale', 'default/web', 4], ['drain', 'worker-0003', 0], ['etp', 'default/web', 0], ['delete', 'default/debug-1', 0]]

async function main(): Promise<void> {
  const { browser, page, close } = await openDumpPage(nodes, services, { minify: false })
  try {
    let r = { pasted: 0, loaded: 0, traced: 0 }
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 })
    let loadProfile: Profile | null = null
    const ev1 = await traced(browser, page, async () => {
      await cdp.send('Profiler.start')
      r = await pasteDumpAndTrace(page, nodes)
      await page.waitForFunction(() => !document.querySelector('canvas[data-layout]') && document.getElementById('stage-step')?.textContent, undefined, { timeout: 20 * 60_000 })
      await page.waitForTimeout(300)
      loadProfile = (await cdp.send('Profiler.stop') as { profile: Profile }).profile
    })
    console.log(`paste → loaded ${(r.loaded - r.pasted).toFixed(0)} ms, → traced ${(r.traced - r.pasted).toFixed(0)} ms`)
    if (!process.argv.includes('--what-ifs-only')) {
      const m1 = mainThread(ev1)
      const s1 = slices(ev1, m1.pid, m1.tid)
      const t0 = s1.reduce((a, s) => Math.min(a, s.ts), Infinity)
      console.log(report('paste → first trace on the stage', s1, t0, s1.reduce((a, s) => Math.max(a, s.end), 0), loadProfile).join('\n'))
      console.log(workerTasks(ev1, t0).join('\n'))
    }
    for (const [kind, target, value] of KINDS) {
      let wi: [number, number] = [0, 0]
      let profile: Profile | null = null
      const ev = await traced(browser, page, async () => {
        await cdp.send('Profiler.start')
        wi = await page.evaluate(whatIfOnPage(kind, target, value)) as [number, number]
        await page.waitForTimeout(1500)
        profile = (await cdp.send('Profiler.stop') as { profile: Profile }).profile
      })
      const m = mainThread(ev)
      const s = slices(ev, m.pid, m.tid)
      // The click: the form's apply button's click event, dispatched by the bench's script.
      const click = s.find((x) => x.name === 'EventDispatch' && x.args?.data?.['type'] === 'click')
      const t2 = click?.ts ?? s.reduce((a, x) => Math.min(a, x.ts), Infinity)
      const result = t2 + wi[0] * 1000, staged = t2 + wi[1] * 1000
      const ops = workerMeasures(ev).filter((o) => o.ts >= t2 && o.ts <= result)
      const worker = ops.filter((o) => o.name === 'worker load' || o.name === 'worker trace').reduce((a, o) => a + (o.end - o.ts), 0) / 1000
      console.log(`\n=== what-if ${kind} ${target} → re-traced result on the page ${wi[0].toFixed(0)} ms, on the stage ${wi[1].toFixed(0)} ms`)
      console.log(`  worker ${worker.toFixed(0)} ms (${ops.map((o) => `${o.name} +${((o.ts - t2) / 1000).toFixed(0)}..+${((o.end - t2) / 1000).toFixed(0)}`).join(', ')}); the rest ${(wi[0] - worker).toFixed(0)} ms is the page and the messages`)
      console.log(report('  click → result on the page', s, t2, result, profile).join('\n'))
      if (profile) console.log(['  its JavaScript (inclusive):', ...jsWindow(profile, t2, result)].join('\n'))
      console.log(report('  result → stage drawn', s, result, staged, profile).join('\n'))
      // The camera's glide to the new step and the nodes drawn as they come into view.
      console.log(report('  stage drawn → 1.5 s later', s, staged, staged + 1_500_000, profile).join('\n'))
      if (profile) console.log(['  its JavaScript (inclusive):', ...jsWindow(profile, result, staged, 14)].join('\n'))
    }
  } finally {
    await close()
  }
}
await main()
