/**
 * The browser bench's and the dump profiler's shared steps on the page: paste the dump served at
 * /bench-dump.yaml over the open editor, wait until its `nodes` nodes are loaded, and trace a
 * team-1 pod → app-5.team-5:80 until the delivered result and its first hop show. Returns the
 * page's performance.now() of the paste, the load and the trace.
 */
import { existsSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'
import { build, preview, type InlineConfig } from 'vite'
import { generateDump } from './generateDump.js'
import { RECORD_LONG_TASKS, WHAT_IF_OBJECTS, pasteFrom } from './pasteDump.js'

const ROOT = new URL('..', import.meta.url).pathname

export interface DumpPage {
  readonly browser: Browser
  readonly page: Page
  close(): Promise<void>
}

/**
 * The production page (built unless --no-build and a build exists) served with a generated dump
 * at /bench-dump.yaml, open in headless Chromium (1600×1000) after its first trace, long tasks
 * recorded, the editor open with its text selected: ready for pasteDumpAndTrace.
 */
export async function openDumpPage(nodes: number, services: number, buildOptions: InlineConfig['build'] = {}): Promise<DumpPage> {
  if (!process.argv.includes('--no-build') || !existsSync(`${ROOT}dist/index.html`)) await build({ root: ROOT, logLevel: 'silent', build: buildOptions })
  writeFileSync(`${ROOT}dist/bench-dump.yaml`, generateDump({ nodes, services }) + WHAT_IF_OBJECTS)
  const server = await preview({ root: ROOT, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' })
  const base = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] })
  const close = async (): Promise<void> => {
    await browser.close()
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
  }
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    page.on('pageerror', (e) => console.log('page error', String(e)))
    await page.goto(base)
    await page.waitForFunction(() => performance.getEntriesByName('first-trace-ready').length > 0)
    await page.evaluate(RECORD_LONG_TASKS)
    await page.click('#toggle-editor')
    await page.waitForSelector('body[data-editor="ready"] .cm-content')
    await page.click('.cm-content')
    await page.keyboard.press('Control+A')
    return { browser, page, close }
  } catch (e) {
    await close()
    throw e
  }
}

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
