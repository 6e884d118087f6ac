/**
 * Fragments' lines are joined in batches (fragmentLines.ts): each chain's text is the same as
 * its lines joined one by one, whether it is read while its batch is still open (a what-if
 * writing a few ports) or after many batches were joined (a first node at 1,000 Services).
 */
import { describe, expect, it } from 'vitest'
import { FragmentLines, type ChainLines } from '../../../src/model/kubeproxy/fragmentLines.js'
import { RuleBuilder } from '../../../src/model/kubeproxy/ruleBuilder.js'

class Lines implements ChainLines {
  count = 0
  text: string | null = null
  joined(text: string): void { this.text = text }
}

/** A fragment of `chains` chains with rules written in an interleaved order, and each chain's expected text. */
function writeFragment(out: FragmentLines, f: number, chains: number): { lines: Lines[]; expected: string[] } {
  const lines = Array.from({ length: chains }, () => new Lines())
  const expected: string[][] = lines.map(() => [])
  for (let r = 0; r < 3 * chains; r++) {
    const k = (r * 7) % chains
    const chain = `KUBE-SEP-${String(f).padStart(8, '0')}${String(k).padStart(8, '0')}`
    const b = RuleBuilder.of(chain, 'text').src(`10.${f % 250}.${k}.${r % 250}`).proto('tcp').dport(1000 + r).jump('KUBE-MARK-MASQ')
    expected[k]!.push(new RuleBuilder(chain, 'rule').src(`10.${f % 250}.${k}.${r % 250}`).proto('tcp').dport(1000 + r).jump('KUBE-MARK-MASQ').line)
    out.add(lines[k]!, k, b)
  }
  out.finish(lines)
  return { lines, expected: expected.map((l) => l.join('\n')) }
}

describe('FragmentLines', () => {
  it('gives each chain its lines, read before its batch is full', () => {
    const out = new FragmentLines()
    const { lines, expected } = writeFragment(out, 1, 3)
    expect(lines.map((l) => l.text)).toEqual([null, null, null])
    out.flush()
    expect(lines.map((l) => l.text)).toEqual(expected)
    expect(lines.map((l) => l.count)).toEqual([3, 3, 3])
  })

  it('gives every chain of thousands of fragments its lines across many batches', () => {
    const out = new FragmentLines()
    const all = Array.from({ length: 3000 }, (_, f) => writeFragment(out, f, 1 + (f % 5)))
    out.flush()
    for (const { lines, expected } of all) expect(lines.map((l) => l.text)).toEqual(expected)
  })
})
