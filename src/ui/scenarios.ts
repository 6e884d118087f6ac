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

/** Korean titles by scenario id; a scenario without one keeps its English title. */
const KO_TITLES: Readonly<Record<string, string>> = {
  'two-node-flannel-vxlan': '노드 2개, flannel VXLAN',
  'two-node-flannel-host-gw': '노드 2개, flannel host-gw',
  'two-node-canal-policy': '노드 2개, NetworkPolicy 적용 (Canal)',
  'single-node-bridge': '노드 1개, bridge CNI',
  'course-examples': '강의 예제 (Kubespray 주소)',
  'gateway-api': 'Gateway API와 Ingress 비교',
  'two-node-nftables': '노드 2개, kube-proxy nftables 모드',
}

export function scenarioTitle(s: Scenario, lang: 'en' | 'ko'): string {
  return lang === 'ko' ? KO_TITLES[s.id] ?? s.title : s.title
}
