/**
 * Every engine message code has English and Korean text, each text uses only the parameters
 * its code declares (so nothing renders as a bare {param}), and whole traces render in Korean.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runChange } from '../../src/engine/controlplane/run.js'
import { loadControlPlane } from '../../src/engine/controlplane/state.js'
import type { Change } from '../../src/engine/controlplane/types.js'
import { MESSAGE_CODES, MESSAGE_PARAMS, isMessage, msg, type Message, type MessageCode } from '../../src/engine/messages/catalog.js'
import { trace } from '../../src/engine/trace/trace.js'
import type { Hop, Trace } from '../../src/engine/trace/types.js'
import { CLI_DICTS, CLI_KEYS } from '../../src/i18n/cli.js'
import { UPSTREAM_EVENT_CODES } from '../../src/i18n/controlplane.js'
import { EN } from '../../src/i18n/en.js'
import { KO } from '../../src/i18n/ko.js'
import { LANGS, decisionText, renderMessage, withRenderedText } from '../../src/i18n/render.js'
import { UI_EN, UI_KO } from '../../src/i18n/ui.js'
import { loadBuiltin } from '../support/topologies.js'

const HANGUL = /[\uac00-\ud7a3]/
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
const sample = (code: MessageCode): Message => ({ code, params: Object.fromEntries(MESSAGE_PARAMS[code].map((p) => [p, `<${p}>`])) })

describe('message catalog', () => {
  it('has codes to check', () => expect(MESSAGE_CODES.length).toBeGreaterThan(100))

  it.each(MESSAGE_CODES)('%s has English and Korean text over its declared parameters', (code) => {
    const declared = MESSAGE_PARAMS[code] as readonly string[]
    for (const [lang, catalog] of [['en', EN], ['ko', KO]] as const) {
      const text = (catalog as Record<string, string | undefined>)[code]
      expect(text, `${lang} lacks ${code}`).toBeTypeOf('string')
      expect(placeholders(text!).filter((p) => !declared.includes(p)), `${lang} ${code} uses undeclared parameters`).toEqual([])
      const rendered = renderMessage(sample(code), lang)
      expect(rendered, `${lang} ${code} leaves a parameter unfilled`).not.toMatch(/\{\w+\}/)
    }
    // English states every parameter it declares (the declaration is what the text needs).
    expect(new Set(placeholders(EN[code]))).toEqual(new Set(declared))
    // Korean is Korean: every text with words in it has Hangul.
    // Upstream's event messages stay as kubectl prints them: the same English in every language.
    if (UPSTREAM_EVENT_CODES.includes(code as (typeof UPSTREAM_EVENT_CODES)[number])) expect(KO[code], `ko ${code} is upstream's text`).toBe(EN[code])
    else if (code !== 'name' && !/^\{\w+\}\.?$/.test(EN[code]) && !['dns.by.forward', 'dns.server.via', 'ingress.rule', 'decision.listener', 'gw.join', 'gw.list'].includes(code)) {
      expect(KO[code], `ko ${code} is not Korean`).toMatch(HANGUL)
    }
  })

  it('has no text for codes the engine does not declare', () => {
    expect(Object.keys(EN).sort()).toEqual([...MESSAGE_CODES].sort())
    expect(Object.keys(KO).sort()).toEqual([...MESSAGE_CODES].sort())
  })

  it('renders nested messages in the same language', () => {
    const m = msg('end.looping', { max: 200, place: msg('place.node', { node: 'node1' }) })
    expect(renderMessage(m, 'en')).toBe('the trace stopped after 200 steps along the kernel\'s path: the packet is looping (last seen at node node1)')
    expect(renderMessage(m, 'ko')).toContain('노드 node1')
  })

  it('CLI and browser phrases exist in both languages', () => {
    for (const k of CLI_KEYS) for (const lang of LANGS) expect(CLI_DICTS[lang][k], `${lang} cli ${k}`).toBeTruthy()
    expect(Object.keys(UI_KO).sort()).toEqual(Object.keys(UI_EN).sort())
  })
})

describe('traces in Korean', () => {
  const cases: [string, string, string][] = [
    ['two-node-flannel-vxlan', 'pod/default/client', 'web:80'],
    ['two-node-flannel-vxlan', 'external/laptop', '192.168.49.2:30081'],
    ['two-node-flannel-vxlan', 'pod/default/client', 'orphan:80'],
    ['two-node-flannel-vxlan', 'pod/default/client', 'wbe:80'],
    ['two-node-flannel-vxlan', 'pod/default/client', 'db:5432'],
    ['two-node-flannel-vxlan', 'pod/default/web-mpg2nfmm6z-2q7h8', 'web:80'],
    ['two-node-flannel-host-gw', 'pod/default/client', 'www.example.com:80'],
    ['two-node-canal-policy', 'pod/default/client', 'db:5432'],
    ['course-examples', 'external/student-pc', 'http://192.168.10.11:32486/another'],
    ['gateway-api', 'external/student-pc', 'http://192.168.10.240/another'],
    ['gateway-api', 'external/student-pc', 'http://192.168.10.240/nowhere'],
    ['gateway-api', 'external/student-pc', '192.168.10.240:8080'],
    ['two-node-nftables', 'pod/default/client', 'web:80'],
    ['single-node-bridge', 'pod/default/client', 'web:80'],
  ]
  const hopsOf = (t: Trace): Hop[] => [
    ...t.dns.flatMap((q) => q.hops), ...t.hops, ...(t.reply?.hops ?? []),
    ...(t.ingress?.upstream?.hops ?? []), ...(t.ingress?.upstream?.reply?.hops ?? []),
  ]
  it.each(cases)('%s %s → %s: every explanation and the summary have Hangul and no unfilled parameter', (topology, from, to) => {
    const r = trace(loadBuiltin(topology), { from, to })
    if (!r.ok) throw new Error(renderMessage(r.error))
    const texts = [renderMessage(r.trace.summary, 'ko'), ...hopsOf(r.trace).map((h) => renderMessage(h.explanation, 'ko'))]
    for (const h of hopsOf(r.trace)) for (const d of h.decidedBy) if (d.message) texts.push(decisionText(d, 'ko'))
    for (const q of r.trace.dns) texts.push(renderMessage(q.answeredBy, 'ko'))
    for (const text of texts) {
      expect(text).not.toMatch(/\{\w+\}|undefined|\[object/)
    }
    for (const text of texts.slice(0, hopsOf(r.trace).length + 1)) expect(text).toMatch(HANGUL)
  })

  it('JSON carries each message as code, params and the rendered text', () => {
    const r = trace(loadBuiltin('two-node-flannel-vxlan'), { from: 'pod/default/client', to: 'web:80' })
    if (!r.ok) throw new Error('trace failed')
    const j = JSON.parse(JSON.stringify(withRenderedText(r.trace))) as { summary: { code: string; text: string }; hops: { explanation: unknown }[] }
    expect(j.summary.code).toBe('trace.delivered')
    expect(j.summary.text).toMatch(/^TCP web:80 from pod\/default\/client: delivered to default\/web-/)
    expect(j.hops[0]!.explanation).toMatchObject({ code: 'hop.egress.routeVia', text: expect.stringContaining('The socket sends from') })
    expect(isMessage(r.trace.hops[0]!.explanation)).toBe(true)
  })
})

describe('control-plane chains in Korean', () => {
  const text = readFileSync(new URL('../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
  const nginx = ['nginx-deployment.yaml', 'nginx-service.yaml'].map((f) => readFileSync(new URL(`../fixtures/controlplane/${f}`, import.meta.url), 'utf8')).join('\n---\n')
  const web = { kind: 'Deployment', namespace: 'default', name: 'web' }
  const changes: [string, Change][] = [
    ['apply nginx', { kind: 'apply', file: 'nginx.yaml', text: nginx }],
    ['scale web to 0', { kind: 'scale', object: web, replicas: 0 }],
    ['rollout web', { kind: 'rollout', object: web, container: null, image: 'nginx:1.28' }],
    ['drain node2', { kind: 'drain', node: 'node2', force: true, ignoreDaemonSets: true }],
    ['taint node2 NoExecute', { kind: 'taint', node: 'node2', key: 'dedicated', value: 'db', effect: 'NoExecute', remove: false }],
    ['cordon node1', { kind: 'cordon', node: 'node1' }],
    ['scale a missing Deployment', { kind: 'scale', object: { ...web, name: 'nope' }, replicas: 1 }],
  ]
  it.each(changes)('%s: every explanation is Korean, every event is upstream\'s English, nothing unfilled', (_name, change) => {
    const l = loadControlPlane('topologies/two-node-flannel-vxlan.yaml', text)
    if (!l.ok) throw new Error('does not load')
    const r = runChange(l.state, change).result
    expect(r.steps.length).toBeGreaterThan(0)
    for (const s of r.steps) {
      const why = renderMessage(s.why, 'ko')
      expect(why, s.why.code).toMatch(HANGUL)
      expect(why).not.toMatch(/\{\w+\}|undefined|\[object/)
      if (s.event) {
        expect(renderMessage(s.event.message, 'ko')).toBe(renderMessage(s.event.message, 'en'))
        expect(renderMessage(s.event.message, 'en')).not.toMatch(/\{\w+\}|undefined/)
      }
    }
  })
})
