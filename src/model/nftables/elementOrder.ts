/**
 * The order in which `nft list` prints set and map elements. nft sorts them before printing
 * (src/mergesort.c): a single value by its number; a concatenation by its bytes, each part
 * exported in its own byte order (addresses and ports big-endian, the protocol one byte),
 * then read back as one host-endian (little-endian on x86 and arm64) number — so the LAST
 * byte weighs most. That is why `1.2.3.4 . tcp . 80` lists before `172.30.0.41 . tcp . 80`.
 * Checked against the kernel by test/kernel/nftLoad.test.ts.
 */
import { isIpv4, parseIpv4 } from '../addr/ipv4.js'
import type { NftElement, NftKeyType } from './types.js'

const PROTO_NUMBERS: Record<string, number> = { tcp: 6, udp: 17, sctp: 132 }

function partBytes(type: NftKeyType, text: string): number[] {
  switch (type) {
    case 'ipv4_addr': {
      const v = isIpv4(text) ? parseIpv4(text) : 0
      return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]
    }
    case 'inet_proto': return [PROTO_NUMBERS[text] ?? Number(text) & 255]
    case 'inet_service': { const p = Number(text); return [(p >>> 8) & 255, p & 255] }
    case 'ipv6_addr': return []
  }
}

/** Bytes in significance order (most significant first), for a lexicographic compare. */
function sortBytes(types: readonly NftKeyType[], key: readonly string[]): number[] {
  const bytes = types.flatMap((t, i) => partBytes(t, key[i] ?? ''))
  return types.length > 1 ? bytes.reverse() : bytes
}

/** Sort bytes per element: elements are shared between the nodes that hold them. */
const keys = new WeakMap<NftElement, number[]>()

export function listedElementOrder(types: readonly NftKeyType[], elements: readonly NftElement[]): NftElement[] {
  const keyed = elements.map((e) => {
    let b = keys.get(e)
    if (!b) keys.set(e, (b = sortBytes(types, e.key)))
    return { e, b }
  })
  keyed.sort((x, y) => {
    for (let i = 0; i < x.b.length; i++) if (x.b[i] !== y.b[i]) return x.b[i]! - y.b[i]!
    return 0
  })
  return keyed.map((k) => k.e)
}
