/**
 * The production build's model worker without the yaml package until a text needs it
 * (src/ui/worker/yamlLazy.ts, only the build has it: the dev server's worker imports the
 * package itself). The default scenario's first screen — first trace, what-if targets — loads
 * no package, and its first what-if does; text the fast YAML reader declines (an anchor, flow mappings over several lines)
 * as the very first thing the page loads (a share link) or pasted into the editor as the first
 * action loads it and gives the right cluster, what-if targets and what-if result. Any browser
 * console error fails the test.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page, type Worker } from 'playwright-core'
import { build, preview, type PreviewServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHOTS, missingChromium } from '../support/browser.js'

const ROOT = new URL('../../', import.meta.url).pathname
const OUT = new URL('../../test-results/lazy-yaml-dist/', import.meta.url).pathname
const DECLINED = readFileSync(new URL('../fixtures/lazy-yaml/anchors-and-flow.yaml', import.meta.url), 'utf8')
/** The fixture's pods: 2 CoreDNS, kube-proxy, 3 web, client. */
const PODS = 7

/** The scripts a worker has loaded (its own and the chunks it imported). */
const workerScripts = (w: Worker): Promise<string[]> => w.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')))

describe.skipIf(missingChromium)('the production build loads the yaml package in the worker only for text that needs it', () => {
  let server: PreviewServer
  let browser: Browser
  let base = ''
  let yamlChunk = ''
  const errors: string[] = []

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true })
    mkdirSync(SHOTS, { recursive: true })
    await build({ root: ROOT, logLevel: 'silent', build: { outDir: OUT, emptyOutDir: true } })
    // The chunk the worker imports on first use: the one its entry names in a dynamic import().
    const entry = readdirSync(`${OUT}assets`).find((f) => /^modelWorker-.*\.js$/.test(f))!
    const dynamic = [...readFileSync(`${OUT}assets/${entry}`, 'utf8').matchAll(/import\(`\.\/([^`]+\.js)`\)/g)].map((m) => m[1]!)
    expect(dynamic).toHaveLength(1)
    yamlChunk = dynamic[0]!
    expect(readFileSync(`${OUT}assets/${yamlChunk}`, 'utf8')).toContain('yaml.alias')
    server = await preview({ root: ROOT, logLevel: 'silent', build: { outDir: OUT }, preview: { port: 0, host: '127.0.0.1' } })
    base = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    expect(errors).toEqual([])
  }, 30_000)

  async function open(url: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
    page.on('pageerror', (e) => errors.push(String(e)))
    await page.goto(url)
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 })
    return page
  }

  const loadedYaml = async (page: Page): Promise<boolean> => (await Promise.all(page.workers().map(workerScripts))).flat().some((f) => f.endsWith(`/${yamlChunk}`))

  /** The what-if targets the page lists for `kind`, once it has them. */
  async function targets(page: Page, kind: string, expected: string): Promise<string[]> {
    await page.selectOption('#wi-kind', kind)
    await page.waitForFunction((v) => [...document.querySelectorAll<HTMLOptionElement>('#wi-target option')].some((o) => o.value === v), expected, { timeout: 30_000 })
    return page.$$eval('#wi-target option', (os) => os.map((o) => (o as HTMLOptionElement).value))
  }

  /** Flips the Service's externalTrafficPolicy through the page's form; resolves when the page is idle again. */
  async function flipEtp(page: Page): Promise<void> {
    expect(await targets(page, 'etp', 'shop/web')).toEqual(['shop/web'])
    await page.selectOption('#wi-target', 'shop/web')
    await page.click('#wi-apply')
    await page.waitForFunction(() => !document.body.dataset['busy'] && [...document.querySelectorAll<HTMLOptionElement>('#wi-target option')].some((o) => o.textContent?.includes('(Local)')), undefined, { timeout: 30_000 })
  }

  it('the default scenario traces and lists what-if targets without the package; its first what-if loads it', async () => {
    const page = await open(base)
    await page.waitForFunction(() => performance.getEntriesByName('first-trace-ready').length > 0, undefined, { timeout: 30_000 })
    expect(await page.textContent('#result')).toContain('DELIVERED')
    expect((await targets(page, 'scale', 'default/web')).length).toBeGreaterThan(0)
    expect((await targets(page, 'drain', 'node2')).length).toBeGreaterThan(0)
    // Settled: nothing is still on its way.
    await page.waitForTimeout(1000)
    expect(await loadedYaml(page)).toBe(false)
    await page.screenshot({ path: new URL('lazy-yaml-01-default.png', SHOTS).pathname })
    // The first what-if brings the package in (the edit is written by it), and scales web 2 → 4.
    const pods = Number(/(\d+) pods/.exec((await page.textContent('#summary'))!)![1])
    await page.selectOption('#wi-kind', 'scale')
    await page.selectOption('#wi-target', 'default/web')
    await page.fill('#wi-value', '4')
    await page.click('#wi-apply')
    await page.waitForFunction((n) => !document.body.dataset['busy'] && document.getElementById('summary')?.textContent?.includes(`${n} pods`), pods + 2, { timeout: 30_000 })
    expect(await loadedYaml(page)).toBe(true)
    await page.waitForSelector('#result[data-result="delivered"]')
    await page.close()
  })

  it('a share link of declined text, the first thing the page loads, gives its cluster, targets and a what-if', async () => {
    const blank = await browser.newPage()
    await blank.goto(base)
    const hash = await blank.evaluate(async (yaml) => {
      const stream = new Blob([yaml]).stream().pipeThrough(new CompressionStream('deflate-raw'))
      const bytes = new Uint8Array(await new Response(stream).arrayBuffer())
      let bin = ''
      for (const b of bytes) bin += String.fromCharCode(b)
      return `#y=${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}&from=pod%2Fshop%2Fclient&to=web.shop%3A80`
    }, DECLINED)
    await blank.close()
    const page = await open(`${base}${hash}`)
    await page.waitForFunction((n) => document.getElementById('summary')?.textContent?.includes(`${n} pods`), PODS, { timeout: 30_000 })
    await page.waitForSelector('#result[data-result="delivered"]', { timeout: 30_000 })
    expect(await loadedYaml(page)).toBe(true)
    expect(await targets(page, 'drain', 'minikube')).toEqual(['minikube'])
    await flipEtp(page)
    expect(await page.textContent('#summary')).toContain(`${PODS} pods`)
    await page.screenshot({ path: new URL('lazy-yaml-02-share-link.png', SHOTS).pathname })
    await page.close()
  })

  it('declined text pasted into the editor as the first action loads, lists targets and takes a what-if', async () => {
    const page = await open(base)
    await page.click('#toggle-editor')
    await page.waitForSelector('body[data-editor="ready"] .cm-content')
    expect(await loadedYaml(page)).toBe(false)
    await page.click('.cm-content')
    await page.keyboard.press('Control+A')
    await page.evaluate((text) => {
      const data = new DataTransfer()
      data.setData('text/plain', text)
      document.querySelector('.cm-content')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, DECLINED)
    await page.waitForFunction((n) => !document.body.dataset['busy'] && document.getElementById('summary')?.textContent?.includes(`1 nodes · ${n} pods`), PODS, { timeout: 30_000 })
    expect(await loadedYaml(page)).toBe(true)
    expect(await targets(page, 'scale', 'shop/web')).toEqual(['shop/web'])
    await flipEtp(page)
    // The editor shows the what-if's edit of the text.
    expect(await page.textContent('.cm-content')).toContain('externalTrafficPolicy: Local')
    await page.screenshot({ path: new URL('lazy-yaml-03-pasted.png', SHOTS).pathname })
    await page.close()
  })
})
