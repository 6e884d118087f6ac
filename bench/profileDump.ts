/**
 * Where the page's main thread spends its time while a big dump loads and a what-if runs:
 * pastes the generated 1,000-node dump into a production build (as bench/browser.ts does),
 * records the main thread with the DevTools CPU profiler (CDP `Profiler`) and prints the
 * functions with the most self time, and the long tasks (Long Tasks API). A developer tool:
 * `npx tsx bench/profileDump.ts [nodes] [services] [--no-build] [--over=ms]`.
 */
import { whatIfOnPage } from './pasteDump.js'
import { openDumpPage, pasteDumpAndTrace } from './dumpOnPage.js'

const [nodes = 1000, services = 10_000] = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number)
/** Long tasks at least this long (ms) get their own breakdown: `--over=50`. */
const OVER = Number(process.argv.find((a) => a.startsWith('--over='))?.slice('--over='.length) ?? 200)

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

const nameOf = (f: ProfileNode['callFrame']): string => `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`

/** Inclusive time per function inside each window [start, end] (ms from the profile's start). */
function windows(p: Profile, spans: readonly [number, number][], n = 22): string[] {
  const parent = new Map<number, number>()
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id)
  const byId = new Map(p.nodes.map((x) => [x.id, x]))
  const out: string[] = []
  const per = spans.map(() => new Map<string, number>())
  let t = 0
  for (let i = 0; i < p.samples.length; i++) {
    t += (p.timeDeltas[i] ?? 0) / 1000
    const w = spans.findIndex(([s, e]) => t >= s && t <= e)
    if (w < 0) continue
    const seen = new Set<string>()
    for (let id: number | undefined = p.samples[i]; id !== undefined; id = parent.get(id)) {
      const k = nameOf(byId.get(id)!.callFrame)
      if (seen.has(k)) continue
      seen.add(k)
      per[w]!.set(k, (per[w]!.get(k) ?? 0) + (p.timeDeltas[i + 1] ?? 0.5) / 1000)
    }
  }
  spans.forEach(([s, e], w) => {
    out.push(`task at ${s.toFixed(0)} ms, ${(e - s).toFixed(0)} ms:`)
    for (const [k, ms] of [...per[w]!].filter(([k]) => !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, n)) out.push(`  ${ms.toFixed(0).padStart(6)} ms  ${k}`)
  })
  return out
}

function top(p: Profile, n = 25): string[] {
  const byId = new Map(p.nodes.map((x) => [x.id, x]))
  const self = new Map<string, number>()
  for (let i = 0; i < p.samples.length; i++) {
    const f = byId.get(p.samples[i]!)!.callFrame
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000)
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `${ms.toFixed(0).padStart(7)} ms  ${k}`)
}

async function main(): Promise<void> {
  const { page, close } = await openDumpPage(nodes, services, { minify: false })
  try {
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
    const t0 = await page.evaluate('performance.now()') as number
    await cdp.send('Profiler.start')
    const { pasted, loaded, traced } = await pasteDumpAndTrace(page, nodes)
    const { profile: p1 } = await cdp.send('Profiler.stop') as { profile: Profile }
    console.log(`paste → loaded ${(loaded - pasted).toFixed(0)} ms, → traced ${(traced - pasted).toFixed(0)} ms`)
    console.log(`long tasks (start after paste, ms): ${JSON.stringify(await page.evaluate(`window.__longTasks.filter(([s]) => s >= ${pasted}).map(([s, d]) => [Math.round(s - ${pasted}), Math.round(d)])`))}`)
    console.log('main thread self time, paste → first trace:')
    console.log(top(p1).join('\n'))
    const spans1 = (await page.evaluate(`window.__longTasks.filter(([s, d]) => s >= ${t0} && d > ${OVER})`) as [number, number][]).map(([s, d]): [number, number] => [s - t0, s - t0 + d])
    console.log(windows(p1, spans1).join('\n'))

    const t1 = await page.evaluate('performance.now()') as number
    await cdp.send('Profiler.start')
    // The what-if through the form, its target set directly (reading a dump's targets parses the whole text).
    const [ms, staged] = await page.evaluate(whatIfOnPage('drain', 'worker-0003', 0)) as [number, number]
    console.log(`\nwhat-if (cordon) → re-traced result on the page ${ms.toFixed(0)} ms, on the stage ${staged.toFixed(0)} ms`)
    const applied = t1
    const { profile: p2 } = await cdp.send('Profiler.stop') as { profile: Profile }
    console.log(`long tasks: ${JSON.stringify(await page.evaluate(`window.__longTasks.filter(([s]) => s >= ${applied}).map(([s, d]) => [Math.round(s - ${applied}), Math.round(d)])`))}`)
    console.log(top(p2).join('\n'))
    const spans2 = (await page.evaluate(`window.__longTasks.filter(([s, d]) => s >= ${t1} && d > ${OVER})`) as [number, number][]).map(([s, d]): [number, number] => [s - t1, s - t1 + d])
    console.log(windows(p2, spans2).join('\n'))
  } finally {
    await close()
  }
}
await main()
