/**
 * The lab in a real browser (Debian's chromium through playwright-core, headless): load the
 * page, pick a scenario, trace pod → Service, step through every hop checking the panels, play
 * to the end, reopen a share link, break a selector in the YAML editor, switch to Korean, and
 * show an untrusted name as text. Any browser console error fails the test. A screenshot of
 * each step is written to test-results/ui/.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { missingChromium as missing, startLab, type Lab } from '../support/browser.js'

if (missing) console.warn(`browser tests skipped: ${missing}`)

let lab: Lab
const open = (url?: string): Promise<Page> => lab.open(url)
const shot = (page: Page, name: string): Promise<Buffer> => lab.shot(page, name)

describe.skipIf(missing !== null)('the lab in the browser', () => {
  beforeAll(async () => { lab = await startLab() }, 60_000)

  afterAll(async () => {
    await lab?.close()
    expect(lab?.errors ?? []).toEqual([])
  }, 30_000)

  it('loads the default scenario with a ready trace', async () => {
    const page = await open()
    expect(await page.getAttribute('body', 'data-ready')).toBe('two-node-flannel-vxlan')
    await page.waitForSelector('#hops li')
    expect(await page.textContent('#result')).toContain('DELIVERED')
    await shot(page, '01-default')
    await page.close()
  })

  it('traces pod → Service, steps through every hop with the panels, and plays to the end', async () => {
    const page = await open()
    await page.selectOption('#scenario', 'two-node-flannel-host-gw')
    await page.waitForSelector('body[data-ready="two-node-flannel-host-gw"]')
    await page.selectOption('#from', 'pod/default/client')
    await page.fill('#to', 'web:80')
    await page.fill('#pick', '10.244.1.3')
    await page.click('#run-trace')
    await page.waitForSelector('#hops li[aria-current="step"]')
    const total = await page.locator('#hops li[data-step]').count()
    expect(total).toBeGreaterThan(20)
    // A trace opens on the source's first packet, after the DNS lookup; Home goes to the lookup.
    expect(await page.textContent('#pb-pos')).toBe(`5/${total}`)
    await page.keyboard.press('Home')
    expect(await page.textContent('#pb-pos')).toBe(`1/${total}`)
    for (let i = 0; i < total; i++) {
      const item = page.locator(`#hops li[data-step="${i}"]`)
      expect(await item.getAttribute('aria-current')).toBe('step')
      const detail = (await page.textContent('#detail')) ?? ''
      const title = (await item.textContent()) ?? ''
      if (/DNS (query|answer)/.test(title)) expect(detail).toMatch(/web\.default\.svc\.cluster\.local\. → NOERROR/)
      else {
        expect(detail).toContain('Before')
        expect(detail).toMatch(/Why: .{10,}/)
      }
      if ((await item.getAttribute('data-type')) === 'DNAT' && title.includes('node1')) {
        // The DNAT hop: the changed destination is highlighted and the rules walked are listed in order.
        expect(await page.locator('#detail td.changed').count()).toBeGreaterThan(0)
        const walk = await page.locator('#detail .walk-rule').allTextContents()
        expect(walk[0]).toMatch(/^-A PREROUTING .* -j KUBE-SERVICES$/)
        expect(walk.at(-1)).toMatch(/^-A KUBE-SEP-\S+ .* -j DNAT --to-destination 10\.244\.1\.3:8080$/)
        await shot(page, '02-dnat-hop')
      }
      if (i < total - 1) await page.keyboard.press('ArrowRight')
    }
    await page.keyboard.press('Home')
    expect(await page.textContent('#pb-pos')).toBe(`1/${total}`)
    await page.selectOption('#pb-speed', '4')
    await page.keyboard.press(' ')
    await page.waitForFunction((n) => document.getElementById('pb-pos')?.textContent === `${n}/${n}`, total, { timeout: 30_000 })
    expect(await page.textContent('#pb-play')).toBe('▶')
    await shot(page, '03-played-to-end')
    await page.close()
  })

  it('reopens a share link to the same view', async () => {
    const page = await open()
    await page.waitForSelector('#hops li')
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight')
    await page.click('#share')
    await page.waitForSelector('#share[data-link]')
    const link = (await page.getAttribute('#share', 'data-link'))!
    const view = { pos: await page.textContent('#pb-pos'), result: await page.textContent('#result'), detail: await page.textContent('#detail') }
    await page.close()
    const again = await open(link)
    await again.waitForSelector('#hops li[aria-current="step"]')
    expect({ pos: await again.textContent('#pb-pos'), result: await again.textContent('#result'), detail: await again.textContent('#detail') }).toEqual(view)
    await shot(again, '04-share-link')
    await again.close()
  })

  it('breaking a selector in the YAML editor gives the no-endpoints outcome; the edit survives a reload', async () => {
    const page = await open()
    await page.click('#toggle-editor')
    await page.waitForSelector('body[data-editor="ready"] .cm-content')
    const text = readFileSync(new URL('../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
    const broken = text.replace('  selector: { app: web }\n  ports: [{ name: http, port: 80, targetPort: http }]', '  selector: { app: wbe }\n  ports: [{ name: http, port: 80, targetPort: http }]')
    expect(broken).not.toBe(text)
    await page.click('.cm-content')
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(broken)
    await page.waitForFunction(() => document.getElementById('result')?.textContent?.includes('REFUSED'), undefined, { timeout: 20_000 })
    expect(await page.textContent('#result')).toContain('has no endpoints')
    expect(await page.textContent('#diagnostics')).toContain('selector app=wbe matches no pod')
    await shot(page, '05-broken-selector')
    await page.reload()
    await page.waitForSelector('body[data-ready]')
    await page.waitForSelector('#hops li')
    expect(await page.textContent('#result')).toContain('REFUSED')
    await page.evaluate(() => localStorage.clear())
    await page.close()
  })

  it('a what-if recomputes the trace at once: scaling web to 0 leaves the Service without endpoints', async () => {
    const page = await open()
    await page.waitForSelector('#hops li')
    await page.selectOption('#wi-kind', 'scale')
    await page.selectOption('#wi-target', 'default/web')
    await page.fill('#wi-value', '0')
    await page.click('#wi-apply')
    await page.waitForFunction(() => document.getElementById('result')?.textContent?.includes('REFUSED'), undefined, { timeout: 20_000 })
    expect(await page.textContent('#result')).toContain('has no endpoints')
    await shot(page, '06-what-if-scale-0')
    await page.evaluate(() => localStorage.clear())
    await page.close()
  })

  it('switches to Korean and remembers it', async () => {
    const page = await open()
    await page.selectOption('#lang', 'ko')
    expect(await page.textContent('[data-i18n="scenario"]')).toBe('시나리오')
    expect(await page.textContent('#run-trace')).toBe('추적')
    // The result line and a hop's explanation are the engine's messages rendered in Korean.
    await page.waitForFunction(() => /^결과: DELIVERED — .*[\uac00-\ud7a3]/.test(document.getElementById('result')?.textContent ?? ''))
    await page.click('#hops li:last-child')
    const why = (await page.textContent('#detail .why')) ?? ''
    expect(why).toMatch(/^설명: .*[\uac00-\ud7a3]/)
    expect(why).not.toMatch(/\b(the|is|and|to)\b/)
    await shot(page, '07-korean')
    await page.reload()
    await page.waitForSelector('body[data-ready]')
    expect(await page.textContent('[data-i18n="trace"]')).toBe('추적')
    await page.selectOption('#lang', 'en')
    await page.close()
  })

  it('shows an untrusted name as text, never as HTML', async () => {
    const hostile = 'apiVersion: v1\nkind: Pod\nmetadata: { name: "<img src=x onerror=alert(1)>", namespace: default }\nspec:\n  containers: [{ name: c, image: nginx }]\n'
    const page = await open()
    const link = await page.evaluate(async (yaml) => {
      const stream = new Blob([yaml]).stream().pipeThrough(new CompressionStream('deflate-raw'))
      const bytes = new Uint8Array(await new Response(stream).arrayBuffer())
      let bin = ''
      for (const b of bytes) bin += String.fromCharCode(b)
      return `${location.origin}/#y=${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`
    }, hostile)
    await page.close()
    const p = await open(link)
    expect(await p.textContent('#diagnostics')).toContain('metadata.name: Invalid value: "<img src=x onerror=alert(1)>"')
    expect(await p.locator('img').count()).toBe(0)
    expect(await p.locator('#canvas canvas:not(.minimap)').count()).toBe(1)
    await shot(p, '08-untrusted-name')
    await p.close()
  })
})
