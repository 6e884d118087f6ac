import { describe, expect, it } from 'vitest'
import { DEFAULT_COREFILE } from '../../../src/model/derive/addons.js'
import { clusterDns } from '../../../src/model/dns/clusterDns.js'
import { coreDnsSettings, parseCorefile } from '../../../src/model/dns/corefile.js'
import { kubernetesAnswer } from '../../../src/model/dns/kubernetesPlugin.js'
import { formatRecord } from '../../../src/model/dns/types.js'
import { loadBuiltin } from '../../support/topologies.js'

describe('Corefile', () => {
  it('reads the kubeadm default: zones, pods insecure, reverse fallthrough, ttl 30, forward, cache', () => {
    const s = coreDnsSettings(DEFAULT_COREFILE('cluster.local'))
    expect(s.problems).toEqual([])
    expect(s.kubernetes).toEqual({
      zones: ['cluster.local.', 'in-addr.arpa.', 'ip6.arpa.'], namespaces: [], pods: 'insecure', ttl: 30,
      ignoreEmptyService: false, fallthrough: ['in-addr.arpa.', 'ip6.arpa.'], endpointPodNames: false,
    })
    expect(s.forward).toEqual({ to: ['/etc/resolv.conf'] })
    expect(s.cacheSeconds).toBe(30)
  })

  it('reads the options the plugin honours, and comments', () => {
    const s = coreDnsSettings(`# custom
.:53 {
    kubernetes example.org {   # zone
       pods verified
       namespaces default prod
       ignore empty_service
       endpoint_pod_names
       fallthrough
       ttl 7
    }
    forward . 1.1.1.1 8.8.8.8
}
`)
    expect(s.kubernetes).toEqual({
      zones: ['example.org.'], namespaces: ['default', 'prod'], pods: 'verified', ttl: 7,
      ignoreEmptyService: true, fallthrough: ['.'], endpointPodNames: true,
    })
    expect(s.forward).toEqual({ to: ['1.1.1.1', '8.8.8.8'] })
  })

  it('reports bad values and unclosed blocks with their line', () => {
    const s = coreDnsSettings('.:53 {\n  kubernetes cluster.local {\n    pods sometimes\n    ttl 9000\n  }\n')
    expect(s.problems).toEqual([
      { line: 1, message: 'server block is not closed with "}"' },
      { line: 3, message: 'pods "sometimes" is not disabled, insecure or verified' },
      { line: 4, message: 'ttl "9000" is not 0-3600' },
    ])
    expect(parseCorefile('cluster.local:5353 {\n whoami\n}\n').servers).toEqual([
      { zones: ['cluster.local.'], port: 5353, plugins: [{ name: 'whoami', args: [], block: [], line: 2 }] },
    ])
  })
})

describe('CoreDNS on a built-in cluster', () => {
  const model = loadBuiltin('two-node-flannel-vxlan')
  const dns = clusterDns(model)
  const ask = (name: string, type: 'A' | 'SRV' | 'PTR' | 'CNAME') => kubernetesAnswer(dns.view, dns.kubernetes!, name, type)

  it('answers a Service with its ClusterIP, with kubeadm TTL 30', () => {
    const a = ask('web.default.svc.cluster.local.', 'A')!
    expect(a.rcode).toBe('NOERROR')
    const web = model.services.find((s) => s.name === 'web')!
    expect(a.answer.map(formatRecord)).toEqual([`web.default.svc.cluster.local. 30 IN A ${[24, 16, 8, 0].map((b) => ((web.clusterIP as number) >>> b) & 255).join('.')}`])
  })

  it('gives NXDOMAIN with the SOA for a misspelled name, and serves StatefulSet pod names', () => {
    const a = ask('wbe.default.svc.cluster.local.', 'A')!
    expect(a.rcode).toBe('NXDOMAIN')
    expect(a.ns.map(formatRecord)).toEqual(['cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 30'])
    expect(ask('db-0.db.default.svc.cluster.local.', 'A')!.answer).toHaveLength(1)
  })

  it('hands ExternalName targets outside the zone to the next plugin, and reverse misses to fallthrough', () => {
    const a = ask('docs.default.svc.cluster.local.', 'A')!
    expect(a.answer.map(formatRecord)).toEqual(['docs.default.svc.cluster.local. 30 IN CNAME docs.example.com.'])
    expect(a.chase).toBe('docs.example.com.')
    expect(ask('9.9.9.9.in-addr.arpa.', 'PTR')).toBeNull()
    expect(ask('www.example.com.', 'A')).toBeNull()
  })

  it('knows its own addresses: the CoreDNS pods', () => {
    expect(dns.kubernetes!.localIPs).toEqual(model.pods.filter((p) => p.addon === 'coredns').map((p) => [24, 16, 8, 0].map((b) => (p.ip! >>> b) & 255).join('.')))
    expect(dns.kubernetes!.localIPs).toHaveLength(2)
  })
})
