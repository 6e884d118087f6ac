/**
 * A big paste into the editor goes in a slice per task (editor.ts), the slices after the first once
 * the lab has loaded and traced it; until the last slice is in,
 * the editor takes no edit of the person's. Keys pressed meanwhile are refused (read-only,
 * `aria-busy`), not mixed into a text that is only part of the paste, and the lab loads the
 * whole paste; once it is in, the editor takes edits again, and one undo takes the whole paste
 * back, however long the page kept the slices waiting. Screenshot: editor-paste.png.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { missingChromium, startLab, type Lab } from '../support/browser.js'
import { LabCore } from '../../src/ui/worker/labCore.js'

const TEXT = readFileSync(new URL('../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
/** Over the editor's 1 MB "big paste" mark: about forty slices of 256 KB, so keys pressed right after the paste land between two of them. */
/** A Service at the very end whose selector matches no pod: a warning on the paste's last lines. */
const LONELY = '---\napiVersion: v1\nkind: Service\nmetadata: { name: lonely, namespace: default }\nspec:\n  type: NodePort\n  selector: { app: nobody-has-this-label }\n  ports: [{ port: 80 }]\n'
const BIG = `${TEXT}\n${'# a comment line that makes the paste big enough to go in slices\n'.repeat(160_000)}${LONELY}`

/** The editor's document length (CodeMirror keeps its view on the content element's tile). */
const docLength = (page: Page): Promise<number> => page.evaluate(() => (document.querySelector('.cm-content') as unknown as { cmTile: { root: { view: { state: { doc: { length: number } } } } } }).cmTile.root.view.state.doc.length)

let lab: Lab

