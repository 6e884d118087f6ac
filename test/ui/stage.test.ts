/**
 * The stage in a real browser, as a learner and an instructor use it: for every built-in
 * scenario and every case in its `spec.cases`, at 1024×768 and 1440×900, stepping through every
 * hop keeps the packet inside the canvas; the canvas renders at the device pixel ratio; a phone
 * gets a full-width stage; presentation mode, the light theme, the whole-scene PNG and the
 * spoken step line work. Motion is reduced so each step lands in one frame (the camera aims at
 * the same place either way). Screenshots of each scenario at each size go to test-results/ui/.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { missingChromium, startLab, type Lab } from '../support/browser.js'
import { BUILTIN_TOPOLOGIES, TOPOLOGY_DIR } from '../support/topologies.js'

interface Case { name: string; from: string; to: string; pick?: string }

function casesOf(topology: string): Case[] {
  const text = readFileSync(new URL(`${topology}.yaml`, TOPOLOGY_DIR), 'utf8')
  const docs = text.split(/^---$/m).map((d) => parse(d) as { kind?: string; spec?: { cases?: Case[] } } | null)
  return docs.find((d) => d?.kind === 'Cluster')?.spec?.cases ?? []
}

const SIZES = [{ width: 1024, height: 768 }, { width: 1440, height: 900 }]
let lab: Lab

async function traceCase(page: Page, scenario: string, c: Case): Promise<number> {
  if ((await page.getAttribute('body', 'data-ready')) !== scenario) {
    await page.selectOption('#scenario', scenario)
    await page.waitForSelector(`body[data-ready="${scenario}"]`)
  }
  await page.selectOption('#from', c.from)
  await page.fill('#to', c.to)
  await page.fill('#pick', c.pick ?? '')
  await page.click('#run-trace')
  await page.waitForFunction(() => document.getElementById('result')?.dataset['result'] !== undefined)
  return page.locator('#hops li[data-step]').count()
}

/** Steps through every hop in the page, two frames each, and returns where the packet was. */
function stepAll(page: Page, total: number): Promise<{ x: number; y: number; w: number; h: number; step: string }[]> {
  return page.evaluate(async (n) => {
    const canvas = document.querySelector<HTMLCanvasElement>('#canvas canvas:not(.minimap)')!
    const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))
    const out: { x: number; y: number; w: number; h: number; step: string }[] = []
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }))
    for (let i = 0; i < n; i++) {
      await frame()
      out.push({ x: Number(canvas.dataset['packetX']), y: Number(canvas.dataset['packetY']), w: canvas.clientWidth, h: canvas.clientHeight, step: document.getElementById('pb-pos')!.textContent ?? '' })
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))
    }
    return out
  }, total)
}

