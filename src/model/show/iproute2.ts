/**
 * iproute2 6.1 text formats, exactly: `ip -br addr`, `ip route`, `ip neigh`, `bridge fdb show`
 * (including their trailing spaces). Reference: ../shared/design/cni-dataplane.md §1.
 */
import { formatCidr, formatIpv4 } from '../addr/ipv4.js'
import { linkLocalFromMac } from '../addr/mac.js'
import type { FdbEntry, NeighEntry, NetDevice, RouteEntry } from '../node/types.js'

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length))

export function deviceLabel(d: NetDevice): string {
  return d.peerIfindex !== undefined ? `${d.name}@if${d.peerIfindex}` : d.name
}

export function formatIpBrAddr(devices: readonly NetDevice[]): string {
  return devices
    .map((d) => {
      const v4 = d.addresses.map((a) => `${formatIpv4(a.ip)}/${a.prefixLength} `).join('')
      const v6 = d.kind === 'loopback' ? '::1/128 ' : `${linkLocalFromMac(d.mac)} `
      return `${pad(deviceLabel(d), 16)} ${pad(d.state, 14)} ${v4}${v6}\n`
    })
    .join('')
}

export function formatRoute(r: RouteEntry): string {
  let s = r.dst === null ? 'default' : formatCidr(r.dst)
  if (r.via !== undefined) s += ` via ${formatIpv4(r.via)}`
  s += ` dev ${r.dev}`
  if (r.proto) s += ` proto ${r.proto}`
  if (r.scope) s += ` scope ${r.scope}`
  if (r.src !== undefined) s += ` src ${formatIpv4(r.src)}`
  if (r.metric) s += ` metric ${r.metric}`
  if (r.onlink) s += ' onlink'
  return `${s} `
}

export function formatIpRoute(routes: readonly RouteEntry[]): string {
  return routes.map((r) => `${formatRoute(r)}\n`).join('')
}

export function formatIpNeigh(neighbors: readonly NeighEntry[]): string {
  return neighbors.map((n) => `${formatIpv4(n.ip)} dev ${n.dev} lladdr ${n.lladdr} ${n.state} \n`).join('')
}

export function formatBridgeFdb(fdb: readonly FdbEntry[]): string {
  return fdb
    .map((e) => {
      let s = `${e.mac} dev ${e.dev}`
      if (e.dst !== undefined) s += ` dst ${formatIpv4(e.dst)}`
      if (e.master) s += ` master ${e.master}`
      if (e.self) s += ' self'
      if (e.permanent) s += ' permanent'
      else s += ' '
      return `${s}\n`
    })
    .join('')
}

export function formatSysctl(sysctls: readonly (readonly [string, string])[]): string {
  return sysctls.map(([k, v]) => `${k} = ${v}\n`).join('')
}
