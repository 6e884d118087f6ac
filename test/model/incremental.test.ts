/**
 * Incremental loading = full loading: random, seeded edit sequences (the lab's what-ifs and
 * editor-style edits, including broken YAML and its fix) over the built-in topologies, a small
 * generated cluster and a small generated `kind: List` dump. After every step the model
 * reloadModel derives from the previous model must equal a full loadModel of the same text with
 * the same keepAddresses — pods, Services, endpoints, diagnostics with their positions — and
 * every node's iptables-save text and nftables listing must be identical.
 *
 * Allowed differences (documented here, normalised away below):
 * - Source documents are compared by their file name and data, not as objects: a piece the
 *   incremental loader did not parse again keeps its SourceDoc (whose `at` reads the piece's
 *   current line), where a full load makes new ones.
 * - Unchanged nodes, pods, Services and ports are the previous model's objects (checked below:
 *   that is the contract with the node-state caches), a full load's are new.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadModel, type LoadResult } from '../../src/model/derive/buildModel.js'
import { expansionCounters } from '../../src/model/derive/expand.js'
import { placementCounters } from '../../src/model/derive/placeAgain.js'
import { splicedCounters } from '../../src/model/derive/placeSpliced.js'
import { serviceCounters } from '../../src/model/derive/services.js'
import { textEditCounters } from '../../src/model/incremental/textEdit.js'
import { addressesOf as keptAddresses, reloadModel, reloadStats } from '../../src/model/incremental/reload.js'
import { splitText } from '../../src/model/incremental/split.js'
import { applyWhatIf, whatIfTargets, type WhatIfKind } from '../../src/model/edit/whatIf.js'
import { nodeState } from '../../src/model/node/nodeState.js'
import type { Model } from '../../src/model/model.js'
import { generateCluster } from '../../bench/generate.js'
import { seeded } from '../../src/engine/trace/trace.js'

// mulberry32 (the engine's own seeded generator), so a failure replays.
const rng = seeded

/** A kubectl get -o yaml dump: Nodes, Deployments with their running Pods, Services, the kube-proxy ConfigMap. */
function generateDump(nodes: number, apps: number): string {
  const items: string[] = []
  for (let n = 1; n <= nodes; n++) {
    items.push(`- apiVersion: v1
  kind: Node
  metadata:
    name: worker${n}
    labels: { kubernetes.io/hostname: worker${n}${n === 1 ? ', node-role.kubernetes.io/control-plane: ""' : ''} }
  spec:
    podCIDR: 10.244.${n}.0/24
  status:
    addresses:
    - { type: InternalIP, address: 192.168.50.${10 + n} }
`)
  }
  items.push(`- apiVersion: v1
  kind: ConfigMap
  metadata: { name: kube-proxy, namespace: kube-system }
  data:
    config.conf: |
      mode: iptables
      clusterCIDR: 10.244.0.0/16
`)
  for (let a = 0; a < apps; a++) {
    items.push(`- apiVersion: apps/v1
  kind: Deployment
  metadata: { name: app${a}, namespace: default }
  spec:
    replicas: 2
    selector: { matchLabels: { app: app${a} } }
    template:
      metadata: { labels: { app: app${a} } }
      spec:
        containers: [{ name: c, image: nginx, ports: [{ name: http, containerPort: 8080 }] }]
`)
    for (let r = 0; r < 2; r++) {
      const node = ((a * 2 + r) % nodes) + 1
      items.push(`- apiVersion: v1
  kind: Pod
  metadata:
    name: app${a}-7d9f-${r}
    namespace: default
    labels: { app: app${a} }
    ownerReferences: [{ kind: ReplicaSet, name: app${a}-7d9f }]
  spec:
    nodeName: worker${node}
    containers: [{ name: c, image: nginx, ports: [{ name: http, containerPort: 8080 }] }]
  status:
    phase: Running
    podIP: 10.244.${node}.${10 + a * 2 + r}
`)
    }
    items.push(`- apiVersion: v1
  kind: Service
  metadata: { name: app${a}, namespace: default }
  spec:
    type: ${a % 3 === 0 ? 'NodePort' : 'ClusterIP'}
    clusterIP: 10.96.${Math.floor(a / 200)}.${(a % 200) + 20}
    selector: { app: app${a} }
    ports: [{ name: http, port: 80, targetPort: http }]
`)
    // Every other app has its EndpointSlice listed too (a dump's Services come with theirs); some
    // endpoints name their node and pod, the others leave them to the pod at that address.
    if (a % 2 === 0) {
      const eps = [0, 1].map((r) => {
        const node = ((a * 2 + r) % nodes) + 1
        return `  - addresses: [10.244.${node}.${10 + a * 2 + r}]
    conditions: { ready: true }
${r === 0 ? `    nodeName: worker${node}\n    targetRef: { kind: Pod, name: app${a}-7d9f-${r}, namespace: default }\n` : ''}`
      }).join('')
      items.push(`- apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata:
    name: app${a}-x1y2z
    namespace: default
    labels: { kubernetes.io/service-name: app${a} }
  addressType: IPv4
  ports: [{ name: http, port: 8080, protocol: TCP }]
  endpoints:
${eps}`)
    }
  }
  return `apiVersion: v1\nitems:\n${items.join('')}kind: List\nmetadata:\n  resourceVersion: ""\n`
}

