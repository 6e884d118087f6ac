/**
 * The page's side of the model worker (client.ts) against the worker's own code (modelWorker.ts)
 * over a channel that copies every message as postMessage does: a what-if on the text the worker
 * loaded last sends no text either way — the worker loads its own copy again and the page makes
 * the edited text from its own and the change — and the result is the text and model a full
 * round trip gives; the trace that follows a what-if goes with it and answers the lab's trace.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { LabCore } from '../../../src/ui/worker/labCore.js'
import { TEXT_PART_CHARS, type WorkerClient } from '../../../src/ui/worker/client.js'
import type { LoadReply } from '../../../src/ui/worker/labCore.js'
import type { Envelope } from '../../../src/ui/worker/protocol.js'

const TEXT = readFileSync(new URL('../../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
const FILE = 'topologies/two-node-flannel-vxlan.yaml'

/**
 * The worker's module (a fresh instance) and a client, over a channel that copies each message
 * and delivers it in a later task, as postMessage does; `sent` collects the page's messages.
 */
async function connectWorker(sent: Envelope[]): Promise<WorkerClient> {
  const scope = { onmessage: null as ((e: { data: unknown }) => void) | null, postMessage: (m: unknown) => { const copy = structuredClone(m); setTimeout(() => fake.onmessage?.({ data: copy } as MessageEvent), 0) } }
  const fake = {
    onmessage: null as ((e: MessageEvent) => void) | null, onerror: null,
    postMessage: (m: Envelope) => { sent.push(m); const copy = structuredClone(m); setTimeout(() => scope.onmessage?.({ data: copy }), 0) },
    terminate: () => undefined,
  }
  ;(globalThis as { self?: unknown }).self = scope
  vi.resetModules()
  await import('../../../src/ui/worker/modelWorker.js')
  const { workerClient } = await import('../../../src/ui/worker/client.js')
  return workerClient(fake as unknown as Worker)
}

