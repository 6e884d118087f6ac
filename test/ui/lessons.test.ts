/**
 * Lesson mode in a real browser (Debian's chromium, headless): open a lesson by link, answer
 * wrong (see the explanation from the trace), then right; finish a lesson and find the progress
 * after a reload; the same in Korean with a free-text answer; instructor mode shows answers.
 * The right answers come from the engine (loadLesson run here), never typed into the test.
 * Screenshots go to test-results/ui/lesson-*.png; any console error fails the test.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadLesson } from '../../src/engine/lessons/runLesson.js'
import { renderMessage } from '../../src/i18n/render.js'
import type { Lesson } from '../../src/engine/lessons/types.js'
import { missingChromium as missing, SHOTS, startLab, type Lab } from '../support/browser.js'

if (missing) console.warn(`browser lesson tests skipped: ${missing}`)

let lab: Lab
let base = ''

function lesson(id: string): Lesson {
  const read = (p: string): string => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8')
  const r = loadLesson(`lessons/${id}.yaml`, read(`lessons/${id}.yaml`), (name) => read(`topologies/${name}.yaml`))
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics))
  return r.lesson
}

const open = (url: string): Promise<Page> => lab.open(url)

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: new URL(`lesson-${name}.png`, SHOTS).pathname })

async function choose(page: Page, value: string): Promise<void> {
  await page.locator(`input[name="lesson-answer"][value="${value}"]`).check()
  await page.click('#lesson-check')
}

describe.skipIf(missing !== null)('lesson mode in the browser', () => {
  beforeAll(async () => { lab = await startLab(); base = lab.base }, 60_000)

  afterAll(async () => {
    await lab?.close()
    expect(lab?.errors ?? []).toEqual([])
  }, 30_000)

  it('opens a lesson by link; a wrong answer is explained from the trace, a right one unlocks the next step', async () => {
    const l = lesson('nodeport-etp')
    const a = l.steps[0]!.answer!
    const page = await open(`${base}?lesson=nodeport-etp&step=1`)
    await page.waitForSelector('body[data-lesson="nodeport-etp"][data-lesson-step="1"]')
    expect(await page.textContent('#lesson-pos')).toBe(`Step 1 of ${l.steps.length}`)
    expect(await page.textContent('#lesson-panel')).toContain(l.steps[0]!.spec.question!.text.en)
    // Before the answer the stage holds the lesson's cluster and no trace yet.
    expect(await page.locator('#hops li').count()).toBe(0)
    expect(await page.locator('#lesson-next').isDisabled()).toBe(true)
    await shot(page, '01-question')

    await choose(page, a.choices!.find((c) => c !== a.value)!)
    await page.waitForSelector('body[data-lesson-feedback="wrong"]')
    expect(await page.textContent('#lesson-feedback')).toContain('Not quite')
    expect(await page.textContent('#lesson-why')).toBe(renderMessage(a.evidence, 'en'))
    // The explanation is on the stage too: the trace ran and stopped at the hop that shows the answer.
    await page.waitForSelector('#hops li[aria-current="step"]')
    expect(await page.textContent('#result')).toContain('DELIVERED')
    expect(await page.textContent('#detail')).toContain(renderMessage(a.evidence, 'en'))
    expect(await page.locator('#lesson-next').isDisabled()).toBe(true)
    await shot(page, '02-wrong-explained')

    await choose(page, a.value)
    await page.waitForSelector('body[data-lesson-feedback="right"]')
    expect(await page.textContent('#lesson-feedback')).toContain(`Correct. Answer: ${a.value}`)
    await shot(page, '03-right')
    await page.click('#lesson-next')
    await page.waitForSelector('body[data-lesson-step="2"]')
    expect(page.url()).toContain('lesson=nodeport-etp&step=2')
    await page.click('#lesson-link')
    await page.waitForSelector('#lesson-link[data-link]')
    expect(await page.getAttribute('#lesson-link', 'data-link')).toBe(`${base}?lesson=nodeport-etp&step=2`)
    await page.close()
  })

  it('finishes a lesson and keeps the progress and score after a reload', async () => {
    const l = lesson('hairpin')
    const page = await open(`${base}?lesson=hairpin`)
    // A pod the narration names is a button that shows that pod's state on the stage.
    await page.waitForSelector('body[data-lesson-step="1"]')
    await page.click('#lesson-panel .lesson-ref:text-is("pod/default/web-mpg2nfmm6z-2q7h8")')
    expect(await page.textContent('#selection')).toMatch(/^pod\/default\/web-mpg2nfmm6z-2q7h8 — /)
    for (const [i, s] of l.steps.entries()) {
      await page.waitForSelector(`body[data-lesson-step="${i + 1}"]`)
      if (s.answer) {
        await choose(page, s.answer.value)
        await page.waitForSelector('#lesson-feedback[data-feedback="right"]')
      }
      await page.click('#lesson-next')
    }
    await page.waitForSelector('#lesson-finished')
    const questions = l.steps.filter((s) => s.answer).length
    expect(await page.textContent('#lesson-finished')).toBe(`Lesson finished — Score ${questions}/${questions}`)
    await shot(page, '04-finished')
    await page.goto(base)
    await page.waitForSelector('body[data-ready]')
    await page.click('#lessons')
    await page.waitForSelector('#lesson-picker[open]')
    expect(await page.textContent('[data-progress="hairpin"]')).toBe(`✓ done · Score ${questions}/${questions}`)
    expect(await page.locator('#lesson-picker button[data-lesson]').count()).toBeGreaterThanOrEqual(18)
    await shot(page, '05-picker-progress')
    // Opening from the picker starts the lesson in its panel.
    await page.click('button[data-lesson="vxlan-across-nodes"]')
    await page.waitForSelector('body[data-lesson="vxlan-across-nodes"]')
    await page.close()
  })

  it('the same in Korean, with a free-text answer; instructor mode shows the answers', async () => {
    const l = lesson('nodeport-etp')
    const i = l.steps.findIndex((s) => s.answer && !s.answer.choices)
    const a = l.steps[i]!.answer!
    const page = await open(base)
    await page.selectOption('#lang', 'ko')
    await page.goto(`${base}?lesson=nodeport-etp&step=${i + 1}`)
    await page.waitForSelector(`body[data-lesson-step="${i + 1}"]`)
    expect(await page.textContent('#lessons')).toBe('레슨')
    expect(await page.textContent('#lesson-pos')).toBe(`단계 ${i + 1} / ${l.steps.length}`)
    expect(await page.textContent('#lesson-panel')).toContain(l.steps[i]!.spec.question!.text.ko)
    expect(await page.textContent('#lesson-panel')).toContain(l.title.ko)
    await page.fill('#lesson-text-answer', '10.0.0.1')
    await page.click('#lesson-check')
    await page.waitForSelector('body[data-lesson-feedback="wrong"]')
    expect(await page.textContent('#lesson-feedback')).toContain('아닙니다. 다시 해 보세요.')
    expect(await page.textContent('#lesson-why')).toBe(renderMessage(a.evidence, 'ko'))
    await shot(page, '06-korean-wrong')
    await page.fill('#lesson-text-answer', a.value)
    await page.press('#lesson-text-answer', 'Enter')
    await page.waitForSelector('body[data-lesson-feedback="right"]')
    expect(await page.textContent('#lesson-feedback')).toContain(`정답입니다. 정답: ${a.value}`)
    await shot(page, '07-korean-right')
    await page.check('#lesson-instructor')
    // The instructor steps on without answering; the next question shows its answer.
    const j = l.steps.findIndex((s, k) => k > i && s.answer)
    for (let k = i + 1; k <= j; k++) {
      expect(await page.locator('#lesson-next').isDisabled()).toBe(false)
      await page.click('#lesson-next')
      await page.waitForSelector(`body[data-lesson-step="${k + 1}"]`)
    }
    const next = l.steps[j]!.answer!
    expect(await page.textContent('.lesson-instructor-answer')).toBe(`정답: ${next.value === 'delivered' ? '전달됨 (delivered)' : next.value}`)
    await shot(page, '08-korean-instructor')
    await page.selectOption('#lang', 'en')
    await page.close()
  })

  it('edits a lesson in the editor with located errors, and shares it by link', async () => {
    const text = readFileSync(new URL('../../lessons/hairpin.yaml', import.meta.url), 'utf8')
    const page = await open(`${base}?lesson=hairpin&step=2`)
    await page.waitForSelector('body[data-lesson="hairpin"][data-lesson-step="2"]')
    await page.click('#lesson-edit')
    await page.waitForSelector('body[data-lesson-editor="ready"] #lesson-panel .cm-content')
    const broken = text.replace('ask: chain', 'ask: colour')
    expect(broken).not.toBe(text)
    await page.click('#lesson-panel .cm-content')
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(broken)
    await page.waitForSelector('#lesson-editor-status[data-status="error"]', { timeout: 20_000 })
    const lines = broken.split('\n')
    const line = lines.findIndex((l) => l.includes('ask: colour')) + 1
    const col = lines[line - 1]!.indexOf('colour') + 1
    expect(await page.textContent('#lesson-editor-status')).toContain(`custom lesson:${line}:${col}: error: unknown question kind "colour"`)
    expect(await page.locator('#lesson-panel .cm-lintRange-error').count()).toBeGreaterThan(0)
    // The broken version did not replace the lesson.
    expect(await page.textContent('#lesson-panel h2')).toBe('Hairpin: a pod reaches itself through its own Service')
    await shot(page, '09-editor-error')
    const edited = text.replace('en: "Hairpin: a pod reaches itself through its own Service"', 'en: "Hairpin, edited in the browser"')
    expect(edited).not.toBe(text)
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(edited)
    await page.waitForSelector('#lesson-editor-status[data-status="ok"]', { timeout: 20_000 })
    await page.waitForFunction(() => document.querySelector('#lesson-panel h2')?.textContent === 'Hairpin, edited in the browser')
    expect(await page.textContent('#lesson-pos')).toBe('Step 2 of 2')
    await page.click('#lesson-link')
    await page.waitForSelector('#lesson-link[data-link]')
    const link = (await page.getAttribute('#lesson-link', 'data-link'))!
    expect(link).toMatch(/\?lesson=custom&step=2#lesson=/)
    await page.close()
    const again = await open(link)
    await again.waitForSelector('body[data-lesson="hairpin"][data-lesson-step="2"]')
    expect(await again.textContent('#lesson-panel h2')).toBe('Hairpin, edited in the browser')
    await shot(again, '10-shared-custom-lesson')
    await again.close()
  })
})
