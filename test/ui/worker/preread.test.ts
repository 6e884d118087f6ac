/**
 * Pieces read while a text arrives in slices (src/ui/worker/preread.ts): the load that takes
 * them gives the model a load of the whole text gives (objects, positions, diagnostics), reads
 * again only what was not read ahead, and any slicing of the text gives the same.
 */
import { describe, expect, it } from 'vitest'
import { generateDump } from '../../../bench/generateDump.js'
import { WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'
import { reloadModel, reloadStats } from '../../../src/model/incremental/reload.js'
import type { LoadResult } from '../../../src/model/derive/buildModel.js'
import { LabCore } from '../../../src/ui/worker/labCore.js'
import { plain } from '../../../src/ui/worker/plain.js'
import { Preread } from '../../../src/ui/worker/preread.js'

/** Everything a load gives, positions included (a locator leaves its own position in the copy). */
const snapshot = (r: LoadResult): string => JSON.stringify(plain(r.ok ? { model: r.model, diagnostics: r.diagnostics } : r.diagnostics), (_, v: unknown) => (v instanceof Map ? [...v] : v))

function prereadOf(text: string, size: number): Preread {
  const p = new Preread('')
  for (let i = 0; i < text.length; i += size) p.add(text.slice(i, i + size))
  return p
}

const dump = generateDump({ nodes: 6, services: 30 }) + WHAT_IF_OBJECTS
// A document after an explicit end, a typed list, comments; and a dump with a broken item (a Service's port).
const broken = generateDump({ nodes: 3, services: 4 }).replace('port: 80,', 'port: 99999,')
const odd = `${generateDump({ nodes: 3, services: 4 })}...
# a comment between documents
---
apiVersion: v1
kind: PodList
items:
- metadata: { name: lone, namespace: default, labels: { app: lone } }
  spec: { nodeName: cp-0, containers: [{ name: c, image: busybox }] }
  status: { phase: Running, podIP: 10.244.0.77 }
- metadata: { name: lone2, namespace: default }
  spec: { nodeName: cp-0, containers: [{ name: c, image: busybox }] }
  status: { phase: Running, podIP: 10.244.0.78 }
metadata: { resourceVersion: "" }
`
// Windows line ends, a comment in Korean, a tab after a value the model reads (the fast reader
// would keep it, the package drops it) and a lone CR: read in place within a
// slice, a piece's checks are the slice's (all ASCII, nothing the fast reader declines) only
// when they hold for the whole slice; a size of 1001 also cuts between a CR and its LF.
const windows = `${generateDump({ nodes: 3, services: 6 }).replace('podCIDR', '# 노드의 파드 대역\n    podCIDR')}`.replace(/\n/g, '\r\n').replace('type: InternalIP', 'type: InternalIP\t').replace('type: Hostname', 'type: Hostname\r')
// Printable ASCII but for a lone CR before a comment, which the package refuses and the fast
// reader would take into the value: a slice of printable ASCII is still searched for one.
const loneCr = generateDump({ nodes: 3, services: 6 }).replace('type: Hostname', 'type: Hostname \r# c')

describe('Preread', () => {
  it('the texts are what they are meant to be', () => {
    const r = reloadModel(null, 'f.yaml', odd, { limits: false })
    expect(r.ok && r.model.pods.some((p) => p.name === 'lone2')).toBe(true)
    expect(reloadModel(null, 'f.yaml', broken, { limits: false }).diagnostics.some((d) => d.severity === 'error' && d.message.includes('99999'))).toBe(true)
  })

  it.each([['a dump and manifests', dump, 0], ['a typed list, an explicit end', odd, 2], ['a broken item', broken, null], ['Windows line ends, non-ASCII, a tab, a lone CR', windows, null], ['a lone CR in ASCII', loneCr, null]] as const)('%s: the load equals a load of the whole text, for any slicing', (_, text, untaken) => {
    const whole = snapshot(reloadModel(null, 'f.yaml', text, { limits: false }))
    for (const size of [97, 1000, 1001, 4096, text.length]) {
      const p = prereadOf(text, size)
      expect(p.units.length).toBeGreaterThan(5)
      for (const u of p.units) expect(u.bytes).toBe(new TextEncoder().encode(u.text).length)
      const r = reloadModel(null, 'f.yaml', text, { limits: false }, p)
      expect(snapshot(r), `slices of ${size}`).toBe(whole)
      // Every piece read ahead was taken by the load, which read only the others (a PodList's
      // items, read ahead as a kubectl List's, are read again under their list's type).
      if (untaken !== null) expect(r.ok && reloadStats(r.model)!.reused).toBe(p.units.length - untaken)
    }
  })

  it('a text with a directive is not read ahead', () => {
    const p = prereadOf(`%YAML 1.2\n---\n${dump}`, 512)
    expect(p.units).toEqual([])
  })

  it('LabCore: a load with pieces read ahead equals one without, addresses kept from the model before', () => {
    const a = new LabCore()
    const b = new LabCore()
    const first = generateDump({ nodes: 4, services: 10 })
    a.load({ fileName: 'f.yaml', text: first, keepAddresses: false })
    b.load({ fileName: 'f.yaml', text: first, keepAddresses: false })
    const input = { fileName: 'g.yaml', text: dump, keepAddresses: true }
    const ra = a.load(input, prereadOf(dump, 2000))
    const rb = b.load(input)
    expect(ra.model).not.toBeNull()
    expect(JSON.stringify(plain(ra.model))).toBe(JSON.stringify(plain(rb.model)))
    // The file is named as the load names it: a later rename reaches the pieces read ahead.
    const c = a.load({ fileName: 'g.yaml (edited)', text: dump, keepAddresses: true })
    expect(JSON.stringify(plain(c.model))).toContain('g.yaml (edited)')
  })
})
