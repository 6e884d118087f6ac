/**
 * The loader's diagnostics and hints (and the `show` views' errors) in English and Korean. The loader (src/model/load,
 * src/model/derive) writes English text; this catalog gives each known message a code and
 * recovers its parameters from the text with a pattern made from the English template, so a
 * shell can print it in Korean, and `--json` can carry the code and parameters beside the text.
 * A message not in the catalog (a new one) stays English. Kept in the rendering layer so the
 * loader's files need no change; when the loader emits codes itself, this table becomes its
 * renderer.
 */
import type { Diagnostic } from '../model/load/diagnostics.js'
import type { Lang } from './render.js'

interface Entry {
  readonly code: string
  readonly en: string
  readonly ko: string
}

/** More specific templates come before general ones: the first that matches wins. */
export const DIAGNOSTIC_MESSAGES: readonly Entry[] = [
  // ---- reading the file (readDocuments) ----
  { code: 'file.tooBig', en: 'file is {size} MB; the limit is 5 MB', ko: '파일 크기가 {size} MB입니다. 한도는 5 MB입니다' },
  { code: 'file.tooManyObjects', en: 'file holds {count} objects; the limit is {limit}', ko: '파일에 오브젝트가 {count}개 있습니다. 한도는 {limit}개입니다' },
  { code: 'yaml.syntax', en: 'YAML syntax: {detail}', ko: 'YAML 문법 오류: {detail}' },
  { code: 'yaml.notMapping', en: 'a document must be a mapping (apiVersion, kind, metadata, ...)', ko: '문서는 매핑(apiVersion, kind, metadata, ...)이어야 합니다' },
  { code: 'yaml.itemNotObject', en: 'items[{index}] is not an object', ko: 'items[{index}] 항목이 오브젝트가 아닙니다' },
  // ---- fields (fieldReader) ----
  { code: 'field.string', en: '{path} must be a string', ko: '{path} 값은 문자열이어야 합니다' },
  { code: 'field.intRange', en: '{path} must be a whole number from {min} to {max}, got {value}', ko: '{path} 값은 {min}부터 {max}까지의 정수여야 합니다 (입력: {value})' },
  { code: 'field.int', en: '{path} must be a whole number, got {value}', ko: '{path} 값은 정수여야 합니다 (입력: {value})' },
  { code: 'field.bool', en: '{path} must be true or false', ko: '{path} 값은 true 또는 false여야 합니다' },
  { code: 'field.list', en: '{path} must be a list', ko: '{path} 값은 목록이어야 합니다' },
  { code: 'field.stringMap', en: '{path} must be a map of strings', ko: '{path} 값은 문자열 맵이어야 합니다' },
  { code: 'field.oneOf', en: '{path} is {value}; expected one of {allowed}', ko: '{path} 값이 {value}입니다. 다음 중 하나여야 합니다: {allowed}' },
  // ---- objects (parseObjects, parseTemplate) ----
  { code: 'object.port', en: '{path} {value} is neither a port number (1-65535) nor a port name', ko: '{path} 값 {value}은(는) 포트 번호(1-65535)도 포트 이름도 아닙니다' },
  { code: 'object.noKind', en: 'document has no kind', ko: '문서에 kind가 없습니다' },
  { code: 'object.unknownKind', en: 'unknown kind "{kind}"; skipped', ko: '알 수 없는 kind "{kind}": 건너뜁니다' },
  { code: 'object.unknownApiVersion', en: 'apiVersion "{apiVersion}" is not known for {kind}; skipped', ko: '{kind}에 알려지지 않은 apiVersion "{apiVersion}": 건너뜁니다' },
  { code: 'object.noName', en: '{kind} has no metadata.name', ko: '{kind}에 metadata.name이 없습니다' },
  { code: 'object.badName', en: 'name "{name}" is not a valid Kubernetes name', ko: '이름 "{name}"은(는) 올바른 쿠버네티스 이름이 아닙니다' },
  { code: 'object.secondCluster', en: 'a second Cluster document; only one is allowed per topology', ko: '두 번째 Cluster 문서입니다. 토폴로지마다 하나만 둘 수 있습니다' },
  { code: 'object.noInternalIp', en: 'node {node} has no InternalIP address', ko: '노드 {node}에 InternalIP 주소가 없습니다' },
  { code: 'object.badPodIp', en: 'status.podIP "{ip}" is not an IPv4 address', ko: 'status.podIP "{ip}"은(는) IPv4 주소가 아닙니다' },
  { code: 'object.portMissing', en: 'ports[{index}] has no port', ko: 'ports[{index}]에 port가 없습니다' },
  { code: 'object.portName', en: 'ports[{index}] needs a name: a Service with several ports must name each', ko: 'ports[{index}]에 name이 필요합니다. 포트가 여럿인 서비스는 포트마다 이름을 붙여야 합니다' },
  { code: 'object.externalName', en: 'type ExternalName needs spec.externalName', ko: 'type ExternalName에는 spec.externalName이 필요합니다' },
  { code: 'object.externalIp', en: 'externalIPs entry "{ip}" is not an IPv4 address', ko: 'externalIPs 항목 "{ip}"은(는) IPv4 주소가 아닙니다' },
  { code: 'object.noCorefile', en: 'ConfigMap kube-system/coredns has no data.Corefile', ko: 'ConfigMap kube-system/coredns에 data.Corefile이 없습니다' },
  { code: 'object.sliceNoService', en: 'EndpointSlice has no kubernetes.io/service-name label', ko: 'EndpointSlice에 kubernetes.io/service-name 레이블이 없습니다' },
  { code: 'object.badAddress', en: 'address "{ip}" is not an IPv4 address', ko: '주소 "{ip}"은(는) IPv4 주소가 아닙니다' },
  { code: 'object.noContainers', en: 'the pod has no containers', ko: '파드에 컨테이너가 없습니다' },
  // ---- the Cluster document (parseCluster) ----
  { code: 'cluster.cidrNoPrefix', en: '{path}: "{text}" has no /prefix length', ko: '{path}: "{text}"에 /접두사 길이가 없습니다' },
  { code: 'cluster.cidrBadPrefix', en: '{path}: "/{prefix}" is not a prefix length between 0 and 32', ko: '{path}: "/{prefix}"은(는) 0부터 32 사이의 접두사 길이가 아닙니다' },
  { code: 'cluster.cidrHostBits', en: '{path}: "{text}" has host bits set; the network is {network}', ko: '{path}: "{text}"에 호스트 비트가 켜져 있습니다. 네트워크 주소는 {network}입니다' },
  { code: 'cluster.cidrInvalid', en: '{path}: "{text}" is not a valid CIDR', ko: '{path}: "{text}"은(는) 올바른 CIDR이 아닙니다' },
  { code: 'cluster.cidrBadAddress', en: '{path}: "{text}" is not an IPv4 address', ko: '{path}: "{text}"은(는) IPv4 주소가 아닙니다' },
  { code: 'services.lbIp', en: 'load balancer ingress ip "{ip}" is not an IPv4 address', ko: '로드밸런서 ingress ip "{ip}"은(는) IPv4 주소가 아닙니다' },
  { code: 'cluster.badIp', en: '{path} "{text}" is not an IPv4 address', ko: '{path} 값 "{text}"은(는) IPv4 주소가 아닙니다' },
  { code: 'cluster.nodePortRange', en: 'nodePortRange "{range}" is not LOW-HIGH within 1-65535', ko: 'nodePortRange "{range}"은(는) 1-65535 안의 LOW-HIGH 형식이 아닙니다' },
  { code: 'cluster.bridgeBackend', en: 'the bridge plugin has no backend; ignored', ko: 'bridge 플러그인에는 backend가 없습니다. 무시합니다' },
  { code: 'cluster.nodeNoIp', en: 'node {node} has no ip', ko: '노드 {node}에 ip가 없습니다' },
  { code: 'cluster.nodePortAddress', en: 'nodePortAddresses entry "{cidr}" is not a CIDR', ko: 'nodePortAddresses 항목 "{cidr}"은(는) CIDR이 아닙니다' },
  // ---- derived objects (pods, services, cluster) ----
  { code: 'pods.selector', en: 'spec.selector does not match the pod template labels', ko: 'spec.selector가 파드 템플릿의 레이블과 맞지 않습니다' },
  { code: 'pods.unknownNode', en: 'nodeName {node} is not a node of this cluster', ko: 'nodeName {node}은(는) 이 클러스터의 노드가 아닙니다' },
  { code: 'pods.pending', en: 'no node can take this pod; it stays Pending ({reasons})', ko: '이 파드를 받을 수 있는 노드가 없어 Pending 상태로 남습니다 ({reasons})' },
  { code: 'pods.ipOutsideNode', en: 'podIP {ip} is outside node {node}\'s podCIDR {cidr}', ko: 'podIP {ip}이(가) 노드 {node}의 podCIDR {cidr} 밖에 있습니다' },
  { code: 'pods.ipTaken', en: 'podIP {ip} is already used by pod {pod}', ko: 'podIP {ip}은(는) 이미 파드 {pod}이(가) 쓰고 있습니다' },
  { code: 'pods.cidrFull', en: 'node {node}\'s podCIDR {cidr} has no free address left', ko: '노드 {node}의 podCIDR {cidr}에 남은 주소가 없습니다' },
  { code: 'objects.duplicate', en: '{kind} {name} is defined twice in namespace {namespace}', ko: '{kind} {name}이(가) 네임스페이스 {namespace}에 두 번 정의되었습니다' },
  { code: 'cluster.assumed', en: 'no Cluster document and no Node objects: assumed {count} node(s) on 192.168.49.0/24 with flannel VXLAN', ko: 'Cluster 문서도 Node 오브젝트도 없습니다. 192.168.49.0/24에 flannel VXLAN 노드 {count}개로 가정합니다' },
  { code: 'ingress.noBackend', en: 'backend Service {service} does not exist in namespace {namespace}', ko: '백엔드 서비스 {service}이(가) 네임스페이스 {namespace}에 없습니다' },
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
  { code: 'services.clusterIpOutside', en: 'clusterIP {ip} is outside serviceCIDR {cidr}', ko: 'clusterIP {ip}이(가) serviceCIDR {cidr} 밖에 있습니다' },
  { code: 'services.clusterIpTaken', en: 'clusterIP {ip} is already taken by {owner}', ko: 'clusterIP {ip}은(는) 이미 {owner}이(가) 쓰고 있습니다' },
  { code: 'services.nodePortType', en: 'nodePort is set but the Service type is {type}', ko: 'nodePort가 지정되었지만 서비스 타입이 {type}입니다' },
  { code: 'services.nodePortRange', en: 'nodePort {port} is outside the range {low}-{high}', ko: 'nodePort {port}이(가) 범위 {low}-{high} 밖에 있습니다' },
  { code: 'services.nodePortTaken', en: 'nodePort {port} is already used by {owner}', ko: 'nodePort {port}은(는) 이미 {owner}이(가) 쓰고 있습니다' },
  { code: 'services.cidrFull', en: 'serviceCIDR {cidr} has no free address left', ko: 'serviceCIDR {cidr}에 남은 주소가 없습니다' },
  { code: 'services.nodePortsFull', en: 'the NodePort range {low}-{high} has no free port left', ko: 'NodePort 범위 {low}-{high}에 남은 포트가 없습니다' },
  { code: 'services.noEndpoints', en: 'selector {selector} matches no pod: the Service has no endpoints', ko: '셀렉터 {selector}에 맞는 파드가 없습니다. 서비스에 엔드포인트가 없습니다' },
  { code: 'services.targetPortName', en: 'targetPort "{name}" names a port that no selected pod\'s containers declare', ko: 'targetPort "{name}"은(는) 선택된 파드의 어떤 컨테이너도 선언하지 않은 포트 이름입니다' },
  // ---- the API server's field errors (src/model/load/validate: field.ErrorList wording, kept as kubectl prints it) ----
  { code: 'api.invalid', en: '{path}: Invalid value: {detail}', ko: '{path}: 잘못된 값 (Invalid value): {detail}' },
  { code: 'api.required', en: '{path}: Required value: {detail}', ko: '{path}: 필요한 값 (Required value): {detail}' },
  { code: 'api.requiredBare', en: '{path}: Required value', ko: '{path}: 필요한 값 (Required value)' },
  { code: 'api.unsupported', en: '{path}: Unsupported value: {detail}', ko: '{path}: 지원하지 않는 값 (Unsupported value): {detail}' },
  { code: 'api.duplicate', en: '{path}: Duplicate value: {detail}', ko: '{path}: 중복된 값 (Duplicate value): {detail}' },
  { code: 'api.forbidden', en: '{path}: Forbidden: {detail}', ko: '{path}: 허용되지 않음 (Forbidden): {detail}' },
]

