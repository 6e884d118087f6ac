/**
 * The panels around the stage, in English and Korean: the event list's phases on an Ingress
 * trace, the DNAT hop's rule walk readable without sideways scrolling, the hook map lighting
 * PREROUTING at the DNAT and POSTROUTING at the MASQUERADE, Enter in the target field then →
 * stepping, a what-if undone, the first-visit hint and the Try list, and the whole lab in
 * Korean. Screenshots go to test-results/ui/.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { missingChromium, startLab, type Lab } from '../support/browser.js'

let lab: Lab
const HANGUL = /[\uac00-\ud7a3]/

async function traceTo(page: Page, from: string, to: string): Promise<void> {
  await page.selectOption('#from', from)
  await page.fill('#to', to)
  await page.press('#to', 'Enter')
  await page.waitForSelector('#hops li[aria-current="step"]')
}

async function seekType(page: Page, type: string, node: string): Promise<void> {
  await page.locator(`#hops li[data-type="${type}"]`, { hasText: node }).first().click()
}

describe.skipIf(missingChromium !== null)('the panels', () => {
  beforeAll(async () => { lab = await startLab() }, 60_000)
  afterAll(async () => {
    await lab?.close()
    expect(lab?.errors ?? []).toEqual([])
  }, 30_000)

  it('groups an Ingress trace into phases, including the controller\'s own connection', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1440, height: 900 } })
    await page.selectOption('#scenario', 'course-examples')
    await page.waitForSelector('body[data-ready="course-examples"]')
    await traceTo(page, 'external/student-pc', 'http://192.168.10.11:32486/another')
    const heads = await page.locator('#hops li.phase-head').allTextContents()
    expect(heads).toEqual(['Client → ingress controller', "The proxy's own connection to the backend", 'The backend answers the proxy', 'Reply back through conntrack'])
    // The filter narrows the list to one type.
    await page.selectOption('#event-filter', 'DNAT')
    const visible = await page.locator('#hops li.event:visible').count()
    expect(visible).toBeGreaterThan(0)
    expect(visible).toBe(await page.locator('#hops li.event[data-type="DNAT"]').count())
    await lab.shot(page, 'panels-ingress-phases')
    await page.close()
  })

  it('shows the DNAT hop as one walk of rules, wrapped, and lights PREROUTING; POSTROUTING at the MASQUERADE', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1024, height: 768 } })
    await seekType(page, 'DNAT', 'node1')
    const rules = page.locator('#detail .walk-rule')
    expect(await rules.count()).toBe(4)
    const last = rules.last()
    expect(await last.textContent()).toMatch(/-j DNAT --to-destination 10\.244\.\d\.\d:8080$/)
    // Readable without scrolling sideways: the rule wraps inside its box.
    expect(await last.evaluate((e) => e.scrollWidth <= e.clientWidth + 1)).toBe(true)
    // The statistic rule's chain is placed by the model worker: the walk shows its branch once that answer is in.
    await page.waitForFunction(() => /statistic: probability/.test(document.querySelector('#detail .walk')?.textContent ?? ''), undefined, { timeout: 30_000 })
    expect(await page.textContent('#detail .walk')).toMatch(/statistic: probability 0\.5 — picked 10\.244\.\d\.\d:8080 \(2 endpoints\)/)
    expect(await page.getAttribute('#hookmap [data-hook="PREROUTING"]', 'aria-current')).toBe('true')
    expect(await page.getAttribute('#hookmap [data-hook="PREROUTING"] [data-table="nat"]', 'class')).toBe('acted')
    await lab.shot(page, 'panels-dnat-walk')
    // NodePort from outside: kube-proxy marks the packet and MASQUERADE rewrites the source.
    await traceTo(page, 'external/laptop', '192.168.49.2:30080')
    await seekType(page, 'SNAT', 'node1')
    expect(await page.getAttribute('#hookmap [data-hook="POSTROUTING"]', 'aria-current')).toBe('true')
    expect(await page.textContent('#detail .walk')).toContain('MASQUERADE')
    await page.close()
  })

  it('Enter in the target field traces, and → then steps', async () => {
    const page = await lab.open()
    await page.fill('#to', 'web:80')
    await page.press('#to', 'Enter')
    // The trace is computed in the model worker: wait until it is on screen.
    await page.waitForSelector('body:not([data-busy]) #hops li[aria-current="step"]')
    const before = await page.textContent('#pb-pos')
    await page.keyboard.press('ArrowRight')
    const after = await page.textContent('#pb-pos')
    expect(Number(after!.split('/')[0])).toBe(Number(before!.split('/')[0]) + 1)
    // → on a select steps too, instead of changing the source.
    await page.focus('#from')
    const source = await page.inputValue('#from')
    await page.keyboard.press('ArrowRight')
    expect(await page.inputValue('#from')).toBe(source)
    expect(Number((await page.textContent('#pb-pos'))!.split('/')[0])).toBe(Number(after!.split('/')[0]) + 1)
    await page.keyboard.press('?')
    expect(await page.locator('#keys-help').isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    await page.close()
  })

  it('a what-if shows before and after, marks the scenario modified, and undo restores the result', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1440, height: 900 } })
    const original = await page.textContent('#result')
    await page.selectOption('#wi-kind', 'scale')
    await page.selectOption('#wi-target', 'default/web')
    await page.fill('#wi-value', '0')
    await page.click('#wi-apply')
    await page.waitForFunction(() => document.getElementById('result')?.textContent?.includes('REFUSED'))
    expect(await page.locator('#modified').isVisible()).toBe(true)
    expect(await page.textContent('#compare')).toMatch(/before: DELIVERED.*after: REFUSED/)
    // The target dropdown keeps its selection.
    expect(await page.inputValue('#wi-target')).toBe('default/web')
    await lab.shot(page, 'panels-what-if')
    await page.click('#wi-undo')
    await page.waitForFunction((t) => document.getElementById('result')?.textContent === t, original)
    expect(await page.locator('#modified').isVisible()).toBe(false)
    // A pod of a Deployment comes back: deleting it says so and leaves the trace as it was.
    await page.selectOption('#wi-kind', 'delete')
    const web = await page.locator('#wi-target option', { hasText: 'default/web-' }).first().getAttribute('value')
    await page.selectOption('#wi-target', web!)
    await page.click('#wi-apply')
    expect(await page.textContent('#result')).toContain('its controller creates a replacement')
    // A deny-all under flannel: the result line says nothing enforces it.
    await page.selectOption('#wi-kind', 'deny')
    await page.selectOption('#wi-target', 'default')
    await page.click('#wi-apply')
    await page.waitForFunction(() => document.getElementById('result')?.textContent?.includes('does not enforce NetworkPolicy'))
    await page.click('#wi-reset')
    // The model worker reloads the original: the badge goes when it is back.
    await page.waitForSelector('#modified', { state: 'hidden' })
    await page.evaluate(() => localStorage.clear())
    await page.close()
  })

  it('a first visit gets a hint and ready-made cases; a new scenario runs its first case', async () => {
    const page = await lab.open()
    expect(await page.locator('#first-visit').isVisible()).toBe(true)
    await page.click('#try button[data-case="no-endpoints"]')
    await page.waitForFunction(() => document.getElementById('result')?.textContent?.includes('REFUSED'))
    await page.click('#first-visit-ok')
    expect(await page.locator('#first-visit').isVisible()).toBe(false)
    await page.selectOption('#scenario', 'two-node-flannel-host-gw')
    await page.waitForSelector('body[data-ready="two-node-flannel-host-gw"]')
    await page.waitForFunction(() => document.getElementById('result')?.dataset['result'] === 'delivered')
    await page.reload()
    await page.waitForSelector('body[data-ready]')
    expect(await page.locator('#first-visit').isVisible()).toBe(false)
    await page.evaluate(() => localStorage.clear())
    await page.close()
  })

  it('is Korean throughout in Korean: the result line, every hop\'s explanation, the panels', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1440, height: 900 } })
    await page.selectOption('#lang', 'ko')
    await page.waitForFunction(() => document.getElementById('result')?.textContent?.startsWith('결과'))
    expect(await page.textContent('#result')).toMatch(HANGUL)
    const total = await page.locator('#hops li[data-step]').count()
    for (let i = 0; i < total; i++) {
      await page.locator(`#hops li[data-step="${i}"]`).click()
      const why = await page.locator('#detail .why').first().textContent()
      expect(why, `step ${i + 1}`).toMatch(HANGUL)
      expect(why, `step ${i + 1}`).not.toMatch(/\b(the|is|are|and|to|of|from)\b/)
    }
    expect(await page.locator('#hops li.phase-head').first().textContent()).toBe('DNS 조회')
    expect(await page.textContent('#hookmap .hook-title')).toBe('커널 안의 경로')
    expect(await page.textContent('#stage-step')).toMatch(/단계/)
    await lab.shot(page, 'panels-korean')
    await page.selectOption('#lang', 'en')
    await page.close()
  })

  it('switching kube-proxy to nftables mode re-traces the connection and shows both modes\' walks at the DNAT', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1440, height: 900 } })
    await page.selectOption('#wi-kind', 'proxy-mode')
    await page.selectOption('#wi-target', 'nftables')
    await page.click('#wi-apply')
    await page.waitForSelector('#compare:not([hidden])')
    await seekType(page, 'DNAT', 'node1')
    const walks = page.locator('#detail .walk')
    expect(await walks.count()).toBe(2)
    expect(await walks.nth(0).textContent()).toMatch(/vmap @service-ips.*dnat to 10\.244\.\d\.\d:8080/)
    expect(await page.textContent('#detail .compare-title')).toContain('iptables mode')
    expect(await walks.nth(1).textContent()).toMatch(/-j DNAT --to-destination 10\.244\.\d\.\d:8080/)
    await lab.shot(page, 'panels-both-modes')
    await page.evaluate(() => localStorage.clear())
    await page.close()
  })
})
