/**
 * The control plane's messages (src/engine/controlplane) in English and Korean, part of the
 * shared catalog (src/engine/messages/catalog.ts declares their codes and parameters; en.ts and
 * ko.ts include these tables). Event messages (`ev.*`) are upstream's own English: kubectl
 * prints them as the components recorded them, untranslated, so Korean shows the same text.
 * The explanations (`why.*`) are the lab's and are translated.
 */
import type { MessageCode } from '../engine/messages/catalog.js'

type CpCode = Extract<MessageCode, `ev.${string}` | `why.${string}`>

/**
 * Upstream sources of the event texts (kubernetes/kubernetes):
 * ScalingReplicaSet — pkg/controller/deployment/sync.go (scaleReplicaSet, getNewReplicaSet);
 * SuccessfulCreate/Delete — pkg/controller/controller_utils.go ("Created pod: %v") and
 * statefulset/stateful_pod_control.go ("create Pod %s in StatefulSet %s successful");
 * Scheduled — pkg/scheduler/schedule_one.go; FailedScheduling — framework FitError.Error();
 * Pulling/Pulled — pkg/kubelet/images/image_manager.go; Created/Started/Killing —
 * pkg/kubelet/kuberuntime/kuberuntime_container.go; NodeNotSchedulable — kubelet node status;
 * TaintManagerEviction — pkg/controller/tainteviction.
 */
const EVENTS = {
  'ev.ScalingReplicaSet': 'Scaled {direction} replica set {rs} from {from} to {to}',
  'ev.SuccessfulCreate': 'Created pod: {pod}',
  'ev.SuccessfulDelete': 'Deleted pod: {pod}',
  'ev.StatefulSetCreate': 'create Pod {pod} in StatefulSet {set} successful',
  'ev.StatefulSetDelete': 'delete Pod {pod} in StatefulSet {set} successful',
  'ev.Scheduled': 'Successfully assigned {namespace}/{pod} to {node}',
  'ev.FailedScheduling': '{text}',
  'ev.Pulling': 'Pulling image "{image}"',
  // Upstream appends " in <pull time> (<total> including waiting). Image size: <n> bytes.";
  // the lab has no clock and no registry, so it ends the sentence at the image.
  'ev.Pulled': 'Successfully pulled image "{image}"',
  'ev.AlreadyPresent': 'Container image "{image}" already present on machine',
  'ev.Created': 'Created container: {container}',
  'ev.Started': 'Started container {container}',
  'ev.Killing': 'Stopping container {container}',
  'ev.NodeStatus': 'Node {node} status is now: {status}',
  // The CNI error as the kubelet relays it, without the runtime's rpc wrapper and sandbox ID.
  'ev.FailedCreatePodSandBox': 'Failed to create pod sandbox: plugin type="{plugin}" failed (add): {delegate}failed to allocate for range 0: no IP addresses available in range set: {range}',
  'ev.TaintManagerEviction': 'Marking for deletion Pod {namespace}/{pod}',
} as const

