/**
 * The packet before and after a hop, layer by layer like a protocol analyser: the VXLAN
 * wrapping on top when there is one (outer Ethernet, outer IP, UDP 8472, VNI), then Ethernet,
 * IP with its TTL, TCP/UDP with the flags, and the application line (HTTP request, DNS
 * question). A field that changed is marked in text (✎) as well as in colour.
 */
import type { Packet } from '../../engine/trace/types.js'
import { el } from '../dom.js'
import { t, type Key } from '../i18n.js'

interface Row { readonly layer: Key; readonly field: string; readonly value: string }

function rows(p: Packet): Row[] {
  const out: Row[] = []
  if (p.outer) {
    out.push({ layer: 'pduOuter', field: 'eth', value: `${p.outer.eth.src || '?'} → ${p.outer.eth.dst || '?'}` })
    out.push({ layer: 'pduOuter', field: 'IP', value: `${p.outer.src} → ${p.outer.dst} ttl ${p.outer.ttl}` })
    out.push({ layer: 'pduOuter', field: 'UDP', value: `${p.outer.sport} → ${p.outer.dport}` })
    out.push({ layer: 'pduOuter', field: 'VXLAN', value: `VNI ${p.outer.vni}` })
  }
  if (p.eth) out.push({ layer: 'pduEth', field: 'eth', value: `${p.eth.src} → ${p.eth.dst}` })
  out.push({ layer: 'pduIp', field: 'src', value: p.src }, { layer: 'pduIp', field: 'dst', value: p.dst }, { layer: 'pduIp', field: 'ttl', value: String(p.ttl) })
  out.push({ layer: 'pduL4', field: p.proto, value: `${p.sport} → ${p.dport}${p.flags ? ` ${p.flags}` : ''}` })
  if (p.payload) out.push({ layer: 'pduApp', field: p.payload.startsWith('HTTP') || /^(GET|POST|PUT|HEAD|DELETE) /.test(p.payload) ? 'HTTP' : p.payload.startsWith('DNS') ? 'DNS' : 'data', value: p.payload })
  return out
}

export function pduTable(before: Packet, after: Packet): HTMLTableElement {
  const b = rows(before), a = rows(after)
  const key = (r: Row): string => `${r.layer}/${r.field}`
  const order: Row[] = []
  for (const r of [...a, ...b]) if (!order.some((x) => key(x) === key(r))) order.push(r)
  // Keep the layers in protocol order: outer headers first, the application last.
  const rank: Key[] = ['pduOuter', 'pduEth', 'pduIp', 'pduL4', 'pduApp']
  order.sort((x, y) => rank.indexOf(x.layer) - rank.indexOf(y.layer))
  const table = el('table', '', 'pdu')
  const head = el('tr')
  head.append(el('th', t('pduLayer')), el('th', ''), el('th', t('before')), el('th', t('after')))
  table.appendChild(head)
  let last: Key | null = null
  for (const r of order) {
    const tr = el('tr')
    const bv = b.find((x) => key(x) === key(r))?.value ?? ''
    const av = a.find((x) => key(x) === key(r))?.value ?? ''
    tr.append(el('th', r.layer === last ? '' : t(r.layer), 'layer'), el('th', r.field))
    tr.append(el('td', bv || '—'))
    const changed = av !== bv
    const td = el('td', changed ? `✎ ${av || '—'}` : av, changed ? 'changed' : '')
    if (changed) td.title = t('pduChanged')
    tr.appendChild(td)
    table.appendChild(tr)
    last = r.layer
  }
  return table
}
