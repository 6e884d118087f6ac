/**
 * The loader's diagnostics in the browser in Korean: the diagnostics list under the editor
 * (src/ui/main.ts, formatDiagnosticIn) and the editor's lint tooltips (src/ui/editor.ts,
 * diagnosticText) print the catalog's Korean, API reason phrases kept as kubectl prints them.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { missingChromium as missing, startLab, type Lab } from '../support/browser.js'

if (missing) console.warn(`browser tests skipped: ${missing}`)

const HANGUL = /[\uac00-\ud7a3]/
let lab: Lab

describe.skipIf(missing !== null)('diagnostics in the browser in Korean', () => {
  beforeAll(async () => { lab = await startLab() }, 60_000)
  afterAll(async () => {
    await lab?.close()
    expect(lab?.errors ?? []).toEqual([])
  }, 30_000)

  it('the diagnostics list and the editor lint tooltip show a broken label key in Korean', async () => {
    const page = await lab.open()
    await page.selectOption('#lang', 'ko')
    await page.click('#toggle-editor')
    await page.waitForSelector('body[data-editor="ready"] .cm-content')
    const text = readFileSync(new URL('../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
    const broken = text.replace('  selector: { app: web }\n', '  selector: { app: web, "bad key!": x }\n')
    expect(broken).not.toBe(text)
    await page.click('.cm-content')
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(broken)
    await page.waitForFunction(() => document.getElementById('diagnostics')?.textContent?.includes('Invalid value'), undefined, { timeout: 20_000 })
    const items = await page.locator('#diagnostics li').allTextContents()
    expect(items.length).toBeGreaterThan(0)
    for (const item of items) expect(item).toMatch(HANGUL)
    const invalid = items.find((i) => i.includes('Invalid value'))!
    expect(invalid).toContain(': 오류: spec.selector: 잘못된 값 (Invalid value): "bad key!": 이름 부분은 영숫자')
    expect(invalid).not.toContain('name part must')
    await page.hover('.cm-lintRange-error')
    await page.waitForSelector('.cm-tooltip-lint', { timeout: 10_000 })
    const tip = (await page.textContent('.cm-tooltip-lint')) ?? ''
    expect(tip).toContain('잘못된 값 (Invalid value): "bad key!": 이름 부분은 영숫자')
    await lab.shot(page, 'i18n-diagnostics-ko')
    await page.close()
  }, 60_000)
})
