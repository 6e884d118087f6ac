import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/runCli.js'
import { fakeIo } from '../support/fakeIo.js'

describe('kube-netlab trace', () => {
  it('prints the hop table, the exchange and the result', () => {
    const f = fakeIo()
    expect(runCli(['trace', 'two-node-flannel-vxlan', '--from', 'external/laptop', '--to', '192.168.49.2:30080', '--pick', '10.244.1.3'], f.io)).toBe(0)
    const out = f.stdout()
    expect(out).toMatch(/^trace external\/laptop → 192\.168\.49\.2:30080 \(tcp\)/)
    expect(out).toContain('First packet (SYN):')
    expect(out).toContain('Reply (SYN-ACK), back through conntrack:')
    expect(out).toMatch(/nat POSTROUTING\s+10\.244\.0\.0:\d+ → 10\.244\.1\.3:8080/)
    expect(out).toContain('vxlan-encap')
    expect(out).toContain('Result: DELIVERED')
    expect(out).toMatch(/Server sees the client as 10\.244\.0\.0:\d+/)
  })

  it('gives the Trace as JSON with the documented fields', () => {
    const f = fakeIo()
    expect(runCli(['trace', 'two-node-flannel-vxlan', '--from', 'pod/default/client', '--to', 'web:80', '--json'], f.io)).toBe(0)
    const t = JSON.parse(f.stdout()) as Record<string, unknown>
    for (const k of ['result', 'deliveredTo', 'serverSees', 'dns', 'hops', 'reply', 'choices', 'rulesWalked']) expect(t).toHaveProperty(k)
    expect(t['result']).toBe('delivered')
    expect((t['dns'] as { name: string }[])[0]!.name).toBe('web.default.svc.cluster.local.')
  })

  it('exits 0 with the outcome for refused and NXDOMAIN traces', () => {
    const f = fakeIo()
    expect(runCli(['trace', 'two-node-flannel-vxlan', '--from', 'pod/default/client', '--to', 'orphan:80'], f.io)).toBe(0)
    expect(f.stdout()).toContain('Result: REFUSED')
    const g = fakeIo()
    expect(runCli(['trace', 'two-node-flannel-vxlan', '--from', 'pod/default/client', '--to', 'wbe:80'], g.io)).toBe(0)
    expect(g.stdout()).toContain('Result: NXDOMAIN')
  })

  it('explains bad requests and exits 1 or 2, never with a stack trace', () => {
    const cases: [string[], number, string][] = [
      [['--from', 'pod/default/nope', '--to', 'web:80'], 1, 'error: no pod default/nope'],
      [['--from', 'pod/default/client', '--to', 'web:http'], 1, 'error: port "http" is not a number'],
      [['--from', 'pod/default/client', '--to', 'web:80', '--proto', 'sctp'], 1, '--proto must be tcp or udp'],
      [['--from', 'pod/default/client'], 2, 'trace needs --from and --to'],
      [['--from', 'pod/default/client', '--to', 'web:80', '--bogus'], 2, 'unknown option --bogus'],
    ]
    for (const [args, code, message] of cases) {
      const f = fakeIo()
      expect(runCli(['trace', 'two-node-flannel-vxlan', ...args], f.io)).toBe(code)
      expect(f.stderr()).toContain(message)
      expect(f.stderr()).not.toMatch(/\n\s+at /)
    }
  })

  it('--help gives the scenarios as copy-paste examples', () => {
    const f = fakeIo()
    expect(runCli(['trace', '--help'], f.io)).toBe(0)
    expect(f.stdout()).toContain('kube-netlab trace two-node-flannel-vxlan --from external/laptop --to 192.168.49.2:30081')
  })
})

describe('kube-netlab dig', () => {
  it('walks the search list and prints each query like dig', () => {
    const f = fakeIo()
    expect(runCli(['dig', 'two-node-flannel-vxlan', '--from', 'pod/default/client', 'www.example.com'], f.io)).toBe(0)
    const out = f.stdout()
    const questions = [...out.matchAll(/^;(\S+)\t\tIN\tA$/gm)].map((m) => m[1])
    expect(questions).toEqual(['www.example.com.default.svc.cluster.local.', 'www.example.com.svc.cluster.local.', 'www.example.com.cluster.local.', 'www.example.com.'])
    expect(out).toContain('www.example.com. 300 IN A 192.168.49.200')
    expect(out).toContain('status: NXDOMAIN')
  })

  it('answers SRV and PTR, and JSON lists the queries', () => {
    const f = fakeIo()
    expect(runCli(['dig', 'two-node-flannel-vxlan', '--from', 'pod/default/client', '10.244.0.4', 'PTR', '--json'], f.io)).toBe(0)
    const d = JSON.parse(f.stdout()) as { queries: { name: string; answer: string[] }[] }
    expect(d.queries.at(-1)!.answer).toEqual(['4.0.244.10.in-addr.arpa. 30 IN PTR db-0.db.default.svc.cluster.local.'])
    const g = fakeIo()
    expect(runCli(['dig', 'two-node-flannel-vxlan', '--from', 'pod/default/client', 'db', 'SRV'], g.io)).toBe(0)
    expect(g.stdout()).toContain('db.default.svc.cluster.local. 30 IN SRV 0 100 5432 db-0.db.default.svc.cluster.local.')
  })

  it('rejects an unknown type', () => {
    const f = fakeIo()
    expect(runCli(['dig', 'two-node-flannel-vxlan', '--from', 'pod/default/client', 'web', 'BOGUS'], f.io)).toBe(1)
    expect(f.stderr()).toContain('query type "BOGUS" is not one of A, AAAA, SRV, PTR, CNAME, NS, SOA, TXT, MX, ANY')
  })
})

describe('kube-netlab verify (arguments)', () => {
  it('names the cases when asked for one that does not exist', async () => {
    const f = fakeIo()
    expect(await runCli(['verify', 'two-node-flannel-vxlan', '--case', 'nope'], f.io)).toBe(1)
    expect(f.stderr()).toContain('error: no case named nope')
    expect(f.stderr()).toContain('hint: cases are pod-to-pod-same-node, pod-to-pod-other-node, clusterip')
  })
  it('rejects unknown arguments', async () => {
    const f = fakeIo()
    expect(await runCli(['verify', 'two-node-flannel-vxlan', '--bogus'], f.io)).toBe(2)
  })
})