export const DIAGNOSTIC_HINTS: readonly Entry[] = [
  { code: 'hint.splitFile', en: 'split the cluster into smaller files or drop objects the lab does not need (Secrets, ConfigMaps other than coredns)', ko: '클러스터를 더 작은 파일로 나누거나 실습에 필요 없는 오브젝트(Secret, coredns 외의 ConfigMap)를 빼세요' },
  { code: 'hint.yamlIndent', en: 'check indentation (spaces only) and that every "key: value" pair has its colon and space', ko: '들여쓰기(공백만)와, 모든 "키: 값" 쌍에 콜론과 공백이 있는지 확인하세요' },
  { code: 'hint.oneNamespace', en: 'load one namespace at a time (kubectl get -n NS -o yaml)', ko: '네임스페이스를 하나씩 불러오세요 (kubectl get -n NS -o yaml)' },
  { code: 'hint.addContainers', en: 'add spec.containers with at least one container', ko: 'spec.containers에 컨테이너를 하나 이상 넣으세요' },
  { code: 'hint.needKind', en: 'every document needs apiVersion and kind', ko: '모든 문서에는 apiVersion과 kind가 있어야 합니다' },
  { code: 'hint.kinds', en: 'the lab reads {kinds}', ko: '실습이 읽는 kind: {kinds}' },
  { code: 'hint.apiVersion', en: 'use apiVersion: {apiVersion}', ko: 'apiVersion: {apiVersion}을(를) 쓰세요' },
  { code: 'hint.name', en: 'use lower-case letters, digits, "-" and "."', ko: '소문자, 숫자, "-", "."만 쓰세요' },
  { code: 'hint.sliceLabel', en: 'label it with the Service it belongs to', ko: '속한 서비스의 이름으로 레이블을 붙이세요' },
  { code: 'hint.cidr', en: 'write a network address with its prefix length, e.g. 10.244.0.0/16', ko: '네트워크 주소를 접두사 길이와 함께 쓰세요. 예: 10.244.0.0/16' },
  { code: 'hint.ipv4', en: 'write a dotted quad such as 192.168.49.2', ko: '192.168.49.2처럼 점으로 구분한 네 숫자로 쓰세요' },
  { code: 'hint.nodePortRange', en: 'the default is 30000-32767', ko: '기본값은 30000-32767입니다' },
  { code: 'hint.nodeIp', en: 'give every node its underlay address, e.g. ip: 192.168.49.2', ko: '노드마다 언더레이 주소를 주세요. 예: ip: 192.168.49.2' },
  { code: 'hint.selector', en: 'the selector must select spec.template.metadata.labels', ko: '셀렉터는 spec.template.metadata.labels를 선택해야 합니다' },
  { code: 'hint.nodes', en: 'nodes are: {nodes}', ko: '노드 목록: {nodes}' },
  { code: 'hint.pending', en: 'add a toleration, fix the nodeSelector, or uncordon a node', ko: 'toleration을 추가하거나, nodeSelector를 고치거나, 노드를 uncordon하세요' },
  { code: 'hint.podCidr', en: 'set the node podCIDR to the range its pods use', ko: '노드의 podCIDR를 그 파드들이 쓰는 대역으로 맞추세요' },
  { code: 'hint.uniqueNames', en: 'names must be unique per kind within a namespace', ko: '이름은 네임스페이스 안에서 kind마다 유일해야 합니다' },
  { code: 'hint.addCluster', en: 'add a kube-netlab/v1 Cluster document to describe the nodes and network', ko: '노드와 네트워크를 설명하는 kube-netlab/v1 Cluster 문서를 추가하세요' },
  { code: 'hint.ingress503', en: 'the ingress controller answers 503 for it', ko: '인그레스 컨트롤러가 이 요청에 503으로 답합니다' },
  { code: 'hint.ranges', en: 'pick ranges that do not overlap, e.g. pods 10.244.0.0/16 and services 10.96.0.0/12', ko: '겹치지 않는 대역을 고르세요. 예: 파드 10.244.0.0/16, 서비스 10.96.0.0/12' },
  { code: 'hint.flannel', en: 'use network: { plugin: flannel, backend: vxlan } for several nodes', ko: '노드가 여럿이면 network: { plugin: flannel, backend: vxlan }을(를) 쓰세요' },
  { code: 'hint.listNodes', en: 'list at least one node under spec.nodes', ko: 'spec.nodes에 노드를 하나 이상 적으세요' },
  { code: 'hint.underlay', en: 'set spec.underlay.cidr to the network all nodes share', ko: 'spec.underlay.cidr를 모든 노드가 함께 쓰는 네트워크로 맞추세요' },
  { code: 'hint.largerPodCidr', en: 'use a larger cluster podCIDR', ko: '더 큰 클러스터 podCIDR를 쓰세요' },
  { code: 'hint.clusterIp', en: 'remove clusterIP to have one allocated, or pick one inside the range', ko: 'clusterIP를 지워 자동으로 할당받거나, 범위 안의 주소를 고르세요' },
  { code: 'hint.nodePortType', en: 'use type: NodePort or LoadBalancer', ko: 'type: NodePort 또는 LoadBalancer를 쓰세요' },
  { code: 'hint.widenNodePorts', en: 'widen spec.nodePortRange in the Cluster document', ko: 'Cluster 문서의 spec.nodePortRange를 넓히세요' },
  { code: 'hint.noEndpoints', en: 'traffic to it is rejected by kube-proxy (connection refused); check the pod labels', ko: '이 서비스로 가는 트래픽은 kube-proxy가 거부합니다 (connection refused). 파드 레이블을 확인하세요' },
  { code: 'hint.targetPortName', en: 'declare it under containers[].ports with name: {name} and protocol {protocol}, or use a number', ko: 'containers[].ports에 name: {name}, protocol {protocol}로 선언하거나 숫자를 쓰세요' },
  // ---- i11 (real input): hints of the API server's field checks; the rest of i11's hints stay English for now ----
  { code: 'hint.nodePortPick', en: 'pick a port from {low} to {high}, or leave nodePort out to have one allocated', ko: '{low}부터 {high}까지의 포트를 고르거나, nodePort를 빼서 자동으로 할당받으세요' },
  { code: 'hint.serviceNameLike', en: 'write a name such as {name} (a Service name starts with a letter)', ko: '{name}처럼 이름을 쓰세요 (서비스 이름은 글자로 시작합니다)' },
  { code: 'hint.nameLike', en: 'write a name such as {name}', ko: '{name}처럼 이름을 쓰세요' },
  { code: 'hint.namePorts', en: 'add name: (a DNS label such as http or metrics) to every port', ko: '모든 포트에 name:(http나 metrics 같은 DNS 레이블)을 붙이세요' },
  { code: 'hint.externalName', en: 'add externalName: with the DNS name to alias, e.g. db.example.com', ko: '별칭으로 삼을 DNS 이름을 externalName:에 쓰세요. 예: db.example.com' },
]

