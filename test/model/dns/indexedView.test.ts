/**
 * CoreDNS's view looks Services and their slices up by name (clusterDns.ts) instead of
 * filtering 10,000 of each per query: every answer must be the one the filters give.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { byName, clusterDns } from '../../../src/model/dns/clusterDns.js'
import { kubernetesAnswer } from '../../../src/model/dns/kubernetesPlugin.js'
import type { DnsEndpointSlice, DnsService, DnsView, KubernetesPluginConfig } from '../../../src/model/dns/types.js'
import { seeded } from '../../../src/engine/trace/trace.js'
import { loadModel } from '../../../src/model/derive/buildModel.js'
import { generateCluster } from '../../../bench/generate.js'

const topologies = new URL('../../../topologies/', import.meta.url)
const texts: [string, string][] = [
  ...readdirSync(topologies).filter((f) => f.endsWith('.yaml')).map((f): [string, string] => [f, readFileSync(new URL(f, topologies), 'utf8')]),
  ['generated', generateCluster(6, 40, { nodePortEvery: 3 })],
]
const TYPES = ['A', 'AAAA', 'SRV', 'CNAME', 'PTR', 'NS'] as const

/** The same view without its lookups: the plugin filters the lists. */
const filtered = (v: DnsView): DnsView => ({ namespaceExists: v.namespaceExists, services: v.services, slices: v.slices, get pods() { return v.pods }, serial: v.serial })

describe('CoreDNS\'s view by name', () => {
  it('answers every query as the filtered view does', () => {
    let asked = 0
    let found = 0
    for (const [file, text] of texts) {
      const r = loadModel(file, text)
      if (!r.ok) continue
      const dns = clusterDns(r.model)
      const k = dns.kubernetes
      if (!k) continue
      const slow = filtered(dns.view)
      const zone = k.zones.find((z) => !z.endsWith('.arpa.')) ?? 'cluster.local.'
      const names = new Set<string>([`nothere.default.svc.${zone}`, `svc.${zone}`, zone])
      for (const s of dns.view.services) {
        const base = `${s.name}.${s.namespace}.svc.${zone}`
        names.add(base).add(base.toUpperCase()).add(`${s.name}.${s.namespace.toUpperCase()}.svc.${zone}`)
        for (const p of s.ports) if (p.name) names.add(`_${p.name}._${p.protocol.toLowerCase()}.${base}`)
        names.add(`x.${base}`)
      }
      for (const sl of dns.view.slices) for (const a of sl.addresses) names.add(`${a.ip.replace(/\./g, '-')}.${sl.service}.${sl.namespace}.svc.${zone}`)
      for (const name of names) {
        for (const type of TYPES) {
          const want = kubernetesAnswer(slow, k, name, type)
          expect(kubernetesAnswer(dns.view, k, name, type), `${file} ${name} ${type}`).toEqual(want)
          asked++
          if (want?.answer.length) found++
        }
      }
    }
    expect(asked).toBeGreaterThan(1000)
    expect(found).toBeGreaterThan(200)
  })

  it('answers as the filtered view does for random views: mixed-case names, a name twice, several slices per Service', () => {
    const rand = seeded(9)
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
    const NS = ['default', 'Default', 'team-1', 'TEAM-1', 'kube-system']
    const NAMES = ['web', 'Web', 'db', 'api', 'API']
    const cfg: KubernetesPluginConfig = { zones: ['cluster.local.', 'in-addr.arpa.'], namespaces: [], pods: 'insecure', ttl: 5, ignoreEmptyService: false, fallthrough: [], endpointPodNames: false, localIPs: ['10.0.0.10'] }
    let asked = 0
    let found = 0
    for (let round = 0; round < 60; round++) {
      const services: DnsService[] = []
      const slices: DnsEndpointSlice[] = []
      for (let i = 0; i < 12; i++) {
        const namespace = pick(NS)
        const name = pick(NAMES)
        const headless = rand() < 0.3
        services.push({ namespace, name, type: 'ClusterIP', clusterIPs: headless ? ['None'] : [`10.96.0.${i + 1}`], externalName: null, ports: [{ name: 'http', protocol: 'TCP', port: 80 }] })
        for (let k = 0; k < Math.floor(rand() * 4); k++) {
          slices.push({ namespace, service: name, ports: [{ name: 'http', protocol: 'TCP', port: 8000 + k }], addresses: [{ ip: `10.244.${i}.${k + 2}`, hostname: rand() < 0.5 ? `h${k}` : null, ready: rand() < 0.8, podName: `p${k}` }] })
        }
      }
      const slow: DnsView = { namespaceExists: () => true, services, slices, pods: [], serial: 1 }
      const fast: DnsView = { ...slow, ...byName(services, slices) }
      for (const ns of NS) {
        for (const name of NAMES) {
          for (const q of [`${name}.${ns}.svc.cluster.local.`, `_http._tcp.${name}.${ns}.svc.cluster.local.`, `h1.${name}.${ns}.svc.cluster.local.`]) {
            for (const type of ['A', 'SRV'] as const) {
              const want = kubernetesAnswer(slow, cfg, q, type)
              expect(kubernetesAnswer(fast, cfg, q, type), `${round} ${q} ${type}`).toEqual(want)
              asked++
              if (want?.answer.length) found++
            }
          }
        }
      }
    }
    expect(asked).toBeGreaterThan(5000)
    expect(found).toBeGreaterThan(1000)
  })
})
