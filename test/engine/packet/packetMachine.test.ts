/**
 * The packet machine's states are the kernel path's stages: driven with xstate's pure
 * `initialTransition`/`transition` (no actor, no DOM), its state after each STEP is the stage
 * the walk reached, each hop records the state it happened in, and netfilter hops carry their
 * hook and tables as data.
 */
import { describe, expect, it } from 'vitest'
import { initialTransition, transition } from 'xstate'
import { ConntrackTables } from '../../../src/engine/net/conntrack.js'
import { worldOf } from '../../../src/engine/net/world.js'
import { packetMachine } from '../../../src/engine/packet/packetMachine.js'
import { PACKET_STAGES, startWalk, type Pkt } from '../../../src/engine/packet/walker.js'
import { trace } from '../../../src/engine/trace/trace.js'
import type { Hop, Trace } from '../../../src/engine/trace/types.js'
import { renderMessage } from '../../../src/i18n/render.js'
import { loadBuiltin } from '../../support/topologies.js'

const vxlan = loadBuiltin('two-node-flannel-vxlan')

/** Drives one packet with the pure transition function; returns each state and the hops it recorded. */
function drive(from: string, pkt: Omit<Pkt, 'src' | 'mark' | 'ttl'> & { ttl?: number }) {
  const w = worldOf(vxlan)
  const client = w.pod(from)!
  const env = { world: w, conntrack: new ConntrackTables(), choices: [], rng: () => 0.25 }
  let [snap] = initialTransition(packetMachine, { env, walk: startWalk(w.podNetns(client), { src: client.ip!, mark: 0, ttl: 64, ...pkt }) })
  const visits: { state: string; hops: Hop[] }[] = []
  for (let i = 0; i < 100 && snap.status !== 'done'; i++) {
    const state = String(snap.value)
    const before = snap.context.walk.hops.length
    ;[snap] = transition(packetMachine, snap, { type: 'STEP' })
    visits.push({ state, hops: snap.context.walk.hops.slice(before) })
    // After every step the machine is in the stage the walk reached (or its outcome).
    const st = snap.context.walk.stage
    if (st.k !== 'end') expect(snap.value).toBe(st.k)
  }
  return { snap, visits }
}

describe('packet machine', () => {
  it('walks a pod-to-pod packet across VXLAN through the kernel stages in order', () => {
    const { snap, visits } = drive('default/client', { dst: 0x0af40103, sport: 40000, dport: 8080, proto: 'tcp', flags: 'SYN' })
    expect(snap.status).toBe('done')
    expect(snap.value).toBe('delivered')
    expect(visits.map((v) => v.state)).toEqual([
      'send', 'egress', // socket, route lookup; out of the pod's eth0 into the veth
      'prerouting', 'bridge', 'routing', 'forward', 'postrouting', // node1: br_netfilter PREROUTING, up from cni0, forwarded
      'egress', 'encapsulation', 'egress', 'wire', // flannel.1 wraps it; eth0 onto the node network
      'decapsulation', 'prerouting', 'routing', 'forward', 'postrouting', // node2 unwraps it and forwards to cni0
      'egress', 'bridge', 'egress', // into the bridge, FDB picks the port, out of the veth into the pod
      'routing', 'delivery', // the pod's own address: the socket
    ])
    // Every hop was recorded in the state the machine was in.
    for (const v of visits) for (const h of v.hops) expect(h.stage).toBe(v.state)
  })

  it('ends in its outcome state: refused, ttlExceeded', () => {
    const rst = drive('default/client', { dst: 0x0af40103, sport: 40000, dport: 9999, proto: 'tcp', flags: 'SYN' })
    expect(rst.snap.value).toBe('refused')
    const ttl = drive('default/client', { dst: 0x0af40103, sport: 40000, dport: 8080, proto: 'tcp', flags: 'SYN', ttl: 1 })
    expect(ttl.snap.value).toBe('ttlExceeded')
    expect(renderMessage(ttl.snap.context.walk.hops.at(-1)!.explanation)).toContain('time exceeded')
  })
})

