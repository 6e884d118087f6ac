/**
 * A what-if that changes a few nodes of a pasted dump draws those nodes again and keeps the
 * others' drawings (StageScene with keptNodes): what the stage then shows must be what a drawing
 * from scratch of the same layout shows. The whole scene is exported as a PNG after the what-if,
 * then drawn again from scratch (the theme switched there and back: a new theme keeps nothing)
 * and exported again: the two images must be the same, pixel for pixel. That the layout after a
 * what-if is the layout of the edited model made from scratch is test/render/layoutReuse.test.ts;
 * that the page's model is the worker's, test/ui/worker/modelDelta.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDump } from '../../bench/generateDump.js'
import { WHAT_IF_OBJECTS, pasteFrom, whatIfOnPage } from '../../bench/pasteDump.js'
import { SHOTS, addPngDecoder, missingChromium, startLab, type Lab, type PngDecoding } from '../support/browser.js'

const NODES = 11
/** Over 2,000 pods: the page shows a what-if's result first and splices the editor after it (afterResult.ts). */
const SERVICES = 700
/** The dump's pods (3 per Service, 2 CoreDNS, kube-proxy and flannel per node) and WHAT_IF_OBJECTS' 3 + 3. */
const PODS = SERVICES * 3 + 2 + 2 * NODES + 6

describe.skipIf(missingChromium)('a what-if draws again only the nodes it changed', () => {
  let lab: Lab
  beforeAll(async () => {
    lab = await startLab()
    writeFileSync(new URL('stage-delta-dump.yaml', SHOTS), generateDump({ nodes: NODES, services: SERVICES }) + WHAT_IF_OBJECTS)
  }, 120_000)
  afterAll(async () => { await lab?.close() })

  /** Waits until the stage has its layout and every part of it is drawn. */
  const drawn = (page: Page): Promise<unknown> => page.waitForFunction(() => document.getElementById('canvas')?.dataset['drawn'] === 'done' && !document.querySelector('canvas[data-layout]'), undefined, { timeout: 60_000 })

  async function png(page: Page): Promise<Buffer> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')])
    return readFileSync((await download.path())!)
  }

  /** Waits until the editor, scrolled to its end, shows `text`. */
  async function editorEndShows(page: Page, text: string): Promise<void> {
    await page.click('.cm-content')
    await page.keyboard.press('Control+End')
    await page.waitForFunction((t) => document.querySelector('.cm-content')?.textContent?.includes(t), text, { timeout: 30_000 })
  }

  /** Pixels that differ between two PNGs (decoded by the page), and where. */
  async function diff(page: Page, a: Buffer, b: Buffer): Promise<unknown> {
    await addPngDecoder(page)
    return page.evaluate(async ([x, y]) => {
      const { decodePng } = window as unknown as PngDecoding
      const [p, q] = [await decodePng(x), await decodePng(y)]
      if (p.width !== q.width || p.height !== q.height) return { size: [p.width, p.height, q.width, q.height] }
      let n = 0, x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1
      for (let i = 0; i < p.data.length; i += 4) {
        if (p.data[i] === q.data[i] && p.data[i + 1] === q.data[i + 1] && p.data[i + 2] === q.data[i + 2]) continue
        n++
        const px = (i / 4) % p.width, py = Math.floor(i / 4 / p.width)
        x0 = Math.min(x0, px); y0 = Math.min(y0, py); x1 = Math.max(x1, px); y1 = Math.max(y1, py)
      }
      return { n, box: [x0, y0, x1, y1], size: [p.width, p.height] }
    }, [a.toString('base64'), b.toString('base64')] as const)
  }

  it('keeps the unchanged nodes, and the stage is the stage drawn from scratch', async () => {
    // No glides: the packet stands at its step in both images.
    const page = await lab.open(undefined, { viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })
    await page.click('#toggle-editor')
    await page.waitForSelector('body[data-editor="ready"] .cm-content')
    await page.click('.cm-content')
    await page.keyboard.press('Control+A')
    await page.evaluate(pasteFrom(new URL('stage-delta-dump.yaml', SHOTS).pathname.replace(/^.*\/test-results\//, '/test-results/')))
    await page.waitForFunction((n) => !document.body.dataset['busy'] && document.getElementById('summary')?.textContent?.startsWith(`${n} nodes`), NODES, { timeout: 60_000 })
    // The sources are listed right after the summary (a task of their own on a cluster this big).
    const from = await (await page.waitForFunction(() => [...document.querySelectorAll<HTMLOptionElement>('#from option')].map((o) => o.value).find((v) => v.startsWith('pod/team-1/')))).jsonValue() as string
    await page.selectOption('#from', from)
    await page.fill('#to', 'web.default:80')
    await page.click('#run-trace')
    await page.waitForSelector('#result[data-result="delivered"]', { timeout: 60_000 })
    await drawn(page)

    // Two more replicas of web: the nodes they land on are drawn again, the others kept.
    const [, , , ran, result] = await page.evaluate(whatIfOnPage('scale', 'default/web', 5)) as [number, number, number, boolean, string]
    expect(ran).toBe(true)
    expect(result).toBe('delivered')
    await drawn(page)
    const kept = Number(await page.getAttribute('#canvas', 'data-kept-nodes'))
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(NODES)
    expect(await page.textContent('#summary')).toContain(`${PODS + 2} pods`)
    const afterWhatIf = await png(page)
    await lab.shot(page, 'stage-delta-after-what-if')
    // The editor holds the edited text (the Deployment is near the end of the dump).
    await editorEndShows(page, 'replicas: 5')

    // The same layout drawn from scratch.
    await page.click('#stage-theme')
    await drawn(page)
    await page.click('#stage-theme')
    await drawn(page)
    expect(await page.getAttribute('#canvas', 'data-kept-nodes')).toBe('0')
    const fromScratch = await png(page)
    expect(afterWhatIf.length).toBeGreaterThan(10_000)
    // Where they differ, when they do (the pixels that differ and their bounding box).
    const same = afterWhatIf.equals(fromScratch)
    // Both images beside the screenshots when they differ, to look at.
    if (!same) for (const [name, png] of [['after-what-if', afterWhatIf], ['from-scratch', fromScratch]] as const) writeFileSync(new URL(`stage-delta-${name}.png`, SHOTS), png)
    expect(same, same ? '' : JSON.stringify(await diff(page, afterWhatIf, fromScratch))).toBe(true)
    // Undo: the cluster and the editor's text as before the what-if.
    await page.click('#wi-undo')
    await page.waitForFunction((n) => !document.body.dataset['busy'] && document.getElementById('summary')?.textContent?.includes(`${n} pods`), PODS, { timeout: 60_000 })
    await editorEndShows(page, 'replicas: 3')
    expect(lab.errors).toEqual([])
    await page.close()
  }, 180_000)
})
