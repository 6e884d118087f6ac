/**
 * A lesson step that plays a control-plane change: its answers come from the chain run
 * directly (where kube-scheduler binds, the KUBE-SEP chains a node's kube-proxy writes), later
 * steps see the cluster after it, and a bad controlPlane action or a chain question without a
 * chain is a located error.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runChange } from '../../../src/engine/controlplane/run.js'
import { loadControlPlane } from '../../../src/engine/controlplane/state.js'
import { loadLesson } from '../../../src/engine/lessons/runLesson.js'
import { SAMPLE_MANIFESTS } from '../../../src/model/edit/samples.js'
import { renderMessage } from '../../../src/i18n/render.js'

const topologies = new URL('../../../topologies/', import.meta.url)
const resolve = (name: string): string | null => { try { return readFileSync(new URL(`${name}.yaml`, topologies), 'utf8') } catch { return null } }
const HEAD = `id: t
topic: operations
order: 1
title: { en: T, ko: 티 }
goal: { en: G, ko: 지 }
topology: two-node-flannel-vxlan
steps:
`
const lesson = (steps: string) => loadLesson('t.yaml', `${HEAD}${steps}`, resolve)
const errors = (steps: string): string[] => {
  const r = lesson(steps)
  expect(r.ok).toBe(false)
  return r.ok ? [] : r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}${d.hint ? ` | ${d.hint}` : ''}`)
}

/** The chain the lab plays for applying the sample, run directly. */
function applyDirectly() {
  const l = loadControlPlane('topologies/two-node-flannel-vxlan.yaml', resolve('two-node-flannel-vxlan')!)
  if (!l.ok) throw new Error('does not load')
  return runChange(l.state, { kind: 'apply', file: 'nginx-deployment.yaml', text: SAMPLE_MANIFESTS['nginx-deployment']!.text }).result
}

describe('controlPlane steps', () => {
  const steps = `  - narration: { en: Apply, ko: 적용 }
    controlPlane: { kind: apply, target: nginx-deployment }
    question: { ask: scheduled-node, en: Where?, ko: 어디? }
  - narration: { en: Sync, ko: 동기화 }
    question: { ask: sep-chains, node: node1, en: How many?, ko: 몇 개? }
  - narration: { en: Endpoints, ko: 엔드포인트 }
    question: { ask: endpoints, service: default/nginx-service, en: How many?, ko: 몇 개? }
`
  const r = lesson(steps)
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics))
  const direct = applyDirectly()

  it('scheduled-node is the node of the first pod kube-scheduler binds, shown at that step', () => {
    const bind = direct.steps.findIndex((s) => s.verb === 'bind' && s.phase === 'write')
    const pod = direct.steps[bind]!.object
    const node = direct.after.pods.find((p) => p.name === pod.name)!.nodeName
    const s = r.lesson.steps[0]!
    expect(s.answer?.value).toBe(node)
    expect(s.answer?.choices).toEqual(expect.arrayContaining(['node1', 'node2', 'Pending']))
    expect(s.chain?.at).toBe(bind)
    expect(s.chain?.change).toEqual({ kind: 'apply', file: 'nginx-deployment.yaml', text: SAMPLE_MANIFESTS['nginx-deployment']!.text })
    expect(renderMessage(s.answer!.evidence)).toContain(`${node} wins`)
  })

  it('sep-chains counts the KUBE-SEP chains node1\'s kube-proxy adds: one per endpoint', () => {
    const added = direct.steps.filter((s) => s.dataplane?.kind === 'proxy-sync' && s.dataplane.node === 'node1').flatMap((s) => s.dataplane!.diffs.flatMap((d) => d.added.filter((l) => l.startsWith(':KUBE-SEP-'))))
    expect(added).toHaveLength(3)
    const s = r.lesson.steps[1]!
    expect(s.answer?.value).toBe('3')
    expect(renderMessage(s.answer!.evidence, 'ko')).toMatch(/node1의 kube-proxy.*KUBE-SEP 체인 3개/)
    // The chain is carried to the step, shown at node1's sync.
    expect(s.chain?.result.steps[s.chain.at]?.dataplane?.node).toBe('node1')
  })

  it('later steps see the cluster after the chain', () => {
    expect(r.lesson.steps[2]!.answer?.value).toBe('3')
    expect(r.lesson.steps[2]!.topologyText).toContain('nginx-service')
    expect(r.lesson.steps[0]!.chain?.base).not.toContain('nginx-service')
  })

  it('a trace afterwards replaces the chain on the stage', () => {
    const t = lesson(`${steps}  - narration: { en: Trace, ko: 추적 }
    trace: { from: pod/default/client, to: "nginx-service:80" }
`)
    if (!t.ok) throw new Error(JSON.stringify(t.diagnostics))
    expect(t.lesson.steps[3]!.chain).toBe(null)
    expect(t.lesson.steps[3]!.trace?.result).toBe('delivered')
  })
})

describe('bad controlPlane steps: located errors', () => {
  it('a kind the control plane does not play, and a target that does not exist', () => {
    expect(errors(`  - narration: { en: A, ko: 가 }
    controlPlane: { kind: etp, target: default/web }
`)).toEqual([expect.stringMatching(/^9:27: unknown controlPlane kind "etp" \| kinds: apply, deny$/)])
    expect(errors(`  - narration: { en: A, ko: 가 }
    controlPlane: { kind: scale, target: default/web, value: 2 }
`)).toEqual([expect.stringMatching(/^9:27: unknown controlPlane kind "scale" \| kinds: apply, deny$/)])
    expect(errors(`  - narration: { en: A, ko: 가 }
    controlPlane: { kind: apply, target: nope }
`)).toEqual(['9:42: apply has no target "nope" in this topology | targets: nginx-deployment'])
  })

  it('a chain question with no chain before it', () => {
    expect(errors(`  - narration: { en: A, ko: 가 }
    question: { ask: sep-chains, node: node2, en: Q, ko: 질문 }
`)).toEqual([expect.stringMatching(/^9:22: the engine cannot answer this question: a sep-chains question needs a control-plane chain before it/)])
  })

  it('sep-chains on a node that does not exist', () => {
    expect(errors(`  - narration: { en: A, ko: 가 }
    controlPlane: { kind: apply, target: nginx-deployment }
    question: { ask: sep-chains, node: node9, en: Q, ko: 질문 }
`)).toEqual(['10:22: the engine cannot answer this question: no node node9 | nodes: node1, node2'])
  })
})

describe('the chain and the topology text must agree', () => {
  it('a scale re-places pods as history did (host-local\'s next address), which the text cannot state: refused, not taught', async () => {
    const { playChainAction } = await import('../../../src/engine/lessons/chainAction.js')
    const { loadModel } = await import('../../../src/model/derive/buildModel.js')
    const text = resolve('two-node-flannel-vxlan')!
    const m = loadModel('t.yaml', text)
    if (!m.ok) throw new Error('does not load')
    const r = playChainAction({ kind: 'controlPlane', whatIf: 'scale', target: 'default/web', value: 3 }, m.model, text, 't.yaml')
    expect(r.ok).toBe(false)
    expect(!r.ok && r.message).toBe('the chain\'s cluster differs from the topology after scale default/web')
    const ok = playChainAction({ kind: 'controlPlane', whatIf: 'apply', target: 'nginx-deployment', value: 0 }, m.model, text, 't.yaml')
    expect(ok.ok).toBe(true)
  })
})