const allHops = (t: Trace): Hop[] => [
  ...t.dns.flatMap((q) => q.hops), ...t.hops, ...(t.reply?.hops ?? []), ...(t.ingress?.upstream?.hops ?? []), ...(t.ingress?.upstream?.reply?.hops ?? []),
]

describe('hops carry their stage and, at a netfilter hook, the hook and tables', () => {
  it('ClusterIP to a pod on the other node: DNAT at PREROUTING (br_netfilter on cni0), FORWARD, POSTROUTING', () => {
    const r = trace(vxlan, { from: 'pod/default/client', to: '10.106.112.147:80', pick: '10.244.1.3' })
    if (!r.ok) throw new Error('trace failed')
    const dnat = r.trace.hops.find((h) => h.hook === 'nat PREROUTING' && h.after.dst !== h.before.dst)!
    expect(dnat.stage).toBe('prerouting')
    expect(dnat.netfilter).toEqual({ hook: 'PREROUTING', tables: ['conntrack', 'nat'], bridged: true })
    const fwd = r.trace.hops.find((h) => h.hook === 'filter FORWARD')!
    expect(fwd).toMatchObject({ stage: 'forward', netfilter: { hook: 'FORWARD', tables: ['filter'], bridged: false } })
    const post = r.trace.hops.find((h) => h.hook === 'nat POSTROUTING')!
    expect(post).toMatchObject({ stage: 'postrouting', netfilter: { hook: 'POSTROUTING', tables: ['nat', 'conntrack'] } })
    expect(r.trace.hops.find((h) => h.kind === 'vxlan-encap')!.stage).toBe('encapsulation')
    expect(r.trace.hops.find((h) => h.kind === 'vxlan-decap')!.stage).toBe('decapsulation')
    expect(r.trace.hops.at(-1)!.stage).toBe('delivery')
  })

  it('MASQUERADE toward the outside is a postrouting hop; a node\'s own ClusterIP packet meets OUTPUT', () => {
    const out = trace(vxlan, { from: 'pod/default/client', to: 'www.example.com:80' })
    if (!out.ok) throw new Error('trace failed')
    const masq = out.trace.hops.find((h) => h.hook === 'nat POSTROUTING' && h.after.src !== h.before.src)!
    expect(masq.stage).toBe('postrouting')
    const node = trace(vxlan, { from: 'node/node2', to: '10.106.112.147:80' })
    if (!node.ok) throw new Error('trace failed')
    expect(node.trace.hops.find((h) => h.hook === 'nat OUTPUT')).toMatchObject({ stage: 'output', netfilter: { hook: 'OUTPUT', bridged: false } })
  })

  it('every hop of every kind of trace names a stage, and hook strings agree with the hook data', () => {
    const cases: [string, string, string][] = [
      ['two-node-flannel-vxlan', 'external/laptop', '192.168.49.2:30080'],
      ['two-node-flannel-vxlan', 'pod/default/web-mpg2nfmm6z-2q7h8', 'web:80'],
      ['two-node-flannel-host-gw', 'pod/default/client', 'web:80'],
      ['two-node-canal-policy', 'pod/default/client', 'db:5432'],
      ['course-examples', 'external/student-pc', 'http://192.168.10.11:32486/another'],
      ['single-node-bridge', 'pod/default/client', 'web:80'],
    ]
    for (const [topology, from, to] of cases) {
      const r = trace(loadBuiltin(topology), { from, to })
      if (!r.ok) throw new Error('trace failed')
      for (const h of allHops(r.trace)) {
        expect(PACKET_STAGES).toContain(h.stage)
        const m = /^(?:raw|nat|filter|conntrack \()\s?(\w+)/.exec(h.hook ?? '')
        if (m) expect(h.netfilter?.hook, `${topology} ${h.hook}`).toBe(m[1])
        else expect(h.netfilter).toBeUndefined()
      }
    }
  })
})
