/**
 * The loader's diagnostics in Korean: every catalog template has Korean text over the same
 * parameters and is recognized back from its English text (no template shadows another), and
 * the diagnostics real bad input produces are recognized and printed in Korean by the CLI.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/runCli.js'
import {
  DIAGNOSTIC_HINTS, DIAGNOSTIC_MESSAGES, SHOW_TEXTS, catalogMatch, diagnosticCode, diagnosticText, formatDiagnosticIn, showText,
  type Entry, type SubTable,
} from '../../src/i18n/diagnostics.js'
import { loadModel } from '../../src/model/derive/buildModel.js'
import { fakeIo } from '../support/fakeIo.js'

const HANGUL = /[\uac00-\ud7a3]/
const names = (t: string): string[] => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()

/** Every sub-table reachable from the catalog, once each. */
function subTables(entries: readonly Entry[], seen = new Set<SubTable>()): Set<SubTable> {
  for (const e of entries) {
    for (const t of Object.values(e.sub ?? {})) {
      if (seen.has(t)) continue
      seen.add(t)
      subTables(t.entries, seen)
    }
  }
  return seen
}
const SUB_TABLES = [...subTables([...DIAGNOSTIC_MESSAGES, ...DIAGNOSTIC_HINTS])]

/**
 * An English text made from the entry's template: plain parameters get a marker value, a
 * parameter with a sub-table the text of that table's first entry (for a list, its first and
 * last entries joined with the separator).
 */
function sample(e: Entry, salt = ''): { text: string; params: Record<string, string> } {
  const params: Record<string, string> = {}
  names(e.en).forEach((n, i) => {
    if (params[n] !== undefined) return
    const t = e.sub?.[n]
    if (!t) params[n] = `v${i}${salt}x`
    else if (t.sep === undefined) params[n] = sample(t.entries[0]!, `${salt}${i}`).text
    else params[n] = [sample(t.entries[0]!, `${salt}${i}a`).text, sample(t.entries.at(-1)!, `${salt}${i}b`).text].join(t.sep)
  })
  return { text: e.en.replace(/\{(\w+)\}/g, (_w, k: string) => params[k]!), params }
}

