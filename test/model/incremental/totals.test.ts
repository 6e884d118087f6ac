/**
 * After an edit the loader's counts (objects, bytes, Cluster documents: the file limits and an
 * empty file's check read them) are the last load's with the replaced pieces taken out and the
 * new ones put in, and its units keep their lines without being set again: both must be what a
 * load that walks every piece of the same text finds.
 */
import { describe, expect, it } from 'vitest'
import { whatIfEdit } from '../../../src/model/edit/whatIf.js'
import { knownPieces, reloadModel, reloadTotals } from '../../../src/model/incremental/reload.js'
import { textEditCounters, type TextChange } from '../../../src/model/incremental/textEdit.js'
import type { Model } from '../../../src/model/model.js'
import { generateDump } from '../../../bench/generateDump.js'
import { generateCluster } from '../../../bench/generate.js'
import { WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'

const CLUSTER_DOC = 'apiVersion: kube-netlab/v1\nkind: Cluster\nmetadata: { name: extra }\nspec:\n  nodes:\n  - { name: x1, ip: 192.168.50.2 }\n'
const fail = (): never => { throw new Error('did not load') }
const EXTRA = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: extra, namespace: default }\ndata: { a: b }\n'

describe('the loader\'s counts after an edit', () => {
  it('are those of a load of every piece of the same text', () => {
    const within = textEditCounters.within
    let checked = 0
    for (const start of [generateDump({ nodes: 6, services: 30 }) + WHAT_IF_OBJECTS, generateCluster(8, 20)]) {
      let text = start
      let r = reloadModel(null, 'x.yaml', text, { limits: false })
      const model = (): Model => (r.ok ? r.model : fail())
      const steps: ((t: string) => { text: string; change?: TextChange })[] = [
        (t) => whatIfEdit('scale', 'default/web', 5, t, knownPieces(model()) ?? undefined),
        (t) => whatIfEdit('delete', 'default/debug-1', 0, t),
        (t) => whatIfEdit('drain', 'worker-0002', 0, t),
        (t) => whatIfEdit('drain', 'node2', 0, t),
        (t) => ({ text: `${t}---\n${EXTRA}` }),
        (t) => ({ text: t.replace(`---\n${EXTRA}`, '') }),
        // A second Cluster document: loaded whole (two clusters), then taken out again.
        (t) => ({ text: `${t}---\n${CLUSTER_DOC}` }),
        (t) => ({ text: t.replace(`---\n${CLUSTER_DOC}`, '') }),
        (t) => ({ text: `# a comment above\n${t}` }),
      ]
      for (const step of steps) {
        const e = step(text)
        const change = e.change ? { change: { before: text, ...e.change } } : {}
        const next = reloadModel(model(), 'x.yaml', e.text, { limits: false, ...change })
        const fresh = reloadModel(null, 'x.yaml', e.text, { limits: false })
        expect(next.ok).toBe(fresh.ok)
        if (next.ok && fresh.ok) {
          expect(reloadTotals(next.model), e.text.slice(-80)).toEqual(reloadTotals(fresh.model))
          r = next
          checked++
        }
        text = e.text
      }
    }
    expect(checked).toBeGreaterThan(12)
    expect(textEditCounters.within - within).toBeGreaterThan(8)
  })
})
