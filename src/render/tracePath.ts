/**
 * A trace as the steps the page plays back: each DNS query and its answer as one small packet
 * each, then every hop of the first packet, the ingress controller's own connection when there
 * is one, and the reply. Each step has a place on the canvas, computed from the layout.
 */
import type { DnsQueryRecord, Hop, Packet, Place, Trace } from '../engine/trace/types.js'
import type { ClusterLayout, Point } from './layout.js'

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

function placePoint(layout: ClusterLayout, place: Place): Point | null {
  switch (place.kind) {
    case 'pod': {
      for (const n of layout.nodes) {
        const p = n.pods.find((x) => x.key === place.pod)
        if (p) return { x: p.x + p.w / 2, y: p.y + p.h / 2 }
      }
      const n = layout.nodes.find((x) => x.name === place.node)
      return n ? n.anchors.bridge : null
    }
    case 'node': {
      const n = layout.nodes.find((x) => x.name === place.node)
      return n ? n.anchors.netfilter : null
    }
    case 'external': {
      const e = layout.externals.find((x) => x.name === place.client)
      return e ? { x: e.x + e.w / 2, y: e.y + e.h / 2 } : null
    }
    case 'underlay':
      return null
  }
}

function hopPoint(layout: ClusterLayout, hop: Hop): Point | null {
  if (hop.place.kind !== 'node') return placePoint(layout, hop.place)
  const place = hop.place
  const n = layout.nodes.find((x) => x.name === place.node)
  if (!n) return null
  switch (hop.kind) {
    case 'bridge': return n.anchors.bridge
    case 'vxlan-encap': case 'vxlan-decap': return n.anchors.vxlan
    case 'underlay': return n.anchors.eth0
    case 'route':
      if (hop.device === 'eth0') return n.anchors.eth0
      if (hop.device === 'flannel.1') return n.anchors.vxlan
      if (hop.device === 'cni0' || hop.device === 'bridge') return n.anchors.bridge
      return n.anchors.netfilter
    default: return n.anchors.netfilter
  }
}

/** Where each step's packet is drawn; underlay steps sit on the wire between their neighbours. */
export function stepPoints(layout: ClusterLayout, steps: readonly Step[]): Point[] {
  const raw: (Point | null)[] = steps.map((s) => {
    if (s.kind === 'dns') return placePoint(layout, s.answer ? s.from : (s.to ?? s.from))
    return hopPoint(layout, s.hop)
  })
  return raw.map((p, i) => {
    if (p) return p
    const prev = raw.slice(0, i).reverse().find((x): x is Point => x !== null)
    const next = raw.slice(i + 1).find((x): x is Point => x !== null)
    const x = prev && next ? (prev.x + next.x) / 2 : (prev ?? next ?? { x: 40, y: 0 }).x
    return { x, y: layout.underlayY + 2 }
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
