/**
 * Which endpoint a proxy (Envoy for a Gateway) opens its own connection to: pinned with `--pick`
 * (an IP, IP:port or pod name), the only one, or drawn from the trace's seeded generator — and
 * the draw recorded as a choice, like kube-proxy's.
 */
import { formatIpv4 } from '../../model/addr/ipv4.js'
import type { World } from '../net/world.js'
import type { WalkEnv } from '../packet/walker.js'

export interface Upstream { readonly index: number; readonly label: string }

export function pickUpstream(w: World, env: WalkEnv, pick: string | undefined, at: string, eps: readonly { readonly ip: number; readonly port: number }[]): Upstream {
  const labels = eps.map((e) => `${formatIpv4(e.ip)}:${e.port}`)
  const pinned = pick ? labels.findIndex((l, i) => l === pick || l.split(':')[0] === pick || w.podAt(eps[i]!.ip)?.name === pick) : -1
  const index = pinned >= 0 ? pinned : Math.min(eps.length - 1, Math.floor(env.rng() * eps.length))
  env.choices.push({
    at, picked: labels[index]!, how: pinned >= 0 ? 'pinned' : labels.length === 1 ? 'only' : 'seeded', phase: 'connection',
    alternatives: labels.map((l) => ({ label: l, chain: '', probability: Number((1 / labels.length).toFixed(6)) })),
  })
  return { index, label: labels[index]! }
}