/** The errors and hints of the `show` views (src/model/show/views.ts). */
export const SHOW_TEXTS: readonly Entry[] = [
  { code: 'show.noKubernetesPlugin', en: 'the Corefile loads no kubernetes plugin, so CoreDNS answers no cluster names', ko: 'Corefile에 kubernetes 플러그인이 없어 CoreDNS가 클러스터 이름에 답하지 않습니다' },
  { code: 'show.addKubernetesPlugin', en: 'add "kubernetes cluster.local in-addr.arpa ip6.arpa" to the coredns ConfigMap', ko: 'coredns ConfigMap에 "kubernetes cluster.local in-addr.arpa ip6.arpa"를 추가하세요' },
  { code: 'show.noNode', en: 'no node named "{node}"', ko: '노드 "{node}"이(가) 없습니다' },
  { code: 'show.nodes', en: 'nodes are: {nodes}', ko: '노드 목록: {nodes}' },
  { code: 'show.unknownNodeView', en: 'unknown node view "{view}"', ko: '알 수 없는 노드 보기 "{view}"' },
  { code: 'show.nodeViews', en: 'node views are: {views}', ko: '노드 보기: {views}' },
  { code: 'show.noPod', en: 'no pod {pod}', ko: '파드 {pod}이(가) 없습니다' },
  { code: 'show.didYouMean', en: 'did you mean {names}?', ko: '혹시 이것인가요? {names}' },
  { code: 'show.listPods', en: 'list pods with: show <file> cluster', ko: '파드 목록 보기: show <파일> cluster' },
  { code: 'show.podPending', en: 'pod {pod} is Pending: it has no node and no network namespace', ko: '파드 {pod}은(는) Pending 상태입니다: 노드도 네트워크 네임스페이스도 없습니다' },
  { code: 'show.hostNetwork', en: 'pod {pod} uses hostNetwork: it shares node {node}\'s network namespace', ko: '파드 {pod}은(는) hostNetwork를 씁니다: 노드 {node}의 네트워크 네임스페이스를 함께 씁니다' },
  { code: 'show.useNode', en: 'use node/{node} {view}', ko: 'node/{node} {view}을(를) 쓰세요' },
  { code: 'show.unknownPodView', en: 'unknown pod view "{view}"', ko: '알 수 없는 파드 보기 "{view}"' },
  { code: 'show.podViews', en: 'pod views are: {views}', ko: '파드 보기: {views}' },
]

