/**
 * The scenarios of the packet-engine issue, each asserting the full hop sequence of the first
 * packet and of the reply, the result, who got it, the source address the server saw, and the
 * DNS names asked in order. The subtle expectations follow the kernel (see the design notes):
 * MASQUERADE picks the egress device's address (flannel.1 under VXLAN, eth0 under host-gw, the
 * bridge for hairpin), eTP Local without a local endpoint is DROP (timeout), no endpoints is
 * REJECT (refused), and a reply is translated by conntrack without walking nat rules.
 */
import { describe, expect, it } from 'vitest'
import { decisionText, renderMessage as en } from '../../src/i18n/render.js'
import { trace } from '../../src/engine/trace/trace.js'
import type { Hop } from '../../src/engine/trace/types.js'
import { loadBuiltin } from '../support/topologies.js'

interface Scenario {
  name: string
  topology: string
  from: string
  to: string
  pick?: string
  result: string
  deliveredTo: string | null
  serverSees: string | null
  hops: string[]
  reply: string[]
  dnsNames: string[]
}

const where = (h: Hop): string =>
  h.place.kind === 'pod' ? h.place.pod.split('/')[1]! : h.place.kind === 'node' ? h.place.node : h.place.kind === 'external' ? h.place.client : 'wire'
const label = (h: Hop): string => `${where(h)} ${h.hook ?? h.kind}`