describe('diagnostic catalog', () => {
  const entries = [...DIAGNOSTIC_MESSAGES.map((e) => ['message', e] as const), ...DIAGNOSTIC_HINTS.map((e) => ['hint', e] as const)]
  it('has unique codes', () => {
    const codes = entries.map(([, e]) => e.code)
    expect(new Set(codes).size).toBe(codes.length)
  })
  it.each(entries.map(([kind, e]) => [e.code, kind, e] as const))('%s: Korean over the same parameters, recognized from its English text', (_code, kind, e) => {
    expect(names(e.ko)).toEqual(names(e.en))
    expect(e.ko).toMatch(HANGUL)
    const { text, params } = sample(e)
    expect(diagnosticCode(text, kind)).toEqual({ code: e.code, params })
    expect(diagnosticText(text, 'ko', kind)).toMatch(HANGUL)
  })
  it('has sub-tables for the composed texts', () => expect(SUB_TABLES.length).toBeGreaterThan(8))
  it.each(SUB_TABLES.flatMap((t) => t.entries.map((e) => [e.code, t, e] as const)))('%s (part): Korean over the same parameters, recognized in its table', (_code, t, e) => {
    expect(names(e.ko)).toEqual(names(e.en))
    const { text, params } = sample(e)
    expect(catalogMatch(text, t.entries)).toEqual({ code: e.code, params })
  })
  it.each(SHOW_TEXTS.map((e) => [e.code, e] as const))('%s (show): Korean over the same parameters, recognized from its English text', (_code, e) => {
    expect(names(e.ko)).toEqual(names(e.en))
    const params = Object.fromEntries(names(e.en).map((n, i) => [n, `v${i}x`]))
    const text = e.en.replace(/\{(\w+)\}/g, (_w, k: string) => params[k]!)
    expect(showText(text, 'ko')).toBe(e.ko.replace(/\{(\w+)\}/g, (_w, k: string) => params[k]!))
  })

  it('translates a composed text part by part', () => {
    const en = 'no Cluster document; inferred: a k3d cluster; pod range 10.42.0.0/16 (k3d default, holds the pod addresses); service range 10.43.0.0/16 (k3d default, first address is the kubernetes Service\'s 10.43.0.1); pod traffic modelled as flannel VXLAN'
    expect(diagnosticCode(en)).toEqual({ code: 'cluster.inferred', params: { notes: en.slice('no Cluster document; inferred: '.length) } })
    expect(diagnosticText(en, 'ko')).toBe('Cluster 문서가 없어 다음과 같이 추론했습니다: k3d 클러스터; 파드 대역 10.42.0.0/16 (k3d 기본값, 파드 주소를 모두 담음); '
      + '서비스 대역 10.43.0.0/16 (k3d 기본값, 첫 주소가 kubernetes 서비스의 10.43.0.1); 파드 트래픽은 flannel VXLAN(으)로 모델링')
    const reason = 'spec.rules[0].host: Invalid value: "Shop.example.com": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character'
    expect(diagnosticCode(reason)?.code).toBe('api.invalidValue')
    expect(diagnosticText(reason, 'ko')).toBe('spec.rules[0].host: 잘못된 값 (Invalid value): "Shop.example.com": 소문자 RFC 1123 서브도메인은 소문자 영숫자, \'-\', \'.\'로만 이루어지고 영숫자로 시작하고 끝나야 합니다')
    // A value holding ": " does not confuse the split between the value and the reason.
    expect(diagnosticCode('metadata.labels: Invalid value: "a: b": name part must be non-empty')?.params).toEqual({ path: 'metadata.labels', value: '"a: b"', reason: 'name part must be non-empty' })
  })

  it('does not recognize a composed text with an unknown part', () => {
    expect(diagnosticCode('no Cluster document; inferred: pod range 10.0.0.0/8 (a reason nobody wrote)')).toBeNull()
    expect(diagnosticCode('no Cluster document; inferred: a kind cluster; something new')).toBeNull()
    expect(diagnosticCode('spec.x: Invalid value: "a": a reason nobody wrote')).toBeNull()
    expect(diagnosticCode('no node can take this pod; it stays Pending (node1: feasible; node2: a new filter)')).toBeNull()
    expect(diagnosticCode('Programmed=False (Invalid): a condition nobody wrote')).toBeNull()
    expect(diagnosticText('spec.x: Invalid value: "a": a reason nobody wrote', 'ko')).toBe('spec.x: Invalid value: "a": a reason nobody wrote')
  })

  it('show errors print in Korean', () => {
    const f = fakeIo()
    expect(runCli(['show', 'two-node-flannel-vxlan', 'node/node9', 'route', '--lang', 'ko'], f.io)).toBe(1)
    expect(f.stderr()).toBe('오류: 노드 "node9"이(가) 없습니다\n  힌트: 노드 목록: node1, node2\n')
  })
})

const CLUSTER = `apiVersion: kube-netlab/v1
kind: Cluster
metadata: { name: t }
spec:
  podCIDR: 10.244.0.0/16
  serviceCIDR: 10.96.0.0/12
  nodes:
    - { name: node1, ip: 192.168.49.2 }
`

