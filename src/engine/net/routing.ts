/**
 * `ip route get` for one netns: the local table first (an address of this netns is delivered
 * locally), then the main table by longest prefix and lowest metric; the source address is the
 * route's `src`, else the outgoing device's first address (inet_select_addr).
 */
import { cidrContains } from '../../model/addr/ipv4.js'
import { formatIpRoute } from '../../model/show/iproute2.js'
import type { NetnsState, RouteEntry } from '../../model/node/types.js'
import { isLocalTo } from './world.js'

export interface RouteDecision {
  readonly local: boolean
  readonly route: RouteEntry | null
  readonly dev: string
  /** Next hop: the gateway, or the destination itself when on-link. */
  readonly nexthop: number
  readonly src: number
  /** Line of `ip route` that matched (1-based), 0 for the local table. */
  readonly line: number
  readonly text: string
}

/**
 * Decisions per netns state and destination: a node's main table holds a route per other node
 * (1,000 at 1,000 nodes), and every trace asks the same few destinations again. The states are
 * immutable (a new model derives new ones), so a decision never goes stale.
 */
const decisions = new WeakMap<NetnsState, Map<number, RouteDecision | null>>()

export function routeGet(ns: NetnsState, dst: number): RouteDecision | null {
  let perNs = decisions.get(ns)
  if (!perNs) decisions.set(ns, (perNs = new Map()))
  let d = perNs.get(dst)
  if (d === undefined) {
    if (perNs.size >= 4096) perNs.clear()
    perNs.set(dst, (d = decide(ns, dst)))
  }
  return d
}

function decide(ns: NetnsState, dst: number): RouteDecision | null {
  if (isLocalTo(ns, dst)) {
    const dev = (dst >>> 24) === 127 ? 'lo' : ns.devices.find((d) => d.addresses.some((a) => a.ip === dst))?.name ?? 'lo'
    return { local: true, route: null, dev, nexthop: dst, src: dst, line: 0, text: `local ${[24, 16, 8, 0].map((s) => (dst >>> s) & 255).join('.')} dev ${dev} table local` }
  }
  let best: RouteEntry | null = null
  let bestIndex = -1
  ns.routes.forEach((r, i) => {
    const len = r.dst ? r.dst.prefixLength : 0
    if (r.dst && !cidrContains(r.dst, dst)) return
    if (!best) { best = r; bestIndex = i; return }
    const bestLen = best.dst ? best.dst.prefixLength : 0
    if (len > bestLen || (len === bestLen && (r.metric ?? 0) < (best.metric ?? 0))) { best = r; bestIndex = i }
  })
  if (!best) return null
  const r: RouteEntry = best
  const dev = ns.devices.find((d) => d.name === r.dev)
  const src = r.src ?? dev?.addresses[0]?.ip ?? 0
  return { local: false, route: r, dev: r.dev, nexthop: r.via ?? dst, src, line: bestIndex + 1, text: formatIpRoute([r]).trimEnd() }
}
