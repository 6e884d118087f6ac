/** The core behind the model worker, in-process: loads keep addresses, views, rule contexts, plain data. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LabCore } from '../../../src/ui/worker/labCore.js'
import { plain, restoreLocators } from '../../../src/ui/worker/plain.js'

const original = readFileSync(new URL('../../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')

describe('LabCore', () => {
  it('a model as plain data survives structuredClone (postMessage) with its pods and services', () => {
    const core = new LabCore()
    const r = core.load({ fileName: 'x.yaml', text: original, keepAddresses: false })
    expect(r.model).not.toBeNull()
    expect(() => structuredClone(r.model)).toThrow() // the loader's locators are functions
    const copy = structuredClone(plain(r.model!))
    expect(copy.pods.map((p) => [p.name, p.ip])).toEqual(r.model!.pods.map((p) => [p.name, p.ip]))
    expect(copy.services.map((s) => s.clusterIP)).toEqual(r.model!.services.map((s) => s.clusterIP))
    // A source locator comes back answering its object's own position.
    const doc = { file: 'x.yaml', data: {}, at: (path: readonly string[]) => (path.length ? { line: 9, col: 3 } : { line: 4, col: 1 }) }
    const sent = structuredClone(plain({ docs: [doc, doc] }))
    restoreLocators(sent)
    expect((sent.docs[0] as unknown as typeof doc).at(['spec'])).toEqual({ line: 4, col: 1 })
    expect(sent.docs[1]).toBe(sent.docs[0])
  })

  it('applies a what-if in the core and keeps running pods at their addresses', () => {
    const core = new LabCore()
    const first = core.load({ fileName: 'x.yaml', text: original, keepAddresses: false }).model!
    const r = core.load({ fileName: 'x.yaml', text: original, keepAddresses: true, edit: { kind: 'scale', target: 'default/web', value: 4 } })
    expect(r.text).toContain('replicas: 4')
    for (const p of first.pods) {
      const same = r.model!.pods.find((q) => q.namespace === p.namespace && q.name === p.name)
      if (same) expect(same.ip, p.name).toBe(p.ip)
    }
  })

  it('a broken text keeps the last model for traces; views and rule contexts read it', () => {
    const core = new LabCore()
    core.load({ fileName: 'x.yaml', text: original, keepAddresses: false })
    const broken = core.load({ fileName: 'x.yaml', text: 'kind: [', keepAddresses: true })
    expect(broken.model).toBeNull()
    const t = core.trace({ from: 'pod/default/client', to: 'web:80' })
    expect(t.ok && t.trace.result).toBe('delivered')
    const view = core.view('node/node1', 'iptables')
    expect(view.ok && view.text).toMatch(/^\*nat$/m)
    const lines = view.ok ? view.text.split('\n') : []
    const nat = lines.indexOf('*nat')
    const line = lines.findIndex((l, i) => i > nat && l.startsWith('-A KUBE-SERVICES ')) + 1
    const [ctx] = core.ruleContexts([['node/node1 iptables', line]], 3)
    expect(ctx?.at).toEqual({ table: 'nat', chain: 'KUBE-SERVICES', n: 1 })
    expect(ctx?.lines[line - 1 - ctx.from]).toBe(lines[line - 1])
    expect(core.view('node/nope', 'iptables').ok).toBe(false)
  })
})