const addressesOf = (m: Model | null): Map<string, { node: string; ip: number }> | undefined =>
  m ? new Map(m.pods.flatMap((p) => (p.ip !== null && p.nodeName && !p.hostNetwork ? [[`${p.namespace}/${p.name}`, { node: p.nodeName, ip: p.ip }] as const] : []))) : undefined

/** Plain data to compare: source documents by file and data, functions dropped, Maps as entries. */
function norm(v: unknown): unknown {
  if (typeof v === 'function') return '[function]'
  if (v === null || typeof v !== 'object') return v
  if (v instanceof Map) return [...v].map(([k, x]) => [k, norm(x)])
  if (v instanceof Set) return [...v].map(norm)
  if (Array.isArray(v)) return v.map(norm)
  const o = v as Record<string, unknown>
  if (typeof o['at'] === 'function' && 'data' in o) return { sourceDoc: o['file'], data: o['data'] }
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(o)) out[k] = norm(o[k])
  return out
}

function nodeTexts(m: Model): string[] {
  return m.nodes.map((n) => {
    const s = nodeState(m, n.name)!
    return `${s.iptablesSave().text}\n${s.nftables ? `${s.nftables.listed.text}\n${s.nftables.dump}` : ''}`
  })
}

/** Pieces of the text an editor-style edit may change (a document, or a List's item). */
function pieces(text: string): { start: number; text: string }[] {
  return splitText(text).flatMap((s) => (s.type === 'doc' ? [s.piece] : s.items))
}

type Step = { label: string; text: string }

/** One random edit of `text`: a what-if the lab offers, or what a learner might type. */
function randomEdit(text: string, r: () => number, broken: string | null): Step {
  if (broken !== null) return { label: 'fix the YAML', text: broken }
  const pick = <T,>(xs: readonly T[]): T | undefined => xs[Math.floor(r() * xs.length)]
  const ps = pieces(text).filter((p) => !/^kind:\s*Cluster\b/m.test(p.text))
  const splice = (p: { start: number; text: string }, by: string): string => text.slice(0, p.start) + by + text.slice(p.start + p.text.length)
  const kinds: WhatIfKind[] = ['scale', 'drain', 'etp', 'delete', 'deny', 'apply', 'proxy-mode']
  const choice = Math.floor(r() * 14)
  if (choice < kinds.length) {
    const kind = kinds[choice]!
    const target = pick(whatIfTargets(kind, text))
    if (target) return { label: `${kind} ${target[0]}`, text: applyWhatIf(kind, target[0], Math.floor(r() * 5), text) }
  }
  const p = pick(ps)
  switch (choice) {
    case 7: // change a label value (a selector may stop matching)
      if (p && /app: [\w-]+/.test(p.text)) return { label: 'change a label', text: splice(p, p.text.replace(/app: ([\w-]+)/, 'app: $1x')) }
      break
    case 8: // change a port
      if (p && /port: \d+/.test(p.text)) return { label: 'change a port', text: splice(p, p.text.replace(/port: (\d+)/, (_m, n: string) => `port: ${Number(n) + 1}`)) }
      break
    case 9: // comment lines above a piece: everything below moves
      if (p) return { label: 'add comment lines', text: splice(p, p.text.startsWith('- ') ? p.text.replace('\n', '\n  # note\n') : `# note\n# more\n${p.text}`) }
      break
    case 10: // remove a document or item
      if (p) return { label: 'remove a document', text: splice(p, '') }
      break
    case 11: { // add a Service and a Deployment
      const n = Math.floor(r() * 1000)
      return {
        label: 'add a Deployment and a Service',
        text: `${text.replace(/\n*$/, '\n')}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: extra${n}, namespace: default }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: extra${n} } }\n  template:\n    metadata: { labels: { app: extra${n} } }\n    spec:\n      containers: [{ name: c, image: nginx, ports: [{ containerPort: 80 }] }]\n---\napiVersion: v1\nkind: Service\nmetadata: { name: extra${n}, namespace: default }\nspec:\n  selector: { app: extra${n} }\n  ports: [{ port: 80 }]\n`,
      }
    }
    case 12: // duplicate a piece (a duplicate object is an error; the pieces are reused once each)
      if (p) return { label: 'duplicate a document', text: splice(p, `${p.text}${p.text.startsWith('- ') ? '' : '\n---\n'}${p.text}`) }
      break
    case 13: // break the YAML (the next step fixes it)
      if (p) return { label: 'break the YAML', text: splice(p, p.text.replace(/\n/, '\n  broken: [unclosed\n')) }
      break
  }
  return { label: 'no change', text }
}