describe('diagnostics from real bad input', () => {
  const inputs = [
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a\n',
    `${CLUSTER}---\napiVersion: v1\nkind: Gizmo\nmetadata: { name: g }\n`,
    `${CLUSTER}---\napiVersion: apps/v1beta9\nkind: Deployment\nmetadata: { name: d }\n`,
    CLUSTER.replace('10.244.0.0/16', '10.244.0.0/33'),
    CLUSTER.replace('10.244.0.0/16', '10.244.3.0/16'),
    CLUSTER.replace('10.96.0.0/12', '10.244.128.0/20'),
    CLUSTER.replace('192.168.49.2', '10.0.0.2'),
    `${CLUSTER}---\napiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { clusterIP: 10.200.0.5, type: NodePort, ports: [{ port: 80, nodePort: 8080 }] }\n`,
    `${CLUSTER}---\napiVersion: v1\nkind: Service\nmetadata: { name: lonely }\nspec: { selector: { app: ghost }, ports: [{ port: 80, targetPort: metrics }] }\n`,
    `${CLUSTER}---\napiVersion: v1\nkind: Pod\nmetadata: { name: Bad_Name }\nspec: { nodeName: node7, containers: [] }\n`,
    `${CLUSTER}---\napiVersion: v1\nkind: Service\nmetadata: { name: two }\nspec: { type: ExternalName, ports: [{ port: 80 }, { port: 81 }] }\n`,
  ]
  it('are all known to the catalog and print in Korean', () => {
    let seen = 0
    for (const text of inputs) {
      for (const d of loadModel('in.yaml', text).diagnostics) {
        seen++
        expect(diagnosticCode(d.message), d.message).not.toBeNull()
        if (d.hint) expect(diagnosticCode(d.hint, 'hint'), d.hint).not.toBeNull()
        const ko = formatDiagnosticIn(d, 'ko')
        expect(ko).toMatch(/^in\.yaml:\d+:\d+: (오류|경고): /)
        expect(ko).toMatch(HANGUL)
      }
    }
    expect(seen).toBeGreaterThan(12)
  })

  it('validate --lang ko prints a dump\'s inferred cluster part by part in Korean', () => {
    const f = fakeIo({ 'k3d.yaml': readFileSync(new URL('../fixtures/dumps/k3d-two-node.yaml', import.meta.url), 'utf8') })
    runCli(['validate', 'k3d.yaml', '--lang', 'ko'], f.io)
    expect(f.stderr()).toContain('경고: Cluster 문서가 없어 다음과 같이 추론했습니다: k3d 클러스터; 파드 대역 10.42.0.0/16 (k3d 기본값, 파드 주소를 모두 담음); ')
    expect(f.stderr()).toContain('  힌트: 직접 정하려면 kube-netlab/v1 Cluster 문서(또는 빠진 필드)를 추가하세요')
    expect(f.stderr()).not.toMatch(/inferred|default, holds/)
  })

  it('validate --lang ko prints them in Korean; --json carries the code and parameters', () => {
    const f = fakeIo({ 'bad.yaml': CLUSTER.replace('10.244.0.0/16', '10.244.3.0/16') })
    expect(runCli(['validate', 'bad.yaml', '--lang', 'ko'], f.io)).toBe(1)
    expect(f.stderr()).toContain('bad.yaml:5:12: 오류: spec.podCIDR: "10.244.3.0/16"에 호스트 비트가 켜져 있습니다. 네트워크 주소는 10.244.0.0/16입니다 (Cluster t)')
    expect(f.stderr()).toContain('  힌트: 네트워크 주소를 접두사 길이와 함께 쓰세요')
    const g = fakeIo({ 'bad.yaml': CLUSTER.replace('10.244.0.0/16', '10.244.3.0/16') })
    expect(runCli(['validate', 'bad.yaml', '--json'], g.io)).toBe(1)
    const j = JSON.parse(g.stdout()) as { diagnostics: { code: string; params: Record<string, string>; message: string; hintCode: string }[] }
    expect(j.diagnostics[0]).toMatchObject({
      code: 'cluster.cidrHostBits', params: { path: 'spec.podCIDR', text: '10.244.3.0/16', network: '10.244.0.0/16' }, hintCode: 'hint.cidr',
      message: 'spec.podCIDR: "10.244.3.0/16" has host bits set; the network is 10.244.0.0/16',
    })
  })
})
