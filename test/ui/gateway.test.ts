/**
 * The gateway-api scenario in a real browser: trace the Gateway's URL, find the proxy's decision
 * hop in the step list, and check the detail panel explains it (listener, candidates, tie-break,
 * the answer); the proxy's own connection to the backend follows. No console errors.
 */
import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CHROMIUM = '/usr/bin/chromium'
const missing = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install chromium)`
if (missing) console.warn(`browser tests skipped: ${missing}`)
const SHOTS = new URL('../../test-results/ui/', import.meta.url)

let server: ViteDevServer
let browser: Browser
let base = ''
const errors: string[] = []

describe.skipIf(missing !== null)('the gateway-api scenario in the browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    server = await createServer({ configFile: new URL('../../vite.config.ts', import.meta.url).pathname, server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' })
    await server.listen()
    base = `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}/`
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    expect(errors).toEqual([])
  })

  it('shows the proxy\'s decision as a step with its explanation', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
    page.on('pageerror', (e) => errors.push(String(e)))
    await page.goto(base)
    await page.waitForSelector('body[data-ready]', { timeout: 30_000 })
    await page.selectOption('#scenario', 'gateway-api')
    await page.waitForSelector('body[data-ready="gateway-api"]')
    await page.selectOption('#from', 'external/student-pc')
    await page.fill('#to', 'http://192.168.10.240/another')
    await page.click('#run-trace')
    await page.waitForSelector('#hops li[aria-current="step"]')
    expect(await page.textContent('#result')).toContain('DELIVERED')
    const titles = await page.locator('#hops li').allTextContents()
    const at = titles.findIndex((t) => t.endsWith('— proxy'))
    expect(at, titles.join('\n')).toBeGreaterThan(0)
    // The proxy's own connection to the backend comes after its decision.
    expect(titles.slice(at + 1).some((t) => t.includes('pod default/podnet-02'))).toBe(true)
    await page.click(`#hops li[data-step="${at}"]`)
    const detail = (await page.textContent('#detail')) ?? ''
    expect(detail).toContain('listener http (port 80, HTTP)')
    expect(detail).toContain('candidates in precedence order: 1. default/course-route rule 1 (PathPrefix /another)')
    expect(detail).toContain('the longer path value')
    expect(detail).toContain('HTTP 200')
    await page.screenshot({ path: new URL('gateway-proxy-decision.png', SHOTS).pathname })
    await page.close()
  }, 60_000)
})
