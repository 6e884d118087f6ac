/**
 * The Linux path a packet takes through one network namespace, drawn small: the device it came
 * in on, the bridge (where br_netfilter runs the IP hooks for bridged frames), PREROUTING (raw,
 * conntrack, mangle, nat), the routing decision, INPUT / FORWARD / OUTPUT, POSTROUTING (nat) and
 * the device it leaves by, with the local socket under the routing decision. The box the packet
 * is at is lit, from the packet machine's stage and the hook it recorded — never re-derived
 * from hop names — and the tables that acted there are marked.
 */
import type { Hop, PacketStage } from '../../engine/trace/types.js'
import type { Step } from '../../render/tracePath.js'
import { el } from '../dom.js'
import { t, type Key } from '../i18n.js'

export type HookBox = 'in' | 'bridge' | 'PREROUTING' | 'routing' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING' | 'out' | 'socket'

const BOXES: { id: HookBox; label: Key; tables: readonly string[]; row: 1 | 2; col: number }[] = [
  { id: 'in', label: 'hookIngress', tables: [], row: 1, col: 1 },
  { id: 'bridge', label: 'hookBridge', tables: [], row: 1, col: 2 },
  { id: 'PREROUTING', label: 'hookPre', tables: ['raw', 'conntrack', 'mangle', 'nat'], row: 1, col: 3 },
  { id: 'routing', label: 'hookRouting', tables: [], row: 1, col: 4 },
  { id: 'FORWARD', label: 'hookForward', tables: ['filter'], row: 1, col: 5 },
  { id: 'POSTROUTING', label: 'hookPost', tables: ['nat', 'conntrack'], row: 1, col: 6 },
  { id: 'out', label: 'hookEgress', tables: [], row: 1, col: 7 },
  { id: 'INPUT', label: 'hookInput', tables: ['filter', 'conntrack'], row: 2, col: 4 },
  { id: 'socket', label: 'hookSocket', tables: [], row: 2, col: 5 },
  { id: 'OUTPUT', label: 'hookOutput', tables: ['raw', 'conntrack', 'nat', 'filter'], row: 2, col: 6 },
]

const STAGE_BOX: Record<PacketStage, HookBox> = {
  send: 'socket', delivery: 'socket', output: 'OUTPUT', routing: 'routing', input: 'INPUT', forward: 'FORWARD',
  postrouting: 'POSTROUTING', prerouting: 'PREROUTING', bridge: 'bridge', egress: 'out', encapsulation: 'out', wire: 'out', decapsulation: 'in',
}

/** Which box a hop lights: the hook it recorded at netfilter, otherwise its machine stage. */
export function hookBoxOf(h: Hop): HookBox {
  if (h.netfilter) return h.netfilter.hook
  return STAGE_BOX[h.stage]
}

export function renderHookMap(box: HTMLElement, s: Step | null): void {
  box.replaceChildren()
  box.appendChild(el('div', t('hookTitle'), 'hook-title'))
  const grid = el('div', '', 'hook-grid')
  box.appendChild(grid)
  const hop = s?.kind === 'hop' && s.hop.place.kind !== 'underlay' ? s.hop : null
  const lit = hop ? hookBoxOf(hop) : null
  const acted = new Set<string>(hop?.netfilter?.tables ?? [])
  for (const b of BOXES) {
    const cell = el('div', '', `hook hook-row${b.row}${b.id === lit ? ' on' : ''}`)
    cell.dataset['hook'] = b.id
    cell.style.gridRow = String(b.row)
    cell.style.gridColumn = String(b.col)
    if (b.id === lit) cell.setAttribute('aria-current', 'true')
    cell.appendChild(el('div', `${b.id === lit ? '● ' : ''}${t(b.label)}`, 'hook-name'))
    if (b.id === 'bridge' && hop?.netfilter?.bridged) cell.classList.add('on-bridge')
    if (b.tables.length) {
      const tables = el('div', '', 'hook-tables')
      for (const name of b.tables) {
        const chip = el('span', b.id === lit && acted.has(name) ? `✓${name}` : name, b.id === lit && acted.has(name) ? 'acted' : '')
        chip.dataset['table'] = name
        tables.appendChild(chip)
      }
      cell.appendChild(tables)
    }
    grid.appendChild(cell)
  }
}
