/**
 * Derived objects: the inferred cluster (inferCluster), its checks (resolveCluster), pods and
 * their placement (pods, hostPorts), Services (services) and the file as a whole (buildModel).
 */
import { HINT_SOURCES } from './load.js'
import { table, type Entry } from './types.js'

/** Why an inferred range was chosen (inferCluster.ts: the parenthesis after each range). */
const INFERRED_WHY = table([
  { code: 'why.labDefault', en: 'the lab default', ko: '실습 기본값' },
  { code: 'why.distPodAddresses', en: '{dist} default, holds the pod addresses', ko: '{dist} 기본값, 파드 주소를 모두 담음' },
  { code: 'why.distKubernetesIp', en: '{dist} default, first address is the kubernetes Service\'s {ip}', ko: '{dist} 기본값, 첫 주소가 kubernetes 서비스의 {ip}' },
  { code: 'why.distDefault', en: '{dist} default', ko: '{dist} 기본값' },
  { code: 'why.holdsPods', en: 'holds the Node podCIDRs and pod IPs', ko: '노드 podCIDR와 파드 IP를 모두 담음' },
  { code: 'why.nodePodCidrs', en: 'Node podCIDRs and pod IPs', ko: '노드 podCIDR와 파드 IP에서' },
  { code: 'why.podIps', en: 'pod IPs', ko: '파드 IP에서' },
  { code: 'why.kubernetesAndOthers', en: 'the kubernetes Service\'s ClusterIP {ip} and the other ClusterIPs', ko: 'kubernetes 서비스의 ClusterIP {ip}와(과) 다른 ClusterIP에서' },
  { code: 'why.kubernetesIp', en: 'the kubernetes Service\'s ClusterIP {ip}', ko: 'kubernetes 서비스의 ClusterIP {ip}에서' },
  { code: 'why.clusterIps', en: 'the Services\' ClusterIPs', ko: '서비스들의 ClusterIP에서' },
  { code: 'why.dockerNetwork', en: 'Node addresses ({dist}\'s docker network)', ko: '노드 주소에서 ({dist}의 docker 네트워크)' },
  { code: 'why.nodeAddresses', en: 'Node addresses', ko: '노드 주소에서' },
  ...HINT_SOURCES.entries,
])

/** What inferCluster filled in, one part each, joined with "; ". */
const INFERRED_NOTES = table([
  { code: 'inferred.distribution', en: 'a {dist} cluster', ko: '{dist} 클러스터' },
  { code: 'inferred.nodesFromPodsHostIp', en: '{count} node(s) named by the pods\' nodeName on {cidr} (addresses from the pods\' hostIP)', ko: '{cidr}에 노드 {count}개 (이름은 파드의 nodeName, 주소는 파드의 hostIP에서)' },
  { code: 'inferred.nodesFromPods', en: '{count} node(s) named by the pods\' nodeName on {cidr}', ko: '{cidr}에 노드 {count}개 (이름은 파드의 nodeName에서)' },
  { code: 'inferred.nodesAssumed', en: '{count} node(s) assumed on {cidr}', ko: '{cidr}에 노드 {count}개로 가정' },
  { code: 'inferred.podRange', en: 'pod range {cidr} ({why})', ko: '파드 대역 {cidr} ({why})', sub: { why: INFERRED_WHY } },
  { code: 'inferred.serviceRange', en: 'service range {cidr} ({why})', ko: '서비스 대역 {cidr} ({why})', sub: { why: INFERRED_WHY } },
  { code: 'inferred.clusterDns', en: 'cluster DNS {ip} (the kube-dns Service)', ko: '클러스터 DNS {ip} (kube-dns 서비스)' },
  { code: 'inferred.nodeNetwork', en: 'node network {cidr} ({why})', ko: '노드 네트워크 {cidr} ({why})', sub: { why: INFERRED_WHY } },
  { code: 'inferred.clusterDomain', en: 'cluster domain {domain} ({source})', ko: '클러스터 도메인 {domain} ({source})', sub: { source: HINT_SOURCES } },
  { code: 'inferred.hostGw', en: 'flannel host-gw ({source})', ko: 'flannel host-gw 백엔드 ({source})', sub: { source: HINT_SOURCES } },
  { code: 'inferred.trafficOwnCni', en: 'pod traffic modelled as flannel {backend} ({dist}\'s own CNI is not simulated)', ko: '파드 트래픽은 flannel {backend}(으)로 모델링 ({dist} 자체 CNI는 시뮬레이션하지 않음)' },
  { code: 'inferred.traffic', en: 'pod traffic modelled as flannel {backend}', ko: '파드 트래픽은 flannel {backend}(으)로 모델링' },
], '; ')

