/** `--lang ko` and LANG=ko_KR.UTF-8 print trace and dig in Korean; `--lang en` wins over LANG. */
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/runCli.js'
import { fakeIo } from '../support/fakeIo.js'

const HANGUL = /[\uac00-\ud7a3]/
const TRACE = ['trace', 'two-node-flannel-vxlan', '--from', 'pod/default/client', '--to', 'web:80', '--pick', '10.244.1.3']

function run(args: string[], env: Record<string, string> = {}) {
  const f = fakeIo()
  const code = runCli(args, { ...f.io, env })
  return { code, out: f.stdout(), err: f.stderr() }
}

/** The lines that explain a hop (indented under its row). */
const explanations = (out: string): string[] => out.split('\n').filter((l) => /^ {8}\S/.test(l))

describe('CLI language', () => {
  it('--lang ko prints the same trace in Korean: headings, every explanation and the result', () => {
    const en = run(TRACE)
    const ko = run([...TRACE, '--lang', 'ko'])
    expect(ko.code).toBe(0)
    expect(ko.out).toContain('첫 패킷 (SYN):')
    expect(ko.out).toContain('응답 (SYN-ACK, conntrack을 거쳐 돌아감):')
    expect(ko.out).toMatch(/^결과: DELIVERED — .*전달되었습니다/m)
    const koLines = explanations(ko.out)
    expect(koLines.length).toBe(explanations(en.out).length)
    expect(koLines.length).toBeGreaterThan(20)
    for (const l of koLines) expect(l).toMatch(HANGUL)
    // The same packets and rules: tool-format lines do not change with the language.
    const rules = (out: string) => [...out.matchAll(/-A \S+ .*$/gm)].map((m) => m[0])
    expect(rules(ko.out)).toEqual(rules(en.out))
  })

  it('LANG=ko_KR.UTF-8 prints Korean, and --lang en overrides it', () => {
    const ko = run(TRACE, { LANG: 'ko_KR.UTF-8' })
    expect(ko.out).toContain('첫 패킷 (SYN):')
    const en = run([...TRACE, '--lang', 'en'], { LANG: 'ko_KR.UTF-8' })
    expect(en.out).toContain('First packet (SYN):')
    expect(en.out).not.toMatch(HANGUL)
    expect(run(TRACE, { LANG: 'en_US.UTF-8' }).out).toContain('First packet (SYN):')
    expect(run(TRACE, { LC_ALL: 'ko_KR.UTF-8', LANG: 'en_US.UTF-8' }).out).toContain('첫 패킷 (SYN):')
  })

  it('errors and hints are in Korean too', () => {
    const r = run(['trace', 'two-node-flannel-vxlan', '--from', 'pod/default/nope', '--to', 'web:80', '--lang', 'ko'])
    expect(r.code).toBe(1)
    expect(r.err).toContain('오류: 파드 default/nope이(가) 없습니다')
    expect(r.err).toMatch(/힌트: /)
  })

  it('dig --lang ko keeps dig\'s sections and explains in Korean', () => {
    const r = run(['dig', 'two-node-flannel-vxlan', '--from', 'pod/default/client', 'www.example.com', '--lang', 'ko'])
    expect(r.code).toBe(0)
    expect(r.out).toContain(';; ANSWER SECTION:')
    expect(r.out).toContain('; 리졸버가 보내는 순서대로 질의 4개')
    expect(r.out).toContain('상위 DNS 192.168.49.1')
  })

  it('--json --lang ko renders the message texts in Korean beside their codes', () => {
    const r = run([...TRACE, '--json', '--lang', 'ko'])
    const t = JSON.parse(r.out) as { summary: { code: string; text: string } }
    expect(t.summary.code).toBe('trace.delivered')
    expect(t.summary.text).toMatch(HANGUL)
  })

  it('rejects a language it does not have', () => {
    const r = run([...TRACE, '--lang', 'fr'])
    expect(r.code).toBe(2)
    expect(r.err).toContain('--lang must be en or ko')
  })
})
