/**
 * Notes attached to a Trace: assumptions the lab made and what it does not simulate, as
 * codes with parameters (the shells render them), kept apart from hop explanations.
 */
import { parseIpv6 } from '../../model/addr/ipv6.js'
import type { Model } from '../../model/model.js'
import { worldOf } from '../net/world.js'
import type { Trace } from './types.js'

export type TraceNote =
  /** The server's container declares no such port; the lab assumes the process listens there (containerPort is informational). */
  | { readonly code: 'listener-assumed'; readonly pod: string; readonly port: number; readonly proto: string }
  /** The trace would need IPv6 (an IPv6 target, or an IPv6-only answer): not simulated yet. */
  | { readonly code: 'ipv6-not-simulated'; readonly address: string }

/** The notes for a finished trace. */
export function traceNotes(model: Model, t: Trace): TraceNote[] {
  const notes: TraceNote[] = []
  const d = t.deliveredTo
  if (d?.pod && (t.result === 'delivered')) {
    const l = worldOf(model).listener({ kind: 'pod', pod: d.pod, node: '' }, d.port, t.ingress ? 'tcp' : t.request.proto)
    if (l?.assumed) notes.push({ code: 'listener-assumed', pod: d.pod, port: d.port, proto: t.ingress ? 'tcp' : t.request.proto })
  }
  for (const q of t.dns) {
    if (q.type !== 'AAAA') continue
    for (const a of q.answers) {
      const addr = a.split(/\s+/).pop() ?? ''
      if (parseIpv6(addr) && !notes.some((n) => n.code === 'ipv6-not-simulated' && n.address === addr)) notes.push({ code: 'ipv6-not-simulated', address: addr })
    }
  }
  return notes
}

/** English text of a note (the CLI's and the Markdown export's). */
export function noteText(n: TraceNote): string {
  switch (n.code) {
    case 'listener-assumed':
      return `no container of ${n.pod} declares ${n.proto.toUpperCase()} port ${n.port}; the lab assumes the process listens there (containerPort is informational, as in Kubernetes)`
    case 'ipv6-not-simulated':
      return `IPv6 is not simulated yet: the answer ${n.address} is shown, and the trace follows IPv4 only`
  }
}

/** A target the lab cannot trace because it is IPv6 ("[fd00::1]:80", "fd00::1:80"). */
export function ipv6Target(to: string): string | null {
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(to)
  if (bracket && parseIpv6(bracket[1]!)) return bracket[1]!
  const url = /^[a-z]+:\/\/\[([^\]]+)\]/i.exec(to)
  if (url && parseIpv6(url[1]!)) return url[1]!
  const colon = to.lastIndexOf(':')
  if (colon > 0 && parseIpv6(to.slice(0, colon)) && to.slice(0, colon).includes(':')) return to.slice(0, colon)
  return parseIpv6(to) ? to : null
}
