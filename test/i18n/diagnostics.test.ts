/**
 * The loader's diagnostics in Korean: every catalog template has Korean text over the same
 * parameters and is recognized back from its English text (no template shadows another), and
 * the diagnostics real bad input produces are recognized and printed in Korean by the CLI.
 */
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/runCli.js'
import { DIAGNOSTIC_HINTS, DIAGNOSTIC_MESSAGES, SHOW_TEXTS, diagnosticCode, formatDiagnosticIn, showText } from '../../src/i18n/diagnostics.js'
import { loadModel } from '../../src/model/derive/buildModel.js'
import { fakeIo } from '../support/fakeIo.js'

const HANGUL = /[\uac00-\ud7a3]/
const names = (t: string): string[] => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()

describe('diagnostic catalog', () => {
  const entries = [...DIAGNOSTIC_MESSAGES.map((e) => ['message', e] as const), ...DIAGNOSTIC_HINTS.map((e) => ['hint', e] as const)]
  it('has unique codes', () => {
    const codes = entries.map(([, e]) => e.code)
    expect(new Set(codes).size).toBe(codes.length)
  })
  it.each(entries.map(([kind, e]) => [e.code, kind, e] as const))('%s: Korean over the same parameters, recognized from its English text', (_code, kind, e) => {
    expect(names(e.ko)).toEqual(names(e.en))
    expect(e.ko).toMatch(HANGUL)
    const params = Object.fromEntries(names(e.en).map((n, i) => [n, `v${i}x`]))
    const text = e.en.replace(/\{(\w+)\}/g, (_w, k: string) => params[k]!)
    expect(diagnosticCode(text, kind)).toEqual({ code: e.code, params })
  })
  it.each(SHOW_TEXTS.map((e) => [e.code, e] as const))('%s (show): Korean over the same parameters, recognized from its English text', (_code, e) => {
    expect(names(e.ko)).toEqual(names(e.en))
    const params = Object.fromEntries(names(e.en).map((n, i) => [n, `v${i}x`]))
    const text = e.en.replace(/\{(\w+)\}/g, (_w, k: string) => params[k]!)
    expect(showText(text, 'ko')).toBe(e.ko.replace(/\{(\w+)\}/g, (_w, k: string) => params[k]!))
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
