/**
 * The control plane's chain on the stage: scaling a Deployment plays kubectl → API server →
 * etcd → controllers → scheduler → kubelet → CNI → EndpointSlice → kube-proxy, the event list
 * shows the `kubectl get events` rows, the message stays on the canvas at every step, and a
 * kube-proxy step shows the rules it added on the node. Screenshots go to test-results/ui/.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadLesson } from '../../src/engine/lessons/runLesson.js'
import { renderMessage } from '../../src/i18n/render.js'
import { missingChromium, startLab, type Lab } from '../support/browser.js'

let lab: Lab

describe.skipIf(missingChromium !== null)('the control plane in the browser', () => {
  beforeAll(async () => { lab = await startLab() }, 60_000)
  afterAll(async () => {
    await lab?.close()
    expect(lab?.errors ?? []).toEqual([])
  }, 30_000)

  for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
    it(`plays scaling web to 3 as the chain of events (${size.width}×${size.height})`, async () => {
      const page = await lab.open(undefined, { viewport: size, reducedMotion: 'reduce' })
      await page.selectOption('#wi-kind', 'scale')
      await page.selectOption('#wi-target', 'default/web')
      await page.fill('#wi-value', '3')
      await page.click('#cp-play')
      await page.waitForFunction(() => document.getElementById('result')?.textContent?.startsWith('kubectl scale'))
      const rows = await page.locator('#hops li[data-step]').allTextContents()
      const reasons = ['ScalingReplicaSet', 'SuccessfulCreate', 'Scheduled', 'Started']
      for (const r of reasons) expect(rows.some((x) => x.includes(`${r}:`)), r).toBe(true)
      expect(rows.findIndex((x) => x.includes('ScalingReplicaSet:'))).toBeLessThan(rows.findIndex((x) => x.includes('SuccessfulCreate:')))
      expect(await page.locator('#canvas canvas:not(.minimap)').count()).toBe(1)
      // Every message stays on the canvas.
      const at = await page.evaluate(async (n) => {
        const canvas = document.querySelector<HTMLCanvasElement>('#canvas canvas:not(.minimap)')!
        const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))
        const out: { x: number; y: number; w: number; h: number }[] = []
        for (let i = 0; i < n; i++) {
          await frame()
          out.push({ x: Number(canvas.dataset['packetX']), y: Number(canvas.dataset['packetY']), w: canvas.clientWidth, h: canvas.clientHeight })
          document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))
        }
        return out
      }, rows.length)
      for (const [i, p] of at.entries()) {
        expect(p.x >= 0 && p.x <= p.w && p.y >= 0 && p.y <= p.h, `step ${i + 1}: ${JSON.stringify(p)}`).toBe(true)
      }
      // kube-proxy's sync on node1: its new endpoint chain, as lines added to iptables-save.
      const sync = rows.findIndex((x) => x.includes('kube-proxy (node1)') && x.includes('iptables-restore'))
      expect(sync, rows.join('\n')).toBeGreaterThan(0)
      await page.click(`#hops li[data-step="${sync}"]`)
      expect(await page.textContent('#detail')).toMatch(/\+ -A KUBE-SEP-\S+ /)
      expect(await page.textContent('#detail')).toContain('kube-proxy (KEP-3453)')
      await lab.shot(page, `control-plane-${size.width}x${size.height}`)
      // A trace afterwards leaves the chain.
      await page.click('#run-trace')
      await page.waitForFunction(() => document.getElementById('result')?.textContent?.includes('DELIVERED'))
      await page.close()
    }, 120_000)
  }

  /** Every step's `data-chain-pods` (pod=look …) and the message's place, stepping with → from the first step. */
  async function walk(page: Page, n: number): Promise<{ pods: Record<string, string>; x: number; y: number; w: number; h: number }[]> {
    return page.evaluate(async (count) => {
      const canvas = document.querySelector<HTMLCanvasElement>('#canvas canvas:not(.minimap)')!
      const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))
      const out: { pods: Record<string, string>; x: number; y: number; w: number; h: number }[] = []
      for (let i = 0; i < count; i++) {
        await frame()
        const pods = Object.fromEntries((canvas.dataset['chainPods'] ?? '').split(' ').filter(Boolean).map((x) => x.split('=') as [string, string]))
        out.push({ pods, x: Number(canvas.dataset['packetX']), y: Number(canvas.dataset['packetY']), w: canvas.clientWidth, h: canvas.clientHeight })
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))
      }
      return out
    }, n)
  }

  for (const size of [{ width: 1024, height: 768 }, { width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    it(`applying nginx-deployment draws each pod only from its kubelet's CNI ADD, a Pending placeholder after binding (${size.width}×${size.height})`, async () => {
      const page = await lab.open(undefined, { viewport: size, reducedMotion: 'reduce' })
      await page.selectOption('#wi-kind', 'apply')
      await page.selectOption('#wi-target', 'nginx-deployment')
      await page.click('#cp-play')
      await page.waitForFunction(() => document.getElementById('result')?.textContent?.startsWith('kubectl apply'))
      const rows = await page.locator('#hops li[data-step]').allTextContents()
      const at = await walk(page, rows.length)
      const pods = Object.keys(at[0]!.pods)
      expect(pods.length, JSON.stringify(at[0])).toBe(3)
      for (const [i, p] of at.entries()) expect(p.x >= 0 && p.x <= p.w && p.y >= 0 && p.y <= p.h, `step ${i + 1}: ${JSON.stringify(p)}`).toBe(true)
      for (const pod of pods) {
        const looks = at.map((s) => s.pods[pod])
        expect(looks[0], pod).toBe('absent')
        expect(looks.at(-1), pod).toBe('running')
        // absent → pending → running, in that order, never back.
        const order = looks.filter((l, i) => i === 0 || l !== looks[i - 1])
        expect(order, pod).toEqual(['absent', 'pending', 'running'])
        // Binding is kube-scheduler's write; the pod is drawn from the CNI plugin's step on its node.
        const bind = looks.indexOf('pending'), run = looks.indexOf('running')
        const name = pod.split('/')[1]!
        expect(rows[bind], rows.join('\n')).toMatch(new RegExp(`kube-scheduler → kube-apiserver.*bind.*${name}|Scheduled: .*${name}`))
        expect(rows[run]).toMatch(/container-runtime \(node\d\) → cni-plugin \(node\d\)/)
      }
      // A step with a placeholder and a pod already drawn: look at it.
      const mixed = at.findIndex((s) => Object.values(s.pods).includes('pending') && Object.values(s.pods).includes('running'))
      const first = mixed >= 0 ? mixed : at.findIndex((s) => Object.values(s.pods).includes('pending'))
      expect(first).toBeGreaterThan(0)
      await page.click(`#hops li[data-step="${first}"]`)
      // On a phone the event list is below the stage: bring the stage back into view to look at it.
      await page.evaluate(() => document.getElementById('stage')?.scrollIntoView())
      await lab.shot(page, `control-plane-pods-appearing-${size.width}x${size.height}`)
      // The EndpointSlice step: the Service lights up on kube-proxy's checkpoints.
      const esc = rows.findIndex((x) => x.includes('endpointslice-controller → kube-apiserver'))
      expect(esc).toBeGreaterThan(0)
      await page.click(`#hops li[data-step="${esc}"]`)
      await page.evaluate(() => document.getElementById('stage')?.scrollIntoView())
      await lab.shot(page, `control-plane-endpoints-lit-${size.width}x${size.height}`)
      await page.close()
    }, 120_000)
  }

  it('a share link carries the chain and its step: opening it plays the same chain at that step', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })
    await page.selectOption('#wi-kind', 'scale')
    await page.selectOption('#wi-target', 'default/web')
    await page.fill('#wi-value', '3')
    await page.click('#cp-play')
    await page.waitForFunction(() => document.getElementById('result')?.textContent?.startsWith('kubectl scale'))
    const rows = await page.locator('#hops li[data-step]').allTextContents()
    const sync = rows.findIndex((x) => x.includes('kube-proxy (node2)') && x.includes('iptables-restore'))
    expect(sync).toBeGreaterThan(0)
    await page.click(`#hops li[data-step="${sync}"]`)
    const before = { result: await page.textContent('#result'), pos: await page.textContent('#pb-pos'), step: await page.textContent('#stage-step'), detail: await page.textContent('#detail') }
    expect(before.pos).toBe(`${sync + 1}/${rows.length}`)
    // Markdown exports the chain on screen, not the trace underneath.
    const [md] = await Promise.all([page.waitForEvent('download'), page.click('#export-md')])
    expect(md.suggestedFilename()).toBe('kube-netlab-chain.md')
    const text = readFileSync((await md.path())!, 'utf8')
    expect(text.split('\n')[0]).toBe(`# ${before.result}`)
    expect(text).toContain('| 1 | kubectl → kube-apiserver | patch Deployment default/web ')
    expect(text).toMatch(/\| ScalingReplicaSet: Scaled up replica set web-\w+ from 2 to 3 \|/)
    expect(text.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(rows.length)
    await page.click('#share')
    await page.waitForFunction(() => document.getElementById('share')?.dataset['link'])
    const link = (await page.getAttribute('#share', 'data-link'))!
    expect(link).toMatch(/[#&]cp=/)
    const other = await lab.open(link, { viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })
    await other.waitForFunction(() => document.getElementById('result')?.textContent?.startsWith('kubectl scale'))
    expect(await other.textContent('#result')).toBe(before.result)
    expect(await other.textContent('#pb-pos')).toBe(before.pos)
    expect(await other.textContent('#stage-step')).toBe(before.step)
    expect(await other.textContent('#detail')).toBe(before.detail)
    expect(await other.locator('#hops li[data-step]').allTextContents()).toEqual(rows)
    // The form shows the change the link plays.
    expect([await other.inputValue('#wi-kind'), await other.inputValue('#wi-target'), await other.inputValue('#wi-value')]).toEqual(['scale', 'default/web', '3'])
    await lab.shot(other, 'control-plane-share-link')
    // A tampered chain is refused with the link message; the lab still works.
    const tampered = link.replace(/cp=[^&]+/, 'cp=AAAA')
    const bad = await lab.open(tampered, { viewport: { width: 1024, height: 768 } })
    await bad.waitForSelector('#link-message')
    expect(await bad.textContent('#link-message')).toContain('damaged')
    await Promise.all([page.close(), other.close(), bad.close()])
  }, 120_000)

  it('the lesson "what happens when I apply a Deployment": the chain plays at the binding once answered, then at node2\'s sync; in Korean too', async () => {
    const read = (f: string): string => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8')
    const r = loadLesson('lessons/apply-deployment.yaml', read('lessons/apply-deployment.yaml'), (name) => read(`topologies/${name}.yaml`))
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics))
    const l = r.lesson
    const bindStep = l.steps[1]!, sepStep = l.steps[3]!
    for (const [lang, size] of [['en', { width: 1440, height: 900 }], ['ko', { width: 1024, height: 768 }]] as const) {
      const page = await lab.open(undefined, { viewport: size, reducedMotion: 'reduce' })
      if (lang === 'ko') await page.selectOption('#lang', 'ko')
      await page.goto(`${lab.base}?lesson=apply-deployment&step=2`)
      await page.waitForSelector('body[data-lesson-step="2"]')
      // Before the answer, the stage shows the cluster before the apply: no chain yet.
      expect(await page.textContent('#lesson-panel')).toContain(bindStep.spec.question!.text[lang])
      expect(await page.textContent('#result')).not.toMatch(/^kubectl apply/)
      await page.locator(`input[name="lesson-answer"][value="${bindStep.answer!.value}"]`).check()
      await page.click('#lesson-check')
      await page.waitForSelector('#lesson-feedback[data-feedback="right"]')
      await page.waitForFunction(() => document.getElementById('result')?.textContent?.startsWith('kubectl apply'))
      // The chain stops at kube-scheduler's binding, the answer's evidence.
      expect(await page.textContent('#pb-pos')).toBe(`${bindStep.chain!.at + 1}/${bindStep.chain!.result.steps.length}`)
      expect(await page.textContent('#stage-step')).toContain('kube-scheduler → kube-apiserver')
      expect(await page.textContent('#lesson-why')).toBe(renderMessage(bindStep.answer!.evidence, lang))
      if (lang === 'ko') expect(await page.textContent('#detail')).toMatch(/[\uac00-\ud7a3]/)
      await page.evaluate(() => document.getElementById('stage')?.scrollIntoView())
      await lab.shot(page, `control-plane-lesson-bind-${lang}-${size.width}x${size.height}`)
      // Step 4 asks about node2's KUBE-SEP chains and shows node2's sync.
      await page.goto(`${lab.base}?lesson=apply-deployment&step=4`)
      await page.waitForSelector('body[data-lesson-step="4"]')
      await page.locator(`input[name="lesson-answer"][value="${sepStep.answer!.value}"]`).check()
      await page.click('#lesson-check')
      await page.waitForSelector('#lesson-feedback[data-feedback="right"]')
      await page.waitForFunction((pos) => document.getElementById('pb-pos')?.textContent === pos, `${sepStep.chain!.at + 1}/${sepStep.chain!.result.steps.length}`)
      expect(await page.textContent('#stage-step')).toContain('kube-proxy (node2)')
      expect(new Set((await page.textContent('#detail'))!.match(/\+ :KUBE-SEP-\w+/g) ?? []).size).toBe(Number(sepStep.answer!.value))
      await lab.shot(page, `control-plane-lesson-sync-${lang}-${size.width}x${size.height}`)
      await page.close()
    }
  }, 180_000)

  for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) it(`in Korean the chain has no English sentence: explanations are Korean, events stay as kubectl prints them; switching language keeps the chain and its step (${size.width}×${size.height})`, async () => {
    const page = await lab.open(undefined, { viewport: size, reducedMotion: 'reduce' })
    await page.selectOption('#wi-kind', 'apply')
    await page.selectOption('#wi-target', 'nginx-deployment')
    await page.click('#cp-play')
    await page.waitForFunction(() => document.getElementById('result')?.textContent?.startsWith('kubectl apply'))
    const rows = await page.locator('#hops li[data-step]').allTextContents()
    const sync = rows.findIndex((x) => x.includes('kube-proxy (node2)') && x.includes('iptables-restore'))
    await page.click(`#hops li[data-step="${sync}"]`)
    await page.selectOption('#lang', 'ko')
    // The same chain at the same step, in Korean.
    await page.waitForFunction(() => document.getElementById('result')?.textContent?.includes('단계'))
    expect(await page.textContent('#pb-pos')).toBe(`${sync + 1}/${rows.length}`)
    const HANGUL = /[\uac00-\ud7a3]/
    // English prose: three or more words of lower-case letters in a row (names, kinds, verbs and kubectl's event text are single tokens or upstream's).
    const ENGLISH = /\b(?:the|is|are|and|to|from|with|for|its|on)\b(?: [a-z]+){2,}/
    for (let i = 0; i < rows.length; i++) {
      await page.click(`#hops li[data-step="${i}"]`)
      const why = (await page.locator('#detail .why').textContent()) ?? ''
      expect(why, `step ${i + 1}`).toMatch(HANGUL)
      expect(why.replace(/"[^"]*"/g, ''), `step ${i + 1}: ${why}`).not.toMatch(ENGLISH)
      const stats = await page.locator('#detail .walk-jump').allTextContents()
      for (const t of stats) expect(t).toMatch(HANGUL)
    }
    expect(await page.textContent('#result')).toMatch(HANGUL)
    // The filter offers the chain's phases, in Korean; choosing one shows only its rows.
    const options = await page.locator('#event-filter option').allTextContents()
    expect(options.length).toBeGreaterThan(3)
    for (const o of options) expect(o).toMatch(HANGUL)
    await page.selectOption('#event-filter', 'watch')
    const shown = await page.locator('#hops li[data-step]:not([hidden])').allTextContents()
    expect(shown.length).toBe(rows.filter((x) => /watch (ADDED|MODIFIED|DELETED) /.test(x)).length)
    await page.selectOption('#event-filter', '')
    await page.click(`#hops li[data-step="${sync}"]`)
    await page.evaluate(() => document.getElementById('stage')?.scrollIntoView())
    await lab.shot(page, `control-plane-korean-${size.width}x${size.height}`)
    await page.close()
  }, 180_000)

  it('plays kubectl apply of the course notes\' nginx-deployment: the events in order, then the new rules on every node', async () => {
    const page = await lab.open(undefined, { viewport: { width: 1440, height: 900 } })
    await page.selectOption('#wi-kind', 'apply')
    await page.selectOption('#wi-target', 'nginx-deployment')
    await page.click('#cp-play')
    await page.waitForFunction(() => document.getElementById('result')?.textContent?.startsWith('kubectl apply'))
    const rows = await page.locator('#hops li[data-step]').allTextContents()
    const count = (r: string): number => rows.filter((x) => x.includes(`${r}:`)).length
    expect(count('ScalingReplicaSet'), rows.join('\n')).toBe(1)
    expect(count('SuccessfulCreate'), rows.join('\n')).toBe(3)
    expect(count('Scheduled'), rows.join('\n')).toBe(3)
    expect(count('Started')).toBe(3)
    const first = (r: string): number => rows.findIndex((x) => x.includes(`${r}:`))
    expect(first('ScalingReplicaSet')).toBeLessThan(first('SuccessfulCreate'))
    expect(first('SuccessfulCreate')).toBeLessThan(first('Scheduled'))
    expect(first('Scheduled')).toBeLessThan(first('Started'))
    // Step through the first part of the chain on the stage, then open kube-proxy's sync on node2.
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight')
    await lab.shot(page, 'control-plane-apply-stepping')
    // Every endpoint the EndpointSlice controller adds becomes a KUBE-SEP chain in node2's next sync.
    const syncs = rows.flatMap((x, i) => (x.includes('kube-proxy (node2)') && x.includes('iptables-restore') ? [i] : []))
    expect(syncs.length).toBeGreaterThan(0)
    let details = ''
    for (const i of syncs) {
      await page.click(`#hops li[data-step="${i}"]`)
      details += (await page.textContent('#detail')) ?? ''
      if (i === syncs[0]) await lab.shot(page, 'control-plane-apply-rule-diff')
    }
    expect(details).toMatch(/\+ -A KUBE-SERVICES .*default\/nginx-service:http cluster IP/)
    expect(new Set(details.match(/\+ -A KUBE-SEP-\w+ .*?-j DNAT --to-destination [\d.]+:\d+/g) ?? []).size).toBe(3)
    await page.close()
  }, 120_000)
})
