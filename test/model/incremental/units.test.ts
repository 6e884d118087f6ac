/**
 * A read piece's SourceDoc (src/model/incremental/units.ts): a Pod's or EndpointSlice's data is
 * not kept once the piece is parsed, and when asked is read again from the piece's text, equal
 * to what was first read (typed-list defaults included); other kinds keep theirs. A load, the
 * page's copy of the model, the warm-up and a trace ask none.
 */
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { generateDump } from '../../../bench/generateDump.js'
import { WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'
import { fastParse } from '../../../src/model/load/fastYaml.js'
import { splitText } from '../../../src/model/incremental/split.js'
import { itemDataReads, readUnit, type ListType } from '../../../src/model/incremental/units.js'
import { LabCore } from '../../../src/ui/worker/labCore.js'
import { LIST_KEYS, headDelta, listDelta } from '../../../src/ui/worker/modelDelta.js'
import { plain } from '../../../src/ui/worker/plain.js'
import { Preread } from '../../../src/ui/worker/preread.js'
import { warmUpSteps } from '../../../src/ui/worker/warmUp.js'

const LIST: ListType = { kind: 'List', apiVersion: 'v1' }

describe('a read piece\'s data', () => {
  it('is read again on demand, equal to the first reading, for the kinds that do not keep it', () => {
    const text = generateDump({ nodes: 3, services: 6 }) + WHAT_IF_OBJECTS
    const kinds = new Set<string>()
    for (const seg of splitText(text)) {
      if (seg.type === 'doc') continue
      for (const item of seg.items) {
        const want = (fastParse(item.text)![0]!.data as Record<string, unknown>[])[0]
        const u = readUnit({ file: 'f' }, item.text, 'item', LIST)!
        u.tree = null
        const before = itemDataReads.count
        const first = u.docs[0]!.data
        expect(isDeepStrictEqual(first, want), item.text).toBe(true)
        const kind = String(want?.['kind'])
        kinds.add(kind)
        // Read again only for Pods and EndpointSlices, once: the same object answers after.
        expect(itemDataReads.count - before, kind).toBe(kind === 'Pod' || kind === 'EndpointSlice' ? 1 : 0)
        expect(u.docs[0]!.data).toBe(first)
      }
    }
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['EndpointSlice', 'Node', 'Pod', 'Service']))
  })

  it('an item of a typed list read again takes the list\'s kind and apiVersion as the first reading did', () => {
    const u = readUnit({ file: 'f' }, '- metadata: { name: a, namespace: default }\n  spec: { containers: [{ name: c, image: i }] }\n', 'item', { kind: 'PodList', apiVersion: 'v1' })!
    expect(u.parsed.objects[0]?.kind).toBe('Pod')
    expect(u.docs[0]!.data).toEqual({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'i' }] } })
  })

  it('is not asked by a load, the model sent to the page, the warm-up or a trace', () => {
    const text = generateDump({ nodes: 20, services: 100 }) + WHAT_IF_OBJECTS
    const before = itemDataReads.count
    const core = new LabCore()
    const p = new Preread('')
    for (let i = 0; i < text.length; i += 50_000) p.add(text.slice(i, i + 50_000))
    const model = core.load({ fileName: 'dump.yaml', text, keepAddresses: false }, p).model!
    expect(model.pods.length).toBeGreaterThan(60)
    plain(headDelta(null, model).head)
    for (const k of LIST_KEYS) plain(listDelta<object>(null, model[k]).fresh)
    for (const step of warmUpSteps(model)) step()
    const from = model.pods.find((x) => x.namespace === 'team-1' && !x.hostNetwork)!
    expect(core.trace({ from: `pod/${from.namespace}/${from.name}`, to: 'app-5.team-5:80' }).ok).toBe(true)
    expect(itemDataReads.count).toBe(before)
  })

  it('is not asked by what-ifs either (their name index takes the name noted at the first reading)', () => {
    const text = generateDump({ nodes: 20, services: 100 }) + WHAT_IF_OBJECTS
    const core = new LabCore()
    let cur = core.load({ fileName: 'dump.yaml', text, keepAddresses: false }).text
    const before = itemDataReads.count
    for (const [kind, target, value] of [['scale', 'default/web', 4], ['drain', 'worker-0003', 0], ['etp', 'default/web', 0], ['delete', 'default/debug-1', 0]] as const) {
      const r = core.load({ fileName: 'dump.yaml', text: cur, keepAddresses: true, edit: { kind, target, value } })
      expect(r.model, `${kind} ${target}`).toBeTruthy()
      cur = r.text
    }
    // The deleted pod is gone and the scaled Deployment has its four pods: the what-ifs found their targets.
    const model = core.model!
    expect(model.pods.some((p) => p.name === 'debug-1')).toBe(false)
    expect(model.pods.filter((p) => p.namespace === 'default' && p.name.startsWith('web-')).length).toBe(4)
    expect(itemDataReads.count).toBe(before)
  })
})

describe('a read piece\'s document (PieceDoc)', () => {
  it('has the own keys, copies and file renames of the object literal it replaced', () => {
    const name = { file: 'f.yaml' }
    const text = 'apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: default }\nspec: { selector: { app: web }, ports: [{ port: 80 }] }\n'
    const u = readUnit(name, text, 'doc', null)!
    const doc = u.docs[0]!
    expect(Object.keys(doc)).toEqual(['file', 'data', 'at'])
    expect(doc.file).toBe('f.yaml')
    name.file = 'g.yaml'
    expect(doc.file).toBe('g.yaml')
    expect((doc.data as { metadata: { name: string } }).metadata.name).toBe('web')
    expect(doc.at(['spec', 'ports', 0, 'port'])).toEqual({ line: 4, col: 49 })
    // A detached locator answers as the doc's (plain.ts calls it so).
    const at = doc.at
    expect(at([])).toEqual(doc.at([]))
    const copy = plain({ doc }).doc as unknown as Record<string, unknown>
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(copy).toEqual({ file: 'g.yaml', data: doc.data, atOwn: doc.at([]) })
    expect(JSON.stringify(doc)).toBe(JSON.stringify({ file: 'g.yaml', data: doc.data }))
  })
})