/** A Cluster document: pods in 10.244.0.0/16, and these nodes (each the inside of one `{ … }` entry). */
function clusterDoc(name: string, nodes: readonly string[]): string {
  return `apiVersion: kube-netlab/v1\nkind: Cluster\nmetadata: { name: ${name} }\nspec:\n  podCIDR: 10.244.0.0/16\n  nodes:\n${nodes.map((n) => `    - { ${n} }\n`).join('')}`
}

/** A document after `---`: a Deployment or DaemonSet in default labelled app: name, with these pod spec lines and one container. */
function workload(kind: 'Deployment' | 'DaemonSet', name: string, o: { readonly replicas?: number; readonly spec?: readonly string[]; readonly container: string }): string {
  return `---\napiVersion: apps/v1\nkind: ${kind}\nmetadata: { name: ${name}, namespace: default }\nspec:\n${o.replicas === undefined ? '' : `  replicas: ${o.replicas}\n`}`
    + `  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec:\n`
    + `${(o.spec ?? []).map((l) => `      ${l}\n`).join('')}      containers: [${o.container}]\n`
}

function check(file: string, text: string, previous: Model | null): LoadResult {
  // The lab's lookup into the last load's pods on one side, a plain Map on the other.
  const keepAddresses = addressesOf(previous)
  const inc = reloadModel(previous, file, text, previous ? { keepAddresses: keptAddresses(previous), limits: false } : { limits: false })
  const full = loadModel(file, text, keepAddresses ? { keepAddresses, limits: false } : { limits: false })
  expect(inc.ok).toBe(full.ok)
  expect(norm(inc.diagnostics)).toEqual(norm(full.diagnostics))
  if (inc.ok && full.ok) {
    expect(norm(inc.model)).toEqual(norm(full.model))
    expect(nodeTexts(inc.model)).toEqual(nodeTexts(full.model))
  }
  return inc
}

/** Unchanged objects are the previous model's: the identity the node-state caches rely on. */
function checkIdentity(before: Model, after: Model): void {
  const nodes = new Map(before.nodes.map((n) => [n.name, n]))
  for (const n of after.nodes) {
    const b = nodes.get(n.name)
    if (b && b !== n) expect(norm(b)).not.toEqual(norm(n))
  }
  const pods = new Map(before.pods.map((p) => [`${p.namespace}/${p.name}`, p]))
  for (const p of after.pods) {
    const b = pods.get(`${p.namespace}/${p.name}`)
    if (b && b !== p && b.template === p.template) expect(norm(b)).not.toEqual(norm(p))
  }
  const services = new Map(before.services.map((s) => [`${s.namespace}/${s.name}`, s]))
  for (const s of after.services) {
    const b = services.get(`${s.namespace}/${s.name}`)
    if (b && b !== s && b.obj === s.obj) expect(norm(b)).not.toEqual(norm(s))
  }
}

