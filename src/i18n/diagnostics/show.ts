/** The errors and hints of the `show` views (src/model/show/views.ts) and the Corefile's problems (src/model/dns/corefile.ts). */
import type { Entry } from './types.js'

export const SHOW_TEXTS: readonly Entry[] = [
  { code: 'show.noKubernetesPlugin', en: 'the Corefile loads no kubernetes plugin, so CoreDNS answers no cluster names', ko: 'Corefile에 kubernetes 플러그인이 없어 CoreDNS가 클러스터 이름에 답하지 않습니다' },
  { code: 'show.addKubernetesPlugin', en: 'add "kubernetes cluster.local in-addr.arpa ip6.arpa" to the coredns ConfigMap', ko: 'coredns ConfigMap에 "kubernetes cluster.local in-addr.arpa ip6.arpa"를 추가하세요' },
  { code: 'show.noNode', en: 'no node named "{node}"', ko: '노드 "{node}"이(가) 없습니다' },
  { code: 'show.nodes', en: 'nodes are: {nodes}', ko: '노드 목록: {nodes}' },
  { code: 'show.iptablesMode', en: 'kube-proxy runs in iptables mode here: it writes no nftables table', ko: '여기서는 kube-proxy가 iptables 모드로 동작하므로 nftables 테이블을 쓰지 않습니다' },
  { code: 'show.useIptables', en: 'use node/{node} iptables, or set kubeProxy: { mode: nftables } in the Cluster document', ko: 'node/{node} iptables를 쓰거나, Cluster 문서에 kubeProxy: { mode: nftables }를 지정하세요' },
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

/**
 * What the Corefile reader finds wrong (coreDnsSettings(...).problems). The loader does not
 * report them as diagnostics yet; the catalog knows them for when it does.
 */
export const COREFILE_PROBLEMS: readonly Entry[] = [
  { code: 'corefile.unexpectedBrace', en: 'unexpected "{"', ko: '예상하지 못한 "{"' },
  { code: 'corefile.blockNotClosed', en: 'block of "{name}" is not closed', ko: '"{name}" 블록이 닫히지 않았습니다' },
  { code: 'corefile.serverNoBrace', en: 'server block without "{"', ko: '"{"가 없는 서버 블록입니다' },
  { code: 'corefile.serverNotClosed', en: 'server block is not closed with "}"', ko: '서버 블록이 "}"로 닫히지 않았습니다' },
  { code: 'corefile.podsMode', en: 'pods "{mode}" is not disabled, insecure or verified', ko: 'pods "{mode}"은(는) disabled, insecure, verified 중 하나가 아닙니다' },
  { code: 'corefile.ttl', en: 'ttl "{ttl}" is not 0-3600', ko: 'ttl "{ttl}"은(는) 0-3600 범위가 아닙니다' },
]
