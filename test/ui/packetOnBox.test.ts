/**
 * The packet is drawn ON the box of the hop the trace is at, not only somewhere on the canvas:
 * at a laptop's, a desktop's and a phone's size, at every step of the default trace (the camera
 * gliding after the packet) and after the person pans and zooms, the pixels of the packet's dot
 * are found in a screenshot of the canvas and must be centred on the packet's published position
 * and inside the hop's box (`data-packet-box`, from the camera's maths), and that box's outline
 * must be drawn there too. With the camera's container a pixi render group the overlay was drawn
 * where the nodes had been before the camera moved (the packet off its pod): this test fails then.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DARK } from '../../src/render/scene/theme.js'
import { addPngDecoder, missingChromium, startLab, type Lab, type PngDecoding } from '../support/browser.js'

const SIZES = [
  { viewport: { width: 1024, height: 768 } },
  { viewport: { width: 1440, height: 900 } },
  { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
]
const CANVAS = '#canvas canvas:not(.minimap)'

interface Seen {
  /** Packet pixels found, and their centre (CSS pixels on the canvas). */
  readonly n: number
  readonly x: number
  readonly y: number
  /** Where the page says the packet is, and its hop's box (x y w h kind). */
  readonly px: number
  readonly py: number
  readonly box: string
  /** Per edge of the box on screen: the share of points along it where its outline colour is drawn (null: off screen). */
  readonly edges: (number | null)[]
  readonly w: number
  readonly h: number
}

/** Waits until the camera and the packet stand still, then reads the canvas's pixels. */
async function look(page: Page): Promise<Seen> {
  await page.waitForFunction((sel) => {
    const c = document.querySelector<HTMLCanvasElement>(sel)
    return c?.dataset['camera'] === 'still'
  }, CANVAS, { timeout: 10_000 })
  // The minimap and a tooltip lie over the canvas: out of the picture.
  await page.addStyleTag({ content: '.minimap, .stage-tip { visibility: hidden !important }' })
  const path = `test-results/ui/packet-on-box-${Date.now()}.png`
  const png = await page.locator(CANVAS).screenshot(process.env['PACKET_SHOTS'] ? { path } : {})
  if (process.env['PACKET_SHOTS']) console.log(path)
  await addPngDecoder(page)
  return page.evaluate(async ({ b64, sel, packet, strokes }) => {
    const canvas = document.querySelector<HTMLCanvasElement>(sel)!
    const c = await (window as unknown as PngDecoding).decodePng(b64)
    const d = c.data
    const k = c.width / canvas.clientWidth
    const rgb = (n: number): number[] => [(n >> 16) & 255, (n >> 8) & 255, n & 255]
    const at = (x: number, y: number): number[] => { const i = (Math.round(y) * c.width + Math.round(x)) * 4; return [d[i]!, d[i + 1]!, d[i + 2]!] }
    const dist = (a: number[], b: number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!)
    const colours = packet.map(rgb)
    let n = 0, sx = 0, sy = 0
    for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) {
      const p = at(x, y)
      if (colours.some((q) => dist(p, q) <= 6)) { n++; sx += x; sy += y }
    }
    const [bx, by, bw, bh, kind] = (canvas.dataset['packetBox'] ?? '').split(' ')
    const box = { x: Number(bx) * k, y: Number(by) * k, w: Number(bw) * k, h: Number(bh) * k }
    const stroke = rgb(strokes[kind as string]?.[0] ?? 0)
    // A thin outline (zoomed out) is blended with the fill: near enough when nearer than 60 % of the fill's distance.
    const near = Math.max(60, 0.6 * dist(stroke, rgb(strokes[kind as string]?.[1] ?? 0)))
    /** Along one edge, the share of points with the outline's colour within 2 px across it; null when under 20 px of it is on screen. */
    const edge = (x0: number, y0: number, x1: number, y1: number): number | null => {
      const horizontal = y0 === y1
      const lo = Math.max(horizontal ? Math.max(x0, 0) : Math.max(y0, 0), 0) + 8 * k
      const hi = Math.min(horizontal ? Math.min(x1, c.width - 1) : Math.min(y1, c.height - 1)) - 8 * k
      const fixed = horizontal ? y0 : x0
      if (hi - lo < 20 * k || fixed < 2 || fixed > (horizontal ? c.height : c.width) - 3) return null
      let hit = 0, all = 0
      for (let t = lo; t <= hi; t += (hi - lo) / 24) {
        all++
        for (let o = -2; o <= 2; o++) {
          const p = horizontal ? at(t, fixed + o) : at(fixed + o, t)
          if (dist(p, stroke) <= near) { hit++; break }
        }
      }
      return hit / all
    }
    const edges = [edge(box.x, box.y, box.x + box.w, box.y), edge(box.x, box.y + box.h, box.x + box.w, box.y + box.h), edge(box.x, box.y, box.x, box.y + box.h), edge(box.x + box.w, box.y, box.x + box.w, box.y + box.h)]
    return { n, x: n ? sx / n / k : NaN, y: n ? sy / n / k : NaN, px: Number(canvas.dataset['packetX']), py: Number(canvas.dataset['packetY']), box: canvas.dataset['packetBox'] ?? '', edges, w: canvas.clientWidth, h: canvas.clientHeight }
  }, { b64: png.toString('base64'), sel: CANVAS, packet: [DARK.packet, DARK.reply, DARK.drop], strokes: Object.fromEntries(Object.entries(DARK.box).map(([kind, v]) => [kind, [v.stroke, v.fill]])) })
}