describe('the model worker and the page share the text instead of copying it', () => {
  const sent: Envelope[] = []
  let client: WorkerClient
  const saved = (globalThis as { self?: unknown }).self
  beforeAll(async () => { client = await connectWorker(sent) })
  afterAll(() => { (globalThis as { self?: unknown }).self = saved })

  it('sends the text once, then what-ifs and reloads of it without it, with the same results', async () => {
    const first = await client.load({ fileName: FILE, text: TEXT, keepAddresses: false })
    expect(sent.at(-1)).toMatchObject({ op: 'load', input: { text: TEXT } })
    expect(first.text).toBe(TEXT)
    expect(first.model?.nodes.length).toBe(2)

    const scaled = await client.load({ fileName: FILE, text: first.text, keepAddresses: true, edit: { kind: 'scale', target: 'default/web', value: 4 } })
    expect(sent.at(-1)).toMatchObject({ op: 'load', sameText: true, input: { text: '' } })
    // The same text and model as the core gives in-process.
    const local = new LabCore()
    local.load({ fileName: FILE, text: TEXT, keepAddresses: false })
    const expected = local.load({ fileName: FILE, text: TEXT, keepAddresses: true, edit: { kind: 'scale', target: 'default/web', value: 4 } })
    expect(scaled.text).toBe(expected.text)
    expect(scaled.text).not.toBe(TEXT)
    expect(scaled.change).toEqual(expected.change)
    expect(scaled.model?.pods.filter((p) => p.name.startsWith('web-')).length).toBe(4)

    // Undo: the text before, which the worker no longer has, travels again.
    const undone = await client.load({ fileName: FILE, text: TEXT, keepAddresses: true })
    expect(sent.at(-1)).toMatchObject({ op: 'load', input: { text: TEXT } })
    expect(sent.at(-1)).not.toHaveProperty('sameText')
    expect(undone.model?.pods.filter((p) => p.name.startsWith('web-')).length).toBe(2)
  })

  it('sends a big text in slices, one per task, and the worker loads them put together', async () => {
    const big = `${TEXT}\n${'# a comment line to make the text big\n'.repeat(Math.ceil(2.5 * TEXT_PART_CHARS / 38))}`
    const from = sent.length
    const r = await client.load({ fileName: FILE, text: big, keepAddresses: false })
    const mine = sent.slice(from)
    const parts = Math.ceil(big.length / TEXT_PART_CHARS)
    expect(parts).toBe(3)
    expect(mine.map((m) => m.op)).toEqual([...Array<string>(parts).fill('textPart'), 'load'])
    expect(mine.slice(0, parts).map((m) => (m as { text: string }).text).join('')).toBe(big)
    expect(mine[parts]).toMatchObject({ op: 'load', textParts: parts, input: { text: '' } })
    expect(r.text).toBe(big)
    expect(r.model?.nodes.length).toBe(2)
    // The worker has that text now: a what-if on it sends none.
    await client.load({ fileName: FILE, text: r.text, keepAddresses: true, edit: { kind: 'scale', target: 'default/web', value: 3 } })
    expect(sent.at(-1)).toMatchObject({ op: 'load', sameText: true })
  })

  it('asks a what-if\'s targets of the loaded text without sending it, and of another text with it', async () => {
    const base = await client.load({ fileName: FILE, text: TEXT, keepAddresses: false })
    const local = new LabCore()
    local.load({ fileName: FILE, text: TEXT, keepAddresses: false })
    const edit = { kind: 'scale', target: 'default/web', value: 4 } as const
    const edited = local.load({ fileName: FILE, text: TEXT, keepAddresses: true, edit }).text
    // Asked before the what-if is answered: the edited text is "the loaded text" only once it
    // is (the worker's text until then is TEXT), so a sameText ask proves the client waited.
    const scaled = client.load({ fileName: FILE, text: base.text, keepAddresses: true, edit })
    const targets = await client.whatIfTargets('delete', edited)
    expect((await scaled).text).toBe(edited)
    expect(sent.at(-1)).toMatchObject({ op: 'whatIfTargets', kind: 'delete', sameText: true, text: '' })
    expect(sent.at(-2)).toMatchObject({ op: 'load', sameText: true })
    expect(targets).toEqual(local.whatIfTargets('delete', edited))
    expect(targets.filter(([v]) => v.startsWith('default/web-')).length).toBe(0) // a Deployment's pods are not standalone
    // A text the worker has not loaded travels with the question.
    const other = `${TEXT}\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: extra, namespace: default }\nspec: { containers: [{ name: c, image: busybox }] }\n`
    const more = await client.whatIfTargets('delete', other)
    expect(sent.at(-1)).toMatchObject({ op: 'whatIfTargets', text: other })
    expect(sent.at(-1)).not.toHaveProperty('sameText')
    expect(more).toEqual(local.whatIfTargets('delete', other))
    expect(more.map(([v]) => v)).toContain('default/extra')
  })

  it('sends the trace that follows a what-if with it, and answers the trace the lab asks from it', async () => {
    const request = { from: 'pod/default/client', to: 'web:80' }
    const base = await client.load({ fileName: FILE, text: TEXT, keepAddresses: false })
    const from = sent.length
    const edit = { kind: 'scale', target: 'default/web', value: 1 } as const
    const loaded = await client.loadThenTrace({ fileName: FILE, text: base.text, keepAddresses: true, edit }, request)
    // The load and its trace went together, before the page had the model.
    expect(sent.slice(from).map((m) => m.op)).toEqual(['load', 'trace'])
    const traced = await client.trace(request)
    expect(sent.length).toBe(from + 2)
    // What the core gives in-process for the same load and trace.
    const local = new LabCore()
    local.load({ fileName: FILE, text: TEXT, keepAddresses: false })
    local.load({ fileName: FILE, text: TEXT, keepAddresses: true, edit })
    expect(JSON.parse(JSON.stringify(traced))).toEqual(JSON.parse(JSON.stringify(local.trace(request))))
    expect(loaded.model?.pods.filter((p) => p.name.startsWith('web-')).length).toBe(1)
    // Asked once: the next trace, or another request, is asked again.
    await client.trace(request)
    expect(sent.length).toBe(from + 3)
    await client.loadThenTrace({ fileName: FILE, text: TEXT, keepAddresses: true }, request)
    const other = { from: 'pod/default/client', to: 'web:8080' }
    await client.trace(other)
    expect(sent.slice(-1)).toMatchObject([{ op: 'trace', request: other }])
    // A load sent between the early trace and the lab's question: the early answer is for another model.
    await client.loadThenTrace({ fileName: FILE, text: TEXT, keepAddresses: true, edit }, request)
    await client.load({ fileName: FILE, text: TEXT, keepAddresses: true })
    const n = sent.length
    await client.trace(request)
    expect(sent.length).toBe(n + 1)
  })
})