/** Why a node cannot take a pod (pods.ts nodeRejects), as `node: why` parts joined with "; ". */
const NODE_REJECTS = table([
  { code: 'rejects.cordoned', en: 'node is cordoned (unschedulable)', ko: '노드가 cordon됨 (unschedulable)' },
  { code: 'rejects.taint', en: 'untolerated taint {taint}', ko: '허용(toleration)하지 않은 taint {taint}' },
  { code: 'rejects.nodeSelector', en: 'nodeSelector {label} does not match', ko: 'nodeSelector {label}이(가) 맞지 않음' },
  { code: 'rejects.affinity', en: 'required node affinity does not match', ko: '필수 노드 어피니티가 맞지 않음' },
  { code: 'rejects.feasible', en: 'feasible', ko: '배치 가능' },
])
const PENDING_REASONS = table([
  { code: 'pending.node', en: '{node}: {why}', ko: '{node}: {why}', sub: { why: NODE_REJECTS } },
], '; ')

export const DERIVE_MESSAGES: readonly Entry[] = [
  // ---- the cluster: inferred (inferCluster) and checked (resolveCluster) ----
  { code: 'cluster.inferred', en: 'no Cluster document; inferred: {notes}', ko: 'Cluster 문서가 없어 다음과 같이 추론했습니다: {notes}', sub: { notes: INFERRED_NOTES } },
  { code: 'cluster.inferredRanges', en: 'the Cluster document leaves ranges out; inferred: {notes}', ko: 'Cluster 문서에 빠진 대역이 있어 다음과 같이 추론했습니다: {notes}', sub: { notes: INFERRED_NOTES } },
  { code: 'cluster.serviceOverlapsPods', en: 'serviceCIDR {services} overlaps podCIDR {pods}', ko: 'serviceCIDR {services}이(가) podCIDR {pods}와(과) 겹칩니다' },
  { code: 'cluster.overlapsUnderlay', en: '{field} {range} overlaps the node network {underlay}', ko: '{field} {range}이(가) 노드 네트워크 {underlay}와(과) 겹칩니다' },
  { code: 'cluster.dnsOutside', en: 'dnsServiceIP {ip} is outside serviceCIDR {cidr}', ko: 'dnsServiceIP {ip}이(가) serviceCIDR {cidr} 밖에 있습니다' },
  { code: 'cluster.bridgeMultiNode', en: 'the bridge plugin connects pods on one node only, but there are {count} nodes', ko: 'bridge 플러그인은 한 노드의 파드만 연결하는데, 노드가 {count}개 있습니다' },
  { code: 'cluster.noNodes', en: 'the cluster has no nodes', ko: '클러스터에 노드가 없습니다' },
  { code: 'cluster.nodeNameTwice', en: 'node name {node} is used twice', ko: '노드 이름 {node}이(가) 두 번 쓰였습니다' },
  { code: 'cluster.nodeIpTaken', en: 'node {node} has IP {ip}, which node {other} already has', ko: '노드 {node}의 IP {ip}은(는) 이미 노드 {other}의 IP입니다' },
  { code: 'cluster.nodeIpOutside', en: 'node {node} IP {ip} is outside the node network {cidr}', ko: '노드 {node}의 IP {ip}이(가) 노드 네트워크 {cidr} 밖에 있습니다' },
  { code: 'cluster.nodeCidrOutside', en: 'node {node} podCIDR {cidr} is outside the cluster podCIDR {cluster}', ko: '노드 {node}의 podCIDR {cidr}이(가) 클러스터 podCIDR {cluster} 밖에 있습니다' },
  { code: 'cluster.externalIpOutside', en: 'external client {client} IP {ip} is outside the node network {cidr}', ko: '외부 클라이언트 {client}의 IP {ip}이(가) 노드 네트워크 {cidr} 밖에 있습니다' },
  { code: 'cluster.externalIpTaken', en: 'external client {client} has IP {ip}, which node {other} already has', ko: '외부 클라이언트 {client}의 IP {ip}은(는) 이미 노드 {other}의 IP입니다' },
  { code: 'cluster.nodeCidrOverlap', en: 'node {node} podCIDR {cidr} overlaps {other} of another node', ko: '노드 {node}의 podCIDR {cidr}이(가) 다른 노드의 {other}와(과) 겹칩니다' },
  { code: 'cluster.podCidrFull', en: 'podCIDR {cidr} has no free /{mask} left for node {node}', ko: 'podCIDR {cidr}에 노드 {node}에 줄 /{mask} 대역이 남아 있지 않습니다' },
  // ---- pods (pods, hostPorts) ----
  { code: 'pods.selector', en: 'spec.selector does not match the pod template labels', ko: 'spec.selector가 파드 템플릿의 레이블과 맞지 않습니다' },
  { code: 'pods.unknownNode', en: 'nodeName {node} is not a node of this cluster', ko: 'nodeName {node}은(는) 이 클러스터의 노드가 아닙니다' },
  { code: 'pods.pendingNoNodes', en: 'no node can take this pod; it stays Pending ()', ko: '이 파드를 받을 수 있는 노드가 없어 Pending 상태로 남습니다 (노드 없음)' },
  { code: 'pods.pending', en: 'no node can take this pod; it stays Pending ({reasons})', ko: '이 파드를 받을 수 있는 노드가 없어 Pending 상태로 남습니다 ({reasons})', sub: { reasons: PENDING_REASONS } },
  { code: 'pods.ipOutsideNode', en: 'podIP {ip} is outside node {node}\'s podCIDR {cidr}', ko: 'podIP {ip}이(가) 노드 {node}의 podCIDR {cidr} 밖에 있습니다' },
  { code: 'pods.ipTaken', en: 'podIP {ip} is already used by pod {pod}', ko: 'podIP {ip}은(는) 이미 파드 {pod}이(가) 쓰고 있습니다' },
  { code: 'pods.cidrFull', en: 'node {node}\'s podCIDR {cidr} has no free address left', ko: '노드 {node}의 podCIDR {cidr}에 남은 주소가 없습니다' },
  { code: 'pods.hostPortTaken', en: 'host port {port}/{protocol} on node {node} is already used by pod {pod}', ko: '노드 {node}의 호스트 포트 {port}/{protocol}은(는) 이미 파드 {pod}이(가) 쓰고 있습니다' },
  // ---- objects as a whole (buildModel) ----
  { code: 'objects.duplicate', en: '{kind} {name} is defined twice in namespace {namespace}', ko: '{kind} {name}이(가) 네임스페이스 {namespace}에 두 번 정의되었습니다' },
  { code: 'ingress.noBackend', en: 'backend Service {service} does not exist in namespace {namespace}', ko: '백엔드 서비스 {service}이(가) 네임스페이스 {namespace}에 없습니다' },
  // ---- Services (services) ----
  { code: 'services.clusterIpOutside', en: 'clusterIP {ip} is outside serviceCIDR {cidr}', ko: 'clusterIP {ip}이(가) serviceCIDR {cidr} 밖에 있습니다' },
  { code: 'services.clusterIpTaken', en: 'clusterIP {ip} is already taken by {owner}', ko: 'clusterIP {ip}은(는) 이미 {owner}이(가) 쓰고 있습니다' },
  { code: 'services.nodePortType', en: 'nodePort is set but the Service type is {type}', ko: 'nodePort가 지정되었지만 서비스 타입이 {type}입니다' },
  { code: 'services.nodePortRange', en: 'nodePort {port} is outside the range {low}-{high}', ko: 'nodePort {port}이(가) 범위 {low}-{high} 밖에 있습니다' },
  { code: 'services.nodePortTaken', en: 'nodePort {port} is already used by {owner}', ko: 'nodePort {port}은(는) 이미 {owner}이(가) 쓰고 있습니다' },
  { code: 'services.cidrFull', en: 'serviceCIDR {cidr} has no free address left', ko: 'serviceCIDR {cidr}에 남은 주소가 없습니다' },
  { code: 'services.nodePortsFull', en: 'the NodePort range {low}-{high} has no free port left', ko: 'NodePort 범위 {low}-{high}에 남은 포트가 없습니다' },
  { code: 'services.noEndpoints', en: 'selector {selector} matches no pod: the Service has no endpoints', ko: '셀렉터 {selector}에 맞는 파드가 없습니다. 서비스에 엔드포인트가 없습니다' },
  { code: 'services.noEndpointsPending', en: 'selector {selector} matches only pods without an IP ({pods}): the Service has no endpoints', ko: '셀렉터 {selector}에 맞는 파드는 IP가 없는 파드뿐입니다 ({pods}). 서비스에 엔드포인트가 없습니다' },
  { code: 'services.targetPortName', en: 'targetPort "{name}" names a port that no selected pod\'s containers declare', ko: 'targetPort "{name}"은(는) 선택된 파드의 어떤 컨테이너도 선언하지 않은 포트 이름입니다' },
]