const WHY_EN = {
  'why.kubectlRequest': '{verb} {kind} {object}: kubectl sends the request to kube-apiserver over HTTPS :6443 (authn, authz, admission, validation)',
  'why.apiserverRejects': 'kube-apiserver rejects the request: {status} {reason}: {message}',
  'why.etcdWrite': 'kube-apiserver persists {kind} {object} in etcd (:2379) at {key}',
  'why.etcdDelete': 'kube-apiserver removes {key} from etcd (:2379)',
  'why.watchNotify': '{watcher} is watching {kind}s; kube-apiserver sends {event} for {object} on its watch stream',
  'why.deploymentNewRs': 'the Deployment wants {replicas} pod(s) with template hash {hash}; no ReplicaSet has it, so the controller creates {rs}',
  'why.deploymentScale': 'the Deployment wants {replicas}; ReplicaSet {rs} is scaled from {from} to {to}',
  'why.rolloutStep': 'rolling update: maxSurge {maxSurge}, maxUnavailable {maxUnavailable} — at most {maxTotal} pods, at least {minAvailable} available; new {newCount}, old {oldCount}',
  'why.rsCreatePod': 'ReplicaSet {rs} has {have} pod(s), wants {want}: it creates {pod}',
  'why.rsDeletePod': 'ReplicaSet {rs} has {have} pod(s), wants {want}: it deletes {pod} (the pod on the node with most replicas, then the newest)',
  'why.stsCreatePod': 'StatefulSet {set} creates ordinal {ordinal} ({pod}) once the ones before it are ready',
  'why.dsCreatePod': 'DaemonSet {set} runs one pod per node that passes its filters: {pod} for {node}',
  'why.podCreate': 'Pod {pod} is stored with no node (Pending) until the scheduler binds it',
  'why.scheduled': 'kube-scheduler filtered {total} node(s): {feasible} feasible{filtered}; score: fewest pods wins — {scores}; {node} wins',
  'why.unschedulable': 'kube-scheduler filtered {total} node(s) and none fits{filtered}; the pod stays Pending',
  'why.kubeletSees': 'the kubelet on {node} watches pods bound to its node and sees {pod}',
  'why.sandbox': 'the kubelet asks the container runtime (CRI) for the pod sandbox: a new network namespace with only lo',
  'why.cniAdd': 'the runtime runs the CNI plugin ({plugin}) ADD: veth pair {veth}, IP {ip} from host-local (range {range}, last reserved {last}), default route via {gw}',
  'why.cniDel': 'the runtime runs the CNI plugin DEL: the veth {veth} goes, host-local releases {ip}',
  'why.pull': 'imagePullPolicy {policy}: the kubelet asks the runtime to pull {image}',
  'why.pulled': 'the runtime has pulled {image} into {node}\'s image store; it stays there after the pod is gone',
  'why.present': 'imagePullPolicy {policy}: {image} is already on {node}, no pull',
  'why.createContainer': 'CreateContainer {container} in the sandbox, sharing its network namespace',
  'why.startContainer': 'StartContainer {container}',
  'why.podStatus': 'the kubelet reports the pod status: phase Running, podIP {ip}, Ready',
  'why.podTerminating': 'the pod gets a deletionTimestamp; the kubelet stops its containers (grace period) and the endpoint goes',
  'why.stopContainer': 'StopContainer {container}: SIGTERM, then SIGKILL after the grace period',
  'why.podGone': 'the kubelet confirms the containers are gone; kube-apiserver deletes the Pod object',
  'why.endpointSlice': 'the EndpointSlice controller recomputes {service}\'s endpoints from its selector: {added} added, {removed} removed',
  'why.endpointSliceCreate': 'the EndpointSlice controller creates the slice of {service}: {count} endpoint(s)',
  'why.proxySync': 'kube-proxy on {node} rewrites its rules with iptables-restore: {written} service chain(s) written, {deleted} deleted, {untouched} untouched (KEP-3453 partial sync)',
  'why.proxySyncNone': 'kube-proxy on {node} syncs; its rules do not change',
  'why.corednsRecords': 'CoreDNS\'s kubernetes plugin serves from its watch cache: {added} record(s) added, {removed} removed',
  'why.corednsNone': 'CoreDNS\'s watch cache updates; no name it answers changes',
  'why.nodePatch': 'kubectl patches node {node}: {what}',
  'why.evict': 'kubectl drain evicts {pod} through the Eviction API (PodDisruptionBudgets are honoured)',
  'why.drainSkipDs': 'drain leaves DaemonSet pods ({pods}): their controller would put them straight back',
  'why.taintEvict': 'the taint-eviction controller sees NoExecute taint {taint} on {node}; {pod} does not tolerate it',
  'why.kubectlRefuses': 'kubectl refuses before sending anything: {message}',
  'why.nodeSchedulable': 'the kubelet on {node} sees spec.unschedulable change on its Node and records {status}; running pods stay, only new placements are filtered',
  'why.gcDelete': 'the garbage collector deletes {kind} {object}, owned by the deleted {ownerKind} {owner}',
  'why.serviceAlloc': 'kube-apiserver allocates ClusterIP {ip}{nodePorts} for Service {object}',
  'why.noChange': '{kind} {object} is unchanged: kube-apiserver answers 200 and no controller acts',
  'why.stored': '{kind} {object} is stored; nothing on the nodes depends on it in the lab',
  'why.execUpgrade': 'kube-apiserver opens a connection to the kubelet on {node}:10250 and upgrades it (SPDY/WebSocket) for {verb}',
  'why.execRuntime': 'the kubelet asks the runtime to {verb} in container {container} of {pod}; the stream is relayed back through kube-apiserver',
} as const

