/**
 * Two palettes: dark for a laptop, light for a projector (a washed-out dark canvas is unreadable
 * in a lit classroom). Colour is never the only signal: the scene also marks NAT with text and
 * drops with a symbol.
 */
import type { BoxKind, LabelKind, LinkKind } from '../layout/types.js'

export type ThemeName = 'dark' | 'light'

export interface Theme {
  readonly name: ThemeName
  readonly background: string
  readonly box: Record<BoxKind, { fill: number; stroke: number; alpha?: number }>
  readonly text: Record<LabelKind, number>
  readonly link: Record<LinkKind, { color: number; width: number }>
  readonly packet: number
  readonly reply: number
  readonly drop: number
  readonly changed: number
  readonly trail: number
  readonly fanout: number
}

export const DARK: Theme = {
  name: 'dark',
  background: '#0f172a',
  box: {
    node: { fill: 0x172033, stroke: 0x64748b }, pod: { fill: 0x134e4a, stroke: 0x2dd4bf }, 'addon-pod': { fill: 0x1e293b, stroke: 0x94a3b8 },
    'dns-pod': { fill: 0x3b0764, stroke: 0xc084fc }, 'ingress-pod': { fill: 0x422006, stroke: 0xf59e0b }, 'host-pod': { fill: 0x1e293b, stroke: 0x94a3b8 },
    netfilter: { fill: 0x2a1215, stroke: 0xf87171 }, device: { fill: 0x0b1220, stroke: 0x94a3b8 }, 'vxlan-device': { fill: 0x082f49, stroke: 0x38bdf8 },
    external: { fill: 0x1e293b, stroke: 0xf59e0b }, lb: { fill: 0xf59e0b, stroke: 0xfde68a }, bridge: { fill: 0x94a3b8, stroke: 0x94a3b8 },
    component: { fill: 0x1e1b4b, stroke: 0x818cf8 },
  },
  text: { title: 0xf1f5f9, text: 0xe2e8f0, ip: 0x7dd3fc, muted: 0x94a3b8, device: 0xe2e8f0, badge: 0xfde68a, service: 0xfca5a5, wire: 0xfcd34d },
  link: {
    veth: { color: 0x2dd4bf, width: 3 }, bridge: { color: 0x94a3b8, width: 6 }, stack: { color: 0x64748b, width: 3 },
    wire: { color: 0xf59e0b, width: 3 }, underlay: { color: 0xf59e0b, width: 5 }, tunnel: { color: 0x38bdf8, width: 3 },
  },
  packet: 0xfacc15, reply: 0x4ade80, drop: 0xef4444, changed: 0xfb923c, trail: 0xfacc15, fanout: 0xfca5a5,
}

export const LIGHT: Theme = {
  name: 'light',
  background: '#ffffff',
  box: {
    node: { fill: 0xf8fafc, stroke: 0x334155 }, pod: { fill: 0xccfbf1, stroke: 0x0f766e }, 'addon-pod': { fill: 0xf1f5f9, stroke: 0x475569 },
    'dns-pod': { fill: 0xf3e8ff, stroke: 0x7e22ce }, 'ingress-pod': { fill: 0xfef3c7, stroke: 0xb45309 }, 'host-pod': { fill: 0xf1f5f9, stroke: 0x475569 },
    netfilter: { fill: 0xfee2e2, stroke: 0xb91c1c }, device: { fill: 0xffffff, stroke: 0x334155 }, 'vxlan-device': { fill: 0xe0f2fe, stroke: 0x0369a1 },
    external: { fill: 0xfffbeb, stroke: 0xb45309 }, lb: { fill: 0xb45309, stroke: 0x78350f }, bridge: { fill: 0x334155, stroke: 0x334155 },
    component: { fill: 0xeef2ff, stroke: 0x4338ca },
  },
  text: { title: 0x0f172a, text: 0x1e293b, ip: 0x075985, muted: 0x475569, device: 0x0f172a, badge: 0x92400e, service: 0x991b1b, wire: 0x92400e },
  link: {
    veth: { color: 0x0f766e, width: 3 }, bridge: { color: 0x334155, width: 6 }, stack: { color: 0x475569, width: 3 },
    wire: { color: 0xb45309, width: 3 }, underlay: { color: 0xb45309, width: 5 }, tunnel: { color: 0x0369a1, width: 3 },
  },
  packet: 0xca8a04, reply: 0x15803d, drop: 0xdc2626, changed: 0xc2410c, trail: 0xca8a04, fanout: 0xb91c1c,
}

export const THEMES: Record<ThemeName, Theme> = { dark: DARK, light: LIGHT }
