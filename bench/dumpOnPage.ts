/**
 * The browser bench's and the dump profiler's shared steps on the page: paste the dump served at
 * /bench-dump.yaml over the open editor, wait until its `nodes` nodes are loaded, and trace a
 * team-1 pod → app-5.team-5:80 until the delivered result and its first hop show. Returns the
 * page's performance.now() of the paste, the load and the trace.
 */
import type { Page } from 'playwright-core'
import { pasteFrom } from './pasteDump.js'

/** Waits on a 1,000-node dump can take minutes on a loaded machine. */
export const LONG = { timeout: 20 * 60_000 }

export async function pasteDumpAndTrace(page: Page, nodes: number): Promise<{ pasted: number; loaded: number; traced: number }> {
  const pasted = await page.evaluate(pasteFrom('/bench-dump.yaml')) as number
  await page.waitForFunction((n) => !document.body.dataset['busy'] && document.getElementById('summary')?.textContent?.startsWith(`${n} nodes`), nodes, LONG)
  const loaded = await page.evaluate('performance.now()') as number
  // A big cluster's sources are found by name (the list holds only the matches).
  await page.fill('#from-filter', 'pod/team-1/')
  const from = await page.evaluate(() => [...document.querySelectorAll<HTMLOptionElement>('#from option')].map((o) => o.value).find((v) => v.startsWith('pod/team-1/'))!)
  await page.selectOption('#from', from)
  await page.fill('#pick', '')
  await page.fill('#to', 'app-5.team-5:80')
  await page.locator('#run-trace').dispatchEvent('click', undefined, LONG)
  await page.waitForFunction(() => !document.body.dataset['busy'] && document.getElementById('result')?.dataset['result'] === 'delivered' && document.querySelector('#hops li[aria-current="step"]'), undefined, LONG)
  const traced = await page.evaluate('performance.now()') as number
  return { pasted, loaded, traced }
}