describe.skipIf(missingChromium !== null)('the stage in the browser', () => {
  beforeAll(async () => { lab = await startLab() }, 60_000)
  afterAll(async () => {
    await lab?.close()
    expect(lab?.errors ?? []).toEqual([])
  }, 30_000)

  for (const size of SIZES) {
    it(`keeps the packet on the canvas at every hop of every case (${size.width}×${size.height})`, async () => {
      const page = await lab.open(undefined, { viewport: size, reducedMotion: 'reduce' })
      let checked = 0
      for (const scenario of BUILTIN_TOPOLOGIES) {
        for (const c of casesOf(scenario)) {
          const total = await traceCase(page, scenario, c)
          const at = await stepAll(page, total)
          for (const [i, p] of at.entries()) {
            const where = `${scenario} ${c.name} step ${i + 1}/${total}`
            expect(Number.isFinite(p.x) && Number.isFinite(p.y), where).toBe(true)
            expect(p.x, where).toBeGreaterThanOrEqual(0)
            expect(p.x, where).toBeLessThanOrEqual(p.w)
            expect(p.y, where).toBeGreaterThanOrEqual(0)
            expect(p.y, where).toBeLessThanOrEqual(p.h)
            checked++
          }
        }
        // A screenshot mid-trace of the scenario's last case, for a person to look at.
        await page.evaluate(() => {
          const pos = document.getElementById('pb-pos')!.textContent!.split('/').map(Number)
          const scrub = document.getElementById('pb-scrub') as HTMLInputElement
          scrub.value = String(Math.floor((pos[1]! - 1) / 2))
          scrub.dispatchEvent(new Event('input'))
        })
        await page.waitForTimeout(100)
        await lab.shot(page, `stage-${scenario}-${size.width}x${size.height}`)
      }
      expect(checked).toBeGreaterThan(500)
      // Legible while following: at this size the camera zooms to at least 100 % (14 px text).
      expect(Number(await page.getAttribute('#canvas canvas:not(.minimap)', 'data-zoom'))).toBeGreaterThanOrEqual(1)
      await page.close()
    }, 300_000)
  }

  it('renders at the device pixel ratio (crisp on HiDPI)', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 })
    const c = await page.$eval('#canvas canvas:not(.minimap)', (el) => ({ w: (el as HTMLCanvasElement).width, h: (el as HTMLCanvasElement).height, cw: el.clientWidth, ch: el.clientHeight }))
    expect(c.w).toBe(c.cw * 2)
    expect(c.h).toBe(c.ch * 2)
    await lab.shot(page, 'stage-dpr2')
    await page.close()
  })

  it('gives a phone a full-width stage, stepped by tapping it', async () => {
    const page = await lab.open(undefined, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 3 })
    const box = (await page.locator('#canvas canvas:not(.minimap)').boundingBox())!
    expect(box.width).toBeGreaterThanOrEqual(350)
    expect(box.height).toBeGreaterThanOrEqual(0.35 * 844)
    const stage = (await page.locator('#stage').boundingBox())!
    expect(stage.height).toBeGreaterThanOrEqual(0.55 * 844)
    // The first trace opens on step 5 (on a loaded machine, a moment after the page says it is ready).
    await page.waitForFunction(() => document.getElementById('pb-pos')?.textContent?.startsWith('5/'))
    await page.tap('#canvas canvas:not(.minimap)', { position: { x: 20, y: 20 } })
    await page.waitForFunction(() => document.getElementById('pb-pos')?.textContent?.startsWith('6/'))
    await lab.shot(page, 'stage-phone-390x844')
    await page.close()
  })

  it('presentation mode shows the stage and a large caption, in the light theme, remembered', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1280, height: 720 } })
    // The trace opens on step 5 (the first packet); step 7 is kube-proxy's DNAT.
    await page.keyboard.press('ArrowRight')
    await page.click('#stage-theme')
    await page.keyboard.press('f')
    expect(await page.getAttribute('#stage-present', 'aria-pressed')).toBe('true')
    expect(await page.locator('aside').isVisible()).toBe(false)
    const size = await page.$eval('#stage-caption', (el) => parseFloat(getComputedStyle(el).fontSize))
    expect(size).toBeGreaterThanOrEqual(28)
    // NAT is marked in words, not only in colour.
    await page.keyboard.press('ArrowRight')
    await page.waitForTimeout(400)
    expect(await page.textContent('#stage-change')).toContain('DNAT')
    expect(await page.textContent('#announce')).toMatch(/^Step 7 of \d+: node1 cni0 nat PREROUTING — ✎ DNAT 10\.106\.112\.147:80 → 10\.244\.\d\.\d:8080/)
    await lab.shot(page, 'stage-present-light')
    await page.keyboard.press('Escape')
    expect(await page.locator('aside').isVisible()).toBe(true)
    await page.reload()
    await page.waitForSelector('body[data-ready]')
    expect(await page.getAttribute('body', 'data-theme')).toBe('light')
    await page.click('#stage-theme')
    await page.close()
  })

  it('the person can take the camera (wheel) and give it back (Follow, Fit)', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1440, height: 900 } })
    await page.keyboard.press('ArrowRight')
    const canvas = page.locator('#canvas canvas:not(.minimap)')
    const box = (await canvas.boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.wheel(0, -400)
    expect(await page.getAttribute('#stage-follow', 'aria-pressed')).toBe('false')
    await page.click('#stage-follow')
    expect(await page.getAttribute('#stage-follow', 'aria-pressed')).toBe('true')
    await page.click('#stage-fit')
    await page.waitForTimeout(800)
    const zoomFit = Number(await canvas.getAttribute('data-zoom'))
    expect(zoomFit).toBeLessThan(1)
    await page.close()
  })

  it('exports the whole scene at 2× with the caption, not only the view', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1024, height: 768 } })
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')])
    const file = await download.path()
    const png = readFileSync(file!)
    const width = png.readUInt32BE(16), height = png.readUInt32BE(20)
    const canvasWidth = await page.$eval('#canvas canvas:not(.minimap)', (el) => el.clientWidth)
    expect(width).toBeGreaterThan(2 * canvasWidth)
    expect(height).toBeGreaterThan(1000)
    await page.close()
  })

  it('records the trace as a WebM video for slides', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1024, height: 768 } })
    await page.selectOption('#pb-speed', '4')
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('#export-webm')])
    expect(download.suggestedFilename()).toBe('kube-netlab-trace.webm')
    const webm = readFileSync((await download.path())!)
    // An EBML header, and more than a few frames' worth of video.
    expect(webm.readUInt32BE(0)).toBe(0x1a45dfa3)
    expect(webm.length).toBeGreaterThan(20_000)
    expect(await page.getAttribute('#export-webm', 'data-state')).toBe('saved')
    await page.close()
  }, 90_000)
})
