/** The built-in topologies, bundled as text so the lab works offline from a static build. */
import bridge from '../../topologies/single-node-bridge.yaml?raw'
import vxlan from '../../topologies/two-node-flannel-vxlan.yaml?raw'
import hostGw from '../../topologies/two-node-flannel-host-gw.yaml?raw'
import course from '../../topologies/course-examples.yaml?raw'
import canal from '../../topologies/two-node-canal-policy.yaml?raw'
import gatewayApi from '../../topologies/gateway-api.yaml?raw'
import nftables from '../../topologies/two-node-nftables.yaml?raw'

export interface Scenario {
  readonly id: string
  readonly title: string
  readonly text: string
}

export const SCENARIOS: readonly Scenario[] = [
  { id: 'two-node-flannel-vxlan', title: 'Two nodes, flannel VXLAN', text: vxlan },
  { id: 'two-node-flannel-host-gw', title: 'Two nodes, flannel host-gw', text: hostGw },
  { id: 'two-node-nftables', title: 'Two nodes, kube-proxy in nftables mode', text: nftables },
  { id: 'two-node-canal-policy', title: 'Two nodes, NetworkPolicy enforced (Canal)', text: canal },
  { id: 'single-node-bridge', title: 'Single node, bridge CNI', text: bridge },
  { id: 'course-examples', title: 'Course examples (Kubespray addresses)', text: course },
  { id: 'gateway-api', title: 'Ingress and Gateway API side by side', text: gatewayApi },
]

export const DEFAULT_SCENARIO = SCENARIOS[0]!
