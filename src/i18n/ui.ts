/** The browser lab's interface text in English and Korean (the page glue is src/ui/i18n.ts). */
export const UI_EN = {
  scenario: 'Scenario', language: 'Language', from: 'From', to: 'To', pick: 'Endpoint', any: 'random (seeded)', trace: 'Trace',
  play: 'Play', pause: 'Pause', prev: 'Step back', next: 'Step forward', start: 'Start', end: 'End', speed: 'Speed',
  hops: 'Hops', where: 'Where', what: 'What', before: 'Before', after: 'After', decidedBy: 'Decided by', explanation: 'Why',
  result: 'Result', serverSees: 'Server sees', dns: 'DNS', reply: 'reply', clickHint: 'Click a node or a pod to see its state.',
  overview: 'Cluster overview (click a node or a pod)', editor: 'YAML', apply: 'Apply', share: 'Copy share link', exportPng: 'PNG',
  exportMd: 'Markdown', editorInvalid: 'The YAML has errors; the last valid cluster stays on screen.', whatIf: 'What if…',
  scale: 'Scale', deletePod: 'Delete pod', cordon: 'Cordon node', flipEtp: 'Flip externalTrafficPolicy', denyPolicy: 'Add deny-all policy',
  noTrace: 'Choose a source and a target, then Trace.', copied: 'Link copied', state: 'State',
  stHostNetns: 'host netns', stHostPods: 'hostNetwork pods', stNetfilter: 'netfilter · routing', stServices: 'kube-proxy NAT for Services',
  stMoreServices: '+{n} more Services', stMorePods: '+{n} more pods', stNodePorts: 'NodePorts on eth0', stNodeNetwork: 'node network',
  stControlPlane: 'control plane', stStep: 'Step {i} of {n}', stFit: 'Fit', stFitTitle: 'Show the whole cluster',
  stFollow: 'Follow', stFollowTitle: 'Keep the packet in view', stPresent: 'Present', stPresentTitle: 'Presentation mode (F)',
  stTheme: 'Light/dark', stThemeTitle: 'Switch between the light (projector) and dark theme', record: 'Record', recordTitle: 'Record this trace as a WebM video',
} as const

export type UiKey = keyof typeof UI_EN
type Dict = Record<UiKey, string>

export const UI_KO: Dict = {
  scenario: '시나리오', language: '언어', from: '출발', to: '목적지', pick: '엔드포인트', any: '무작위 (시드 고정)', trace: '추적',
  play: '재생', pause: '일시정지', prev: '이전 단계', next: '다음 단계', start: '처음', end: '끝', speed: '속도',
  hops: '홉', where: '위치', what: '동작', before: '이전', after: '이후', decidedBy: '결정한 규칙', explanation: '설명',
  result: '결과', serverSees: '서버가 보는 출발지', dns: 'DNS', reply: '응답', clickHint: '노드나 파드를 클릭하면 상태를 볼 수 있습니다.',
  overview: '클러스터 개요 (노드나 파드를 클릭하세요)', editor: 'YAML', apply: '적용', share: '공유 링크 복사', exportPng: 'PNG',
  exportMd: '마크다운', editorInvalid: 'YAML에 오류가 있습니다. 마지막으로 유효했던 클러스터를 계속 표시합니다.', whatIf: '가정해 보기…',
  scale: '스케일', deletePod: '파드 삭제', cordon: '노드 cordon', flipEtp: 'externalTrafficPolicy 전환', denyPolicy: '전체 거부 정책 추가',
  noTrace: '출발지와 목적지를 고른 뒤 추적을 누르세요.', copied: '링크를 복사했습니다', state: '상태',
  stHostNetns: '호스트 netns', stHostPods: 'hostNetwork 파드', stNetfilter: 'netfilter · 라우팅', stServices: '서비스용 kube-proxy NAT',
  stMoreServices: '서비스 {n}개 더', stMorePods: '파드 {n}개 더', stNodePorts: 'eth0의 NodePort', stNodeNetwork: '노드 네트워크',
  stControlPlane: '컨트롤 플레인', stStep: '{n}단계 중 {i}단계', stFit: '전체 보기', stFitTitle: '클러스터 전체를 화면에 맞춥니다',
  stFollow: '따라가기', stFollowTitle: '패킷이 항상 보이도록 화면을 움직입니다', stPresent: '발표', stPresentTitle: '발표 모드 (F)',
  stTheme: '밝게/어둡게', stThemeTitle: '밝은 테마(프로젝터용)와 어두운 테마를 바꿉니다', record: '녹화', recordTitle: '이 추적을 WebM 동영상으로 녹화합니다',
}
