/**
 * The model's trip to the page after a what-if: only what changed travels (modelDelta.ts). The
 * page's model put back together from its previous one must equal a full copy of the new model,
 * and reuse the previous objects for everything the incremental loader kept.
 */
import { describe, expect, it } from 'vitest'
import { generateDump } from '../../../bench/generateDump.js'
import type { Model } from '../../../src/model/model.js'
import { LabCore } from '../../../src/ui/worker/labCore.js'
import { textChange } from '../../../src/model/incremental/textEdit.js'
import { LIST_KEYS, applyListDelta, applyModelDelta, headDelta, listDelta, type ListDelta, type ListKey } from '../../../src/ui/worker/modelDelta.js'
import { plain } from '../../../src/ui/worker/plain.js'
// The bench's what-if targets (a Deployment, its NodePort Service, bare pods) appended to the dump.
import { WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'

/** What the worker posts and the page receives (a structured clone of plain data). */
function send(prev: Model | null, next: Model): { head: ReturnType<typeof headDelta>; lists: Record<ListKey, ListDelta<unknown>> } {
  const { cluster, ...head } = headDelta(prev, next)
  const lists = Object.fromEntries(LIST_KEYS.map((k) => {
    const d = listDelta<object>(prev?.[k] ?? null, next[k])
    return [k, { reuse: d.reuse, fresh: structuredClone(plain(d.fresh)) }]
  })) as Record<ListKey, ListDelta<unknown>>
  const spec = cluster ? { cluster: { head: structuredClone(plain(cluster.head)), same: cluster.same, nodes: { reuse: cluster.nodes.reuse, fresh: structuredClone(plain(cluster.nodes.fresh)) } } } : {}
  return { head: { head: structuredClone(plain(head.head)), same: head.same, ...spec }, lists }
}

const withoutPositions = (m: Model): unknown => JSON.parse(JSON.stringify(plain(m), (k, v: unknown) => (k === 'atOwn' ? undefined : v instanceof Map ? [...v] : v)))

describe('a model sent as what changed', () => {
  it('list deltas keep order, reuse the previous objects and refuse a map that does not fit', () => {
    const [a, b, c, d] = [{ n: 'a' }, { n: 'b' }, { n: 'c' }, { n: 'd' }]
    const delta = listDelta([a, b, c], [c, d, a])
    expect([...delta.reuse!]).toEqual([2, -1, 0])
    expect(delta.fresh).toEqual([d])
    const page = [{ n: 'a' }, { n: 'b' }, { n: 'c' }]
    const out = applyListDelta(page, delta.reuse, [{ n: 'd' }])
    expect(out).toEqual([{ n: 'c' }, { n: 'd' }, { n: 'a' }])
    expect(out[0]).toBe(page[2])
    expect(listDelta(null, [a]).reuse).toBeNull()
    expect(() => applyListDelta(page, delta.reuse, [])).toThrow(/fewer new items/)
    expect(() => applyListDelta([], delta.reuse, [{ n: 'd' }])).toThrow(/no item 2/)
  })

  it('after each what-if the page gets the new model from a few new items, the rest reused', () => {
    const core = new LabCore()
    const text = generateDump({ nodes: 12, services: 20 }) + WHAT_IF_OBJECTS
    const first = core.load({ fileName: 'dump.yaml', text, keepAddresses: false }).model!
    expect(first.pods.some((p) => p.name.startsWith('web-'))).toBe(true)
    let worker: Model = first
    const initial = send(null, first)
    let page = applyModelDelta(null, initial.head.head, initial.head.same, initial.lists)
    let current = text
    const edits = [
      { kind: 'scale', target: 'default/web', value: 5 },
      { kind: 'drain', target: 'worker-0003', value: 0 },
      { kind: 'etp', target: 'default/web', value: 0 },
      { kind: 'delete', target: first.pods.find((p) => p.owner === null && !p.hostNetwork && p.nodeName)?.namespace + '/' + first.pods.find((p) => p.owner === null && !p.hostNetwork && p.nodeName)?.name, value: 0 },
    ] as const
    for (const edit of edits) {
      const r = core.load({ fileName: 'dump.yaml', text: current, keepAddresses: true, edit })
      expect(r.model, `${edit.kind} ${edit.target}`).not.toBeNull()
      const next = r.model!
      // The splice an open editor applies gives the same text.
      const ch = r.change!
      expect(current.slice(0, ch.from) + ch.insert + current.slice(ch.to)).toBe(r.text)
      const msg = send(worker, next)
      const fresh = LIST_KEYS.reduce((a, k) => a + msg.lists[k].fresh.length, 0)
      const total = LIST_KEYS.reduce((a, k) => a + next[k].length, 0)
      // Only what the edit touched travels: a few items of hundreds.
      expect(fresh, `${edit.kind}: ${fresh} of ${total} items sent`).toBeLessThan(total / 4)
      const rebuilt = applyModelDelta(page, msg.head.head, msg.head.same, msg.lists, msg.head.cluster)
      // A cordon rewrites one Node: the cluster spec's node list travels as that one entry.
      if (msg.head.cluster) expect(msg.head.cluster.nodes.fresh.length, `${edit.kind}: cluster nodes sent`).toBeLessThanOrEqual(1)
      if (edit.kind === 'drain') expect(msg.head.cluster).toBeDefined()
      // Equal but for source positions: a reused object keeps the line it was first sent with
      // (an edit that adds lines above it moves it in the text; the documented difference).
      expect(withoutPositions(rebuilt)).toEqual(withoutPositions(next))
      // Reused items are the page's own objects (what the page keys its caches on).
      const reusedPod = next.pods.findIndex((p) => worker.pods.includes(p))
      expect(rebuilt.pods[reusedPod]).toBe(page.pods[worker.pods.indexOf(next.pods[reusedPod]!)])
      worker = next
      page = rebuilt
      current = r.text
    }
  })

  it('textChange finds the one span a what-if rewrote', () => {
    expect(textChange('abcdef', 'abXYef')).toEqual({ from: 2, to: 4, insert: 'XY' })
    expect(textChange('aaa', 'aaaa')).toEqual({ from: 3, to: 3, insert: 'a' })
    expect(textChange('same', 'same')).toEqual({ from: 4, to: 4, insert: '' })
  })
})

describe('textChange', () => {
  it('finds the one changed span, across chunk boundaries and at either end', () => {
    const base = 'x'.repeat(200_000)
    const cases: [string, string][] = [
      [base, base],
      [base, `${base.slice(0, 70_000)}YY${base.slice(70_000)}`],
      [base, base.slice(0, 65_536) + base.slice(65_540)],
      [`a${base}`, `b${base}`],
      [`${base}a`, `${base}b`],
      ['', base.slice(0, 10)],
      ['abcabc', 'abc'],
    ]
    for (const [before, after] of cases) {
      const c = textChange(before, after)
      expect(before.slice(0, c.from) + c.insert + before.slice(c.to)).toBe(after)
      expect(c.to - c.from + c.insert.length).toBeLessThanOrEqual(Math.abs(before.length - after.length) + 4)
    }
  })
})

describe('listDelta on long lists', () => {
  it('finds items kept around a splice without indexing the list, and still reuses items an edit moved far', () => {
    const prev = Array.from({ length: 5000 }, (_, i) => ({ i }))
    const added = [{ i: -1 }, { i: -2 }]
    // A splice: two items out at 2,000, two new ones in.
    const next = [...prev.slice(0, 2000), ...added, ...prev.slice(2002)]
    const d = listDelta(prev, next)
    expect(d.fresh).toEqual(added)
    expect(applyListDelta(prev, d.reuse, d.fresh)).toEqual(next)
    expect([...d.reuse!].filter((j) => j >= 0).length).toBe(next.length - 2)
    // A big move (the second half first): every item rebuilt, most reused from the page's list.
    const moved = [...prev.slice(2500), ...prev.slice(0, 2500)]
    const m = listDelta(prev, moved)
    const out = applyListDelta(prev, m.reuse, m.fresh.map((x) => ({ ...x })))
    expect(out).toEqual(moved)
    expect(out.filter((x, k) => x === moved[k]).length).toBeGreaterThan(moved.length - 100)
  })
})
