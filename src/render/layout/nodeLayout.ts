/**
 * One node drawn as what it is: the host netns (the node box) holding the pod bridge as a
 * vertical bar, each pod's own netns box with its eth0 and containers (the pause container,
 * which owns the netns, dimmed), the veth pair from the pod's eth0 to its named port on the
 * bridge, the hostNetwork pods, kube-proxy's netfilter checkpoint listing the Service addresses
 * it rewrites, and the devices at the bottom: eth0 (with the NodePorts it answers), flannel.1
 * under VXLAN and nodelocaldns. Every label gets a slot of its own; nothing is placed on top of
 * anything else. The packet's main path — bridge, netfilter, eth0 — is one vertical trunk.
 */
import { ellipsize, textWidth, type Point, type Rect } from '../geometry.js'
import type { StageBox, StageLabel, StageLink, StageWords } from './types.js'

export const FONT = 14
export const TITLE_FONT = 15
export const LINE = 20
export const POD_W = 280
const PAD = 14
const VETH = 124
const LANE = 30
const ROW_GAP = 12
const DEV_H = 46
const CHIP_H = 26

export type PodRole = 'dns' | 'ingress' | 'gateway' | 'addon' | null

export interface PodInput {
  readonly key: string
  readonly name: string
  readonly ip: string
  readonly role: PodRole
  readonly containers: readonly string[]
  readonly veth: string
  /** What the ingress controller routes, shown on its box. */
  readonly entry?: string
}

export interface NodeInput {
  readonly name: string
  readonly ip: string
  readonly controlPlane: boolean
  readonly bridge: { readonly name: string; readonly address: string }
  readonly vxlan: string | null
  readonly nodeLocalDns: string | null
  readonly pods: readonly PodInput[]
  readonly hiddenPods: number
  readonly hostPods: readonly { readonly key: string; readonly name: string }[]
  /** Processes of the host itself: the kubelet everywhere, the control plane's components on its nodes. */
  readonly components: readonly { readonly id: string; readonly label: string }[]
  readonly services: readonly { readonly key: string; readonly text: string }[]
  readonly hiddenServices: number
  readonly nodePorts: readonly number[]
}

/**
 * Ids and what each names, in step: a node's entries as two arrays, from which the stage makes
 * its one map of each (a Map per node, grown entry by entry, was ~15 MB of a 1,000-node paste's
 * allocation on the page, and kept every entry twice).
 */
export interface Keyed<T> {
  readonly ids: string[]
  readonly at: T[]
}

export interface NodeParts {
  readonly w: number
  readonly h: number
  readonly boxes: StageBox[]
  readonly labels: StageLabel[]
  readonly links: StageLink[]
  readonly vertices: Keyed<Point>
  readonly slots: Keyed<Rect>
  /** Label rectangles of each Service line (Service key → rect). */
  readonly serviceLines: Keyed<Rect>
  /** Where eth0's wire leaves the node (towards the node network). */
  readonly ethOut: Point
}

const TWO_BANKS_FROM = 5

export function podHeight(p: PodInput): number {
  return 10 + LINE * (p.entry ? 4 : 3)
}