describe('the page\'s messages reach the worker in the order they were asked', () => {
  const sent: Envelope[] = []
  let client: WorkerClient
  const saved = (globalThis as { self?: unknown }).self
  // A worker of its own (a fresh module instance).
  beforeAll(async () => { client = await connectWorker(sent) })
  afterAll(() => { (globalThis as { self?: unknown }).self = saved })

  const big = `${TEXT}\n${'# a comment line to make the text big\n'.repeat(Math.ceil(2.5 * TEXT_PART_CHARS / 38))}`
  const webPods = (r: LoadReply): number => r.model?.pods.filter((p) => p.name.startsWith('web-')).length ?? -1

  it('a request asked while a big text is still going out in slices reaches the worker after its load', async () => {
    const from = sent.length
    // Not awaited: a small load, a trace and a what-if asked while the slices are posted one per task.
    const first = client.loadThenTrace({ fileName: FILE, text: big, keepAddresses: false }, { from: 'pod/default/client', to: 'web:80' })
    const small = client.load({ fileName: FILE, text: TEXT, keepAddresses: true, edit: { kind: 'scale', target: 'default/web', value: 5 } })
    const [a, b] = await Promise.all([first, small])
    const ops = sent.slice(from).map((m) => m.op)
    // The sliced load, the trace that goes with it, then the what-if: never interleaved.
    expect(ops).toEqual(['textPart', 'textPart', 'textPart', 'load', 'trace', 'load'])
    expect(webPods(a)).toBe(2)
    expect(webPods(b)).toBe(5)
    // The worker's last model is the what-if's, as on the page.
    const traced = await client.trace({ from: 'pod/default/client', to: 'web:80' })
    expect(JSON.stringify(traced)).toContain('web-')
    const again = await client.load({ fileName: FILE, text: b.text, keepAddresses: true })
    expect(sent.at(-1)).toMatchObject({ op: 'load', sameText: true })
    expect(webPods(again)).toBe(5)
  })

  it('"the same text" is the text of the worker\'s last answered load, not of one still on its way', async () => {
    const base = await client.load({ fileName: FILE, text: TEXT, keepAddresses: false })
    const from = sent.length
    // The worker has TEXT; a what-if of it goes out, and before it is answered, TEXT again (an undo).
    const edited = client.load({ fileName: FILE, text: base.text, keepAddresses: true, edit: { kind: 'scale', target: 'default/web', value: 6 } })
    const undone = client.load({ fileName: FILE, text: TEXT, keepAddresses: true })
    const [e, u] = await Promise.all([edited, undone])
    expect(webPods(e)).toBe(6)
    // Once the what-if answered, the worker's text was the edited one: TEXT had to travel again.
    expect(sent.slice(from).map((m) => ('sameText' in m && m.sameText ? 'same' : m.op === 'load' ? (m.input.text === TEXT ? 'text' : 'other') : m.op))).toEqual(['same', 'text'])
    expect(webPods(u)).toBe(2)
  })

  it('a message postMessage cannot copy rejects its call, and the calls after it go on', async () => {
    // A function cannot be cloned: the channel throws as postMessage does (DataCloneError).
    const bad = client.ruleContexts([{ toString: () => 'x' } as unknown as never], 1)
    const next = client.load({ fileName: FILE, text: TEXT, keepAddresses: false })
    await expect(bad).rejects.toThrow()
    expect(webPods(await next)).toBe(2)
  })

  it('rejects calls once the worker is stopped, rather than leaving them waiting', async () => {
    client.terminate()
    await expect(client.load({ fileName: FILE, text: TEXT, keepAddresses: false })).rejects.toThrow('stopped')
    await expect(client.trace({ from: 'pod/default/client', to: 'web:80' })).rejects.toThrow('stopped')
  })
})
