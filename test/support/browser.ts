/**
 * The lab served by vite and opened in Debian's chromium (headless, through playwright-core),
 * for the browser tests. Any console error, page error or dialog is collected so a test file
 * can fail on it.
 */
import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import { createServer, type ViteDevServer } from 'vite'

export const CHROMIUM = '/usr/bin/chromium'
export const missingChromium = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install chromium)`
export const SHOTS = new URL('../../test-results/ui/', import.meta.url)

export interface Lab {
  readonly base: string
  readonly errors: string[]
  open(url?: string, options?: BrowserContextOptions): Promise<Page>
  shot(page: Page, name: string): Promise<Buffer>
  close(): Promise<void>
}

export async function startLab(): Promise<Lab> {
  mkdirSync(SHOTS, { recursive: true })
  const server: ViteDevServer = await createServer({ configFile: new URL('../../vite.config.ts', import.meta.url).pathname, server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' })
  await server.listen()
  const base = `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}/`
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] })
  const errors: string[] = []
  return {
    base,
    errors,
    async open(url = base, options = { viewport: { width: 1600, height: 1000 } }) {
      const context = await browser.newContext(options)
      const page = await context.newPage()
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
      page.on('pageerror', (e) => errors.push(String(e)))
      page.on('dialog', (d) => { errors.push(`dialog opened: ${d.message()}`); void d.dismiss() })
      page.on('close', () => { context.close().catch(() => undefined) })
      await page.goto(url)
      await page.waitForSelector('body[data-ready]', { timeout: 30_000 })
      return page
    },
    shot: (page, name) => page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname }),
    async close() {
      await browser.close()
      await server.close()
    },
  }
}

/**
 * Gives the page `window.decodePng(base64)`: a PNG (a screenshot taken by the test) decoded by
 * the browser into its pixels, for the tests that look at what the stage drew.
 */
export async function addPngDecoder(page: Page): Promise<void> {
  await page.evaluate(() => {
    ;(window as unknown as { decodePng(b64: string): Promise<ImageData> }).decodePng = async (b64) => {
      const img = new Image()
      img.src = `data:image/png;base64,${b64}`
      await img.decode()
      const c = document.createElement('canvas')
      c.width = img.width; c.height = img.height
      const g = c.getContext('2d')!
      g.drawImage(img, 0, 0)
      return g.getImageData(0, 0, c.width, c.height)
    }
  })
}

/** The page's decodePng (see addPngDecoder), for use inside page.evaluate. */
export type PngDecoding = { decodePng(b64: string): Promise<ImageData> }
