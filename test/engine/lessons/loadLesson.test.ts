/**
 * The lesson loader: answers come from the engine (checked against trace/dig run directly),
 * and every kind of bad lesson gives a located error and no lesson at all.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { dig } from '../../../src/engine/dns/dig.js'
import { loadLesson } from '../../../src/engine/lessons/runLesson.js'
import { trace } from '../../../src/engine/trace/trace.js'
import { renderMessage } from '../../../src/i18n/render.js'
import { loadBuiltin } from '../../support/topologies.js'

const topologies = new URL('../../../topologies/', import.meta.url)
const resolve = (name: string): string | null => { try { return readFileSync(new URL(`${name}.yaml`, topologies), 'utf8') } catch { return null } }

const HEAD = `id: t
topic: services
order: 1
title: { en: T, ko: 티 }
goal: { en: G, ko: 지 }
topology: two-node-flannel-vxlan
steps:
`
const lesson = (steps: string, head = HEAD) => loadLesson('t.yaml', `${head}${steps}`, resolve)
const errors = (steps: string, head = HEAD) => {
  const r = lesson(steps, head)
  expect(r.ok).toBe(false)
  return r.ok ? [] : r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}${d.hint ? ` | ${d.hint}` : ''}`)
}
/** Line of the first line of `steps` containing `text`, in the whole file. */
const lineOf = (steps: string, text: string, head = HEAD) => `${head}${steps}`.split('\n').findIndex((l) => l.includes(text)) + 1
/** `line:col` where `text` first occurs in the whole file. */
const pos = (steps: string, text: string, head = HEAD) => {
  const lines = `${head}${steps}`.split('\n')
  const i = lines.findIndex((l) => l.includes(text))
  return `${i + 1}:${lines[i]!.indexOf(text) + 1}`
}

describe('answers are computed by the engine', () => {
  const vxlan = loadBuiltin('two-node-flannel-vxlan')

  it('server-sees, dnat-chain and outer-dst agree with the trace run directly', () => {
    const steps = `  - narration: { en: a, ko: 가 }
    trace: { from: pod/default/client, to: "web:80", pick: 10.244.1.3 }
    question: { ask: server-sees, en: q, ko: 질문 }
  - narration: { en: b, ko: 나 }
    question: { ask: dnat-chain, en: q, ko: 질문 }
  - narration: { en: c, ko: 다 }
    question: { ask: outer-dst, en: q, ko: 질문, format: text }
  - narration: { en: d, ko: 라 }
    question: { ask: client-sees, en: q, ko: 질문 }
`
    const r = lesson(steps)
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics))
    const t = trace(vxlan, { from: 'pod/default/client', to: 'web:80', pick: '10.244.1.3' })
    if (!t.ok) throw new Error(renderMessage(t.error))
    type A = NonNullable<(typeof r.lesson.steps)[0]['answer']>
    const [a, b, c, d] = r.lesson.steps.map((s) => s.answer!) as [A, A, A, A]
    expect(a.value).toBe(t.trace.serverSees!.ip)
    expect(a.choices).toContain(a.value)
    expect(new Set(a.choices).size).toBe(a.choices!.length)
    const dnat = t.trace.hops.find((h) => h.kind === 'netfilter' && h.before.dst !== h.after.dst)!
    expect(dnat.decidedBy.at(-1)!.text.startsWith(`-A ${b.value} `)).toBe(true)
    expect(dnat.decidedBy.at(-1)!.text).toContain('-j DNAT')
    expect(c.value).toBe(t.trace.hops.find((h) => h.after.outer)!.after.outer!.dst)
    expect(c.choices).toBeNull()
    // The reply as the client gets it: conntrack's un-NAT gave it the ClusterIP back.
    expect(d.value).toBe(t.trace.reply!.hops.at(-1)!.after.src)
    expect(d.hop).toEqual({ index: t.trace.reply!.hops.findIndex((h) => h.before.src !== h.after.src), reply: true })
  })

  it('distractors are real things in the model and never the answer', () => {
    const r = lesson(`  - narration: { en: a, ko: 가 }
    trace: { from: external/laptop, to: "192.168.49.2:30080", pick: 10.244.1.3 }
    question: { ask: server-sees, en: q, ko: 질문 }
`)
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics))
    const a = r.lesson.steps[0]!.answer!
    const wrong = a.choices!.filter((c) => c !== a.value)
    expect(wrong.length).toBe(3)
    const known = new Set([...vxlan.nodes.map((n) => n.ip), ...vxlan.pods.flatMap((p) => (p.ip === null ? [] : [p.ip]))].map((n) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')))
    const t = trace(vxlan, { from: 'external/laptop', to: '192.168.49.2:30080', pick: '10.244.1.3' })
    if (!t.ok) throw new Error(renderMessage(t.error))
    const carried = new Set(t.trace.hops.flatMap((h) => [h.before.src, h.after.src, h.before.dst, h.after.dst]))
    for (const w of wrong) expect(known.has(w) || carried.has(w) || /^10\.244\.\d\.[01]$/.test(w), w).toBe(true)
  })

  it('dns-queries counts the dig the step ran; a what-if changes the model later steps see', () => {
    const r = lesson(`  - narration: { en: a, ko: 가 }
    dig: { from: pod/default/client, name: www.example.com }
    question: { ask: dns-queries, en: q, ko: 질문 }
  - narration: { en: b, ko: 나 }
    whatIf: { kind: scale, target: default/web, value: 5 }
    question: { ask: endpoints, service: default/web, en: q, ko: 질문 }
`)
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics))
    const d = dig(vxlan, { from: 'pod/default/client', name: 'www.example.com' })
    if (!d.ok) throw new Error(renderMessage(d.error))
    expect(r.lesson.steps[0]!.answer!.value).toBe(String(d.dig.queries.length))
    expect(r.lesson.steps[1]!.answer!.value).toBe('5')
    expect(r.lesson.steps[1]!.topologyText).toContain('replicas: 5')
    expect(r.lesson.steps[0]!.topologyText).not.toContain('replicas: 5')
  })
})

