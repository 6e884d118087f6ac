/**
 * A trace as the steps the page plays back: each DNS query and its answer as one small packet
 * each, then every hop of the first packet, the ingress controller's own connection when there
 * is one, and the reply. Each step has a place on the canvas, computed from the layout.
 */
import type { DnsQueryRecord, Hop, Packet, Place, Trace } from '../engine/trace/types.js'
import type { Point, Rect } from './geometry.js'
import type { StageLayout } from './layout/types.js'
import { route } from './router.js'

export type Phase = 'dns' | 'forward' | 'upstream' | 'upstream-reply' | 'reply'

export type Step =
  | { readonly kind: 'hop'; readonly phase: Phase; readonly hop: Hop; readonly index: number }
  | { readonly kind: 'dns'; readonly phase: 'dns'; readonly query: DnsQueryRecord; readonly answer: boolean; readonly from: Place; readonly to: Place | null }

export function buildSteps(t: Trace, source: Place): Step[] {
  const steps: Step[] = []
  for (const q of t.dns) {
    const end = q.hops.at(-1)?.place ?? null
    steps.push({ kind: 'dns', phase: 'dns', query: q, answer: false, from: source, to: end })
    steps.push({ kind: 'dns', phase: 'dns', query: q, answer: true, from: source, to: end })
  }
  t.hops.forEach((hop, index) => steps.push({ kind: 'hop', phase: 'forward', hop, index }))
  t.ingress?.upstream?.hops.forEach((hop, index) => steps.push({ kind: 'hop', phase: 'upstream', hop, index }))
  t.ingress?.upstream?.reply?.hops.forEach((hop, index) => steps.push({ kind: 'hop', phase: 'upstream-reply', hop, index }))
  t.reply?.hops.forEach((hop, index) => steps.push({ kind: 'hop', phase: 'reply', hop, index }))
  return steps
}

export function packetOf(step: Step): Packet | null {
  return step.kind === 'hop' ? step.hop.after : null
}

function placeVertex(layout: StageLayout, place: Place): string | null {
  switch (place.kind) {
    case 'pod': return layout.vertices.has(`pod:${place.pod}`) ? `pod:${place.pod}` : layout.vertices.has(`hp:${place.pod}`) ? `hp:${place.pod}` : `nf:${place.node}`
    case 'node': return `nf:${place.node}`
    case 'external': return `ext:${place.client}`
    case 'underlay': return null
  }
}

/** Where in the drawing a hop happens: the device or checkpoint the hop names. */
function hopVertex(layout: StageLayout, s: Extract<Step, { kind: 'hop' }>, prev: Step | undefined): string | null {
  const hop = s.hop
  const place = hop.place
  if (place.kind === 'pod') {
    // A veth hop right after the pod's own hop leaves the pod: the packet is at the bridge port.
    if (hop.kind === 'veth') {
      const leaving = prev?.kind === 'hop' && prev.hop.place.kind === 'pod' && prev.hop.place.pod === place.pod
      const id = leaving ? `vport:${place.pod}` : `podeth:${place.pod}`
      if (layout.vertices.has(id)) return id
    }
    return placeVertex(layout, place)
  }
  if (place.kind !== 'node') return placeVertex(layout, place)
  const n = place.node
  const pod = hop.device ? layout.vethPods.get(hop.device) : undefined
  if (pod && layout.vertices.has(`vport:${pod}`)) return `vport:${pod}`
  switch (hop.kind) {
    case 'bridge': return `br:${n}`
    case 'vxlan-encap': case 'vxlan-decap': return layout.vertices.has(`vx:${n}`) ? `vx:${n}` : `nf:${n}`
    case 'underlay': return `eth:${n}`
    case 'deliver':
      if (hop.device === 'nodelocaldns' && layout.vertices.has(`nld:${n}`)) return `nld:${n}`
      return `nf:${n}`
    default: return `nf:${n}`
  }
}

/**
 * The graph vertex of every step. A step on the node network sits where the packet next lands
 * (the node or outside host it is addressed to), so the dot runs along the bus to get there.
 */