function run(file: string, start: string, seed: number, steps: number): { incremental: number; whole: number } {
  const r = rng(seed)
  let text = start
  const first = check(file, text, null)
  expect(first.ok).toBe(true)
  let model = first.ok ? first.model : null
  let older: Model | null = null
  let broken: string | null = null
  let lastGood = text
  const counts = { incremental: 0, whole: 0 }
  for (let i = 0; i < steps; i++) {
    const step = randomEdit(text, r, broken)
    text = step.text
    // The lab renames the file once it is edited ("x.yaml (edited)"): positions keep up.
    // Now and then the edit is loaded from the model before the last one (a branch, as after
    // an undo): a model may be reloaded from more than once.
    const from = older && r() < 0.2 ? older : model
    const res = check(i % 3 === 2 ? `${file} (edited)` : file, text, from)
    // A text that does not load is usually fixed by the next step (back to the last good one),
    // as a learner would; sometimes more edits pile on the broken text first.
    broken = !res.ok && r() < 0.7 ? lastGood : null
    if (res.ok) lastGood = text
    if (res.ok) {
      checkIdentity(from!, res.model)
      older = model
      if (reloadStats(res.model)?.whole) counts.whole++
      else counts.incremental++
      model = res.model
    }
  }
  return counts
}

const topologies = readdirSync(new URL('../../topologies/', import.meta.url)).filter((f) => f.endsWith('.yaml')).sort()

