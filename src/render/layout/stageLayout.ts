/**
 * The whole stage from the model alone: nodes in rows and columns chosen so the cluster best
 * fits the stage's shape, the node network as one bus (a bar under each row of nodes, joined
 * by a trunk on the left, so no wire crosses a node), the outside hosts hanging off it, and
 * LoadBalancer addresses marked on the bus at the node that announces them.
 */
import { sameList } from '../../model/sameList.js'
import { loadBalancerAnnouncers } from '../../engine/net/announce.js'
import { formatCidr, formatIpv4, isIpv4, parseIpv4 } from '../../model/addr/ipv4Math.js'
import type { Model, ModelPod } from '../../model/model.js'
import { hostVethName } from '../../model/node/naming.js'
import { ellipsize, textWidth, union, type Point, type Rect } from '../geometry.js'
import { NodePartsCache, placeSlot, type NodeSlot } from './nodeCache.js'
import { FONT, type NodeInput, type NodeParts, type PodInput } from './nodeLayout.js'
import type { ServiceMark, StageBox, StageLabel, StageLayout, StageLink, StageWords } from './types.js'

/** Past this many pods a node draws the ones a trace touches first, then a count. */
export const MAX_PODS_DRAWN = 24
const MAX_SERVICE_LINES = 3
const GAP = 40
const TRUNK_X = 18
const BAR_BELOW = 36
const ROW_AFTER_BAR = 44

export interface StageOptions {
  /** The stage's width/height, so rows and columns can match it. */
  readonly aspect: number
  readonly focusPods?: ReadonlySet<string>
  readonly focusServices?: ReadonlySet<string>
  readonly words: StageWords
  /** Draw the operator's kubectl among the outside hosts (for the control plane's chain). */
  readonly kubectl?: boolean
  /** Nodes laid out before and showing the same are reused from here (nodeCache.ts). */
  readonly cache?: NodePartsCache
}

function podInput(model: Model, p: ModelPod): PodInput {
  const role = p.addon === 'coredns' ? 'dns' : p.addon === 'ingress-controller' ? 'ingress' : p.addon === 'gateway-proxy' ? 'gateway' : p.addon ? 'addon' : null
  const base = { key: `${p.namespace}/${p.name}`, name: p.name, ip: p.ip === null ? '-' : formatIpv4(p.ip), role, containers: p.template.containers.map((c) => c.name), veth: hostVethName(p) } as const
  if (role === 'gateway') {
    // The Gateway this proxy serves and its listeners: the entry point a learner aims at.
    const gw = model.gatewayApi.gateways.find((g) => g.proxy !== null && p.owner !== null && p.owner.name.startsWith(g.proxy.split('/')[1] ?? '\0'))
    return gw ? { ...base, entry: `Gateway ${gw.gateway.name}: ${gw.listeners.map((l) => `${l.listener.protocol} :${l.listener.port}`).join(' ')}` } : base
  }
  if (role !== 'ingress') return base
  const paths = model.ingresses.flatMap((i) => i.rules.flatMap((r) => r.paths.map((x) => `${r.host ?? ''}${x.path}`)))
  return paths.length ? { ...base, entry: `Ingress ${[...new Set(paths)].join(' ')}` } : base
}