const WHY_KO: Record<keyof typeof WHY_EN, string> = {
  'why.kubectlRequest': '{verb} {kind} {object}: kubectl이 HTTPS :6443으로 kube-apiserver에 요청을 보냅니다 (인증, 인가, 어드미션, 검증)',
  'why.apiserverRejects': 'kube-apiserver가 요청을 거부합니다: {status} {reason}: {message}',
  'why.etcdWrite': 'kube-apiserver가 {kind} {object}를 etcd(:2379)의 {key}에 저장합니다',
  'why.etcdDelete': 'kube-apiserver가 etcd(:2379)에서 {key}를 지웁니다',
  'why.watchNotify': '{watcher}가 {kind}를 watch하고 있어 kube-apiserver가 watch 스트림으로 {object}의 {event}를 보냅니다',
  'why.deploymentNewRs': 'Deployment는 템플릿 해시 {hash}인 파드 {replicas}개를 원하지만 그런 ReplicaSet이 없어 컨트롤러가 {rs}를 만듭니다',
  'why.deploymentScale': 'Deployment가 {replicas}개를 원해 ReplicaSet {rs}를 {from}에서 {to}로 조정합니다',
  'why.rolloutStep': '롤링 업데이트: maxSurge {maxSurge}, maxUnavailable {maxUnavailable} — 파드는 최대 {maxTotal}개, 가용 파드는 최소 {minAvailable}개; 새 {newCount}, 옛 {oldCount}',
  'why.rsCreatePod': 'ReplicaSet {rs}의 파드가 {have}개이고 {want}개를 원해 {pod}를 만듭니다',
  'why.rsDeletePod': 'ReplicaSet {rs}의 파드가 {have}개이고 {want}개를 원해 {pod}를 지웁니다 (복제본이 가장 많은 노드의 파드, 그다음 가장 새 파드)',
  'why.stsCreatePod': 'StatefulSet {set}이 앞 순번이 준비되면 순번 {ordinal}({pod})을 만듭니다',
  'why.dsCreatePod': 'DaemonSet {set}은 필터를 통과한 노드마다 파드 하나를 둡니다: {node}에 {pod}',
  'why.podCreate': '파드 {pod}는 스케줄러가 바인딩할 때까지 노드 없이(Pending) 저장됩니다',
  'why.scheduled': 'kube-scheduler가 노드 {total}개를 필터링: 가능 {feasible}개{filtered}; 점수: 파드가 가장 적은 노드 — {scores}; {node} 선택',
  'why.unschedulable': 'kube-scheduler가 노드 {total}개를 필터링했지만 맞는 노드가 없습니다{filtered}; 파드는 Pending으로 남습니다',
  'why.kubeletSees': '{node}의 kubelet은 자기 노드에 바인딩된 파드를 watch하다 {pod}를 봅니다',
  'why.sandbox': 'kubelet이 컨테이너 런타임(CRI)에 파드 샌드박스를 요청합니다: lo만 있는 새 네트워크 네임스페이스',
  'why.cniAdd': '런타임이 CNI 플러그인({plugin}) ADD를 실행합니다: veth 쌍 {veth}, host-local에서 IP {ip} (범위 {range}, 마지막 예약 {last}), 기본 경로 {gw}',
  'why.cniDel': '런타임이 CNI 플러그인 DEL을 실행합니다: veth {veth}가 사라지고 host-local이 {ip}를 반납합니다',
  'why.pull': 'imagePullPolicy {policy}: kubelet이 런타임에 {image} 풀을 요청합니다',
  'why.pulled': '런타임이 {image}를 {node}의 이미지 저장소로 받았습니다; 파드가 사라져도 남습니다',
  'why.present': 'imagePullPolicy {policy}: {image}가 이미 {node}에 있어 풀하지 않습니다',
  'why.createContainer': '샌드박스 안에 컨테이너 {container}를 만듭니다 (네트워크 네임스페이스 공유)',
  'why.startContainer': '컨테이너 {container}를 시작합니다',
  'why.podStatus': 'kubelet이 파드 상태를 보고합니다: Running, podIP {ip}, Ready',
  'why.podTerminating': '파드에 deletionTimestamp가 붙고 kubelet이 컨테이너를 멈추며(유예 기간) 엔드포인트가 빠집니다',
  'why.stopContainer': '컨테이너 {container} 중지: SIGTERM, 유예 기간 뒤 SIGKILL',
  'why.podGone': 'kubelet이 컨테이너가 사라졌음을 확인하고 kube-apiserver가 파드 객체를 지웁니다',
  'why.endpointSlice': 'EndpointSlice 컨트롤러가 셀렉터로 {service}의 엔드포인트를 다시 계산합니다: {added}개 추가, {removed}개 제거',
  'why.endpointSliceCreate': 'EndpointSlice 컨트롤러가 {service}의 슬라이스를 만듭니다: 엔드포인트 {count}개',
  'why.proxySync': '{node}의 kube-proxy가 iptables-restore로 규칙을 다시 씁니다: 서비스 체인 {written}개 기록, {deleted}개 삭제, {untouched}개 그대로 (KEP-3453 부분 동기화)',
  'why.proxySyncNone': '{node}의 kube-proxy가 동기화하지만 규칙은 바뀌지 않습니다',
  'why.corednsRecords': 'CoreDNS kubernetes 플러그인이 watch 캐시로 답합니다: 레코드 {added}개 추가, {removed}개 제거',
  'why.corednsNone': 'CoreDNS의 watch 캐시가 갱신되지만 답하는 이름은 바뀌지 않습니다',
  'why.nodePatch': 'kubectl이 노드 {node}를 패치합니다: {what}',
  'why.evict': 'kubectl drain이 Eviction API로 {pod}를 축출합니다 (PodDisruptionBudget 준수)',
  'why.drainSkipDs': 'drain은 DaemonSet 파드({pods})를 남깁니다: 컨트롤러가 바로 다시 만들기 때문입니다',
  'why.taintEvict': 'taint-eviction 컨트롤러가 {node}의 NoExecute taint {taint}를 봅니다; {pod}는 이를 용인하지 않습니다',
  'why.kubectlRefuses': 'kubectl이 요청을 보내기 전에 거부합니다: {message}',
  'why.nodeSchedulable': '{node}의 kubelet이 자기 Node의 spec.unschedulable 변경을 보고 {status}를 기록합니다; 실행 중인 파드는 남고 새 배치만 걸러집니다',
  'why.gcDelete': '가비지 컬렉터가 삭제된 {ownerKind} {owner}가 소유한 {kind} {object}를 지웁니다',
  'why.serviceAlloc': 'kube-apiserver가 Service {object}에 ClusterIP {ip}{nodePorts}를 할당합니다',
  'why.noChange': '{kind} {object}는 바뀌지 않았습니다: kube-apiserver가 200으로 답하고 어떤 컨트롤러도 움직이지 않습니다',
  'why.stored': '{kind} {object}가 저장됩니다; 랩에서 노드에 영향을 주는 것은 없습니다',
  'why.execUpgrade': 'kube-apiserver가 {node}:10250의 kubelet에 연결을 열고 {verb}를 위해 (SPDY/WebSocket으로) 업그레이드합니다',
  'why.execRuntime': 'kubelet이 런타임에 {pod}의 컨테이너 {container}에서 {verb}를 요청하고, 스트림은 kube-apiserver를 거쳐 돌아갑니다',
}

export const CP_EN: Record<CpCode, string> = { ...EVENTS, ...WHY_EN }
export const CP_KO: Record<CpCode, string> = { ...EVENTS, ...WHY_KO }
/** The codes whose text is upstream's and stays English in every language. */
export const UPSTREAM_EVENT_CODES: readonly CpCode[] = Object.keys(EVENTS) as CpCode[]