export const DERIVE_HINTS: readonly Entry[] = [
  { code: 'hint.inferred', en: 'add a kube-netlab/v1 Cluster document (or the missing fields) to set these yourself', ko: '직접 정하려면 kube-netlab/v1 Cluster 문서(또는 빠진 필드)를 추가하세요' },
  { code: 'hint.ranges', en: 'pick ranges that do not overlap, e.g. pods 10.244.0.0/16 and services 10.96.0.0/12', ko: '겹치지 않는 대역을 고르세요. 예: 파드 10.244.0.0/16, 서비스 10.96.0.0/12' },
  { code: 'hint.overlay', en: 'pods and Services need ranges of their own, apart from the nodes\' network (an overlay such as flannel); with a VPC CNI (EKS, Azure CNI) pods share it, which the lab does not simulate', ko: '파드와 서비스에는 노드 네트워크와 별개의 대역이 필요합니다 (flannel 같은 오버레이). VPC CNI(EKS, Azure CNI)에서는 파드가 노드 네트워크를 함께 쓰는데, 실습은 이를 시뮬레이션하지 않습니다' },
  { code: 'hint.dnsServiceIp', en: 'pick an address inside serviceCIDR (kubeadm uses its 10th address), or leave dnsServiceIP out', ko: 'serviceCIDR 안의 주소를 고르거나 (kubeadm은 10번째 주소를 씁니다), dnsServiceIP를 빼세요' },
  { code: 'hint.flannel', en: 'use network: { plugin: flannel, backend: vxlan } for several nodes', ko: '노드가 여럿이면 network: { plugin: flannel, backend: vxlan }을(를) 쓰세요' },
  { code: 'hint.listNodes', en: 'list at least one node under spec.nodes', ko: 'spec.nodes에 노드를 하나 이상 적으세요' },
  { code: 'hint.nodeNames', en: 'give every node its own name', ko: '노드마다 서로 다른 이름을 주세요' },
  { code: 'hint.nodeAddressesUnique', en: 'give every node its own address', ko: '노드마다 서로 다른 주소를 주세요' },
  { code: 'hint.underlay', en: 'set spec.underlay.cidr to the network all nodes share', ko: 'spec.underlay.cidr를 모든 노드가 함께 쓰는 네트워크로 맞추세요' },
  { code: 'hint.widenPodCidr', en: 'widen spec.podCIDR so it holds every node\'s range, or leave it out to have it inferred', ko: '모든 노드의 대역을 담도록 spec.podCIDR를 넓히거나, 빼서 추론되게 하세요' },
  { code: 'hint.clientOnUnderlay', en: 'outside clients sit on the node network: pick an address in it', ko: '외부 클라이언트는 노드 네트워크에 있습니다. 그 안의 주소를 고르세요' },
  { code: 'hint.clientAddress', en: 'give the client an address no node uses', ko: '클라이언트에 어떤 노드도 쓰지 않는 주소를 주세요' },
  { code: 'hint.nodePodRanges', en: 'each node needs a pod range of its own (the controller-manager hands out /24s)', ko: '노드마다 자기만의 파드 대역이 필요합니다 (controller-manager는 /24씩 나눠 줍니다)' },
  { code: 'hint.largerPodCidr', en: 'use a larger cluster podCIDR', ko: '더 큰 클러스터 podCIDR를 쓰세요' },
  { code: 'hint.selector', en: 'the selector must select spec.template.metadata.labels', ko: '셀렉터는 spec.template.metadata.labels를 선택해야 합니다' },
  { code: 'hint.nodes', en: 'nodes are: {nodes}', ko: '노드 목록: {nodes}' },
  { code: 'hint.pending', en: 'label a node to match the nodeSelector (kubectl label node), fix the nodeSelector, add a toleration, or uncordon a node', ko: 'nodeSelector에 맞게 노드에 레이블을 붙이거나(kubectl label node), nodeSelector를 고치거나, toleration을 추가하거나, 노드를 uncordon하세요' },
  { code: 'hint.endpointsPending', en: 'the pods are Pending: see why in their own warning', ko: '파드가 Pending 상태입니다. 이유는 파드의 경고를 보세요' },
  { code: 'hint.podCidr', en: 'set the node podCIDR to the range its pods use', ko: '노드의 podCIDR를 그 파드들이 쓰는 대역으로 맞추세요' },
  { code: 'hint.podIpShared', en: 'two running pods cannot share an address: remove one of them or correct its status.podIP', ko: '실행 중인 두 파드가 한 주소를 함께 쓸 수는 없습니다. 하나를 지우거나 status.podIP를 고치세요' },
  { code: 'hint.nodePodCidrFull', en: 'give the node a larger podCIDR or spread the pods over more nodes', ko: '노드에 더 큰 podCIDR를 주거나 파드를 더 많은 노드에 나누세요' },
  { code: 'hint.hostPortTaken', en: 'two pods on one node cannot bind the same host port: pin this pod to another node, change its port, or drop hostNetwork/hostPort', ko: '한 노드의 두 파드가 같은 호스트 포트에 바인드할 수는 없습니다. 이 파드를 다른 노드에 고정하거나, 포트를 바꾸거나, hostNetwork/hostPort를 빼세요' },
  { code: 'hint.uniqueNames', en: 'names must be unique per kind within a namespace', ko: '이름은 네임스페이스 안에서 kind마다 유일해야 합니다' },
  { code: 'hint.ingress503', en: 'the ingress controller answers 503 for it', ko: '인그레스 컨트롤러가 이 요청에 503으로 답합니다' },
  { code: 'hint.clusterIp', en: 'remove clusterIP to have one allocated, or pick one inside the range', ko: 'clusterIP를 지워 자동으로 할당받거나, 범위 안의 주소를 고르세요' },
  { code: 'hint.clusterIpTaken', en: 'remove clusterIP to have a free one allocated, or pick another address', ko: 'clusterIP를 지워 빈 주소를 자동으로 할당받거나, 다른 주소를 고르세요' },
  { code: 'hint.nodePortType', en: 'use type: NodePort or LoadBalancer', ko: 'type: NodePort 또는 LoadBalancer를 쓰세요' },
  { code: 'hint.nodePortPick', en: 'pick a port from {low} to {high}, or leave nodePort out to have one allocated', ko: '{low}부터 {high}까지의 포트를 고르거나, nodePort를 빼서 자동으로 할당받으세요' },
  { code: 'hint.nodePortTaken', en: 'leave nodePort out to have a free one allocated, or pick another', ko: 'nodePort를 빼서 빈 포트를 자동으로 할당받거나, 다른 포트를 고르세요' },
  { code: 'hint.largerServiceCidr', en: 'use a larger serviceCIDR', ko: '더 큰 serviceCIDR를 쓰세요' },
  { code: 'hint.widenNodePorts', en: 'widen spec.nodePortRange in the Cluster document', ko: 'Cluster 문서의 spec.nodePortRange를 넓히세요' },
  { code: 'hint.noEndpoints', en: 'traffic to it is rejected by kube-proxy (connection refused); check the pod labels', ko: '이 서비스로 가는 트래픽은 kube-proxy가 거부합니다 (connection refused). 파드 레이블을 확인하세요' },
  { code: 'hint.targetPortName', en: 'declare it under containers[].ports with name: {name} and protocol {protocol}, or use a number', ko: 'containers[].ports에 name: {name}, protocol {protocol}로 선언하거나 숫자를 쓰세요' },
  { code: 'hint.lbIp', en: 'write the address the load balancer announces, e.g. 192.168.49.240', ko: '로드밸런서가 알리는 주소를 쓰세요. 예: 192.168.49.240' },
  { code: 'hint.namePorts', en: 'add name: (a DNS label such as http or metrics) to every port', ko: '모든 포트에 name:(http나 metrics 같은 DNS 레이블)을 붙이세요' },
  { code: 'hint.externalName', en: 'add externalName: with the DNS name to alias, e.g. db.example.com', ko: '별칭으로 삼을 DNS 이름을 externalName:에 쓰세요. 예: db.example.com' },
]
