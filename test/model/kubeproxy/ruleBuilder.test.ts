/**
 * The generator writes each rule's arguments and its structured form together (ruleBuilder).
 * Parsing the arguments must give exactly the structured rule and its iptables-save line, for
 * every kind of rule kube-proxy writes: here over the upstream vectors, every built-in topology
 * node, and a synthetic input that turns on every branch (affinity, source ranges, external IPs, traffic policies, localhost
 * NodePorts with nfacct, masqueradeAll, no endpoints, the large-cluster mode).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { RestoreInput } from '../../../src/model/kubeproxy/types.js'
import { syncProxyRules } from '../../../src/model/kubeproxy/syncProxyRules.js'
import { RuleBuilder } from '../../../src/model/kubeproxy/ruleBuilder.js'
import { formatSaveRule } from '../../../src/model/netfilter/formatSave.js'
import { mustParseRule } from '../../../src/model/netfilter/parseRule.js'
import { proxyInputFor } from '../../../src/model/node/proxyInput.js'
import { type KubeProxyVector, proxyInputFromVector } from '../../support/conformanceInput.js'
import { everyBranch } from '../../support/kubeProxyInputs.js'
import { BUILTIN_TOPOLOGIES, loadBuiltin } from '../../support/topologies.js'

function expectBuiltEqualsParsed(out: RestoreInput): number {
  const all = [...out.filter.rules, ...out.nat.rules]
  for (const r of all) {
    const { saveText, ...built } = r.rule
    const parsed = mustParseRule(r.tokens)
    expect(built, r.tokens.join(' ')).toEqual(parsed)
    if (saveText !== undefined) expect(saveText).toBe(formatSaveRule(parsed))
  }
  return all.length
}

const dir = new URL('../../fixtures/conformance/kube-proxy/', import.meta.url)
const vectors = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as KubeProxyVector)

describe('built rules equal their parsed arguments', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('upstream vector %s', (_n, v) => {
    expect(expectBuiltEqualsParsed(syncProxyRules(proxyInputFromVector(v)))).toBeGreaterThan(10)
  })

  it.each(BUILTIN_TOPOLOGIES)('every node of %s', (name) => {
    const model = loadBuiltin(name)
    for (const node of model.nodes) expectBuiltEqualsParsed(syncProxyRules(proxyInputFor(model, node, [node.ip])))
  })

  it.each([
    { masqueradeAll: false, largeCluster: false },
    { masqueradeAll: true, largeCluster: true },
  ])('every branch of the generator (%o)', (opts) => {
    const out = syncProxyRules(everyBranch(opts))
    const text = out.nat.rules.map((r) => r.tokens.join(' ')).join('\n')
    // The synthetic input really reaches the rare branches.
    for (const needle of ['--rcheck', '--set', 'KUBE-FW-', '--probability', 'nfacct', '! -s 10.244.0.0/16', 'addrtype --src-type LOCAL', '-s 192.168.0.0/16']) {
      if (needle === '! -s 10.244.0.0/16' && opts.masqueradeAll) continue
      expect(text).toContain(needle)
    }
    expect(out.filter.rules.map((r) => r.tokens.join(' ')).join('\n')).toMatch(/REJECT[\s\S]*health check node port|health check node port[\s\S]*REJECT/)
    expect(expectBuiltEqualsParsed(out)).toBeGreaterThan(40)
  })
})

describe('a comment given as two pieces', () => {
  it('prints in a text rule as the joined comment does in a built Rule (bare, quoted, escaped, empty)', () => {
    const pieces = ['', 'ns/svc:http', 'plain', 'with space', 'a"b', 'back\\slash', '-_09AZaz', ' cluster IP', 'é']
    for (const a of pieces) {
      for (const b of pieces) {
        const built = new RuleBuilder('KUBE-SERVICES', 'rule').comment(a + b).jump('ACCEPT').line
        const text = new RuleBuilder('KUBE-SERVICES', 'text').commentOf(a, b).jump('ACCEPT')
        const out: string[] = []
        text.appendTo(out, 0)
        expect(out.join(''), JSON.stringify([a, b])).toBe(built)
        expect(new RuleBuilder('KUBE-SERVICES', 'rule').commentOf(a, b).jump('ACCEPT').line).toBe(built)
      }
    }
  })
})

describe('pieces written together (savePieces.ts)', () => {
  it('give the line the arguments parse to, around every /32, -p, -m, --dport and KUBE-MARK-MASQ join', () => {
    const writers: ((b: RuleBuilder) => RuleBuilder)[] = [
      (b) => b.src('10.244.1.5').jump('KUBE-MARK-MASQ'),
      (b) => b.src('10.244.1.5').comment('ns/svc').jump('KUBE-MARK-MASQ'),
      (b) => b.src('10.244.0.0/16').jump('KUBE-MARK-MASQ'),
      (b) => b.src('10.244.1.5').jump('KUBE-SVC-AAAAAAAAAAAAAAAA'),
      (b) => b.src('10.244.1.5').countOnly(),
      (b) => b.src('10.244.1.5').dst('10.96.0.10').jump('KUBE-MARK-MASQ'),
      (b) => b.src('10.244.1.5').dst('10.96.0.10').proto('udp').dport(53).jump('KUBE-MARK-MASQ'),
      (b) => b.src('10.244.0.0/16', true).dst('10.96.0.10').proto('tcp').dport(443).jump('KUBE-MARK-MASQ'),
      (b) => b.dst('10.96.0.10').proto('sctp').jump('DROP'),
      (b) => b.dst('10.96.0.0/12').proto('tcp').dport(0).jump('ACCEPT'),
      (b) => b.commentOf('ns/svc:http', ' cluster IP').proto('tcp').dst('10.96.0.10').dport(65535).jump('KUBE-SVC-AAAAAAAAAAAAAAAA'),
      (b) => b.proto('tcp').dnat('10.244.1.5', 8080),
      (b) => b.proto('udp').dport(30053).dnat('10.244.1.5', 53),
      (b) => b.addrtype('dst', 'LOCAL').proto('tcp').dport(30080).jump('REJECT'),
      (b) => b.proto('tcp').recentSet('KUBE-SEP-AAAAAAAAAAAAAAAA').dnat('10.244.1.5', 1),
      (b) => b.dst('127.0.0.0/8').proto('tcp').dport(30080).nfacct('localhost_nps_accepted_pkts').jump('KUBE-EXT-AAAAAAAAAAAAAAAA'),
    ]
    for (const write of writers) {
      const args = write(new RuleBuilder('KUBE-SEP-AAAAAAAAAAAAAAAA', 'args')).kpRule()
      const expected = formatSaveRule(mustParseRule(args.tokens))
      const text = write(RuleBuilder.of('KUBE-SEP-AAAAAAAAAAAAAAAA', 'text'))
      const out: string[] = []
      text.appendTo(out, 0)
      expect(out.join(''), args.tokens.join(' ')).toBe(expected)
      const bare: string[] = ['-A ']
      write(RuleBuilder.of('KUBE-SEP-AAAAAAAAAAAAAAAA', 'text')).appendTo(bare, 1, false)
      expect(bare.join('')).toBe(expected)
      expect(write(new RuleBuilder('KUBE-SEP-AAAAAAAAAAAAAAAA', 'rule')).line).toBe(expected)
    }
  })
})
