/**
 * Connection tracking per node netns. The first packet of a flow walks the nat chains and the
 * entry remembers what they did; replies are matched against the entry's reply tuple and
 * translated back (destination at PREROUTING/OUTPUT, source at POSTROUTING/INPUT) without
 * walking any nat rule.
 */
import { formatIpv4 } from '../../model/addr/ipv4.js'

export interface Tuple {
  readonly proto: 'tcp' | 'udp' | 'icmp'
  readonly src: number
  readonly sport: number
  readonly dst: number
  readonly dport: number
}

export interface ConnEntry {
  readonly orig: Tuple
  readonly reply: Tuple
  /** The original destination was rewritten (DNAT). */
  readonly dnat: boolean
  /** The original source was rewritten (SNAT/MASQUERADE). */
  readonly snat: boolean
}

const same = (a: Tuple, b: Tuple): boolean =>
  a.proto === b.proto && a.src === b.src && a.sport === b.sport && a.dst === b.dst && a.dport === b.dport

/** `conntrack -L` style line. */
export function formatConn(c: ConnEntry): string {
  const t = (x: Tuple): string => `src=${formatIpv4(x.src)} dst=${formatIpv4(x.dst)} sport=${x.sport} dport=${x.dport}`
  const proto = c.orig.proto === 'tcp' ? 'tcp      6' : c.orig.proto === 'udp' ? 'udp      17' : 'icmp     1'
  return `${proto} ${t(c.orig)} ${t(c.reply)}`
}

export class ConntrackTables {
  private readonly byNode = new Map<string, ConnEntry[]>()

  entries(node: string): readonly ConnEntry[] {
    return this.byNode.get(node) ?? []
  }

  add(node: string, e: ConnEntry): void {
    const list = this.byNode.get(node)
    if (list) list.push(e)
    else this.byNode.set(node, [e])
  }

  /** The entry this packet belongs to, and in which direction. */
  find(node: string, t: Tuple): { entry: ConnEntry; dir: 'orig' | 'reply' } | null {
    for (const e of this.entries(node)) {
      if (same(e.orig, t)) return { entry: e, dir: 'orig' }
      if (same(e.reply, t)) return { entry: e, dir: 'reply' }
    }
    return null
  }
}
