/**
 * plain() copies only the objects on the way to a function and hands the rest to the structured
 * clone as they are: the clone of its result must be the clone of a full copy (plainCopy), for
 * every built-in topology, a generated dump and the odd shapes (cycles, class instances,
 * null-prototype maps, Maps and Sets holding locators).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { generateDump } from '../../../bench/generateDump.js'
import { WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'
import { LabCore } from '../../../src/ui/worker/labCore.js'
import { functionPaths, plain, plainCopy, sendPlain } from '../../../src/ui/worker/plain.js'
import { LIST_KEYS, listDelta } from '../../../src/ui/worker/modelDelta.js'

const TOPOLOGIES = new URL('../../../topologies/', import.meta.url)
const clonesAlike = (x: unknown): boolean => isDeepStrictEqual(structuredClone(plain(x)), structuredClone(plainCopy(x)))

describe('plain', () => {
  const texts: [string, string][] = readdirSync(TOPOLOGIES).filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(new URL(f, TOPOLOGIES), 'utf8')])
  texts.push(['dump', generateDump({ nodes: 12, services: 60 }) + WHAT_IF_OBJECTS])
  it.each(texts)('%s: the model and a trace clone as a full copy does', (name, text) => {
    const core = new LabCore()
    const model = core.load({ fileName: name, text, keepAddresses: false }).model!
    expect(model).not.toBeNull()
    expect(clonesAlike(model)).toBe(true)
    const from = model.pods.find((p) => !p.hostNetwork && p.ip !== null)!
    const to = model.services.find((s) => typeof s.clusterIP === 'number' && s.ports.length > 0)!
    const outcome = core.trace({ from: `pod/${from.namespace}/${from.name}`, to: `${to.name}.${to.namespace}:${to.ports[0]!.spec.port}` })
    expect(clonesAlike(outcome)).toBe(true)
    // Pods hold no locator: they go to the clone uncopied.
    expect(model.pods.filter((p) => plain(p) === p).length).toBeGreaterThan(0)
  })

  it('sendPlain: a list slice goes as it is when the clone takes it, else copied; either clones as a full copy', () => {
    const model = new LabCore().load({ fileName: 'dump.yaml', text: generateDump({ nodes: 12, services: 60 }) + WHAT_IF_OBJECTS, keepAddresses: false }).model!
    let direct = 0
    let copied = 0
    for (const k of LIST_KEYS) {
      const { fresh } = listDelta<object>(null, model[k])
      for (let i = 0; i < fresh.length; i += 50) {
        const slice = fresh.slice(i, i + 50)
        const sent: unknown[] = []
        sendPlain(slice, (v) => { sent.push(v); structuredClone(v) })
        // One attempt when the clone took the slice; the refused one, then a copy along the
        // first item's ways to its functions, taken here (every item holds its locator there).
        if (sent.length === 1) direct++
        else copied++
        expect(sent[0]).toBe(slice)
        expect(sent.length).toBeLessThanOrEqual(2)
        if (sent.length === 2) {
          expect(sent[1]).not.toBe(slice)
          // Only the ways to a function are copied: the items' other objects go as they are.
          const [item, copy] = [slice[0] as Record<string, unknown>, (sent[1] as Record<string, unknown>[])[0]!]
          expect(copy).not.toBe(item)
          expect(Object.keys(item).filter((key) => item[key] !== copy[key]).length).toBe(1)
        }
        expect(isDeepStrictEqual(structuredClone(sent.at(-1)), structuredClone(plainCopy(slice)))).toBe(true)
      }
    }
    // Pods go as they are; Services and Nodes carry locators and are copied.
    expect(direct).toBeGreaterThan(0)
    expect(copied).toBeGreaterThan(0)
    expect(() => sendPlain([() => 1], () => { throw new Error('another failure') })).toThrow('another failure')
  })

  it('sendPlain: a slice whose items hold functions elsewhere than its first item is copied whole by plain()', () => {
    const at = (): unknown => ({ line: 1, col: 1 })
    const shared = { file: 'x.yaml', at }
    const slice = [
      { obj: { origin: { doc: shared } }, n: 1 },
      // A function the first item has not: the copy along the first item's ways is refused too.
      { obj: { origin: { doc: shared } }, ports: [{ at }] },
      // The same doc reached another way than the first item's: left as it is, so refused too.
      { obj: { origin: { doc: shared } }, again: shared },
      { obj: null },
    ]
    for (const odd of [1, 2]) {
      const items = [slice[0]!, slice[odd]!, slice[3]!]
      const sent: unknown[] = []
      sendPlain(items, (v) => { sent.push(v); structuredClone(v) })
      expect(sent.length).toBe(3)
      expect(isDeepStrictEqual(structuredClone(sent[2]), structuredClone(plainCopy(items)))).toBe(true)
    }
    // Without them, the copy along the ways is taken, one copy of the shared doc.
    const ok = [slice[0]!, { obj: { origin: { doc: shared } } }, slice[3]!]
    const sent2: unknown[] = []
    sendPlain(ok, (v) => { sent2.push(v); structuredClone(v) })
    expect(sent2.length).toBe(2)
    const out = sent2[1] as { obj: { origin: { doc: unknown } } | null }[]
    expect(out[0]!.obj!.origin.doc).toBe(out[1]!.obj!.origin.doc)
    expect(out[0]!.obj!.origin.doc).toEqual({ file: 'x.yaml', atOwn: { line: 1, col: 1 } })
    expect(isDeepStrictEqual(structuredClone(out), structuredClone(plainCopy(ok)))).toBe(true)
    // Behind an array, a Map or a class instance: no ways, plain() copies.
    expect(functionPaths({ a: [{ at }] })).toBe(null)
    expect(functionPaths({ a: new Map([['k', { at }]]) })).toBe(null)
    expect(functionPaths({ p: { q: { at } }, r: 1 })).toEqual({ p: { q: { at: null } } })
    expect(functionPaths({ p: 1 })).toBe(null)
  })

  it('copies only what leads to a function, keeping sharing, prototypes and positions', () => {
    const at = (path: readonly unknown[]): unknown => (path.length ? { line: 9, col: 3 } : { line: 4, col: 1 })
    const shared = { labels: Object.assign(Object.create(null) as Record<string, string>, { app: 'web' }) }
    const doc = { file: 'x.yaml', data: shared, at }
    class Box { constructor(readonly v: number, readonly f = () => 1) {} get twice(): number { return this.v * 2 } }
    const input = { a: shared, b: [shared, doc, doc], m: new Map([['k', doc]]), s: new Set([doc, 1]), box: new Box(3), plainLeaf: { x: [1, 2] } }
    const out = plain(input)
    expect(out.a).toBe(shared) // nothing to drop inside: the very object
    expect(out.plainLeaf).toBe(input.plainLeaf)
    expect(out.b).not.toBe(input.b)
    expect(out.b[0]).toBe(shared)
    expect(out.b[1]).toBe(out.b[2]) // one copy of a shared object
    expect(out.b[1]).toEqual({ file: 'x.yaml', data: shared, atOwn: { line: 4, col: 1 } })
    expect(Object.getPrototypeOf(out.a.labels)).toBe(null)
    expect(out.m.get('k')).toBe(out.b[1])
    expect([...out.s][0]).toBe(out.b[1])
    expect(out.box).toEqual({ v: 3 }) // own keys, as a clone of the instance (the getter is the prototype's)
    expect(clonesAlike(input)).toBe(true)
    expect(() => structuredClone(out)).not.toThrow()
  })

  it('a cycle through a copied object falls back to a full copy', () => {
    const node: Record<string, unknown> = { name: 'n', doc: { at: () => ({ line: 1, col: 1 }) } }
    node['self'] = node
    const out = plain(node) as Record<string, unknown>
    expect(out).not.toBe(node)
    expect(out['self']).toBe(out)
    expect(() => structuredClone(out)).not.toThrow()
    const inert: Record<string, unknown> = { name: 'i' }
    inert['self'] = inert
    expect(clonesAlike(inert)).toBe(true)
  })
})
