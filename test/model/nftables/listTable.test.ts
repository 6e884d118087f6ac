/** The kernel's printed forms the listing reproduces (each checked with nft 1.0.6, see test/kernel/nftLoad.test.ts). */
import { describe, expect, it } from 'vitest'
import { priorityText, timeText } from '../../../src/model/nftables/listTable.js'
import { ruleText } from '../../../src/model/nftables/ruleText.js'
import type { NftRule } from '../../../src/model/nftables/types.js'

describe('priorities by name where nft names them', () => {
  it.each([
    ['prerouting', -110, 'dstnat - 10'], ['output', -110, '-110'], ['output', -100, '-100'], ['prerouting', -100, 'dstnat'],
    ['postrouting', 100, 'srcnat'], ['input', 0, 'filter'], ['forward', 5, 'filter + 5'], ['output', -300, 'raw'], ['input', 200, '200'],
  ] as const)('%s %i → %s', (hook, priority, text) => {
    expect(priorityText({ type: 'filter', hook, priority })).toBe(text)
  })
})

describe('timeouts in nft units', () => {
  it.each([[10800, '3h'], [60, '1m'], [90061, '1d1h1m1s'], [86400, '1d'], [0, '0s']] as const)('%is → %s', (s, text) => {
    expect(timeText(s)).toBe(text)
  })
})

describe('anonymous sets', () => {
  const rule = (items: string[]): NftRule => ({
    matches: [{ kind: 'addr', field: 'saddr', negate: true, value: { kind: 'anon', items } }], action: { kind: 'verdict', verdict: { kind: 'drop' } },
  })
  it('kube-proxy writes braces and " , "; the kernel drops the braces of a single item', () => {
    expect(ruleText(rule(['203.0.113.0/25']), 'ip', 'input')).toBe('ip saddr != { 203.0.113.0/25 } drop')
    expect(ruleText(rule(['203.0.113.0/25']), 'ip', 'list')).toBe('ip saddr != 203.0.113.0/25 drop')
    expect(ruleText(rule(['10.0.0.0/8', '1.2.3.4']), 'ip', 'input')).toBe('ip saddr != { 10.0.0.0/8 , 1.2.3.4 } drop')
    expect(ruleText(rule(['192.168.49.100/32']), 'ip', 'list')).toBe('ip saddr != 192.168.49.100 drop')
    expect(ruleText(rule(['192.168.49.100/32', '10.0.0.0/8']), 'ip', 'list')).toBe('ip saddr != { 10.0.0.0/8, 192.168.49.100 } drop')
  })
  it('interval sets are merged and sorted, address-only sets just sorted', () => {
    expect(ruleText(rule(['1.2.3.0/25', '1.2.3.128/25']), 'ip', 'list')).toBe('ip saddr != { 1.2.3.0/24 } drop')
    expect(ruleText(rule(['1.2.3.0/25', '1.2.3.128/26']), 'ip', 'list')).toBe('ip saddr != { 1.2.3.0-1.2.3.191 } drop')
    expect(ruleText(rule(['10.0.0.0/8', '5.6.7.9', '5.6.7.8']), 'ip', 'list')).toBe('ip saddr != { 5.6.7.8/31, 10.0.0.0/8 } drop')
    expect(ruleText(rule(['1.2.3.9', '1.2.3.8', '9.9.9.9']), 'ip', 'list')).toBe('ip saddr != { 1.2.3.8, 1.2.3.9, 9.9.9.9 } drop')
  })
  it('marks are printed in full width by the kernel', () => {
    const r: NftRule = { matches: [{ kind: 'mark-clear', mark: 0x4000 }], action: { kind: 'verdict', verdict: { kind: 'return' } } }
    expect(ruleText(r, 'ip', 'input')).toBe('mark and 0x4000 == 0 return')
    expect(ruleText(r, 'ip', 'list')).toBe('meta mark & 0x00004000 == 0x00000000 return')
  })
})
