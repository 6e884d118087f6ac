/**
 * Placement after an edit of nodes only (src/model/derive/placeAgain.ts's same-drafts plan): on a
 * kubectl dump, a cordon changes one Node object and no pod draft, and placement looks at the
 * unbound pods (and that node's) instead of walking every draft. Each cordon must give what a
 * full load of the edited text gives, and the plan must be the one that ran where it applies.
 */
import { describe, expect, it } from 'vitest'
import { generateDump } from '../../../bench/generateDump.js'
import { WHAT_IF_OBJECTS } from '../../../bench/pasteDump.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { placementCounters, sameDraftsCounters } from '../../../src/model/derive/placeAgain.js'
import { applyWhatIf } from '../../../src/model/edit/whatIf.js'
import { addressesOf, primeEdits, reloadModel } from '../../../src/model/incremental/reload.js'
import type { Model } from '../../../src/model/model.js'

/** What the lab keeps of a model's pods, as a plain Map (the full load's side). */
const plainKept = (m: Model): Map<string, { node: string; ip: number }> =>
  new Map(m.pods.flatMap((p) => (p.ip !== null && p.nodeName && !p.hostNetwork ? [[`${p.namespace}/${p.name}`, { node: p.nodeName, ip: p.ip }] as const] : [])))

/** A pod as data (its template is the same object on both sides or not, which is not the point here). */
const podData = (m: Model): string[] => m.pods.map((p) => `${p.namespace}/${p.name} ${p.nodeName} ${p.ip} ${p.ready} ${p.phase ?? ''} ${p.containerId}`)

/**
 * A host-network Deployment: its pod is not bound (no nodeName, no address of its own), so every
 * placement places it again; it may run on two nodes only, so it moves when the first of them is
 * cordoned while no other pod there has to.
 */
const HOST_AGENT = `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: agent, namespace: default }
spec:
  replicas: 1
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      hostNetwork: true
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: kubernetes.io/hostname, operator: In, values: [worker-0009, worker-0010] }] }] } } }
      containers: [{ name: agent, image: busybox }]
`

describe('placeAgain after an edit of nodes only', () => {
  it('cordons dump Nodes one after another as a full load does, looking only at the pods that may move', () => {
    let text = generateDump({ nodes: 12, services: 60 }) + WHAT_IF_OBJECTS + HOST_AGENT
    const first = reloadModel(null, 'dump.yaml', text, { limits: false })
    if (!first.ok) throw new Error(first.diagnostics.map((d) => d.message).join('; '))
    let model = first.model
    const agent = (m: Model): string | null | undefined => m.pods.find((p) => p.name.startsWith('agent-'))?.nodeName
    expect(agent(model)).toBeTruthy()
    // The placement's lists, as the worker's warm-up builds them (else the first edit's walk does).
    primeEdits(model, 1)
    let taken = 0
    // worker-0009 first, while the lab's other pods are all on cp-0: its cordon has only the
    // agent to move (to worker-0010, which is not cordoned); then cp-0 and worker-0001 to worker-0008.
    expect(agent(model)).toBe('worker-0009')
    const order = ['worker-0009', 'cp-0', ...model.nodes.map((n) => n.name).filter((n) => n >= 'worker-0001' && n <= 'worker-0008')]
    for (const node of order) {
      // The lab placed the Deployment's and the bare Pods' pods (a dump's own carry spec.nodeName and stay).
      const moving = model.pods.filter((p) => p.nodeName === node && !p.hostNetwork && !p.template.nodeName).map((p) => p.name)
      text = applyWhatIf('drain', node, 0, text)
      const counted = { same: sameDraftsCounters.taken, again: placementCounters.again }
      const inc = reloadModel(model, 'dump.yaml', text, { keepAddresses: addressesOf(model), limits: false })
      const full = loadModel('dump.yaml', text, { keepAddresses: plainKept(model), limits: false })
      expect(inc.ok && full.ok, node).toBe(true)
      if (!inc.ok || !full.ok) return
      expect(placementCounters.again, node).toBe(counted.again + 1)
      expect(sameDraftsCounters.taken - counted.same, node).toBe(moving.length ? 0 : 1)
      taken += sameDraftsCounters.taken - counted.same
      expect(podData(inc.model), node).toEqual(podData(full.model))
      expect(inc.diagnostics.map((d) => d.message), node).toEqual(full.diagnostics.map((d) => d.message))
      expect(inc.model.pods.filter((p) => p.nodeName === node && moving.includes(p.name)), node).toEqual([])
      expect(agent(inc.model), node).not.toBe(node)
      if (node === 'worker-0009') expect(sameDraftsCounters.taken - counted.same).toBe(1)
      model = inc.model
    }
    // Both ways ran: the lab's six pods move from node to node ahead of the cordons, so some
    // cordons find pods to move (the full walk) and some none (only the host-network pod).
    expect(taken).toBeGreaterThan(0)
    expect(taken).toBeLessThan(10)
    expect(agent(model)).toBe('worker-0010')
  })
})