export function stepVertices(layout: StageLayout, steps: readonly Step[]): string[] {
  const raw = steps.map((s, i) => (s.kind === 'dns' ? placeVertex(layout, s.answer ? s.from : (s.to ?? s.from)) : hopVertex(layout, s, steps[i - 1])))
  return raw.map((v, i) => {
    if (v) return v
    const next = raw.slice(i + 1).find((x): x is string => x !== null)
    if (next?.startsWith('ext:') && layout.vertices.has(`ulx:${next.slice(4)}`)) return `ulx:${next.slice(4)}`
    const node = next ? nodeOfVertex(layout, next) : null
    if (node && layout.vertices.has(`ul:${node}`)) return `ul:${node}`
    return raw.slice(0, i).reverse().find((x): x is string => x !== null) ?? [...layout.vertices.keys()][0] ?? ''
  })
}

/** The node a vertex belongs to. */
export function nodeOfVertex(layout: StageLayout, id: string): string | null {
  const [kind, rest = ''] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)]
  if (['br', 'nf', 'vx', 'eth', 'nld', 'ul'].includes(kind)) return rest
  if (['pod', 'podeth', 'vport', 'hp'].includes(kind)) {
    const p = layout.vertices.get(id)
    const frame = p && layout.nodes.find((n) => p.x >= n.box.x && p.x <= n.box.x + n.box.w && p.y >= n.box.y && p.y <= n.box.y + n.box.h)
    return frame?.name ?? null
  }
  return null
}

/**
 * Each step's point, the polyline the packet follows to reach it from the step before, and the
 * box the step is at: the device or checkpoint's own box when the step's vertex is one (a pod,
 * netfilter, eth0), else its node's box (a bridge port, the bridge) — null outside every node (on
 * the node network's wire).
 */
export function stepPaths(layout: StageLayout, steps: readonly Step[]): { at: Point; path: Point[]; box: { rect: Rect; kind: string } | null }[] {
  const ids = stepVertices(layout, steps)
  const want = new Set<string>()
  for (const id of ids) { want.add(id); const n = nodeOfVertex(layout, id); if (n) want.add(`node:${n}`) }
  // One pass over the boxes for the few the steps name (a 1,000-node layout has ~60,000).
  const boxes = new Map<string, { rect: Rect; kind: string }>()
  for (const b of layout.boxes) if (want.has(b.id)) boxes.set(b.id, { rect: { x: b.x, y: b.y, w: b.w, h: b.h }, kind: b.kind })
  return ids.map((id, i) => {
    const at = layout.vertices.get(id) ?? { x: 0, y: 0 }
    const node = nodeOfVertex(layout, id)
    const frame = node ? boxes.get(`node:${node}`) : undefined
    const inNode = frame && at.x >= frame.rect.x && at.x <= frame.rect.x + frame.rect.w && at.y >= frame.rect.y && at.y <= frame.rect.y + frame.rect.h
    return { at, path: i === 0 ? [at] : route(layout, ids[i - 1]!, id), box: boxes.get(id) ?? (inNode ? frame : null) }
  })
}

/** Fields of a packet the detail panel compares before and after a hop. */
export function packetFields(p: Packet): [string, string][] {
  const rows: [string, string][] = []
  if (p.outer) {
    rows.push(['outer eth', `${p.outer.eth.src || '?'} → ${p.outer.eth.dst || '?'}`])
    rows.push(['outer IP', `${p.outer.src} → ${p.outer.dst} ttl ${p.outer.ttl}`])
    rows.push(['outer UDP', `${p.outer.sport} → ${p.outer.dport} (VXLAN VNI ${p.outer.vni})`])
  }
  if (p.eth) rows.push(['eth', `${p.eth.src} → ${p.eth.dst}`])
  rows.push(['src', `${p.src}:${p.sport}`], ['dst', `${p.dst}:${p.dport}`], ['proto', `${p.proto}${p.flags ? ` ${p.flags}` : ''}`], ['ttl', String(p.ttl)])
  if (p.payload) rows.push(['payload', p.payload])
  return rows
}
