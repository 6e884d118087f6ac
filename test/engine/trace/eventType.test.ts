/** Event types come from the hop's data: DNAT where nat rewrote the destination, SNAT the source. */
import { describe, expect, it } from 'vitest'
import { eventType, EVENT_TYPES } from '../../../src/engine/trace/eventType.js'
import { trace } from '../../../src/engine/trace/trace.js'
import { EVENT_LABELS, STAGE_LABELS } from '../../../src/i18n/labels.js'
import { PACKET_STAGES } from '../../../src/engine/packet/walker.js'
import { loadBuiltin } from '../../support/topologies.js'

describe('event types', () => {
  it('names a ClusterIP trace with VXLAN and MASQUERADE to the outside', () => {
    const m = loadBuiltin('two-node-flannel-vxlan')
    const r = trace(m, { from: 'pod/default/client', to: '10.106.112.147:80', pick: '10.244.1.3' })
    if (!r.ok) throw new Error('trace failed')
    expect(r.trace.hops.map(eventType)).toEqual([
      'route', 'veth', 'DNAT', 'bridge', 'route', 'filter', 'nat', 'encap', 'underlay', 'underlay',
      'decap', 'nat', 'route', 'filter', 'nat', 'bridge', 'veth', 'deliver',
    ])
    const out = trace(m, { from: 'pod/default/client', to: '192.168.49.200:80' })
    if (!out.ok) throw new Error('trace failed')
    expect(out.trace.hops.map(eventType)).toContain('SNAT')
    const refused = trace(m, { from: 'pod/default/client', to: '10.244.1.3:9999' })
    if (!refused.ok) throw new Error('trace failed')
    expect(refused.trace.hops.map(eventType).at(-1)).toBe('drop')
  })

  it('has English and Korean labels for every event type and stage', () => {
    for (const lang of ['en', 'ko'] as const) {
      for (const t of EVENT_TYPES) expect(EVENT_LABELS[lang][t]).toBeTruthy()
      for (const s of PACKET_STAGES) expect(STAGE_LABELS[lang][s]).toBeTruthy()
    }
  })
})
