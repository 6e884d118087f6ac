/**
 * `kube-netlab lessons` and `kube-netlab lesson … --check|--print`: every shipped lesson passes
 * --check (its questions answered by the engine), and the worksheet's key is the engine's answer.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/runCli.js'
import { trace } from '../../../src/engine/trace/trace.js'
import { renderMessage } from '../../../src/i18n/render.js'
import { fakeIo } from '../../support/fakeIo.js'
import { loadBuiltin } from '../../support/topologies.js'

const SHIPPED = readdirSync(new URL('../../../lessons/', import.meta.url)).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort()

describe('kube-netlab lessons', () => {
  it('lists at least 18 lessons with their steps and questions', () => {
    const f = fakeIo()
    expect(runCli(['lessons'], f.io)).toBe(0)
    expect(f.stderr()).toBe('')
    const rows = f.stdout().trim().split('\n')
    expect(rows[0]).toMatch(/^ID\s+TOPIC\s+STEPS\s+QUESTIONS\s+TITLE$/)
    expect(rows.length - 1).toBe(SHIPPED.length)
    expect(SHIPPED.length).toBeGreaterThanOrEqual(18)
    const json = fakeIo()
    expect(runCli(['lessons', '--json'], json.io)).toBe(0)
    const list = JSON.parse(json.stdout()) as { id: string; steps: number; questions: number; order: number }[]
    expect(list.map((l) => l.id).sort()).toEqual(SHIPPED)
    expect(list.map((l) => l.order)).toEqual([...list.map((l) => l.order)].sort((a, b) => a - b))
    for (const l of list) expect(l.questions, l.id).toBeGreaterThan(0)
    // The README's lesson table lists every shipped lesson with its current counts.
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
    for (const l of list) expect(readme, l.id).toContain(`| \`${l.id}\` | `)
    for (const l of list) expect(readme, l.id).toMatch(new RegExp(`\\| \`${l.id}\` \\|.*\\| ${l.steps} / ${l.questions} \\|`))
  })
})

describe('kube-netlab lesson <id> --check', () => {
  it.each(SHIPPED)('%s passes: every question answered by the engine', (id) => {
    const f = fakeIo()
    expect(runCli(['lesson', id, '--check'], f.io), f.stderr()).toBe(0)
    expect(f.stdout()).toMatch(new RegExp(`: ok — lesson ${id}: \\d+ steps, \\d+ questions answered by the engine\\n$`))
  })

  it('exits 1 with located errors for a bad lesson file', () => {
    const f = fakeIo({ 'bad.yaml': 'id: bad\ntopic: dns\norder: 1\ntitle: { en: T }\ngoal: { en: G, ko: 지 }\ntopology: two-node-flannel-vxlan\nsteps:\n  - narration: { en: a, ko: 가 }\n    trace: { from: pod/default/client, to: "web:80" }\n    question: { ask: colour, en: q, ko: 질문 }\n' })
    expect(runCli(['lesson', 'bad.yaml', '--check'], f.io)).toBe(1)
    expect(f.stderr()).toContain('bad.yaml:4:8: error: title has no Korean text (ko)\n  hint: add ko: under title\n')
    expect(f.stderr()).toContain('bad.yaml:10:22: error: unknown question kind "colour"')
  })

  it('usage errors exit 2; an unknown lesson exits 1 with the list', () => {
    const f = fakeIo()
    expect(runCli(['lesson', 'clusterip-dnat'], f.io)).toBe(2)
    expect(runCli(['lesson', 'clusterip-dnat', '--print', '--lang', 'fr'], f.io)).toBe(2)
    const g = fakeIo()
    expect(runCli(['lesson', 'no-such-lesson', '--check'], g.io)).toBe(1)
    expect(g.stderr()).toContain('error: no lesson "no-such-lesson"\n  hint: lessons: same-pod-localhost, ')
  })
})

describe('kube-netlab lesson <id> --print', () => {
  it('prints a worksheet whose answer key is what the engine traces, in English and Korean', () => {
    const t = trace(loadBuiltin('two-node-flannel-vxlan'), { from: 'external/laptop', to: '192.168.49.2:30080', pick: '10.244.1.3' })
    if (!t.ok) throw new Error(renderMessage(t.error))
    for (const lang of ['en', 'ko']) {
      const f = fakeIo()
      expect(runCli(['lesson', 'nodeport-etp', '--print', '--lang', lang], f.io)).toBe(0)
      const md = f.stdout()
      expect(md.startsWith(lang === 'en' ? '# NodePort: externalTrafficPolicy Cluster vs Local\n' : '# NodePort: externalTrafficPolicy Cluster와 Local\n')).toBe(true)
      const [questions, key] = md.split(lang === 'en' ? '## Answer key' : '## 정답표')
      expect(key).toBeDefined()
      // Q1 is multiple choice: its key letter points at the server's view of the source in the trace.
      const q1 = /\*\*Q1\.\*\* ([A-D])\. (\S+)/.exec(key!)!
      expect(q1[2]).toBe(t.trace.serverSees!.ip)
      expect(questions).toContain(`- [ ] ${q1[1]}. ${t.trace.serverSees!.ip}`)
      expect(questions).toContain(lang === 'en' ? 'Write the address: ____' : '주소를 쓰세요: ____')
    }
  })
})
