/**
 * Upstream CoreDNS kubernetes-plugin test expectations (vectors.json): each case's cluster and
 * plugin settings loaded into the lab's DNS view must answer with the listed rcode and the same
 * answer, authority and additional sections (compared sorted, as CoreDNS's harness does).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { kubernetesAnswer } from '../../../src/model/dns/kubernetesPlugin.js'
import type { DnsView, KubernetesPluginConfig, PodsMode, QType } from '../../../src/model/dns/types.js'
import { formatRecord } from '../../../src/model/dns/types.js'

interface VectorCase {
  id: string
  config: { zones: string[]; namespaces_option: string[]; pods: PodsMode; ttl: number; ignore_empty_service: boolean; fallthrough: string[] }
  qname: string
  qtype: QType
  rcode: string
  answer: string[]
  ns: string[]
  extra: string[]
}

interface VectorFile {
  cluster: {
    services: { name: string; namespace: string; type: 'ClusterIP' | 'ExternalName'; clusterIPs: string[]; externalName?: string; ports: { name: string; protocol: string; port: number }[] }[]
    endpoints: { namespace: string; service: string; addresses: { ip: string; hostname?: string; ready: boolean }[]; ports: { name: string; protocol: string; port: number }[] }[]
    pods: { namespace: string; name: string; ip: string }[]
  }
  cases: VectorCase[]
}

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/conformance/coredns/vectors.json', import.meta.url), 'utf8')) as VectorFile

// The upstream mock reports every namespace as existing except these two (see the vector notes).
const ABSENT = new Set(['pod-nons', 'nsnoexist'])

const view: DnsView = {
  namespaceExists: (n) => !ABSENT.has(n),
  services: vectors.cluster.services.map((s) => ({
    namespace: s.namespace, name: s.name, type: s.type, clusterIPs: s.clusterIPs, externalName: s.externalName ?? null, ports: s.ports,
  })),
  slices: vectors.cluster.endpoints.map((e) => ({
    namespace: e.namespace, service: e.service, ports: e.ports,
    addresses: e.addresses.map((a) => ({ ip: a.ip, hostname: a.hostname ?? null, ready: a.ready, podName: null })),
  })),
  pods: vectors.cluster.pods,
  serial: 3,
}

function configOf(c: VectorCase): KubernetesPluginConfig {
  return {
    zones: c.config.zones.map((z) => z.toLowerCase()), namespaces: c.config.namespaces_option, pods: c.config.pods, ttl: c.config.ttl,
    ignoreEmptyService: c.config.ignore_empty_service, fallthrough: c.config.fallthrough, endpointPodNames: false, localIPs: ['172.0.0.100'],
  }
}

const sorted = (list: readonly string[]): string[] => [...list].sort()

describe('CoreDNS kubernetes plugin conformance vectors', () => {
  it('has the vectors', () => {
    expect(vectors.cases.length).toBeGreaterThanOrEqual(20)
  })
  it.each(vectors.cases.map((c) => [`${c.id} ${c.qname} ${c.qtype}`, c] as const))('%s', (_n, c) => {
    const a = kubernetesAnswer(view, configOf(c), c.qname, c.qtype)
    expect(a).not.toBeNull()
    expect(a!.rcode).toBe(c.rcode)
    expect(sorted(a!.answer.map(formatRecord))).toEqual(sorted(c.answer))
    expect(sorted(a!.ns.map(formatRecord))).toEqual(sorted(c.ns))
    expect(sorted(a!.extra.map(formatRecord))).toEqual(sorted(c.extra))
  })
})
