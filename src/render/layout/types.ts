/**
 * What the layout hands the scene: a display list in world units (boxes, links, labels), the
 * link graph the packet travels on, and where each part of the dataplane sits. Pure data: the
 * pixi scene draws it, the router walks it, tests check it for overlaps.
 */
import type { Point, Rect } from '../geometry.js'

export type Selection = { kind: 'node'; name: string } | { kind: 'pod'; key: string }

export type BoxKind =
  | 'node' | 'pod' | 'addon-pod' | 'ingress-pod' | 'dns-pod' | 'host-pod' | 'netfilter' | 'device' | 'vxlan-device'
  | 'external' | 'lb' | 'bridge' | 'component'

export interface StageBox extends Rect {
  readonly id: string
  readonly kind: BoxKind
  readonly select?: Selection
  /** Full text for a tooltip (names are shortened on the canvas). */
  readonly tip?: string
}

export type LabelKind = 'title' | 'text' | 'ip' | 'muted' | 'device' | 'badge' | 'service' | 'wire'

export interface StageLabel extends Rect {
  readonly id: string
  readonly text: string
  /** The whole text when `text` was shortened with an ellipsis. */
  readonly full: string
  readonly size: number
  readonly kind: LabelKind
  readonly bold?: boolean
}

export type LinkKind = 'veth' | 'bridge' | 'stack' | 'wire' | 'underlay' | 'tunnel'

/** A drawn connection; also an edge of the graph the packet moves along. */
export interface StageLink {
  readonly id: string
  readonly kind: LinkKind
  readonly a: string
  readonly b: string
  readonly points: readonly Point[]
}

/** Where a Service's endpoints sit, for the fan-out drawn while a trace uses that Service. */
export interface ServiceMark {
  readonly key: string
  /** One line per node's netfilter checkpoint listing this Service (`node` → label rect). */
  readonly at: ReadonlyMap<string, Rect>
}

export interface NodeFrame {
  readonly name: string
  readonly box: Rect
  readonly row: number
}

export interface StageLayout {
  readonly boxes: readonly StageBox[]
  readonly labels: readonly StageLabel[]
  readonly links: readonly StageLink[]
  /** Graph vertices by id: `pod:<ns/name>`, `podeth:…`, `vport:…`, `br:<node>`, `nf:<node>`, `vx:<node>`, `eth:<node>`, `nld:<node>`, `hp:<ns/name>`, `ul:<node>`, `ext:<name>`, `ulx:<name>`, `lb:<ip>` … */
  readonly vertices: ReadonlyMap<string, Point>
  /** Rectangles reserved for annotations drawn during a trace (a pod's share of a Service). */
  readonly slots: ReadonlyMap<string, Rect>
  readonly services: ReadonlyMap<string, ServiceMark>
  readonly nodes: readonly NodeFrame[]
  /** Host-side veth name → pod key, to place hops that name a veth. */
  readonly vethPods: ReadonlyMap<string, string>
  readonly bounds: Rect
}

/** Words drawn on the canvas, in the page's language. */
export interface StageWords {
  readonly hostNetns: string
  readonly hostNetworkPods: string
  readonly hostProcesses: string
  /** Under kubectl's box: the person at the keyboard. */
  readonly operator: string
  readonly netfilter: string
  readonly services: string
  readonly moreServices: (n: number) => string
  readonly morePods: (n: number) => string
  readonly nodePorts: string
  readonly nodeNetwork: string
  readonly controlPlane: string
}

export const ENGLISH_WORDS: StageWords = {
  hostNetns: 'host netns',
  hostNetworkPods: 'hostNetwork pods',
  hostProcesses: 'host processes · hostNetwork pods',
  operator: 'you (operator)',
  netfilter: 'netfilter · routing',
  services: 'kube-proxy NAT for Services',
  moreServices: (n) => `+${n} more Services`,
  morePods: (n) => `+${n} more pods`,
  nodePorts: 'NodePorts on eth0',
  nodeNetwork: 'node network',
  controlPlane: 'control plane',
}
