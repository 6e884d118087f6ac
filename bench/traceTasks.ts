/**
 * The page's main-thread tasks from a Chrome trace, each with its wall time and the thread's own
 * CPU time in it. The Long Tasks API gives wall time only: on a shared machine (load average
 * 6–9 with 2 cores) most "long" tasks are the thread waiting for a core, so the bench gives the
 * longest task by CPU time beside it, and what filled that task (self time by event; script by
 * the function the browser called). Shared by bench/browser.ts and bench/traceDump.ts.
 */
import type { Browser, Page } from 'playwright-core'

export interface TraceEvent { name: string; cat: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string; data?: Record<string, unknown> } }

/** `cpu`: the thread's own time in it (µs; the wall time minus the time the OS ran other work on a busy machine). */
export interface Slice { name: string; ts: number; end: number; self: number; cpu?: number; args?: TraceEvent['args'] }

/** The complete events of one thread with each one's self time (its time minus its children's). */
export function slices(events: readonly TraceEvent[], pid: number, tid: number): Slice[] {
  const own: Slice[] = []
  const open: TraceEvent[] = []
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid) continue
    if (e.ph === 'X' && e.dur !== undefined) own.push({ name: e.name, ts: e.ts, end: e.ts + e.dur, self: e.dur, ...(e.tdur !== undefined ? { cpu: e.tdur } : {}), ...(e.args ? { args: e.args } : {}) })
    else if (e.ph === 'B') open.push(e)
    else if (e.ph === 'E') {
      const b = open.pop()
      if (b) own.push({ name: b.name, ts: b.ts, end: e.ts, self: e.ts - b.ts, ...(b.args ? { args: b.args } : {}) })
    }
  }
  // Longer first at the same start: a parent before its children.
  own.sort((a, b) => a.ts - b.ts || b.end - a.end)
  const stack: Slice[] = []
  for (const s of own) {
    while (stack.length && stack[stack.length - 1]!.end <= s.ts) stack.pop()
    const parent = stack[stack.length - 1]
    if (parent && s.end <= parent.end) parent.self -= s.end - s.ts
    stack.push(s)
  }
  return own
}

/** The page's main thread: the renderer's CrRendererMain with the most events. */
export function mainThread(events: readonly TraceEvent[]): { pid: number; tid: number } {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  const count = (pid: number, tid: number): number => events.reduce((n, e) => n + (e.pid === pid && e.tid === tid ? 1 : 0), 0)
  const best = mains.map((m) => ({ pid: m.pid, tid: m.tid, n: count(m.pid, m.tid) })).sort((a, b) => b.n - a.n)[0]
  if (!best) throw new Error('no CrRendererMain thread in the trace')
  return best
}

export interface Task {
  /** Microseconds on the trace's clock. */
  readonly ts: number
  readonly wallMs: number
  /** The thread's own CPU time (ms); the wall time when the trace has none. */
  readonly cpuMs: number
  /** What filled it: self time (ms) by event, script by the function called, most first. */
  readonly inside: readonly (readonly [string, number])[]
}

const isTask = (s: Slice): boolean => s.name === 'RunTask' || s.name === 'ThreadControllerImpl::RunTask'

/** The main thread's top-level tasks over `overMs` of wall time, longest CPU first. */
export function tasksOf(events: readonly TraceEvent[], overMs = 10): Task[] {
  const m = mainThread(events)
  const all = slices(events, m.pid, m.tid)
  const tops: Slice[] = []
  let end = -Infinity
  for (const s of all) {
    if (!isTask(s) || s.ts < end) continue
    tops.push(s)
    end = s.end
  }
  return tops.filter((t) => t.end - t.ts > overMs * 1000).map((task) => {
    const inside = new Map<string, number>()
    for (const s of all) if (s.ts >= task.ts && s.end <= task.end) {
      const where = s.name === 'FunctionCall' || s.name === 'EventDispatch' || s.name === 'TimerFire' ? `${s.name} ${String(s.args?.data?.['functionName'] ?? s.args?.data?.['type'] ?? '')}`.trim() : s.name
      inside.set(where, (inside.get(where) ?? 0) + Math.max(0, s.self) / 1000)
    }
    return { ts: task.ts, wallMs: (task.end - task.ts) / 1000, cpuMs: (task.cpu ?? task.end - task.ts) / 1000, inside: [...inside].sort((a, b) => b[1] - a[1]) }
  }).sort((a, b) => b.cpuMs - a.cpuMs)
}

/** One line for a task: its CPU and wall time and the events that filled it most. */
export const taskLine = (t: Task, n = 5): string => `${t.cpuMs.toFixed(0)} ms CPU (${t.wallMs.toFixed(0)} ms wall): ${t.inside.slice(0, n).map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ')}`

/** Runs `run` with the page's main thread traced (task and timeline events only: little overhead); its events. */
export async function traceTasks(browser: Browser, page: Page, run: () => Promise<void>): Promise<TraceEvent[]> {
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] })
  let failed: unknown = null
  await run().catch((e: unknown) => { failed = e })
  const buf = await browser.stopTracing()
  if (failed) throw failed
  return (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents
}
