/**
 * A node's shared chains from the model's layout (portLayout.ts): the run of every port's parts,
 * cut into stretches around the node's own ports, must hold the same Rules and text, in the same
 * order, as writing each port's fragment in turn (what a full sync writes), whatever the node's
 * ports change: a part in another chain, more rules, none, or a chain only they write to.
 */
import { describe, expect, it } from 'vitest'
import { seeded } from '../../../src/engine/trace/trace.js'
import { appendPart, type ChainPart } from '../../../src/model/netfilter/composedChain.js'
import type { Rule } from '../../../src/model/netfilter/types.js'
import { appendPortParts, layoutOf, type PortFragment, type PortSegment } from '../../../src/model/kubeproxy/portLayout.js'

const segment = (chain: string, lines: string[]): PortSegment => {
  const rules: Rule[] = lines.map((l) => ({ chain, matches: [], saveText: l }))
  return { table: 'nat', chain, own: false, count: lines.length, text: lines.join('\n'), rules: () => rules }
}

/** Port i's fragment: a rule in KUBE-SERVICES, every third one a rule in KUBE-NODEPORTS too. */
const clusterWide = (i: number): PortFragment => ({
  natChains: [],
  segments: [segment('KUBE-SERVICES', [`-A KUBE-SERVICES svc ${i}`]), ...(i % 3 === 0 ? [segment('KUBE-NODEPORTS', [`-A KUBE-NODEPORTS np ${i}`])] : [])],
})

/** A node's own fragment for port i, of one of four shapes. */
function own(i: number, shape: number): PortFragment {
  switch (shape) {
    case 0: return { natChains: [], segments: [] }
    case 1: return { natChains: [], segments: [segment('KUBE-SERVICES', [`-A KUBE-SERVICES local ${i}`, `-A KUBE-SERVICES local2 ${i}`])] }
    case 2: return { natChains: [], segments: [segment('KUBE-NODEPORTS', [`-A KUBE-NODEPORTS local ${i}`])] }
    default: return { natChains: [], segments: [segment('KUBE-EXT-ONLY', [`-A KUBE-EXT-ONLY local ${i}`]), segment('KUBE-SERVICES', [])] }
  }
}

/**
 * Per chain: the text as a save gathers it (appendPart: a run gives its parts' texts before its
 * own is joined), then the Rules' lines and the text, as ComposedChain reads its parts.
 */
function read(lists: Map<string, ChainPart[]>): Record<string, { saved: string; lines: string[]; text: string }> {
  const out: Record<string, { saved: string; lines: string[]; text: string }> = {}
  for (const [chain, parts] of lists) {
    const pieces: string[] = []
    for (const p of parts) if (p.count) appendPart(pieces, p)
    const saved = pieces.join('\n')
    out[chain] = { saved, lines: parts.flatMap((p) => p.rules().map((r) => r.saveText!)), text: parts.filter((p) => p.count).map((p) => p.text).join('\n') }
  }
  return out
}

describe('a node\'s shared chains from the layout', () => {
  it('hold what writing every port\'s fragment in turn holds, with the node\'s own ports cut in', () => {
    const rand = seeded(9)
    const n = 60
    const frags = Array.from({ length: n }, (_, i) => clusterWide(i))
    const layout = layoutOf(frags, () => true)
    for (let round = 0; round < 40; round++) {
      // 0 to 5 ports of the node's own, at the ends too.
      const picked = new Set<number>()
      const count = Math.floor(rand() * 6)
      for (let c = 0; c < count; c++) picked.add(round % 7 === 0 && c === 0 ? (rand() < 0.5 ? 0 : n - 1) : Math.floor(rand() * n))
      const specific = [...picked].sort((a, b) => a - b).map((i) => [i, own(i, Math.floor(rand() * 4))] as const)
      const byLayout = new Map<string, ChainPart[]>()
      const listOf = (_t: 'filter' | 'nat', chain: string): ChainPart[] => { let l = byLayout.get(chain); if (!l) byLayout.set(chain, (l = [])); return l }
      appendPortParts(layout, specific, listOf)
      const naive = new Map<string, ChainPart[]>()
      const mine = new Map(specific)
      for (let i = 0; i < n; i++) {
        for (const s of (mine.get(i) ?? frags[i]!).segments) {
          let l = naive.get(s.chain)
          if (!l) naive.set(s.chain, (l = []))
          l.push(s)
        }
      }
      // The layout's lists may hold a chain no port wrote a rule to here (empty): compare what is in them.
      const a = read(byLayout)
      const b = read(naive)
      for (const chain of new Set([...Object.keys(a), ...Object.keys(b)])) {
        expect(a[chain] ?? { saved: '', lines: [], text: '' }, `round ${round} ${chain} ${JSON.stringify(specific.map(([i]) => i))}`).toEqual(b[chain] ?? { saved: '', lines: [], text: '' })
      }
      // Cut into stretches: a few parts per chain, not one per port.
      expect(byLayout.get('KUBE-SERVICES')!.length).toBeLessThanOrEqual(2 * specific.length + 1)
    }
  })
})