/** Checks made with the packet on screen (a test that checks nothing fails). */
let boxes = 0

/** The packet's dot is drawn where the page says and on its hop's box, and that box is drawn where the page says. */
function onItsBox(s: Seen, where: string): void {
  const [x, y, w, h] = s.box.split(' ').map(Number) as [number, number, number, number]
  const inside = s.px > 14 && s.py > 14 && s.px < s.w - 14 && s.py < s.h - 14
  if (!inside) return
  boxes++
  // The dot is a disc of radius 11 px or more: hundreds of pixels of the packet's colour.
  expect(s.n, `${where}: the packet's pixels`).toBeGreaterThan(150)
  expect(Math.abs(s.x - s.px), `${where}: dot x ${s.x.toFixed(1)} vs packet ${s.px}`).toBeLessThanOrEqual(3)
  expect(Math.abs(s.y - s.py), `${where}: dot y ${s.y.toFixed(1)} vs packet ${s.py} ${JSON.stringify(s)}`).toBeLessThanOrEqual(3)
  // On the node network's wire between nodes there is no box to be on.
  if (!s.box) return
  expect(s.x >= x - 4 && s.x <= x + w + 4 && s.y >= y - 4 && s.y <= y + h + 4, `${where}: dot (${s.x.toFixed(0)}, ${s.y.toFixed(0)}) on its box ${s.box}`).toBe(true)
  // The box's outline where the camera's maths puts it: most of its edges on screen mostly its
  // colour (a link may run along one edge).
  const shown = s.edges.filter((e): e is number => e !== null)
  const drawn = shown.filter((e) => e >= 0.5).length
  expect(drawn * 2, `${where}: outline of ${s.box} drawn there (${JSON.stringify(s.edges)})`).toBeGreaterThanOrEqual(shown.length)
}

describe.skipIf(missingChromium !== null)('the packet on its hop\'s box', () => {
  let lab: Lab
  beforeAll(async () => { lab = await startLab() }, 60_000)
  afterAll(async () => {
    await lab?.close()
    expect(lab?.errors ?? []).toEqual([])
  }, 30_000)

  for (const size of SIZES) {
    it(`at every step and after the person moves the camera (${size.viewport.width}×${size.viewport.height})`, async () => {
      const page = await lab.open(undefined, size)
      boxes = 0
      const total = Number((await page.textContent('#pb-pos'))!.split('/')[1])
      expect(total).toBeGreaterThan(10)
      // From the first packet's step (the trace opens there) to the end, the camera following.
      let checked = 0
      const start = Number((await page.textContent('#pb-pos'))!.split('/')[0])
      for (let i = start; i <= total; i++) {
        const s = await look(page)
        onItsBox(s, `step ${i}/${total}`)
        checked++
        if (i < total) await page.keyboard.press('ArrowRight')
      }
      expect(checked).toBeGreaterThan(8)
      expect(boxes).toBeGreaterThan(8)
      // Back to a middle step, then the person drags the stage and zooms with the wheel.
      await page.keyboard.press('Home')
      for (let i = 0; i < Math.floor(total / 2); i++) await page.keyboard.press('ArrowRight')
      onItsBox(await look(page), 'a middle step')
      const box = (await page.locator(CANVAS).boundingBox())!
      const cx = box.x + box.width / 2, cy = box.y + box.height / 2
      await page.mouse.move(cx, cy)
      await page.mouse.down()
      await page.mouse.move(cx - box.width / 6, cy - box.height / 8, { steps: 6 })
      await page.mouse.up()
      onItsBox(await look(page), 'after a drag')
      await page.mouse.wheel(0, -300)
      onItsBox(await look(page), 'after zooming in')
      await page.mouse.wheel(0, 500)
      onItsBox(await look(page), 'after zooming out')
      // Follow again: the camera glides back to the packet.
      await page.click('#stage-follow')
      await page.keyboard.press('ArrowRight')
      onItsBox(await look(page), 'following again')
      await page.close()
    }, 180_000)
  }
})