export function layoutNode(n: NodeInput, x0: number, y0: number, words: StageWords): NodeParts {
  const boxes: StageBox[] = []
  const labels: StageLabel[] = []
  const links: StageLink[] = []
  const vertices: Keyed<Point> = { ids: [], at: [] }
  const slots: Keyed<Rect> = { ids: [], at: [] }
  const serviceLines: Keyed<Rect> = { ids: [], at: [] }
  const vertex = <P extends Point>(id: string, at: P): P => {
    vertices.ids.push(id)
    vertices.at.push(at)
    return at
  }
  const label = (id: string, full: string, x: number, y: number, maxW: number, kind: StageLabel['kind'], size = FONT, bold = false): StageLabel => {
    const text = ellipsize(full, maxW, size)
    const l: StageLabel = { id, text, full, x, y, w: textWidth(text, size), h: Math.ceil(size * 1.2), size, kind, bold }
    labels.push(l)
    return l
  }

  const twoBanks = n.pods.length >= TWO_BANKS_FROM
  // The trunk sits where eth0's box (centred on it) still fits inside the node.
  const lead = Math.max(64, Math.ceil((Math.max(textWidth('eth0', FONT), textWidth(n.ip, FONT)) + 20) / 2) + 4)
  const w = twoBanks ? PAD * 2 + 2 * (POD_W + VETH) : Math.max(PAD + lead + VETH + POD_W + PAD, 440)
  const barX = twoBanks ? x0 + PAD + POD_W + VETH : x0 + PAD + lead

  // Header: the node's name and address; the box itself is the node's host network namespace.
  const tag = `${words.hostNetns}${n.controlPlane ? ` · ${words.controlPlane}` : ''}`
  const tagW = Math.min(textWidth(tag, FONT), Math.floor(w / 2) - PAD)
  const title = label(`node:${n.name}:title`, `${n.name}  ${n.ip}`, x0 + PAD, y0 + 8, w - 2 * PAD - tagW - 12, 'title', TITLE_FONT + 1, true)
  label(`node:${n.name}:tag`, tag, x0 + w - PAD - tagW, y0 + 9, tagW, 'muted')
  void title

  // The bridge: its name and gateway address above a vertical bar the veths plug into.
  const brText = `${n.bridge.name} ${n.bridge.address}`
  const brW = Math.min(textWidth(brText, FONT), w - 2 * PAD)
  const brX = twoBanks ? barX - Math.floor(brW / 2) : Math.max(x0 + PAD, barX - 30)
  label(`node:${n.name}:bridge`, brText, brX, y0 + 36, w - 2 * PAD, 'device', FONT, true)

  // Pods, in one bank right of the bar, or two banks either side of it.
  const podsTop = y0 + 64
  const banks: PodInput[][] = twoBanks ? [[], []] : [[]]
  n.pods.forEach((p, i) => banks[twoBanks ? i % 2 : 0]!.push(p))
  const barStops: { id: string; y: number; at: Point }[] = []
  let podsBottom = podsTop
  banks.forEach((bank, b) => {
    const left = twoBanks && b === 0
    const px = left ? x0 + PAD : barX + VETH
    let y = podsTop
    for (const p of bank) {
      const ph = podHeight(p)
      const kind = p.role === 'dns' ? 'dns-pod' : p.role === 'ingress' || p.role === 'gateway' ? 'ingress-pod' : p.role ? 'addon-pod' : 'pod'
      // Each id once per pod: a Map hashes a key string once, and the same string serves the box, slot, vertex and link.
      const podId = `pod:${p.key}`, ethId = `podeth:${p.key}`, portId = `vport:${p.key}`
      boxes.push({ id: podId, kind, x: px, y, w: POD_W, h: ph, select: { kind: 'pod', key: p.key }, tip: `pod/${p.key}  ${p.ip}\n${p.containers.join(', ')}` })
      // A lane on the bridge side of the box is where the packet sits inside the pod.
      const tx = left ? px + 10 : px + LANE
      const tw = POD_W - LANE - 10
      const lineY = (k: number): number => y + 5 + LINE * k
      const badge = p.role === 'dns' ? 'DNS' : p.role === 'ingress' ? 'Ingress' : p.role === 'gateway' ? 'Gateway' : null
      const badgeW = badge ? textWidth(badge, FONT) + 6 : 0
      if (badge) label(`${podId}:badge`, badge, tx + tw - badgeW + 6, lineY(0) + 1, badgeW, 'badge', FONT, true)
      label(`${podId}:name`, p.name, tx, lineY(0) + 1, tw - badgeW - 4, 'title', TITLE_FONT, true)
      const ipText = `eth0 ${p.ip}`
      label(`${podId}:ip`, ipText, tx, lineY(1) + 1, tw - 62, 'ip')
      slots.ids.push(podId)
      slots.at.push({ x: tx + tw - 58, y: lineY(1), w: 58, h: LINE })
      const pause = label(`${podId}:pause`, 'pause', tx, lineY(2) + 1, tw, 'muted')
      const cx = pause.x + pause.w + 8
      label(`${podId}:containers`, p.containers.map((c) => `▪ ${c}`).join(' '), cx, lineY(2) + 1, tx + tw - cx, 'text')
      if (p.entry) label(`${podId}:entry`, p.entry, tx, lineY(3) + 1, tw, 'text')
      // The veth pair: eth0 on the box's edge, the host end a named port on the bridge.
      const portY = lineY(1) + LINE / 2
      const edgeX = left ? px + POD_W : px
      const inside = vertex(podId, { x: left ? px + POD_W - LANE / 2 : px + LANE / 2, y: portY })
      vertex(ethId, { x: edgeX, y: portY })
      const port = vertex(portId, { x: barX, y: portY })
      links.push({ id: `in:${p.key}`, kind: 'stack', a: podId, b: ethId, points: [inside, { x: edgeX, y: portY }] })
      links.push({ id: `veth:${p.key}`, kind: 'veth', a: ethId, b: portId, points: [{ x: edgeX, y: portY }, { x: barX, y: portY }] })
      const vx = left ? edgeX + 6 : barX + 8
      label(`veth:${p.key}`, p.veth, vx, portY - 19, VETH - 14, 'device')
      barStops.push({ id: portId, y: portY, at: port })
      y += ph + ROW_GAP
    }
    podsBottom = Math.max(podsBottom, y)
  })
  if (n.hiddenPods > 0) {
    label(`node:${n.name}:more`, words.morePods(n.hiddenPods), twoBanks ? x0 + PAD : barX + VETH, podsBottom, POD_W, 'muted')
    podsBottom += LINE + 4
  }
  const barBottom = podsBottom + 8
  const brPoint = vertex(`br:${n.name}`, { x: barX, y: barBottom })
  boxes.push({ id: `bridge:${n.name}`, kind: 'bridge', x: barX - 3, y: y0 + 58, w: 6, h: barBottom - (y0 + 58), select: { kind: 'node', name: n.name }, tip: brText })
  barStops.sort((a, b) => a.y - b.y)
  const stops = [...barStops, { id: `br:${n.name}`, at: brPoint }]
  for (let i = 1; i < stops.length; i++) {
    links.push({ id: `bar:${stops[i - 1]!.id}`, kind: 'bridge', a: stops[i - 1]!.id, b: stops[i]!.id, points: [stops[i - 1]!.at, stops[i]!.at] })
  }

  // The host's own processes (kubelet, and the control plane's components where it runs) and
  // the hostNetwork pods share the host netns: one chip a row beside the trunk, joined to it.
  let y = barBottom + 14
  const hostPods = n.hostPods.slice(0, 4)
  const hidden = n.hostPods.length - hostPods.length
  interface Chip { vid: string; kind: StageBox['kind']; select?: StageBox['select']; tip: string; text: string; full: string; x: number; y: number; cw: number; left: boolean }
  const chips: Chip[] = []
  const entries = [
    ...n.components.map((c) => ({ vid: `cp:${n.name}:${c.id}`, kind: 'component' as const, full: c.label, tip: `${c.label} (${n.name})`, select: { kind: 'node', name: n.name } as const })),
    ...hostPods.map((p) => ({ vid: `hp:${p.key}`, kind: 'host-pod' as const, full: p.name, tip: `pod/${p.key} (hostNetwork)`, select: { kind: 'pod', key: p.key } as const })),
  ]
  if (entries.length) {
    label(`node:${n.name}:hostpods`, n.components.length ? words.hostProcesses : words.hostNetworkPods, barX + 18, y, x0 + w - PAD - barX - 18, 'muted')
    y += LINE + 4
    entries.forEach((e, i) => {
      const left = twoBanks && i % 2 === 1
      const room = left ? barX - 18 - (x0 + PAD) : x0 + w - PAD - (barX + 18)
      const text = ellipsize(e.full, Math.min(room, 260) - 16, FONT)
      const cw = textWidth(text, FONT) + 16
      chips.push({ ...e, text, x: left ? barX - 18 - cw : barX + 18, y, cw, left })
      if (!twoBanks || left || i === entries.length - 1) y += CHIP_H + 6
    })
    y += 6
    if (hidden > 0) { label(`node:${n.name}:hostmore`, words.morePods(hidden), barX + 18, y, 200, 'muted'); y += LINE + 4 }
  }

  // kube-proxy's netfilter: a checkpoint the trunk passes through, with the Service addresses
  // it rewrites (they exist nowhere else: no device holds a ClusterIP).
  const cpY = y + 2
  const lines = n.services.length + (n.hiddenServices > 0 ? 1 : 0)
  const cpH = 10 + LINE * (2 + lines) + 6
  boxes.push({ id: `nf:${n.name}`, kind: 'netfilter', x: x0 + PAD, y: cpY, w: w - 2 * PAD, h: cpH, select: { kind: 'node', name: n.name }, tip: `${words.netfilter} — ${words.services}` })
  const textL = twoBanks ? x0 + PAD + 10 : barX + 22
  const textR = twoBanks ? barX - 20 : x0 + w - PAD - 10
  label(`nf:${n.name}:title`, words.netfilter, textL, cpY + 6, textR - textL, 'title', TITLE_FONT, true)
  label(`nf:${n.name}:sub`, words.services, textL, cpY + 6 + LINE, textR - textL, 'muted')
  n.services.forEach((s, i) => {
    const l = label(`svc:${n.name}:${s.key}`, s.text, textL, cpY + 6 + LINE * (2 + i), textR - textL, 'service')
    serviceLines.ids.push(s.key)
    serviceLines.at.push(l)
  })
  if (n.hiddenServices > 0) label(`nf:${n.name}:more`, words.moreServices(n.hiddenServices), textL, cpY + 6 + LINE * (2 + n.services.length), textR - textL, 'muted')
  const nfPoint = vertex(`nf:${n.name}`, { x: barX, y: cpY + cpH / 2 })
  // The trunk from the bridge down to netfilter, with a junction for each hostNetwork chip.
  const joints = chips.map((c) => ({ id: `hj:${c.vid}`, y: c.y + CHIP_H / 2 }))
  const trunk = [{ id: `br:${n.name}`, y: barBottom }, ...joints, { id: `nf:${n.name}`, y: nfPoint.y }]
  for (const j of joints) vertex(j.id, { x: barX, y: j.y })
  for (let i = 1; i < trunk.length; i++) {
    links.push({ id: `trunk:${trunk[i]!.id}`, kind: 'stack', a: trunk[i - 1]!.id, b: trunk[i]!.id, points: [{ x: barX, y: trunk[i - 1]!.y }, { x: barX, y: trunk[i]!.y }] })
  }
  for (const c of chips) {
    boxes.push({ id: c.vid, kind: c.kind, x: c.x, y: c.y, w: c.cw, h: CHIP_H, ...(c.select ? { select: c.select } : {}), tip: c.tip })
    labels.push({ id: `${c.vid}:name`, text: c.text, full: c.full, x: c.x + 8, y: c.y + 4, w: textWidth(c.text, FONT), h: Math.ceil(FONT * 1.2), size: FONT, kind: 'text' })
    const edge = vertex(c.vid, { x: c.left ? c.x + c.cw : c.x, y: c.y + CHIP_H / 2 })
    links.push({ id: c.vid, kind: 'stack', a: c.vid, b: `hj:${c.vid}`, points: [edge, { x: barX, y: edge.y }] })
  }
  // Devices: eth0 on the trunk, flannel.1 and nodelocaldns beside it.
  const devY = cpY + cpH + 28
  const device = (id: string, name: string, addr: string, cx: number, kind: StageBox['kind']): Rect => {
    const dw = Math.max(textWidth(name, FONT), textWidth(addr, FONT)) + 20
    const r = { x: cx - Math.floor(dw / 2), y: devY, w: dw, h: DEV_H }
    boxes.push({ id, kind, ...r, select: { kind: 'node', name: n.name }, tip: `${name} ${addr}` })
    label(`${id}:name`, name, r.x + 10, devY + 4, dw - 20, 'device', FONT, true)
    label(`${id}:addr`, addr, r.x + 10, devY + 4 + LINE, dw - 20, 'ip')
    return r
  }
  // eth0 straddles the trunk: its name left of the line, its address right, the packet between.
  const ethNameW = textWidth('eth0', FONT), ethIpW = textWidth(n.ip, FONT)
  const eth = { x: barX - 14 - ethNameW - 10, y: devY, w: ethNameW + ethIpW + 48, h: DEV_H }
  boxes.push({ id: `eth:${n.name}`, kind: 'device', ...eth, select: { kind: 'node', name: n.name }, tip: `eth0 ${n.ip}` })
  label(`eth:${n.name}:name`, 'eth0', eth.x + 10, devY + 14, ethNameW, 'device', FONT, true)
  label(`eth:${n.name}:addr`, n.ip, barX + 14, devY + 14, ethIpW, 'ip')
  const ethPoint = vertex(`eth:${n.name}`, { x: barX, y: devY + DEV_H / 2 })
  const bend = devY - 13
  links.push({ id: `trunk:${n.name}:eth`, kind: 'stack', a: `nf:${n.name}`, b: `eth:${n.name}`, points: [nfPoint, ethPoint] })
  let right = eth.x + eth.w
  // Side devices hang off the trunk through the gap beside them, never through a box's text;
  // the packet sits on the edge that faces eth0.
  const midY = devY + DEV_H / 2
  const side = (id: string, r: Rect, kind: 'vx' | 'nld'): void => {
    const leftOfTrunk = r.x + r.w <= barX
    const edge = leftOfTrunk ? r.x + r.w : r.x
    const lane = leftOfTrunk ? edge + 9 : edge - 9
    const at = vertex(id, { x: edge, y: midY })
    links.push({ id, kind: 'stack', a: `nf:${n.name}`, b: id, points: [nfPoint, { x: barX, y: bend }, { x: lane, y: bend }, { x: lane, y: midY }, at] })
    if (kind === 'vx') {
      // The encapsulated packet leaves through eth0 (flannel.1's underlying device).
      const under = devY + DEV_H + 10
      links.push({ id: `${id}:eth`, kind: 'tunnel', a: id, b: `eth:${n.name}`, points: [at, { x: lane, y: midY }, { x: lane, y: under }, { x: barX, y: under }, ethPoint] })
    }
  }
  if (n.vxlan) {
    const dw = Math.max(textWidth('flannel.1', FONT), textWidth(n.vxlan, FONT)) + 20
    const vx = device(`vx:${n.name}`, 'flannel.1', n.vxlan, right + 18 + Math.floor(dw / 2), 'vxlan-device')
    right = vx.x + vx.w
    side(`vx:${n.name}`, vx, 'vx')
  }
  if (n.nodeLocalDns) {
    const dw = Math.max(textWidth('nodelocaldns', FONT), textWidth(n.nodeLocalDns, FONT)) + 20
    const cx = twoBanks ? eth.x - 18 - Math.floor(dw / 2) : right + 18 + Math.floor(dw / 2)
    const r = device(`nld:${n.name}`, 'nodelocaldns', n.nodeLocalDns, cx, 'device')
    side(`nld:${n.name}`, r, 'nld')
    right = Math.max(right, r.x + r.w)
  }
  let bottom = devY + DEV_H + 18
  if (n.nodePorts.length) {
    const text = `${words.nodePorts}: ${n.nodePorts.join(' ')}`
    const lx = Math.min(barX + 14, x0 + w - PAD - 120)
    label(`node:${n.name}:nodeports`, text, lx, bottom, x0 + w - PAD - lx, 'text')
    bottom += LINE + 4
  }
  const width = Math.max(w, right - x0 + PAD)
  const h = bottom + 6 - y0
  boxes.unshift({ id: `node:${n.name}`, kind: 'node', x: x0, y: y0, w: width, h, select: { kind: 'node', name: n.name }, tip: `node/${n.name} ${n.ip}` })
  return { w: width, h, boxes, labels, links, vertices, slots, serviceLines, ethOut: { x: barX, y: y0 + h } }
}