describe.skipIf(missingChromium !== null)('a big paste into the editor', () => {
  beforeAll(async () => { lab = await startLab() }, 60_000)
  afterAll(async () => {
    await lab?.close()
    expect(lab?.errors ?? []).toEqual([])
  }, 30_000)

  it('takes no keys until the whole paste is in, loads all of it, then takes edits again', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1440, height: 900 } })
    await page.click('#toggle-editor')
    await page.waitForSelector('body[data-editor="ready"] .cm-content')
    const before = await page.evaluate(() => (document.querySelector('.cm-content') as unknown as { cmTile: { root: { view: { state: { doc: { toString(): string } } } } } }).cmTile.root.view.state.doc.toString())
    await page.click('.cm-content')
    await page.keyboard.press('Control+A')
    // Whether the editor was still taking in the paste when each key arrived.
    await page.evaluate(() => {
      const w = window as unknown as { keysWhilePasting: boolean[] }
      w.keysWhilePasting = []
      document.addEventListener('keydown', () => w.keysWhilePasting.push(document.querySelector('.cm-editor')!.classList.contains('cm-pasting')), true)
    })
    // The document's length each time the lab's busy flag changes (the paste's load, its trace).
    await page.evaluate(() => {
      const w = window as unknown as { lengthAtBusy: [string, number][] }
      const length = (): number => (document.querySelector('.cm-content') as unknown as { cmTile: { root: { view: { state: { doc: { length: number } } } } } }).cmTile.root.view.state.doc.length
      w.lengthAtBusy = []
      new MutationObserver(() => w.lengthAtBusy.push([document.body.dataset['busy'] ?? 'ready', length()])).observe(document.body, { attributes: true, attributeFilter: ['data-busy'] })
    })
    await page.evaluate((text) => {
      const data = new DataTransfer()
      data.setData('text/plain', text)
      document.querySelector('.cm-content')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, BIG)
    // Between two slices: the editor says it is busy and refuses keys.
    await page.waitForSelector('.cm-editor.cm-pasting[aria-busy="true"]', { timeout: 5_000 })
    // The page busy for 0.7 s between two slices (as while a big cluster arrives): still one undo step.
    await page.evaluate(() => { const t = performance.now(); while (performance.now() - t < 700) { /* busy */ } })
    await page.keyboard.type('zzz')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Control+z')
    await page.waitForSelector('.cm-editor:not(.cm-pasting):not([aria-busy])', { timeout: 30_000 })
    // The keys did arrive between two slices (else this test would prove nothing).
    expect(await page.evaluate(() => (window as unknown as { keysWhilePasting: boolean[] }).keysWhilePasting.filter(Boolean).length)).toBeGreaterThan(0)
    // All of the paste, nothing else.
    expect(await docLength(page)).toBe(BIG.length)
    // The first slice showed at once; the rest waited while the lab loaded and traced the paste
    // (the page's CPU is the worker's too): the document was that one slice until the lab was at rest.
    const seen = await page.evaluate(() => (window as unknown as { lengthAtBusy: [string, number][] }).lengthAtBusy)
    expect(seen[0]?.[0]).toBe('loading')
    expect(seen.at(-1)?.[0]).toBe('ready')
    const firstSlice = seen[0]![1]
    expect(firstSlice).toBeGreaterThan(0)
    expect(seen.every(([, n]) => n === firstSlice), JSON.stringify(seen)).toBe(true)
    // The load's diagnostics came while only the first slice was in: they are shown at their own
    // lines once the rest is (the editor is scrolled to the paste's end, where the warning is).
    await page.waitForFunction(() => [...document.querySelectorAll('.cm-lintRange-warning')].some((e) => e.textContent?.includes('nobody-has-this-label')), undefined, { timeout: 10_000 })
    await page.waitForFunction(() => !document.body.dataset['busy'] && /2 nodes/.test(document.getElementById('summary')?.textContent ?? ''), undefined, { timeout: 30_000 })
    await lab.shot(page, 'editor-paste')
    // Editable again: a key typed now is an edit of the whole text.
    await page.click('.cm-content')
    await page.keyboard.press('Control+End')
    await page.keyboard.type('#')
    await page.waitForFunction((n) => (document.querySelector('.cm-content') as unknown as { cmTile: { root: { view: { state: { doc: { length: number } } } } } }).cmTile.root.view.state.doc.length === n, BIG.length + 1, { timeout: 5_000 })
    // Undo takes back the key, then the whole paste at once: the text from before it, not part of the dump.
    await page.keyboard.press('Control+z')
    await page.keyboard.press('Control+z')
    await page.waitForFunction((n) => (document.querySelector('.cm-content') as unknown as { cmTile: { root: { view: { state: { doc: { length: number } } } } } }).cmTile.root.view.state.doc.length === n, before.length, { timeout: 5_000 })
    expect(await page.evaluate(() => (document.querySelector('.cm-content') as unknown as { cmTile: { root: { view: { state: { doc: { toString(): string } } } } } }).cmTile.root.view.state.doc.toString())).toBe(before)
    await page.close()
  }, 90_000)

  it('a what-if applied while the paste is still going in edits the whole paste once it is in', async () => {
    // What the lab makes of the paste and the what-if (the worker's own code, in-process).
    const core = new LabCore()
    core.load({ fileName: 'x.yaml', text: BIG, keepAddresses: false })
    const expected = core.load({ fileName: 'x.yaml', text: BIG, keepAddresses: true, edit: { kind: 'etp', target: 'default/lonely', value: 0 } }).text
    expect(expected.length).toBeGreaterThan(BIG.length)
    const page = await lab.open(undefined, { viewport: { width: 1440, height: 900 } })
    await page.click('#toggle-editor')
    await page.waitForSelector('body[data-editor="ready"] .cm-content')
    await page.click('.cm-content')
    await page.keyboard.press('Control+A')
    // The what-if (its target set as a person's pick would) the moment the lab is at rest with
    // the paste: the editor then holds only its first slice.
    await page.evaluate(() => {
      const w = window as unknown as { pastingAtWhatIf: boolean | null }
      w.pastingAtWhatIf = null
      const form = (id: string) => document.getElementById(id) as HTMLSelectElement
      let seenBusy = false
      const m = new MutationObserver(() => {
        if (document.body.dataset['busy']) { seenBusy = true; return }
        if (!seenBusy) return
        m.disconnect()
        form('wi-kind').value = 'etp'
        const o = Object.assign(document.createElement('option'), { value: 'default/lonely', textContent: 'default/lonely' })
        form('wi-target').replaceChildren(o)
        w.pastingAtWhatIf = document.querySelector('.cm-editor')!.classList.contains('cm-pasting')
        document.getElementById('wi-apply')!.click()
      })
      m.observe(document.body, { attributes: true, attributeFilter: ['data-busy'] })
    })
    await page.evaluate((text) => {
      const data = new DataTransfer()
      data.setData('text/plain', text)
      document.querySelector('.cm-content')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, BIG)
    await page.waitForFunction(() => (window as unknown as { pastingAtWhatIf: boolean | null }).pastingAtWhatIf !== null, undefined, { timeout: 30_000 })
    expect(await page.evaluate(() => (window as unknown as { pastingAtWhatIf: boolean }).pastingAtWhatIf)).toBe(true)
    await page.waitForSelector('#modified:not([hidden])', { timeout: 30_000 })
    await page.waitForSelector('.cm-editor:not(.cm-pasting)', { timeout: 30_000 })
    await page.waitForFunction(() => !document.body.dataset['busy'], undefined, { timeout: 30_000 })
    // The editor holds the lab's text: the paste with the what-if's rewrite of the Service at its end.
    expect(await docLength(page)).toBe(expected.length)
    expect(await page.evaluate(() => (document.querySelector('.cm-content') as unknown as { cmTile: { root: { view: { state: { doc: { toString(): string } } } } } }).cmTile.root.view.state.doc.toString()) === expected).toBe(true)
    await page.close()
  }, 90_000)
})
