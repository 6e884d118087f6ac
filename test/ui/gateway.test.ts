/**
 * The gateway-api scenario in a real browser: trace the Gateway's URL, find the proxy's decision
 * in the event list, and check the detail panel explains it (listener, candidates, tie-break,
 * the answer); the proxy's own connection to the backend follows. No console errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { missingChromium, startLab, type Lab } from '../support/browser.js'

let lab: Lab

describe.skipIf(missingChromium !== null)('the gateway-api scenario in the browser', () => {
  beforeAll(async () => { lab = await startLab() }, 60_000)
  afterAll(async () => {
    await lab?.close()
    expect(lab?.errors ?? []).toEqual([])
  }, 30_000)

  it('shows the proxy\'s decision as a step with its explanation', async () => {
    const page = await lab.open()
    await page.selectOption('#scenario', 'gateway-api')
    await page.waitForSelector('body[data-ready="gateway-api"]')
    await page.selectOption('#from', 'external/student-pc')
    await page.fill('#to', 'http://192.168.10.240/another')
    await page.click('#run-trace')
    await page.waitForSelector('#hops li[aria-current="step"]')
    expect(await page.textContent('#result')).toContain('DELIVERED')
    const types = await page.locator('#hops li[data-step]').evaluateAll((li) => li.map((e) => (e as HTMLElement).dataset['type'] ?? ''))
    const rows = await page.locator('#hops li[data-step]').allTextContents()
    const at = types.indexOf('proxy')
    expect(at, rows.join('\n')).toBeGreaterThan(0)
    // The proxy's own connection to the backend comes after its decision, under its own heading.
    expect(rows.slice(at + 1).some((t) => t.includes('pod default/podnet-02'))).toBe(true)
    expect(await page.locator('#hops li.phase-head').allTextContents()).toContain("The proxy's own connection to the backend")
    await page.click(`#hops li[data-step="${at}"]`)
    const detail = (await page.textContent('#detail')) ?? ''
    expect(detail).toContain('listener http (port 80, HTTP)')
    expect(detail).toContain('candidates in precedence order: 1. default/course-route rule 1 (PathPrefix /another)')
    expect(detail).toContain('the longer path value')
    expect(detail).toContain('HTTP 200')
    await lab.shot(page, 'gateway-proxy-decision')
    await page.close()
  }, 60_000)
})