const SCENARIOS: Scenario[] = [
  {
    name: "same-pod localhost", topology: "course-examples", from: "pod/default/podnet-01/ubuntu", to: "localhost:80",
    result: "delivered", deliveredTo: "default/podnet-01", serverSees: "127.0.0.1",
    hops: ["podnet-01 loopback", "podnet-01 deliver"],
    reply: ["podnet-01 loopback", "podnet-01 deliver"],
    dnsNames: [],
  },
  {
    name: "pod to pod on one node", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "10.244.0.3:8080",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-2q7h8", serverSees: "10.244.0.5",
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 filter FORWARD", "node1 nat POSTROUTING", "web-mpg2nfmm6z-2q7h8 veth", "web-mpg2nfmm6z-2q7h8 deliver"],
    reply: ["web-mpg2nfmm6z-2q7h8 route", "web-mpg2nfmm6z-2q7h8 veth", "node1 conntrack (PREROUTING)", "node1 bridge", "node1 filter FORWARD", "client veth", "client deliver"],
    dnsNames: [],
  },
  {
    name: "pod to pod across nodes (VXLAN)", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "10.244.1.3:8080",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-bzjrc", serverSees: "10.244.0.5",
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 vxlan-encap", "node1 underlay", "wire underlay", "node2 vxlan-decap", "node2 nat PREROUTING", "node2 route", "node2 filter FORWARD", "node2 nat POSTROUTING", "node2 bridge", "web-mpg2nfmm6z-bzjrc veth", "web-mpg2nfmm6z-bzjrc deliver"],
    reply: ["web-mpg2nfmm6z-bzjrc route", "web-mpg2nfmm6z-bzjrc veth", "node2 conntrack (PREROUTING)", "node2 bridge", "node2 route", "node2 filter FORWARD", "node2 vxlan-encap", "node2 underlay", "wire underlay", "node1 vxlan-decap", "node1 conntrack (PREROUTING)", "node1 route", "node1 filter FORWARD", "node1 bridge", "client veth", "client deliver"],
    dnsNames: [],
  },
  {
    name: "pod to pod across nodes (host-gw)", topology: "two-node-flannel-host-gw", from: "pod/default/client", to: "10.244.1.3:8080",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-bzjrc", serverSees: "10.244.0.5",
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 underlay", "wire underlay", "node2 nat PREROUTING", "node2 route", "node2 filter FORWARD", "node2 nat POSTROUTING", "node2 bridge", "web-mpg2nfmm6z-bzjrc veth", "web-mpg2nfmm6z-bzjrc deliver"],
    reply: ["web-mpg2nfmm6z-bzjrc route", "web-mpg2nfmm6z-bzjrc veth", "node2 conntrack (PREROUTING)", "node2 bridge", "node2 route", "node2 filter FORWARD", "node2 underlay", "wire underlay", "node1 conntrack (PREROUTING)", "node1 route", "node1 filter FORWARD", "node1 bridge", "client veth", "client deliver"],
    dnsNames: [],
  },
  {
    name: "ClusterIP, backend on the same node", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "10.106.112.147:80", pick: "10.244.0.3",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-2q7h8", serverSees: "10.244.0.5",
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 bridge", "node1 filter FORWARD", "node1 nat POSTROUTING", "web-mpg2nfmm6z-2q7h8 veth", "web-mpg2nfmm6z-2q7h8 deliver"],
    reply: ["web-mpg2nfmm6z-2q7h8 route", "web-mpg2nfmm6z-2q7h8 veth", "node1 conntrack (PREROUTING)", "node1 bridge", "node1 filter FORWARD", "node1 conntrack (POSTROUTING)", "client veth", "client deliver"],
    dnsNames: [],
  },
  {
    name: "ClusterIP, backend on the other node", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "10.106.112.147:80", pick: "10.244.1.3",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-bzjrc", serverSees: "10.244.0.5",
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 vxlan-encap", "node1 underlay", "wire underlay", "node2 vxlan-decap", "node2 nat PREROUTING", "node2 route", "node2 filter FORWARD", "node2 nat POSTROUTING", "node2 bridge", "web-mpg2nfmm6z-bzjrc veth", "web-mpg2nfmm6z-bzjrc deliver"],
    reply: ["web-mpg2nfmm6z-bzjrc route", "web-mpg2nfmm6z-bzjrc veth", "node2 conntrack (PREROUTING)", "node2 bridge", "node2 route", "node2 filter FORWARD", "node2 vxlan-encap", "node2 underlay", "wire underlay", "node1 vxlan-decap", "node1 conntrack (PREROUTING)", "node1 route", "node1 filter FORWARD", "node1 conntrack (POSTROUTING)", "node1 bridge", "client veth", "client deliver"],
    dnsNames: [],
  },
  {
    name: "hairpin", topology: "two-node-flannel-vxlan", from: "pod/default/web-mpg2nfmm6z-2q7h8", to: "10.106.112.147:80", pick: "10.244.0.3",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-2q7h8", serverSees: "10.244.0.1",
    hops: ["web-mpg2nfmm6z-2q7h8 route", "web-mpg2nfmm6z-2q7h8 veth", "node1 nat PREROUTING", "node1 bridge", "node1 bridge", "node1 filter FORWARD", "node1 nat POSTROUTING", "web-mpg2nfmm6z-2q7h8 veth", "web-mpg2nfmm6z-2q7h8 deliver"],
    reply: ["web-mpg2nfmm6z-2q7h8 route", "web-mpg2nfmm6z-2q7h8 veth", "node1 conntrack (PREROUTING)", "node1 bridge", "node1 route", "node1 filter FORWARD", "node1 conntrack (POSTROUTING)", "node1 bridge", "web-mpg2nfmm6z-2q7h8 veth", "web-mpg2nfmm6z-2q7h8 deliver"],
    dnsNames: [],
  },
  {
    name: "Service without endpoints", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "orphan:80",
    result: "refused", deliveredTo: null, serverSees: null,
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 route", "node1 filter FORWARD"],
    reply: [],
    dnsNames: ["orphan.default.svc.cluster.local."],
  },
  {
    name: "short name", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "web:80", pick: "10.244.1.3",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-bzjrc", serverSees: "10.244.0.5",
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 vxlan-encap", "node1 underlay", "wire underlay", "node2 vxlan-decap", "node2 nat PREROUTING", "node2 route", "node2 filter FORWARD", "node2 nat POSTROUTING", "node2 bridge", "web-mpg2nfmm6z-bzjrc veth", "web-mpg2nfmm6z-bzjrc deliver"],
    reply: ["web-mpg2nfmm6z-bzjrc route", "web-mpg2nfmm6z-bzjrc veth", "node2 conntrack (PREROUTING)", "node2 bridge", "node2 route", "node2 filter FORWARD", "node2 vxlan-encap", "node2 underlay", "wire underlay", "node1 vxlan-decap", "node1 conntrack (PREROUTING)", "node1 route", "node1 filter FORWARD", "node1 conntrack (POSTROUTING)", "node1 bridge", "client veth", "client deliver"],
    dnsNames: ["web.default.svc.cluster.local."],
  },
  {
    name: "name.ns", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "web.default:80", pick: "10.244.1.3",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-bzjrc", serverSees: "10.244.0.5",
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 vxlan-encap", "node1 underlay", "wire underlay", "node2 vxlan-decap", "node2 nat PREROUTING", "node2 route", "node2 filter FORWARD", "node2 nat POSTROUTING", "node2 bridge", "web-mpg2nfmm6z-bzjrc veth", "web-mpg2nfmm6z-bzjrc deliver"],
    reply: ["web-mpg2nfmm6z-bzjrc route", "web-mpg2nfmm6z-bzjrc veth", "node2 conntrack (PREROUTING)", "node2 bridge", "node2 route", "node2 filter FORWARD", "node2 vxlan-encap", "node2 underlay", "wire underlay", "node1 vxlan-decap", "node1 conntrack (PREROUTING)", "node1 route", "node1 filter FORWARD", "node1 conntrack (POSTROUTING)", "node1 bridge", "client veth", "client deliver"],
    dnsNames: ["web.default.default.svc.cluster.local.", "web.default.svc.cluster.local."],
  },
  {
    name: "FQDN", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "web.default.svc.cluster.local:80", pick: "10.244.1.3",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-bzjrc", serverSees: "10.244.0.5",
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 vxlan-encap", "node1 underlay", "wire underlay", "node2 vxlan-decap", "node2 nat PREROUTING", "node2 route", "node2 filter FORWARD", "node2 nat POSTROUTING", "node2 bridge", "web-mpg2nfmm6z-bzjrc veth", "web-mpg2nfmm6z-bzjrc deliver"],
    reply: ["web-mpg2nfmm6z-bzjrc route", "web-mpg2nfmm6z-bzjrc veth", "node2 conntrack (PREROUTING)", "node2 bridge", "node2 route", "node2 filter FORWARD", "node2 vxlan-encap", "node2 underlay", "wire underlay", "node1 vxlan-decap", "node1 conntrack (PREROUTING)", "node1 route", "node1 filter FORWARD", "node1 conntrack (POSTROUTING)", "node1 bridge", "client veth", "client deliver"],
    dnsNames: ["web.default.svc.cluster.local.default.svc.cluster.local.", "web.default.svc.cluster.local.svc.cluster.local.", "web.default.svc.cluster.local.cluster.local.", "web.default.svc.cluster.local."],
  },
  {
    name: "misspelled", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "wbe:80",
    result: "nxdomain", deliveredTo: null, serverSees: null,
    hops: [],
    reply: [],
    dnsNames: ["wbe.default.svc.cluster.local.", "wbe.svc.cluster.local.", "wbe.cluster.local.", "wbe."],
  },
  {
    name: "outside name", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "www.example.com:80",
    result: "delivered", deliveredTo: null, serverSees: "192.168.49.2",
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 underlay", "wire underlay", "example-web deliver"],
    reply: ["example-web route", "example-web underlay", "wire underlay", "node1 conntrack (PREROUTING)", "node1 route", "node1 filter FORWARD", "node1 bridge", "client veth", "client deliver"],
    dnsNames: ["www.example.com.default.svc.cluster.local.", "www.example.com.svc.cluster.local.", "www.example.com.cluster.local.", "www.example.com."],
  },
  {
    name: "NodePort eTP Cluster (VXLAN)", topology: "two-node-flannel-vxlan", from: "external/laptop", to: "192.168.49.2:30080", pick: "10.244.1.3",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-bzjrc", serverSees: "10.244.0.0",
    hops: ["laptop route", "laptop underlay", "wire underlay", "node1 nat PREROUTING", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 vxlan-encap", "node1 underlay", "wire underlay", "node2 vxlan-decap", "node2 nat PREROUTING", "node2 route", "node2 filter FORWARD", "node2 nat POSTROUTING", "node2 bridge", "web-mpg2nfmm6z-bzjrc veth", "web-mpg2nfmm6z-bzjrc deliver"],
    reply: ["web-mpg2nfmm6z-bzjrc route", "web-mpg2nfmm6z-bzjrc veth", "node2 conntrack (PREROUTING)", "node2 bridge", "node2 route", "node2 filter FORWARD", "node2 vxlan-encap", "node2 underlay", "wire underlay", "node1 vxlan-decap", "node1 conntrack (PREROUTING)", "node1 route", "node1 filter FORWARD", "node1 conntrack (POSTROUTING)", "node1 underlay", "wire underlay", "laptop deliver"],
    dnsNames: [],
  },
  {
    name: "NodePort eTP Cluster (host-gw)", topology: "two-node-flannel-host-gw", from: "external/laptop", to: "192.168.49.2:30080", pick: "10.244.1.3",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-bzjrc", serverSees: "192.168.49.2",
    hops: ["laptop route", "laptop underlay", "wire underlay", "node1 nat PREROUTING", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 underlay", "wire underlay", "node2 nat PREROUTING", "node2 route", "node2 filter FORWARD", "node2 nat POSTROUTING", "node2 bridge", "web-mpg2nfmm6z-bzjrc veth", "web-mpg2nfmm6z-bzjrc deliver"],
    reply: ["web-mpg2nfmm6z-bzjrc route", "web-mpg2nfmm6z-bzjrc veth", "node2 conntrack (PREROUTING)", "node2 bridge", "node2 route", "node2 filter FORWARD", "node2 underlay", "wire underlay", "node1 conntrack (PREROUTING)", "node1 route", "node1 filter FORWARD", "node1 conntrack (POSTROUTING)", "node1 underlay", "wire underlay", "laptop deliver"],
    dnsNames: [],
  },
  {
    name: "NodePort eTP Local without local endpoint", topology: "two-node-flannel-vxlan", from: "external/laptop", to: "192.168.49.2:30081",
    result: "timeout", deliveredTo: null, serverSees: null,
    hops: ["laptop route", "laptop underlay", "wire underlay", "node1 nat PREROUTING", "node1 route", "node1 filter INPUT"],
    reply: [],
    dnsNames: [],
  },
  {
    name: "NodePort eTP Local with local endpoint", topology: "two-node-flannel-vxlan", from: "external/laptop", to: "192.168.49.3:30081",
    result: "delivered", deliveredTo: "default/echo-29jgx86g5d-fkrzp", serverSees: "192.168.49.100",
    hops: ["laptop route", "laptop underlay", "wire underlay", "node2 nat PREROUTING", "node2 route", "node2 filter FORWARD", "node2 nat POSTROUTING", "node2 bridge", "echo-29jgx86g5d-fkrzp veth", "echo-29jgx86g5d-fkrzp deliver"],
    reply: ["echo-29jgx86g5d-fkrzp route", "echo-29jgx86g5d-fkrzp veth", "node2 conntrack (PREROUTING)", "node2 bridge", "node2 route", "node2 filter FORWARD", "node2 conntrack (POSTROUTING)", "node2 underlay", "wire underlay", "laptop deliver"],
    dnsNames: [],
  },
  {
    name: "LoadBalancer IP", topology: "two-node-flannel-vxlan", from: "external/laptop", to: "192.168.49.240:80", pick: "10.244.1.3",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-bzjrc", serverSees: "10.244.0.0",
    hops: ["laptop route", "laptop underlay", "wire underlay", "node1 nat PREROUTING", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 vxlan-encap", "node1 underlay", "wire underlay", "node2 vxlan-decap", "node2 nat PREROUTING", "node2 route", "node2 filter FORWARD", "node2 nat POSTROUTING", "node2 bridge", "web-mpg2nfmm6z-bzjrc veth", "web-mpg2nfmm6z-bzjrc deliver"],
    reply: ["web-mpg2nfmm6z-bzjrc route", "web-mpg2nfmm6z-bzjrc veth", "node2 conntrack (PREROUTING)", "node2 bridge", "node2 route", "node2 filter FORWARD", "node2 vxlan-encap", "node2 underlay", "wire underlay", "node1 vxlan-decap", "node1 conntrack (PREROUTING)", "node1 route", "node1 filter FORWARD", "node1 conntrack (POSTROUTING)", "node1 underlay", "wire underlay", "laptop deliver"],
    dnsNames: [],
  },
  {
    name: "node to ClusterIP", topology: "two-node-flannel-vxlan", from: "node/node2", to: "10.106.112.147:80", pick: "10.244.0.3",
    result: "delivered", deliveredTo: "default/web-mpg2nfmm6z-2q7h8", serverSees: "10.244.1.0",
    hops: ["node2 route", "node2 nat OUTPUT", "node2 filter OUTPUT", "node2 route", "node2 nat POSTROUTING", "node2 vxlan-encap", "node2 underlay", "wire underlay", "node1 vxlan-decap", "node1 nat PREROUTING", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 bridge", "web-mpg2nfmm6z-2q7h8 veth", "web-mpg2nfmm6z-2q7h8 deliver"],
    reply: ["web-mpg2nfmm6z-2q7h8 route", "web-mpg2nfmm6z-2q7h8 veth", "node1 conntrack (PREROUTING)", "node1 bridge", "node1 route", "node1 filter FORWARD", "node1 vxlan-encap", "node1 underlay", "wire underlay", "node2 vxlan-decap", "node2 conntrack (PREROUTING)", "node2 route", "node2 filter INPUT", "node2 conntrack (INPUT)", "node2 deliver"],
    dnsNames: [],
  },
  {
    name: "ExternalName", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "docs:80",
    result: "delivered", deliveredTo: null, serverSees: "192.168.49.2",
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 underlay", "wire underlay", "example-web deliver"],
    reply: ["example-web route", "example-web underlay", "wire underlay", "node1 conntrack (PREROUTING)", "node1 route", "node1 filter FORWARD", "node1 bridge", "client veth", "client deliver"],
    dnsNames: ["docs.default.svc.cluster.local."],
  },
  {
    name: "headless (and a NetworkPolicy flannel does not enforce)", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "db:5432",
    result: "delivered", deliveredTo: "default/db-0", serverSees: "10.244.0.5",
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 NetworkPolicy ingress", "db-0 veth", "db-0 deliver"],
    reply: ["db-0 route", "db-0 veth", "node1 conntrack (PREROUTING)", "node1 bridge", "node1 filter FORWARD", "client veth", "client deliver"],
    dnsNames: ["db.default.svc.cluster.local."],
  },
  {
    name: "port nobody listens on", topology: "two-node-flannel-vxlan", from: "pod/default/client", to: "10.244.1.3:9999",
    result: "refused", deliveredTo: null, serverSees: null,
    hops: ["client route", "client veth", "node1 nat PREROUTING", "node1 bridge", "node1 route", "node1 filter FORWARD", "node1 nat POSTROUTING", "node1 vxlan-encap", "node1 underlay", "wire underlay", "node2 vxlan-decap", "node2 nat PREROUTING", "node2 route", "node2 filter FORWARD", "node2 nat POSTROUTING", "node2 bridge", "web-mpg2nfmm6z-bzjrc veth", "web-mpg2nfmm6z-bzjrc rst"],
    reply: [],
    dnsNames: [],
  },]

const models = new Map<string, ReturnType<typeof loadBuiltin>>()
const modelOf = (t: string) => {
  let m = models.get(t)
  if (!m) models.set(t, (m = loadBuiltin(t)))
  return m
}

describe('packet engine scenarios', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_n, s) => {
    const r = trace(modelOf(s.topology), { from: s.from, to: s.to, ...(s.pick ? { pick: s.pick } : {}) })
    if (!r.ok) throw new Error(en(r.error))
    const t = r.trace
    expect(t.result).toBe(s.result)
    expect(t.deliveredTo?.pod ?? t.deliveredTo?.node ?? null).toBe(s.deliveredTo)
    expect(t.serverSees?.ip ?? null).toBe(s.serverSees)
    expect(t.hops.map(label)).toEqual(s.hops)
    expect((t.reply?.hops ?? []).map(label)).toEqual(s.reply)
    expect([...new Set(t.dns.map((q) => q.name))]).toEqual(s.dnsNames)
    // Every hop says why, and every netfilter hop names the rules that decided it.
    for (const h of [...t.hops, ...(t.reply?.hops ?? [])]) {
      expect(en(h.explanation).length).toBeGreaterThan(10)
      if (h.hook?.startsWith('nat ') || h.hook?.startsWith('filter ')) expect(h.rulesWalked).toBeGreaterThanOrEqual(0)
    }
  })
})

describe('Ingress and NetworkPolicy', () => {
  it('outside → Ingress host/path → Service → pod: the controller proxies straight to an endpoint', () => {
    const r = trace(modelOf('course-examples'), { from: 'external/student-pc', to: 'http://192.168.10.11:32486/another' })
    if (!r.ok) throw new Error(en(r.error))
    const t = r.trace
    expect(t.result).toBe('delivered')
    expect(t.hops.at(-1)!.place).toMatchObject({ kind: 'pod', pod: expect.stringMatching(/^ingress-nginx\/ingress-nginx-controller-/) })
    expect(decisionText(t.ingress!.decision)).toBe('Ingress default/course-ingress: host * path /another (Prefix) → nginx-nodeport:80 — the longest matching prefix')
    expect(t.ingress!.status).toBe(200)
    expect(t.deliveredTo).toMatchObject({ pod: 'default/podnet-02', ip: '10.233.117.155', port: 80 })
    // ingress-nginx connects from its own pod IP to the endpoint: no Service DNAT on that leg.
    const controllerIp = t.hops.at(-1)!.after.dst
    expect(t.serverSees!.ip).toBe(controllerIp)
    expect(t.ingress!.upstream!.hops.some((h) => h.decidedBy.some((d) => d.text.includes('-j DNAT')))).toBe(false)
  })

  it('/anotherx is not under the /another prefix: it falls to /', () => {
    const r = trace(modelOf('course-examples'), { from: 'external/student-pc', to: 'http://192.168.10.11:32486/anotherx' })
    if (!r.ok) throw new Error(en(r.error))
    expect(decisionText(r.trace.ingress!.decision)).toContain('path / (Prefix) → t-service:80')
  })

  it.each([
    ['pod/default/client', 'db:5432', 'timeout', 'NetworkPolicy default/db-allow-web selects default/db-0 for ingress, and no rule allows 10.244.0.5 port 5432/tcp'],
    ['pod/default/web-mpg2nfmm6z-2q7h8', 'db:5432', 'delivered', 'NetworkPolicy default/db-allow-web ingress rule 1 allows 10.244.0.3 port 5432/tcp'],
    ['pod/default/client', 'www.example.com:80', 'timeout', 'NetworkPolicy default/client-egress selects default/client for egress, and no rule allows 192.168.49.200 port 80/tcp'],
  ])('enforced (Canal): %s → %s is %s', (from, to, result, reason) => {
    const r = trace(modelOf('two-node-canal-policy'), { from, to })
    if (!r.ok) throw new Error(en(r.error))
    expect(r.trace.result).toBe(result)
    const policyHops = r.trace.hops.filter((h) => h.hook?.startsWith('NetworkPolicy'))
    expect(policyHops.map((h) => decisionText(h.decidedBy[0]!))).toContain(reason)
    if (result === 'timeout') expect(r.trace.hops.at(-1)!.kind).toBe('drop')
  })

  it('flannel alone does not enforce NetworkPolicy: the hop says what would be denied, and the packet goes on', () => {
    const r = trace(modelOf('two-node-flannel-vxlan'), { from: 'pod/default/client', to: 'db:5432' })
    if (!r.ok) throw new Error(en(r.error))
    expect(r.trace.result).toBe('delivered')
    const note = r.trace.hops.find((h) => h.hook === 'NetworkPolicy ingress')!
    expect(note.kind).toBe('policy')
    expect(en(note.explanation)).toContain('flannel does not enforce NetworkPolicy')
  })
})

describe('NodeLocal DNSCache (two-node-flannel-host-gw)', () => {
  it('NOTRACK keeps the query from kube-proxy: node-local-dns answers, forwarding cluster names to CoreDNS over TCP', () => {
    const r = trace(modelOf('two-node-flannel-host-gw'), { from: 'pod/default/client', to: 'web:80' })
    if (!r.ok) throw new Error(en(r.error))
    const q = r.trace.dns[0]!
    const steps = q.hops.map(label)
    expect(steps.slice(0, 7)).toEqual(['client route', 'client veth', 'node1 raw PREROUTING', 'node1 bridge', 'node1 route', 'node1 filter INPUT', 'node1 deliver'])
    expect(steps.filter((x) => x.endsWith('nat PREROUTING') || x.endsWith('nat OUTPUT'))).toEqual(['node1 nat OUTPUT', 'node2 nat PREROUTING'])
    expect(q.hops.at(-1)!.after.proto).toBe('tcp')
    expect(en(q.server!)).toMatch(/^kube-system\/node-local-dns-\w+ → kube-system\/coredns-/)
    expect(q.answers).toEqual(['web.default.svc.cluster.local. 30 IN A 10.106.112.147'])
  })

  it('outside names never reach CoreDNS', () => {
    const r = trace(modelOf('two-node-flannel-host-gw'), { from: 'pod/default/client', to: 'www.example.com:80' })
    if (!r.ok) throw new Error(en(r.error))
    const last = r.trace.dns.at(-2)!
    expect(last.name).toBe('www.example.com.')
    expect(en(last.answeredBy)).toMatch(/node-local-dns-\w+ \(cache miss\) → forward → upstream DNS 192\.168\.49\.1$/)
    expect(r.trace.result).toBe('delivered')
  })
})

describe('TTL', () => {
  it('a forwarding node drops a packet whose TTL runs out and says so', async () => {
    const { worldOf } = await import('../../src/engine/net/world.js')
    const { ConntrackTables } = await import('../../src/engine/net/conntrack.js')
    const { runPacket } = await import('../../src/engine/packet/packetMachine.js')
    const { startWalk } = await import('../../src/engine/packet/walker.js')
    const model = modelOf('two-node-flannel-vxlan')
    const w = worldOf(model)
    const client = w.pod('default/client')!
    const env = { world: w, conntrack: new ConntrackTables(), choices: [], rng: () => 0.5 }
    const walk = runPacket(env, startWalk(w.podNetns(client), { src: client.ip!, dst: 0x0af40103, sport: 40000, dport: 8080, proto: 'tcp', ttl: 1, mark: 0, flags: 'SYN' }))
    expect(walk.stage).toMatchObject({ k: 'end', outcome: 'ttl-exceeded' })
    expect(walk.hops.at(-1)!.kind).toBe('ttl-exceeded')
    expect(en(walk.hops.at(-1)!.explanation)).toContain('time exceeded')
  })
})

describe('TTL at the backend (observed in the kernel lab with -m ttl counters in the pod)', () => {
  it.each([
    ['10.244.0.3', 64, 'same node: bridged DNAT, no routing, no decrement'],
    ['10.244.1.3', 62, 'other node: routed by node1 and node2'],
  ])('ClusterIP to %s arrives with TTL %i (%s)', (pick, ttl) => {
    const r = trace(modelOf('two-node-flannel-vxlan'), { from: 'pod/default/client', to: '10.106.112.147:80', pick })
    if (!r.ok) throw new Error(en(r.error))
    expect(r.trace.hops.at(-1)!.after.ttl).toBe(ttl)
  })
})

describe('what the server sees after NAT', () => {
  it('NodePort under VXLAN: MASQUERADE picks flannel.1 address of the entry node; the reply is un-NATed there', () => {
    const r = trace(modelOf('two-node-flannel-vxlan'), { from: 'external/laptop', to: '192.168.49.2:30080', pick: '10.244.1.3' })
    if (!r.ok) throw new Error(en(r.error))
    const masq = r.trace.hops.find((h) => h.hook === 'nat POSTROUTING' && h.after.src !== h.before.src)!
    expect(masq.device).toBe('flannel.1')
    expect(masq.decidedBy.at(-1)!.text).toContain('-j MASQUERADE')
    expect(masq.decidedBy.at(-1)!.view).toBe('node/node1 iptables')
    const last = r.trace.reply!.hops.at(-1)!
    expect(`${last.after.src}:${last.after.sport}`).toBe('192.168.49.2:30080')
  })

  it('points every iptables decision at the line show prints', async () => {
    const { showNode } = await import('../../src/model/show/views.js')
    const model = modelOf('two-node-flannel-vxlan')
    const r = trace(model, { from: 'pod/default/client', to: '10.106.112.147:80', pick: '10.244.1.3' })
    if (!r.ok) throw new Error(en(r.error))
    const shown = showNode(model, 'node1', 'iptables')
    if (!shown.ok) throw new Error(shown.error)
    const lines = shown.text.split('\n')
    const decisions = r.trace.hops.flatMap((h) => h.decidedBy).filter((d) => d.what === 'iptables' && d.view === 'node/node1 iptables')
    expect(decisions.length).toBeGreaterThan(3)
    for (const d of decisions) expect(lines[d.line - 1]).toBe(d.text)
  })

  it('lists the endpoint choice with its probabilities, honours --pick and is reproducible per seed', () => {
    const model = modelOf('two-node-flannel-vxlan')
    const pinned = trace(model, { from: 'pod/default/client', to: '10.106.112.147:80', pick: 'web-mpg2nfmm6z-2q7h8' })
    if (!pinned.ok) throw new Error(en(pinned.error))
    const c = pinned.trace.choices.find((x) => x.at.includes('KUBE-SVC'))!
    expect(c.how).toBe('pinned')
    expect(c.picked).toBe('10.244.0.3:8080')
    expect(c.alternatives.map((a) => [a.label, a.probability])).toEqual([['10.244.0.3:8080', 0.5], ['10.244.1.3:8080', 0.5]])
    const seen = new Set<string>()
    for (let seed = 1; seed <= 12; seed++) {
      const a = trace(model, { from: 'pod/default/client', to: '10.106.112.147:80', seed })
      const b = trace(model, { from: 'pod/default/client', to: '10.106.112.147:80', seed })
      if (!a.ok || !b.ok) throw new Error('trace failed')
      expect(a.trace.deliveredTo).toEqual(b.trace.deliveredTo)
      seen.add(a.trace.deliveredTo!.ip)
    }
    expect([...seen].sort()).toEqual(['10.244.0.3', '10.244.1.3'])
  })

  it('lets the caller pin the CoreDNS replica the DNS queries reach', () => {
    const model = modelOf('two-node-flannel-vxlan')
    for (const replica of model.pods.filter((p) => p.addon === 'coredns')) {
      const r = trace(model, { from: 'pod/default/client', to: 'web:80', pickDns: replica.name })
      if (!r.ok) throw new Error(en(r.error))
      expect(new Set(r.trace.dns.map((q) => q.server && en(q.server)))).toEqual(new Set([`kube-system/${replica.name}`]))
      expect(r.trace.choices.filter((c) => c.at.includes('KUBE-SVC-TCOU7JCQXEZGVUNU')).every((c) => c.how === 'pinned')).toBe(true)
    }
  })
})

describe('bad requests', () => {
  const model = () => modelOf('two-node-flannel-vxlan')
  it.each([
    ['pod/default/nope', 'web:80', 'no pod default/nope'],
    ['pod/default', 'web:80', 'no pod default/default'],
    ['vm/x', 'web:80', '"vm/x" is not a source'],
    ['node/node9', 'web:80', 'no node named "node9"'],
    ['pod/default/client', 'web', '"web" has no port'],
    ['pod/default/client', 'web:http', 'port "http" is not a number'],
    ['pod/default/client', 'web:70000', 'port 70000 is outside 1-65535'],
    ['pod/default/client', 'ftp://web/x', 'only http:// URLs are traced (got ftp)'],
    ['pod/default/client', 'http://we b/', '"we b" is not a host name'],
    ['pod/default/client', 'bad_host!:80', 'is neither an IPv4 address nor a DNS name'],
  ])('%s → %s', (from, to, message) => {
    const r = trace(model(), { from, to })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(en(r.error)).toContain(message)
  })
})
