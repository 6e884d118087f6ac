/**
 * Notes attached to a Trace: assumptions the lab made and what it does not simulate, as
 * catalog messages (the shells render them), kept apart from hop explanations.
 */
import { parseIpv6 } from '../../model/addr/ipv6.js'
import type { Model } from '../../model/model.js'
import { msg, type Message } from '../messages/catalog.js'
import { worldOf } from '../net/world.js'
import type { Trace } from './types.js'

/**
 * The notes for a finished trace: `note.listenerAssumed` (the server's container declares no
 * such port; the lab assumes the process listens there, containerPort being informational) and
 * `note.ipv6NotSimulated` (an IPv6 answer is shown, the trace follows IPv4 only).
 */
export function traceNotes(model: Model, t: Trace): Message[] {
  const notes: Message[] = []
  const d = t.deliveredTo
  if (d?.pod && (t.result === 'delivered')) {
    const proto = t.ingress ? 'tcp' : t.request.proto
    const l = worldOf(model).listener({ kind: 'pod', pod: d.pod, node: '' }, d.port, proto)
    if (l?.assumed) notes.push(msg('note.listenerAssumed', { pod: d.pod, port: d.port, proto: proto.toUpperCase() }))
  }
  const seen = new Set<string>()
  for (const q of t.dns) {
    if (q.type !== 'AAAA') continue
    for (const a of q.answers) {
      const addr = a.split(/\s+/).pop() ?? ''
      if (parseIpv6(addr) && !seen.has(addr)) { seen.add(addr); notes.push(msg('note.ipv6NotSimulated', { address: addr })) }
    }
  }
  return notes
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