/** Each node's input, one node at a time (the lists every node reads are gathered once). */
function* nodeInputs(model: Model, opts: StageOptions): Generator<void, (n: Model['nodes'][number]) => NodeInput> {
  const focus = opts.focusPods ?? new Set<string>()
  const focusSvc = opts.focusServices ?? new Set<string>()
  const net = model.cluster.network
  const services = model.services
    .filter((s) => typeof s.clusterIP === 'number' && s.ports.length > 0)
    .map((s, i) => ({ s, i, rank: focusSvc.has(`${s.namespace}/${s.name}`) ? 0 : s.addon ? 2 : 1 }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
  yield
  const shown = services.slice(0, MAX_SERVICE_LINES).map(({ s }) => ({
    key: `${s.namespace}/${s.name}`, text: `${s.name} ${formatIpv4(s.clusterIP as number)}:${s.ports.map((p) => p.spec.port).join(',')}`,
  }))
  const byNode = new Map<string, ModelPod[]>()
  const hostByNode = new Map<string, ModelPod[]>()
  let seen = 0
  for (const p of model.pods) {
    if ((++seen & 4095) === 0) yield
    if (!p.nodeName) continue
    const m = p.hostNetwork ? hostByNode : p.ip === null ? null : byNode
    if (!m) continue
    const list = m.get(p.nodeName)
    if (list) list.push(p)
    else m.set(p.nodeName, [p])
  }
  // The same on every node: computed once (per node it was 10 million steps at 1,000 nodes × 10,000 Services).
  yield
  const nodePorts = [...new Set(model.services.flatMap((s) => s.ports.flatMap((p) => (p.nodePort ? [p.nodePort] : []))))].sort((a, b) => a - b)
  const around = JSON.stringify([net.plugin, net.backend ?? null, model.cluster.nodeLocalDNS?.ip ?? null, shown, services.length - shown.length, nodePorts])
  return (n) => {
    let pods = byNode.get(n.name) ?? []
    const total = pods.length
    if (pods.length > MAX_PODS_DRAWN) {
      const first = pods.filter((p) => focus.has(`${p.namespace}/${p.name}`))
      pods = [...first, ...pods.filter((p) => !first.includes(p))].slice(0, MAX_PODS_DRAWN)
    }
    const host = hostByNode.get(n.name) ?? []
    // The node, its pods and what every node shows are those of the last layout: the same input
    // (after a what-if, 999 of 1,000 nodes; making and comparing each one's input took ~100 ms).
    // An ingress or gateway pod's entry reads the cluster's Ingresses and Gateways: made again.
    const memo = inputMemo.get(n)
    if (memo && memo.around === around && memo.total === total && sameList(memo.pods, pods) && sameList(memo.host, host) && !pods.some((p) => p.addon === 'ingress-controller' || p.addon === 'gateway-proxy')) return memo.input
    const input: NodeInput = {
      name: n.name, ip: formatIpv4(n.ip), controlPlane: n.spec.controlPlane,
      bridge: { name: net.plugin === 'bridge' ? 'bridge' : 'cni0', address: `${formatIpv4((n.podCIDR.base + 1) >>> 0)}/${n.podCIDR.prefixLength}` },
      vxlan: net.plugin === 'flannel' && net.backend === 'vxlan' ? formatIpv4(n.podCIDR.base) : null,
      nodeLocalDns: model.cluster.nodeLocalDNS ? formatIpv4(model.cluster.nodeLocalDNS.ip) : null,
      pods: pods.map((p) => podInput(model, p)), hiddenPods: total - pods.length,
      hostPods: host.map((p) => ({ key: `${p.namespace}/${p.name}`, name: p.name })),
      components: [
        ...(n.spec.controlPlane ? [{ id: 'kube-apiserver', label: 'kube-apiserver :6443' }, { id: 'etcd', label: 'etcd :2379' }, { id: 'kube-scheduler', label: 'kube-scheduler' }, { id: 'kube-controller-manager', label: 'kube-controller-manager' }] : []),
        { id: 'kubelet', label: 'kubelet :10250' },
      ],
      services: shown, hiddenServices: services.length - shown.length, nodePorts,
    }
    inputMemo.set(n, { around, total, pods, host, input })
    return input
  }
}

/** Each node's last input, and what it was made from (see nodeInputs). */
const inputMemo = new WeakMap<Model['nodes'][number], { around: string; total: number; pods: readonly ModelPod[]; host: readonly ModelPod[]; input: NodeInput }>()

interface Grid { cols: number; colW: number[]; rowH: number[] }

function chooseGrid(sizes: readonly { w: number; h: number }[], aspect: number, extraH: number, minW: number): Grid {
  let best: Grid | null = null
  let bestScale = -1
  for (let cols = 1; cols <= Math.max(1, Math.min(sizes.length, 12)); cols++) {
    const colW: number[] = Array(cols).fill(0)
    const rowH: number[] = []
    sizes.forEach((s, i) => {
      const c = i % cols, r = Math.floor(i / cols)
      colW[c] = Math.max(colW[c]!, s.w)
      rowH[r] = Math.max(rowH[r] ?? 0, s.h)
    })
    const W = Math.max(minW, GAP + colW.reduce((a, b) => a + b + GAP, 0))
    const H = rowH.reduce((a, b) => a + b + BAR_BELOW + ROW_AFTER_BAR, GAP) + extraH
    const scale = Math.min(aspect / W, 1 / H)
    if (scale > bestScale * 1.02) { bestScale = scale; best = { cols, colW, rowH } }
  }
  return best!
}

export function layoutStage(model: Model, opts: StageOptions): StageLayout {
  const steps = layoutStageSteps(model, opts)
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value
  }
}

/**
 * A layout is a function of its nodes' parts (in order), the grid and what is drawn around the
 * nodes (outside hosts, LoadBalancer marks and who announces them, the node network's name):
 * when all of these are the same, so is the layout.
 */
interface Made {
  readonly around: string
  /** Each node's parts where the layout put them (the same object when a node did not move), and its place and bar. */
  readonly placed: readonly NodeParts[]
  readonly places: readonly string[]
}
const made = new WeakMap<StageLayout, Made>()

/**
 * For each node of `next`, whether it is drawn exactly as the same node of `prev`: the same
 * parts at the same place over the same bar (so its eth0 wire is the same too). Null when the
 * two layouts are not both made here or differ in node count. A scene keeps those nodes'
 * drawings and draws only the others again (a what-if that adds a pod to one node of 1,000).
 */
export function keptNodes(prev: StageLayout, next: StageLayout): boolean[] | null {
  const a = made.get(prev), b = made.get(next)
  if (!a || !b || a.placed.length !== b.placed.length) return null
  return b.placed.map((p, i) => p === a.placed[i] && b.places[i] === a.places[i])
}

/**
 * The layout one node at a time: yields after each node, so a page can spread a 1,000-node
 * layout over tasks of a few milliseconds. When every node shows what it showed in `previous`
 * (the same cached parts at the same place) and so does everything else, returns `previous`
 * itself: the caller knows nothing on the stage needs drawing again.
 */
export function* layoutStageSteps(model: Model, opts: StageOptions, previous?: StageLayout | null): Generator<void, StageLayout> {
  const inputFor = yield* nodeInputs(model, opts)
  const cache = opts.cache ?? new NodePartsCache()
  cache.begin(opts.words)
  const inputs: NodeInput[] = []
  const measured: NodeSlot[] = []
  for (const n of model.nodes) {
    const input = inputFor(n)
    inputs.push(input)
    measured.push(cache.get(input, opts.words))
    yield
  }
  const hosts = [...(opts.kubectl ? [{ name: 'kubectl', ip: opts.words.operator }] : []), ...model.cluster.externalClients.map((e) => ({ name: e.name, ip: formatIpv4(e.ip) }))]
  const externals = hosts.map(({ name: full, ip }) => {
    const name = ellipsize(full, 220, FONT)
    return { name: full, short: name, ip, w: Math.max(textWidth(name, FONT), textWidth(ip, FONT)) + 44, h: 50 }
  })
  const netLabel = `${opts.words.nodeNetwork} ${formatCidr(model.cluster.underlay.cidr)}`
  const netLabelW = textWidth(netLabel, FONT)
  const extW = GAP + netLabelW + 30 + externals.reduce((a, e) => a + e.w + 24, 0)
  const grid = chooseGrid(measured.map((m) => m.parts), opts.aspect, externals.length ? 120 : 40, extW)
  yield
  const announcers = loadBalancerAnnouncers(model)
  // Every LoadBalancer address, listed once (not once per node: 1,000 × 10,000 Services).
  const loadBalancers = model.services.flatMap((s) => s.obj.loadBalancerIngress.map((l) => ({ ip: l.ip, svc: s.name }))).filter((l) => isIpv4(l.ip))
  const around = JSON.stringify([grid, externals, netLabel, loadBalancers.map((l) => [l.ip, l.svc, announcers.get(parseIpv4(l.ip))?.name ?? null])])
  const before = previous ? made.get(previous) : undefined
  // Nothing drawn changed: the previous layout, without placing 1,000 nodes again to find out
  // (a node that shows the same keeps its slot, whose parts are where that layout placed them).
  if (previous && before && before.around === around && before.placed.length === measured.length && before.placed.every((p, i) => p === measured[i]!.parts)) return previous

  const boxes: StageBox[] = []
  const labels: StageLabel[] = []
  const links: StageLink[] = []
  const vertices = new Map<string, Point>()
  const slots = new Map<string, Rect>()
  const serviceAt = new Map<string, Map<string, Rect>>()
  const nodes: StageLayout['nodes'][number][] = []
  const vethPods = new Map<string, string>()
  const bars: { y: number; stops: { id: string; x: number }[] }[] = []
  const placed: NodeParts[] = []
  const places: string[] = []

  let y = GAP
  const rows = grid.rowH.length
  for (let r = 0; r < rows; r++) {
    const bar = y + grid.rowH[r]! + BAR_BELOW
    const stops: { id: string; x: number }[] = [{ id: `tj:${r}`, x: TRUNK_X }]
    let x = GAP
    for (let c = 0; c < grid.cols; c++) {
      const i = r * grid.cols + c
      const input = inputs[i]
      if (!input) break
      // A node that shows the same at the same place keeps its placed parts (placing 1,000 nodes
      // again made ~65,000 new objects after every what-if, and the scene could not tell them apart).
      const place = `${input.name} ${x} ${y} ${bar}`
      const parts: NodeParts = placeSlot(measured[i]!, x, y)
      placed.push(parts)
      places.push(place)
      boxes.push(...parts.boxes)
      labels.push(...parts.labels)
      links.push(...parts.links)
      const pv = parts.vertices, ps = parts.slots, pl = parts.serviceLines
      for (let k = 0; k < pv.ids.length; k++) vertices.set(pv.ids[k]!, pv.at[k]!)
      for (let k = 0; k < ps.ids.length; k++) slots.set(ps.ids[k]!, ps.at[k]!)
      for (let k = 0; k < pl.ids.length; k++) {
        const m = serviceAt.get(pl.ids[k]!) ?? new Map<string, Rect>()
        m.set(input.name, pl.at[k]!)
        serviceAt.set(pl.ids[k]!, m)
      }
      for (const p of input.pods) vethPods.set(p.veth, p.key)
      nodes.push({ name: input.name, box: { x, y, w: parts.w, h: parts.h }, row: r })
      // eth0's wire down to the node network.
      const ul = { x: parts.ethOut.x, y: bar }
      vertices.set(`ul:${input.name}`, ul)
      links.push({ id: `wire:${input.name}`, kind: 'wire', a: `eth:${input.name}`, b: `ul:${input.name}`, points: [vertices.get(`eth:${input.name}`)!, ul] })
      stops.push({ id: `ul:${input.name}`, x: ul.x })
      // LoadBalancer addresses this node announces (MetalLB L2 style): marked on the bus.
      const lbs = loadBalancers.filter((l) => announcers.get(parseIpv4(l.ip))?.name === input.name)
      lbs.forEach((l, j) => {
        const lx = ul.x + 26 + j * 14
        vertices.set(`lb:${l.ip}`, { x: lx, y: bar })
        stops.push({ id: `lb:${l.ip}`, x: lx })
        boxes.push({ id: `lb:${l.ip}`, kind: 'lb', x: lx - 6, y: bar - 6, w: 12, h: 12, tip: `LoadBalancer ${l.ip} (${l.svc})` })
      })
      if (lbs.length) {
        const text = `LB ${lbs.map((l) => `${l.ip} ${l.svc}`).join(', ')}`
        const lx = ul.x + 18 + lbs.length * 14
        const maxW = x + grid.colW[c]! - lx
        const t = ellipsize(text, maxW, FONT)
        labels.push({ id: `lb:${input.name}`, text: t, full: text, x: lx, y: bar - 24, w: textWidth(t, FONT), h: Math.ceil(FONT * 1.2), size: FONT, kind: 'wire' })
      }
      x += grid.colW[c]! + GAP
      yield
    }
    bars.push({ y: bar, stops })
    y = bar + ROW_AFTER_BAR
  }

  // Outside hosts below the last bar, right of the node network's name.
  const last = bars[bars.length - 1]!
  labels.push({ id: 'underlay', text: netLabel, full: netLabel, x: TRUNK_X + 8, y: last.y + 8, w: netLabelW, h: Math.ceil(FONT * 1.2), size: FONT, kind: 'wire', bold: true })
  let ex = TRUNK_X + 8 + netLabelW + 30
  const ey = last.y + 40
  for (const e of externals) {
    boxes.push({ id: `ext:${e.name}`, kind: 'external', x: ex, y: ey, w: e.w, h: e.h, tip: `${e.name} ${e.ip}` })
    labels.push({ id: `ext:${e.name}:name`, text: e.short, full: e.name, x: ex + 30, y: ey + 6, w: textWidth(e.short, FONT), h: Math.ceil(FONT * 1.2), size: FONT, kind: 'title', bold: true })
    labels.push({ id: `ext:${e.name}:ip`, text: e.ip, full: e.ip, x: ex + 30, y: ey + 26, w: textWidth(e.ip, FONT), h: Math.ceil(FONT * 1.2), size: FONT, kind: 'ip' })
    const at = { x: ex + 15, y: ey + e.h / 2 }
    vertices.set(`ext:${e.name}`, at)
    vertices.set(`ulx:${e.name}`, { x: at.x, y: last.y })
    last.stops.push({ id: `ulx:${e.name}`, x: at.x })
    links.push({ id: `wire:ext:${e.name}`, kind: 'wire', a: `ext:${e.name}`, b: `ulx:${e.name}`, points: [at, { x: at.x, y: ey }, { x: at.x, y: last.y }] })
    ex += e.w + 24
  }

  // The bus: each row's bar, stop to stop, and the trunk joining the rows.
  let right = 0
  for (const b of bars) {
    b.stops.sort((p, q) => p.x - q.x)
    right = Math.max(right, b.stops[b.stops.length - 1]!.x)
  }
  right = Math.max(right + 30, ...nodes.map((n) => n.box.x + n.box.w))
  bars.forEach((b, r) => {
    vertices.set(`tj:${r}`, { x: TRUNK_X, y: b.y })
    for (let i = 1; i < b.stops.length; i++) {
      const a = b.stops[i - 1]!, c = b.stops[i]!
      links.push({ id: `bus:${r}:${i}`, kind: 'underlay', a: a.id, b: c.id, points: [{ x: a.x, y: b.y }, { x: c.x, y: b.y }] })
    }
    links.push({ id: `bus:${r}:end`, kind: 'underlay', a: b.stops[b.stops.length - 1]!.id, b: `bend:${r}`, points: [{ x: b.stops[b.stops.length - 1]!.x, y: b.y }, { x: right, y: b.y }] })
    vertices.set(`bend:${r}`, { x: right, y: b.y })
    if (r > 0) links.push({ id: `trunk:${r}`, kind: 'underlay', a: `tj:${r - 1}`, b: `tj:${r}`, points: [{ x: TRUNK_X, y: bars[r - 1]!.y }, { x: TRUNK_X, y: b.y }] })
  })

  const services = new Map<string, ServiceMark>()
  for (const [key, at] of serviceAt) services.set(key, { key, at })
  const bounds = union([...boxes, ...labels, { x: 0, y: 0, w: right + GAP / 2, h: last.y + 20 }])
  const result: StageLayout = { boxes, labels, links, vertices, slots, services, nodes, vethPods, bounds: { x: 0, y: 0, w: bounds.x + bounds.w + GAP / 2, h: bounds.y + bounds.h + GAP / 2 } }
  made.set(result, { around, placed, places })
  return result
}
