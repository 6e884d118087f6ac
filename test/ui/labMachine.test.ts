/** The lab's flow without a DOM: open, trace, what-ifs with undo and reset, broken edits. */
import { readFileSync } from 'node:fs'
import { createActor, waitFor, type Actor } from 'xstate'
import { describe, expect, it } from 'vitest'
import { coreActors, labMachine, type LabEvent } from '../../src/ui/labMachine.js'
import { inProcessCore } from '../../src/ui/worker/labCore.js'

const original = readFileSync(new URL('../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
const request = { from: 'pod/default/client', to: 'web:80' }

/** The machine with the core in this thread (the page gives it the model worker instead). */
const machine = labMachine.provide({ actors: coreActors(inProcessCore()) })
type LabActor = Actor<typeof machine>

/** Sends an event and waits until the machine has loaded and traced whatever it started. */
async function send(actor: LabActor, event: LabEvent) {
  actor.send(event)
  return waitFor(actor, (s) => s.matches('ready') && s.context.queue.length === 0, { timeout: 20_000 })
}

async function opened(): Promise<LabActor> {
  const actor = createActor(machine).start()
  actor.send({ type: 'OPEN', scenario: 'two-node-flannel-vxlan', original })
  await send(actor, { type: 'TRACE', request })
  return actor
}

describe('lab machine', () => {
  it('opens a scenario, traces, and keeps the request across a what-if', async () => {
    const actor = await opened()
    const s = actor.getSnapshot()
    expect(s.matches({ ready: 'traced' })).toBe(true)
    expect(s.context.outcome?.ok && s.context.outcome.trace.result).toBe('delivered')
    const after = (await send(actor, { type: 'WHAT_IF', edit: { kind: 'scale', target: 'default/web', value: 0, label: 'scale web to 0' } })).context
    expect(after.outcome?.ok && after.outcome.trace.result).toBe('refused')
    expect(after.before?.ok && after.before.trace.result).toBe('delivered')
    expect(after.history.map((h) => h.label)).toEqual(['scale web to 0'])
    expect(after.text).not.toBe(original)
  })

  it('undo restores the text and the result before the what-if; reset goes back to the original', async () => {
    const actor = await opened()
    // Sent back to back: the machine queues them and runs them in order.
    actor.send({ type: 'WHAT_IF', edit: { kind: 'scale', target: 'default/web', value: 0, label: 'scale' } })
    actor.send({ type: 'WHAT_IF', edit: { kind: 'drain', target: 'node2', value: 0, label: 'drain' } })
    expect((await send(actor, { type: 'UNDO' })).context.history).toHaveLength(1)
    const c = (await send(actor, { type: 'UNDO' })).context
    expect(c.text).toBe(original)
    expect(c.outcome?.ok && c.outcome.trace.result).toBe('delivered')
    await send(actor, { type: 'WHAT_IF', edit: { kind: 'etp', target: 'default/web-nodeport', value: 0, label: 'etp' } })
    await send(actor, { type: 'RESET' })
    expect(actor.getSnapshot().context.text).toBe(original)
    expect(actor.getSnapshot().context.history).toEqual([])
  })

  it('guards: no undo without history, no reset when unmodified, no trace before a model', async () => {
    const fresh = createActor(machine).start()
    fresh.send({ type: 'TRACE', request })
    expect(fresh.getSnapshot().value).toBe('empty')
    const actor = await opened()
    const before = actor.getSnapshot()
    actor.send({ type: 'UNDO' })
    expect(actor.getSnapshot().context).toBe(before.context)
    actor.send({ type: 'RESET' })
    expect(actor.getSnapshot().context).toBe(before.context)
  })

  it('is busy while the core works: loading, then tracing, then ready; edits typed meanwhile collapse into the last one', async () => {
    const actor = createActor(machine).start()
    actor.send({ type: 'OPEN', scenario: 'two-node-flannel-vxlan', original })
    expect(actor.getSnapshot().matches('loading')).toBe(true)
    actor.send({ type: 'TRACE', request })
    actor.send({ type: 'EDIT', text: `${original}\n---\nkind: [` })
    actor.send({ type: 'EDIT', text: original.replace('replicas: 2', 'replicas: 3') })
    expect(actor.getSnapshot().context.queue).toHaveLength(1)
    await waitFor(actor, (s) => s.matches('tracing'))
    const done = await waitFor(actor, (s) => s.matches({ ready: 'traced' }) && s.context.queue.length === 0, { timeout: 20_000 })
    expect(done.context.text).toBe(original.replace('replicas: 2', 'replicas: 3'))
    expect(done.context.diagnostics.some((d) => d.severity === 'error')).toBe(false)
    expect(done.context.outcome?.ok && done.context.outcome.trace.result).toBe('delivered')
  })

  it('an edit that leaves the text as it is loads nothing', async () => {
    const actor = await opened()
    const before = actor.getSnapshot().context
    actor.send({ type: 'EDIT', text: original })
    expect(actor.getSnapshot().matches({ ready: 'traced' })).toBe(true)
    expect(actor.getSnapshot().context).toBe(before)
  })

  it('a core that fails leaves the last good state and says why', async () => {
    const broken = labMachine.provide({ actors: coreActors({ ...inProcessCore(), trace: async () => { throw new Error('worker gone') } }) })
    const actor = createActor(broken).start()
    actor.send({ type: 'OPEN', scenario: 'two-node-flannel-vxlan', original })
    await waitFor(actor, (s) => s.matches('ready'))
    actor.send({ type: 'TRACE', request })
    const s = await waitFor(actor, (x) => x.matches('ready') && x.context.failure !== null)
    expect(s.context.failure).toContain('worker gone')
    expect(s.context.model).not.toBeNull()
  })

  it('a shared text that does not load shows its errors over the original cluster', async () => {
    const actor = createActor(machine).start()
    actor.send({ type: 'OPEN', scenario: 'two-node-flannel-vxlan', original, text: 'kind: [' })
    const s = await waitFor(actor, (x) => x.matches('ready'), { timeout: 20_000 })
    expect(s.context.text).toBe('kind: [')
    expect(s.context.diagnostics.some((d) => d.severity === 'error')).toBe(true)
    expect(s.context.model?.nodes.length).toBe(2)
  })

  it('a broken edit keeps the last valid model and says where the text is wrong', async () => {
    const actor = await opened()
    const model = actor.getSnapshot().context.model
    const c = (await send(actor, { type: 'EDIT', text: `${original}\n---\nkind: [` })).context
    expect(c.model).toBe(model)
    expect(c.diagnostics.some((d) => d.severity === 'error')).toBe(true)
  })
})

describe('what-ifs keep running pods where they are', () => {
  it('scaling up adds pods at free addresses; existing pods keep their IPs (host-local keeps allocations)', async () => {
    const actor = await opened()
    const ips = (): Map<string, number | null> => new Map(actor.getSnapshot().context.model!.pods.map((p) => [`${p.namespace}/${p.name}`, p.ip]))
    const before = ips()
    await send(actor, { type: 'WHAT_IF', edit: { kind: 'scale', target: 'default/web', value: 5, label: 'scale web to 5' } })
    const after = ips()
    for (const [key, ip] of before) if (after.has(key)) expect(after.get(key), key).toBe(ip)
    const added = [...after.keys()].filter((k) => !before.has(k))
    expect(added.length).toBe(3)
    const taken = new Set([...before.values()])
    for (const k of added) expect(taken.has(after.get(k)!)).toBe(false)
  })
})
