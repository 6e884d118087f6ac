import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { applyWhatIf } from '../../../src/model/edit/whatIf.js'
import { generateCluster } from '../../../bench/generate.js'

const text = readFileSync(new URL('../../../topologies/two-node-flannel-vxlan.yaml', import.meta.url), 'utf8')
const load = (t: string) => {
  const r = loadModel('whatif.yaml', t)
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics.slice(0, 2)))
  return r.model
}
const docs = (t: string): string[] => t.split(/^---$/m)

describe('what-ifs edit only their target', () => {
  it('leaves every other document as written', () => {
    const scaled = applyWhatIf('scale', 'default/web', 4, text)
    const [a, b] = [docs(text), docs(scaled)]
    expect(b).toHaveLength(a.length)
    const changed = a.flatMap((d, i) => (d === b[i] ? [] : [i]))
    expect(changed).toHaveLength(1)
    expect(b[changed[0]!]).toMatch(/replicas: 4/)
  })
  it('finds its target between `...` ends, a `---x` line and a decoy that only mentions the name', () => {
    const t = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: note }\ndata: { text: "name: web" }\n...',
      '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: c, image: nginx }] }\n# ---x is not a marker\n...',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: other }\nspec:\n  replicas: 1\n',
    ].join('\n')
    const scaled = applyWhatIf('scale', 'default/web', 3, t)
    expect(scaled.split('replicas: 3')).toHaveLength(2)
    expect(scaled.indexOf('replicas: 3')).toBeLessThan(scaled.indexOf('namespace: other'))
    expect(scaled.slice(scaled.indexOf('namespace: other'))).toBe(t.slice(t.indexOf('namespace: other')))
    expect(applyWhatIf('scale', 'other/web', 5, t).endsWith('replicas: 5\n')).toBe(true)
    expect(applyWhatIf('scale', 'default/nope', 5, t)).toBe(t)
  })
  it('cordons a node by rewriting its entry, block or flow style, and the node is unschedulable', () => {
    const flow = applyWhatIf('drain', 'node2', 0, text)
    expect(flow.split('\n').filter((l, i) => l !== text.split('\n')[i])).toEqual([expect.stringMatching(/name: node2.*unschedulable: true/)])
    expect(load(flow).nodes.find((n) => n.name === 'node2')!.spec.unschedulable).toBe(true)
    const block = text.replace(/^ {4}- \{ name: (\w+), ip: ([\d.]+)(, controlPlane: true)? \}$/gm, (_m, n: string, ip: string, cp?: string) => `    - name: ${n}\n      ip: ${ip}${cp ? '\n      controlPlane: true' : ''}`)
    expect(block).not.toBe(text)
    const cordoned = load(applyWhatIf('drain', 'node2', 0, block))
    expect(cordoned.nodes.map((n) => [n.name, n.spec.unschedulable])).toEqual([['node1', false], ['node2', true]])
  })
  it('cordons the last node of a Cluster document that ends with its node list', () => {
    const text = generateCluster(3, 2)
    for (const node of ['node1', 'node3']) {
      const model = load(applyWhatIf('drain', node, 0, text))
      expect(model.nodes.filter((n) => n.spec.unschedulable).map((n) => n.name)).toEqual([node])
      expect(model.services.map((s) => s.name)).toContain('app1')
    }
  })
  it('finds its target among a kubectl List dump\'s items', () => {
    const dump = `apiVersion: v1
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: { name: web, namespace: default }
  spec:
    replicas: 2
    selector: { matchLabels: { app: web } }
    template:
      metadata: { labels: { app: web } }
      spec: { containers: [{ name: c, image: nginx }] }
- apiVersion: v1
  kind: Pod
  metadata: { name: solo, namespace: default }
  spec: { containers: [{ name: c, image: nginx }] }
kind: List
metadata: { resourceVersion: "" }
`
    expect(load(applyWhatIf('scale', 'default/web', 5, dump)).pods.filter((p) => p.name.startsWith('web-'))).toHaveLength(5)
    const deleted = applyWhatIf('delete', 'default/solo', 0, dump)
    expect(deleted).not.toMatch(/solo/)
    expect(load(deleted).pods.some((p) => p.name === 'solo')).toBe(false)
    expect(applyWhatIf('delete', 'default/nothere', 0, dump)).toBe(dump)
  })

  it('cordons a dump\'s Node object as kubectl cordon does (spec.unschedulable), and lists it as a target', async () => {
    const { generateDump } = await import('../../../bench/generateDump.js')
    const dump = generateDump({ nodes: 3, services: 6 })
    const { whatIfTargets } = await import('../../../src/model/edit/whatIf.js')
    const nodes = whatIfTargets('drain', dump).map(([v]) => v)
    expect(nodes.length).toBe(3)
    const target = nodes[1]!
    const before = load(dump)
    const after = load(applyWhatIf('drain', target, 0, dump))
    expect(before.nodes.find((n) => n.name === target)!.spec.unschedulable).toBe(false)
    expect(after.nodes.find((n) => n.name === target)!.spec.unschedulable).toBe(true)
  })
})
