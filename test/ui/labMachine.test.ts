/** The lab's flow without a DOM: open, trace, what-ifs with undo and reset, broken edits. */
import { readFileSync } from 'node:fs'
import { createActor, transition } from 'xstate'
import { describe, expect, it } from 'vitest'
import { labMachine } from '../../src/ui/labMachine.js'

const original = readFileSync(new URL('../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
const request = { from: 'pod/default/client', to: 'web:80' }

function opened() {
  const actor = createActor(labMachine).start()
  actor.send({ type: 'OPEN', scenario: 'two-node-flannel-vxlan', original })
  actor.send({ type: 'TRACE', request })
  return actor
}

describe('lab machine', () => {
  it('opens a scenario, traces, and keeps the request across a what-if', () => {
    const actor = opened()
    const s = actor.getSnapshot()
    expect(s.matches({ ready: 'traced' })).toBe(true)
    expect(s.context.outcome?.ok && s.context.outcome.trace.result).toBe('delivered')
    actor.send({ type: 'WHAT_IF', edit: { kind: 'scale', target: 'default/web', value: 0, label: 'scale web to 0' } })
    const after = actor.getSnapshot().context
    expect(after.outcome?.ok && after.outcome.trace.result).toBe('refused')
    expect(after.before?.ok && after.before.trace.result).toBe('delivered')
    expect(after.history.map((h) => h.label)).toEqual(['scale web to 0'])
    expect(after.text).not.toBe(original)
  })

  it('undo restores the text and the result before the what-if; reset goes back to the original', () => {
    const actor = opened()
    actor.send({ type: 'WHAT_IF', edit: { kind: 'scale', target: 'default/web', value: 0, label: 'scale' } })
    actor.send({ type: 'WHAT_IF', edit: { kind: 'drain', target: 'node2', value: 0, label: 'drain' } })
    actor.send({ type: 'UNDO' })
    expect(actor.getSnapshot().context.history).toHaveLength(1)
    actor.send({ type: 'UNDO' })
    const c = actor.getSnapshot().context
    expect(c.text).toBe(original)
    expect(c.outcome?.ok && c.outcome.trace.result).toBe('delivered')
    actor.send({ type: 'WHAT_IF', edit: { kind: 'etp', target: 'default/web-nodeport', value: 0, label: 'etp' } })
    actor.send({ type: 'RESET' })
    expect(actor.getSnapshot().context.text).toBe(original)
    expect(actor.getSnapshot().context.history).toEqual([])
  })

  it('guards: no undo without history, no reset when unmodified, no trace before a model', () => {
    const [empty] = transition(labMachine, labMachine.resolveState({ value: 'empty', context: labMachine.config.context as never }), { type: 'TRACE', request })
    expect(empty.value).toBe('empty')
    const actor = opened()
    const before = actor.getSnapshot()
    const [afterUndo] = transition(labMachine, before, { type: 'UNDO' })
    expect(afterUndo.context).toBe(before.context)
    const [afterReset] = transition(labMachine, before, { type: 'RESET' })
    expect(afterReset.context).toBe(before.context)
  })

  it('a broken edit keeps the last valid model and says where the text is wrong', () => {
    const actor = opened()
    const model = actor.getSnapshot().context.model
    actor.send({ type: 'EDIT', text: `${original}\n---\nkind: [` })
    const c = actor.getSnapshot().context
    expect(c.model).toBe(model)
    expect(c.diagnostics.some((d) => d.severity === 'error')).toBe(true)
  })
})

describe('what-ifs keep running pods where they are', () => {
  it('scaling up adds pods at free addresses; existing pods keep their IPs (host-local keeps allocations)', () => {
    const actor = opened()
    const ips = (): Map<string, number | null> => new Map(actor.getSnapshot().context.model!.pods.map((p) => [`${p.namespace}/${p.name}`, p.ip]))
    const before = ips()
    actor.send({ type: 'WHAT_IF', edit: { kind: 'scale', target: 'default/web', value: 5, label: 'scale web to 5' } })
    const after = ips()
    for (const [key, ip] of before) if (after.has(key)) expect(after.get(key), key).toBe(ip)
    const added = [...after.keys()].filter((k) => !before.has(k))
    expect(added.length).toBe(3)
    const taken = new Set([...before.values()])
    for (const k of added) expect(taken.has(after.get(k)!)).toBe(false)
  })
})