describe('incremental loading equals a full load', () => {
  for (const [i, f] of topologies.entries()) {
    it(`random edits of ${f}`, () => {
      const text = readFileSync(new URL(`../../topologies/${f}`, import.meta.url), 'utf8')
      const counts = run(`topologies/${f}`, text, 1000 + i, 14)
      // Most steps are read piece by piece (a broken YAML step and its fix may load whole).
      expect(counts.incremental).toBeGreaterThan(0)
    })
  }
  it('random edits of a generated cluster (6 nodes, 24 Services, some NodePort)', () => {
    const placed = { ...placementCounters }
    const allocated = { ...serviceCounters }
    const expanded = { ...expansionCounters }
    const spliced = splicedCounters.spliced
    const within = textEditCounters.within
    const counts = run('generated.yaml', generateCluster(6, 24, { nodePortEvery: 4 }), 7, 24)
    expect(counts.incremental).toBeGreaterThan(counts.whole)
    // Most of those steps placed only what they changed (placeAgain) and many read only the
    // piece the edit fell in (textEdit.ts), and still equal a full load.
    expect(placementCounters.again - placed.again).toBeGreaterThan(counts.incremental / 2)
    expect(serviceCounters.again - allocated.again).toBeGreaterThan(counts.incremental / 2)
    expect(expansionCounters.again - expanded.again).toBeGreaterThan(counts.incremental / 4)
    expect(splicedCounters.spliced - spliced).toBeGreaterThan(counts.incremental / 8)
    expect(textEditCounters.within - within).toBeGreaterThan(counts.incremental / 4)
  })
  it('random edits of a generated kubectl List dump (4 nodes, 12 apps)', () => {
    const within = textEditCounters.within
    const counts = run('dump.yaml', generateDump(4, 12), 11, 24)
    expect(counts.incremental).toBeGreaterThan(counts.whole)
    // Edits inside one List item read only that item.
    expect(textEditCounters.within - within).toBeGreaterThan(0)
  })
  it('expands a DaemonSet again when a node edit changes where it runs (labels, taints, cordon)', () => {
    // A DaemonSet with a nodeSelector and one without a toleration: a node's labels and taints
    // decide which nodes run their pods; the edit is in the Cluster document, not the DaemonSets.
    const cluster = (node2: string): string =>
      clusterDoc('ds', ['name: node1, ip: 192.168.49.2, controlPlane: true, labels: { disk: ssd }', `name: node2, ip: 192.168.49.3${node2}`, 'name: node3, ip: 192.168.49.4, labels: { disk: ssd }'])
      + workload('DaemonSet', 'cache', { spec: ['nodeSelector: { disk: ssd }'], container: '{ name: c, image: redis, ports: [{ containerPort: 6379 }] }' })
      + workload('DaemonSet', 'agent', { container: '{ name: c, image: agent }' })
      + workload('Deployment', 'web', { replicas: 3, container: '{ name: c, image: nginx, ports: [{ containerPort: 80 }] }' })
    const steps = ['', ', labels: { disk: ssd }', ', labels: { disk: ssd }, taints: [{ key: dedicated, value: db, effect: NoSchedule }]', ', unschedulable: true', '', ', labels: { disk: hdd }']
    const expanded = { ...expansionCounters }
    let model: Model | null = null
    const counts = new Map<string, number>()
    for (const node2 of steps) {
      const r = check('ds.yaml', cluster(node2), model)
      expect(r.ok).toBe(true)
      if (!r.ok) return
      if (model) checkIdentity(model, r.model)
      model = r.model
      for (const ds of ['cache', 'agent']) counts.set(`${node2}|${ds}`, model.pods.filter((p) => p.name.startsWith(`${ds}-`) && p.nodeName === 'node2').length)
    }
    // The edits did move the DaemonSets' pods on node2, and the expansion was spliced.
    expect(counts.get('|cache')).toBe(0)
    expect(counts.get(', labels: { disk: ssd }|cache')).toBe(1)
    expect(counts.get(', labels: { disk: ssd }, taints: [{ key: dedicated, value: db, effect: NoSchedule }]|agent')).toBe(0)
    expect(counts.get(', unschedulable: true|agent')).toBe(1)
    expect(expansionCounters.again - expanded.again).toBeGreaterThan(0)
  })
  it('checks host ports after an edit as a full load does (a clash appears and goes)', () => {
    const pod = (name: string, port: number, node = 'node1'): string => `---
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: default, labels: { app: ${name} } }
spec:
  nodeName: ${node}
  containers: [{ name: c, image: nginx, ports: [{ containerPort: 80, hostPort: ${port} }] }]
`
    const head = clusterDoc('hp', ['name: node1, ip: 192.168.49.2, controlPlane: true', 'name: node2, ip: 192.168.49.3'])
    const texts = [
      head + pod('a', 8080) + pod('b', 8081),
      head + pod('a', 8080) + pod('b', 8080),
      head + pod('a', 8080) + pod('b', 8080, 'node2'),
      head + pod('a', 8080) + pod('b', 8080, 'node2') + pod('c', 8080, 'node2'),
      head + pod('a', 8080) + pod('b', 8080, 'node2') + pod('c', 9090, 'node2'),
      head + pod('a', 8080) + pod('c', 9090, 'node2'),
    ]
    let model: Model | null = null
    const clashes: number[] = []
    for (const text of texts) {
      const r = check('hp.yaml', text, model)
      clashes.push(r.diagnostics.filter((d) => d.message.includes('is already used by pod')).length)
      if (r.ok) model = r.model
    }
    expect(clashes).toEqual([0, 1, 0, 1, 0, 0])
  })
  it('follows a Service whose selector an edit changed to the pods a later edit changes', () => {
    const text = generateCluster(4, 12)
    // app3 selects app4's pods, then app4 is scaled: app3's endpoints follow.
    const retargeted = text.replace('metadata: { name: app3, namespace: default }\nspec:\n  selector: { app: app3 }', 'metadata: { name: app3, namespace: default }\nspec:\n  selector: { app: app4 }')
    expect(retargeted).not.toBe(text)
    let model: Model | null = null
    for (const t of [text, retargeted, applyWhatIf('scale', 'default/app4', 5, retargeted), applyWhatIf('scale', 'default/app4', 1, retargeted)]) {
      const r = check('g.yaml', t, model)
      expect(r.ok).toBe(true)
      if (r.ok) model = r.model
    }
    const app3 = model!.services.find((s) => s.name === 'app3')!
    expect(app3.ports[0]!.endpoints.map((e) => e.pod)).toEqual(model!.services.find((s) => s.name === 'app4')!.ports[0]!.endpoints.map((e) => e.pod))
  })
  it('places host-network pods again after a node edit and then a scale, as a full load does', () => {
    // A host-network pod without nodeName is placed again on every edit (least loaded node):
    // after a node edit (placed from the last placement) a scale (placed by splice) must still move it.
    const text = (labels: string, replicas: number, pin: string): string =>
      clusterDoc('hn', ['name: node1, ip: 192.168.49.2, controlPlane: true', `name: node2, ip: 192.168.49.3${labels}`])
      + workload('Deployment', 'agent', { replicas: 1, spec: ['hostNetwork: true'], container: '{ name: c, image: agent }' })
      + workload('Deployment', 'web', { replicas, spec: [`nodeSelector: { kubernetes.io/hostname: ${pin} }`], container: '{ name: c, image: nginx, ports: [{ containerPort: 80 }] }' })
    const spliced = splicedCounters.spliced
    let model: Model | null = null
    const where: (string | null)[] = []
    // web's pods go where it is pinned; the agent, placed before them in list order, counts
    // them on the edit after they came.
    const z = ', labels: { zone: b }'
    // A splice first (it makes the placement's lists), then the node edit (which keeps them up).
    for (const [labels, replicas, pin] of [['', 1, 'node1'], ['', 2, 'node1'], [z, 2, 'node1'], [z, 7, 'node1'], [z, 8, 'node1'], [z, 8, 'node2'], [z, 14, 'node2'], [z, 15, 'node2']] as const) {
      const r = check('hn.yaml', text(labels, replicas, pin), model)
      expect(r.ok).toBe(true)
      if (!r.ok) return
      model = r.model
      where.push(model.pods.find((p) => p.name.startsWith('agent-'))!.nodeName)
    }
    expect(new Set(where).size).toBe(2)
    expect(splicedCounters.spliced - spliced).toBeGreaterThan(0)
  })
  it('adds and drops the objects the lab generates as an edit adds or drops what they depend on', () => {
    // The Ingress brings the ingress controller, the Gateway its proxy (with an address from the
    // pool that Services' load balancer addresses take from), CoreDNS its own Deployment.
    const text = readFileSync(new URL('../../topologies/gateway-api.yaml', import.meta.url), 'utf8')
    const docs = splitText(text).flatMap((seg) => (seg.type === 'doc' ? [seg.piece.text] : []))
    const without = (kind: string): string => docs.filter((d) => !new RegExp(`^kind:\\s*${kind}\\s*$`, 'm').test(d)).join('---\n')
    const lb = `---
apiVersion: v1
kind: Service
metadata: { name: taken, namespace: default }
spec:
  type: LoadBalancer
  selector: { app: none }
  ports: [{ port: 80 }]
status:
  loadBalancer: { ingress: [{ ip: 192.168.49.240 }] }
`
    const coredns = `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: coredns, namespace: kube-system }
spec:
  replicas: 1
  selector: { matchLabels: { k8s-app: kube-dns } }
  template:
    metadata: { labels: { k8s-app: kube-dns } }
    spec:
      containers: [{ name: coredns, image: coredns, ports: [{ containerPort: 53, protocol: UDP }] }]
`
    const steps = [text, without('Ingress'), text, without('Gateway'), text, text + lb, text, text + coredns, text]
    let model: Model | null = null
    const generated: string[] = []
    for (const t of steps) {
      const r = check('gw.yaml', t, model)
      expect(r.ok).toBe(true)
      if (!r.ok) return
      model = r.model
      generated.push(model.pods.filter((p) => p.namespace === 'ingress-nginx' || p.namespace === 'envoy-gateway-system' || p.name.startsWith('coredns-')).map((p) => p.name.replace(/-[^-]+$/, '')).sort().join(' '))
    }
    // The steps did change what was generated (so reusing the last add-ons would have been wrong).
    expect(new Set(generated).size).toBeGreaterThan(2)
  })
  it('reuses the unchanged pieces and objects on a scale what-if', () => {
    const text = generateCluster(4, 12)
    const a = reloadModel(null, 'g.yaml', text, { limits: false })
    if (!a.ok) throw new Error('generated cluster does not load')
    const edited = applyWhatIf('scale', 'default/app5', 5, text)
    const b = reloadModel(a.model, 'g.yaml', edited, { limits: false, keepAddresses: addressesOf(a.model)! })
    if (!b.ok) throw new Error('scaled cluster does not load')
    expect(reloadStats(b.model)).toEqual({ parsed: 1, reused: reloadStats(a.model)!.parsed - 1, whole: false })
    expect(b.model.nodes.every((n, i) => n === a.model.nodes[i])).toBe(true)
    const changed = b.model.services.filter((s, i) => s !== a.model.services[i]).map((s) => s.name)
    expect(changed).toEqual(['app5'])
    const before = new Set(a.model.pods)
    expect(b.model.pods.filter((p) => !before.has(p)).map((p) => p.name).every((n) => n.startsWith('app5-'))).toBe(true)
    expect(b.model.pods.filter((p) => p.name.startsWith('app5-'))).toHaveLength(5)
  })
})