const SEVERITY: Record<Lang, Record<Diagnostic['severity'], string>> = {
  en: { error: 'error', warning: 'warning' },
  ko: { error: '오류', warning: '경고' },
}
const HINT_LABEL: Record<Lang, string> = { en: 'hint', ko: '힌트' }

export interface DiagnosticText {
  readonly code: string
  readonly params: Readonly<Record<string, string>>
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function compile(entries: readonly Entry[]): { entry: Entry; re: RegExp; names: string[] }[] {
  return entries.map((entry) => {
    const names: string[] = []
    const source = entry.en.split(/(\{\w+\})/).map((part) => {
      const m = /^\{(\w+)\}$/.exec(part)
      if (!m) return escape(part)
      names.push(m[1]!)
      return '(.+?)'
    }).join('')
    return { entry, re: new RegExp(`^${source}$`, 's'), names }
  })
}

const COMPILED_MESSAGES = compile(DIAGNOSTIC_MESSAGES)
const COMPILED_HINTS = compile(DIAGNOSTIC_HINTS)
const COMPILED_SHOW = compile(SHOW_TEXTS)

function recognize(text: string, table: ReturnType<typeof compile>): { entry: Entry; params: Record<string, string> } | null {
  for (const t of table) {
    const m = t.re.exec(text)
    if (m) return { entry: t.entry, params: Object.fromEntries(t.names.map((n, i) => [n, m[i + 1]!])) }
  }
  return null
}

const fill = (template: string, params: Record<string, string>): string => template.replace(/\{(\w+)\}/g, (w, k: string) => params[k] ?? w)

/** The code and parameters of a diagnostic's message (or hint), or null for one the catalog does not know. */
export function diagnosticCode(text: string, kind: 'message' | 'hint' = 'message'): DiagnosticText | null {
  const r = recognize(text, kind === 'message' ? COMPILED_MESSAGES : COMPILED_HINTS)
  return r ? { code: r.entry.code, params: r.params } : null
}

/** A diagnostic's message or hint in the language (English when the catalog does not know it). */
export function diagnosticText(text: string, lang: Lang, kind: 'message' | 'hint' = 'message'): string {
  if (lang === 'en') return text
  const r = recognize(text, kind === 'message' ? COMPILED_MESSAGES : COMPILED_HINTS)
  return r ? fill(r.entry[lang], r.params) : text
}

/** An error or hint of a `show` view in the language (English when the catalog does not know it). */
export function showText(text: string, lang: Lang): string {
  if (lang === 'en') return text
  const r = recognize(text, COMPILED_SHOW)
  return r ? fill(r.entry[lang], r.params) : text
}

/** `file:line:col: severity: message (Kind ns/name)` and the hint line, in the language. */
export function formatDiagnosticIn(d: Diagnostic, lang: Lang): string {
  const obj = d.object ? ` (${d.object})` : ''
  const hint = d.hint ? `\n  ${HINT_LABEL[lang]}: ${diagnosticText(d.hint, lang, 'hint')}` : ''
  return `${d.file}:${d.line}:${d.col}: ${SEVERITY[lang][d.severity]}: ${diagnosticText(d.message, lang)}${obj}${hint}`
}

/** A diagnostic for JSON: its fields plus the code and parameters of its message and hint, and the text in the language. */
export function diagnosticJson(d: Diagnostic, lang: Lang): Diagnostic & { code: string | null; params?: Record<string, string>; hintCode?: string | null; text: string } {
  const c = diagnosticCode(d.message)
  const h = d.hint ? diagnosticCode(d.hint, 'hint') : null
  return {
    ...d, code: c?.code ?? null, ...(c ? { params: { ...c.params } } : {}), ...(d.hint ? { hintCode: h?.code ?? null } : {}),
    text: formatDiagnosticIn(d, lang),
  }
}
