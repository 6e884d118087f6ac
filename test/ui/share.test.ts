/**
 * Share links are safe (in a real browser, as in lab.test.ts): a link opens as its own
 * scenario and never overwrites the user's saved edit; a damaged, oversized or failing link
 * leaves the lab working with a message that stays until dismissed; nothing is stored until
 * the user keeps the link's cluster.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { missingChromium as missing, SHOTS, startLab, type Lab } from '../support/browser.js'

if (missing) console.warn(`browser tests skipped: ${missing}`)
const VXLAN = readFileSync(new URL('../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
const STORE = 'kube-netlab.yaml.two-node-flannel-vxlan'

let lab: Lab
let base = ''

async function open(url = base, page?: Page): Promise<Page> {
  if (!page) return lab.open(url)
  // A new document each time (a hash change alone would not reload the page).
  await page.goto('about:blank')
  await page.goto(url)
  await page.waitForSelector('body[data-ready]', { timeout: 30_000 })
  return page
}

/** A share link carrying `yaml`, packed in the page as the lab packs it. */
async function linkFor(page: Page, yaml: string, extra = ''): Promise<string> {
  return page.evaluate(async ([text, more]) => {
    const stream = new Blob([text!]).stream().pipeThrough(new CompressionStream('deflate-raw'))
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer())
    let bin = ''
    for (const b of bytes) bin += String.fromCharCode(b)
    return `${location.origin}/#s=two-node-flannel-vxlan&y=${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}${more}`
  }, [yaml, extra])
}

const storedKeys = (page: Page): Promise<string[]> => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('kube-netlab.') && k !== 'kube-netlab.lang').sort())

describe.skipIf(missing !== null)('share links in the browser', () => {
  beforeAll(async () => { lab = await startLab(); base = lab.base }, 60_000)

  afterAll(async () => {
    await lab?.close()
    expect(lab?.errors ?? []).toEqual([])
  }, 30_000)

  it('a saved edit survives opening a link; the link opens as its own scenario and is stored only when kept', async () => {
    const page = await open()
    const myEdit = VXLAN.replace('metadata: { name: web, namespace: default }\nspec:\n  replicas: 2', 'metadata: { name: web, namespace: default }\nspec:\n  replicas: 3')
    expect(myEdit).not.toBe(VXLAN)
    await page.evaluate(([k, v]) => localStorage.setItem(k!, v!), [STORE, myEdit])
    const theirs = VXLAN.replace('metadata: { name: web, namespace: default }\nspec:\n  replicas: 2', 'metadata: { name: web, namespace: default }\nspec:\n  replicas: 1')
    const link = await linkFor(page, theirs, '&from=pod%2Fdefault%2Fclient&to=web%3A80')
    await open(link, page)
    await page.waitForSelector('#hops li')
    expect(await page.inputValue('#scenario')).toBe('from-a-link')
    expect(await page.textContent('#result')).toContain('DELIVERED')
    expect(await page.evaluate((k) => localStorage.getItem(k), STORE)).toBe(myEdit)
    expect(await storedKeys(page)).toEqual([STORE])
    await page.screenshot({ path: new URL('share-01-from-a-link.png', SHOTS).pathname })

    // My own edit is still mine: three web pods.
    await page.selectOption('#scenario', 'two-node-flannel-vxlan')
    await page.waitForSelector('body[data-ready="two-node-flannel-vxlan"]')
    expect(await page.textContent('#summary')).toMatch(/ pods /)
    const mine = await page.evaluate(() => document.getElementById('from')!.textContent ?? '')
    expect((mine.match(/pod\/default\/web-/g) ?? []).length).toBe(3)

    // Keeping the link stores it as a scenario of its own.
    await open(link, page)
    await page.click('#keep-link')
    const keys = await storedKeys(page)
    expect(keys).toContain(STORE)
    expect(keys.some((k) => k.startsWith('kube-netlab.kept.kept-'))).toBe(true)
    expect(await page.inputValue('#scenario')).toMatch(/^kept-/)
    await page.evaluate(() => localStorage.clear())
    await page.close()
  })

  it('a damaged link leaves the lab working, with a message that stays until dismissed', async () => {
    const page = await open(`${base}#y=%%%not-base64!!!`)
    expect(await page.textContent('#link-message')).toContain('damaged')
    await page.waitForSelector('#hops li')
    expect(await page.textContent('#result')).toContain('DELIVERED')
    await page.click('#run-trace')
    await page.waitForSelector('#hops li')
    expect(await page.locator('#link-message').count()).toBe(1)
    await page.screenshot({ path: new URL('share-02-damaged.png', SHOTS).pathname })
    await page.click('#link-message-dismiss')
    expect(await page.locator('#link-message').count()).toBe(0)
    expect(await storedKeys(page)).toEqual([])
    await page.close()
  })

  it('a link that unpacks beyond 5 MB is refused quickly, without freezing the tab', async () => {
    const page = await open()
    const bomb = await page.evaluate(async () => {
      const stream = new Blob([new Uint8Array(64 * 1024 * 1024).fill(97)]).stream().pipeThrough(new CompressionStream('deflate-raw'))
      const bytes = new Uint8Array(await new Response(stream).arrayBuffer())
      let bin = ''
      for (const b of bytes) bin += String.fromCharCode(b)
      return `${location.origin}/#y=${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`
    })
    const t0 = Date.now()
    await open(bomb, page)
    expect(Date.now() - t0).toBeLessThan(20_000)
    expect(await page.textContent('#link-message')).toContain('more than 5 MB')
    await page.waitForSelector('#hops li')
    expect(await storedKeys(page)).toEqual([])
    await page.close()
  })

  it('a link whose cluster has errors shows them, stores nothing, and the next visit is normal', async () => {
    const page = await open()
    const link = await linkFor(page, VXLAN.replace('kind: Service\nmetadata: { name: web,', 'kind: Service\nmetadata: { name: Web_Bad,'))
    await open(link, page)
    expect(await page.textContent('#link-message')).toContain('has errors')
    expect(await page.textContent('#diagnostics')).toContain('metadata.name: Invalid value: "Web_Bad"')
    expect(await page.locator('#canvas canvas:not(.minimap)').count()).toBe(1)
    expect(await storedKeys(page)).toEqual([])
    await open(base, page)
    await page.waitForSelector('#hops li')
    expect(await page.getAttribute('body', 'data-ready')).toBe('two-node-flannel-vxlan')
    expect(await page.locator('#link-message').count()).toBe(0)
    await page.close()
  })
})