describe('bad lessons: located errors, nothing half-loaded', () => {
  it('an unknown action', () => {
    const steps = '  - narration: { en: a, ko: 가 }\n    ping: { from: pod/default/client }\n'
    expect(errors(steps)).toEqual([`${lineOf(steps, 'ping')}:5: unknown step field "ping" | a step has narration, optionally one action (trace, dig, whatIf, controlPlane, select, highlight) and a question`])
  })

  it('an unknown question kind', () => {
    const steps = '  - narration: { en: a, ko: 가 }\n    question: { ask: favourite-colour, en: q, ko: 질문 }\n'
    expect(errors(steps)[0]).toMatch(new RegExp(`^${pos(steps, 'favourite')}: unknown question kind "favourite-colour"`))
  })

  it('missing Korean text', () => {
    const steps = '  - narration:\n      en: only English\n'
    expect(errors(steps)).toEqual([`${pos(steps, 'en: only')}: narration has no Korean text (ko) | add ko: under steps.0.narration`])
  })

  it('a trace from a pod that does not exist', () => {
    const steps = '  - narration: { en: a, ko: 가 }\n    trace: { from: pod/default/nobody, to: "web:80" }\n'
    expect(errors(steps)[0]).toMatch(new RegExp(`^${pos(steps, '{ from: pod/default/nobody')}: the trace cannot run: no pod default/nobody`))
  })

  it('narration naming a Service or an address the topology does not have', () => {
    const steps = '  - narration:\n      en: |\n        Look at service/default/nope.\n        And at 10.244.9.9.\n      ko: 가\n'
    expect(errors(steps)).toEqual([
      `${pos(steps, 'service/default/nope')}: the text names service/default/nope: no service default/nope in the topology | name only what this step's topology has (kube-netlab show <topology> cluster)`,
      `${pos(steps, '10.244.9.9')}: the text names 10.244.9.9: no pod, node, Service, device or network in the topology has 10.244.9.9 | name only what this step's topology has (kube-netlab show <topology> cluster)`,
    ])
  })

  it('a question the engine cannot answer', () => {
    const steps = '  - narration: { en: a, ko: 가 }\n    trace: { from: pod/default/client, to: "orphan:80" }\n    question: { ask: server-sees, en: q, ko: 질문 }\n'
    expect(errors(steps)[0]).toMatch(/the engine cannot answer this question: nothing answers this trace \(result refused\)/)
  })

  it('a distractor that is the answer', () => {
    const steps = '  - narration: { en: a, ko: 가 }\n    trace: { from: pod/default/client, to: "orphan:80" }\n    question: { ask: result, en: q, ko: 질문, distractors: [refused] }\n'
    expect(errors(steps)[0]).toMatch(/distractor "refused" is the right answer/)
  })

  it('a pin that matches no endpoint, a what-if target that does not exist, a hop that is not there', () => {
    const steps = `  - narration: { en: a, ko: 가 }
    trace: { from: pod/default/client, to: "web:80", pick: 10.244.1.99 }
  - narration: { en: b, ko: 나 }
    select: { kind: vxlan-encap, node: node2 }
  - narration: { en: c, ko: 다 }
    whatIf: { kind: drain, target: node9 }
`
    const e = errors(steps)
    expect(e[0]).toMatch(new RegExp(`^${pos(steps, '10.244.1.99')}: pick 10.244.1.99 matches no endpoint`))
    expect(e[1]).toMatch(new RegExp(`^${pos(steps, '{ kind: vxlan-encap')}: no hop of the latest trace matches this selection`))
    expect(e[2]).toMatch(new RegExp(`^${pos(steps, 'node9')}: drain has no target "node9" in this topology \\| targets: node1, node2`))
  })

  it('inline topology errors land on the lesson file line', () => {
    const head = HEAD.replace('topology: two-node-flannel-vxlan\n', `topology:
  documents: |
    apiVersion: v1
    kind: Service
    metadata: { name: s }
    spec:
      clusterIP: 10.96.0.300
      ports: [{ port: 80 }]
`)
    const e = errors('  - narration: { en: a, ko: 가 }\n', head)
    const line = lineOf('', '10.96.0.300', head)
    expect(e[0]).toMatch(new RegExp(`^${line}:\\d+: spec.clusterIP "10.96.0.300" is not an IP address`))
  })

  it('YAML syntax errors and a missing topology', () => {
    expect(errors('  - narration: { en: a, ko: [\n')[0]).toMatch(/YAML syntax/)
    expect(errors('  - narration: { en: a, ko: 가 }\n', HEAD.replace('two-node-flannel-vxlan', 'no-such-topology'))).toEqual([
      '6:11: no built-in topology "no-such-topology" | use a name from topologies/ or { documents: | ... } with the YAML inline',
    ])
  })
})
