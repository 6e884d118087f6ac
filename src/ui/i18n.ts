/** Interface text in English and Korean; the choice is remembered in localStorage. */
const EN = {
  scenario: 'Scenario', language: 'Language', from: 'From', to: 'To', pick: 'Endpoint', any: 'random (seeded)', trace: 'Trace',
  play: 'Play', pause: 'Pause', prev: 'Step back', next: 'Step forward', start: 'Start', end: 'End', speed: 'Speed',
  hops: 'Hops', where: 'Where', what: 'What', before: 'Before', after: 'After', decidedBy: 'Decided by', explanation: 'Why',
  result: 'Result', serverSees: 'Server sees', dns: 'DNS', reply: 'reply', clickHint: 'Click a node or a pod to see its state.',
  overview: 'Cluster overview (click a node or a pod)', editor: 'YAML', apply: 'Apply', share: 'Copy share link', exportPng: 'PNG',
  exportMd: 'Markdown', editorInvalid: 'The YAML has errors; the last valid cluster stays on screen.', whatIf: 'What if…',
  scale: 'Scale', deletePod: 'Delete pod', cordon: 'Cordon node', flipEtp: 'Flip externalTrafficPolicy', denyPolicy: 'Add deny-all policy', switchProxyMode: 'Switch kube-proxy mode',
  noTrace: 'Choose a source and a target, then Trace.', copied: 'Link copied', state: 'State',
} as const

export type Key = keyof typeof EN
type Dict = Record<Key, string>

const KO: Dict = {
  scenario: '시나리오', language: '언어', from: '출발', to: '목적지', pick: '엔드포인트', any: '무작위 (시드 고정)', trace: '추적',
  play: '재생', pause: '일시정지', prev: '이전 단계', next: '다음 단계', start: '처음', end: '끝', speed: '속도',
  hops: '홉', where: '위치', what: '동작', before: '이전', after: '이후', decidedBy: '결정한 규칙', explanation: '설명',
  result: '결과', serverSees: '서버가 보는 출발지', dns: 'DNS', reply: '응답', clickHint: '노드나 파드를 클릭하면 상태를 볼 수 있습니다.',
  overview: '클러스터 개요 (노드나 파드를 클릭하세요)', editor: 'YAML', apply: '적용', share: '공유 링크 복사', exportPng: 'PNG',
  exportMd: '마크다운', editorInvalid: 'YAML에 오류가 있습니다. 마지막으로 유효했던 클러스터를 계속 표시합니다.', whatIf: '가정해 보기…',
  scale: '스케일', deletePod: '파드 삭제', cordon: '노드 cordon', flipEtp: 'externalTrafficPolicy 전환', denyPolicy: '전체 거부 정책 추가', switchProxyMode: 'kube-proxy 모드 전환',
  noTrace: '출발지와 목적지를 고른 뒤 추적을 누르세요.', copied: '링크를 복사했습니다', state: '상태',
}

export type Lang = 'en' | 'ko'
const DICTS: Record<Lang, Dict> = { en: EN, ko: KO }
const STORE = 'kube-netlab.lang'

let lang: Lang = ((): Lang => {
  try { return localStorage.getItem(STORE) === 'ko' ? 'ko' : 'en' } catch { return 'en' }
})()

export const currentLang = (): Lang => lang

export function setLang(l: Lang): void {
  lang = l
  try { localStorage.setItem(STORE, l) } catch { /* private mode: not remembered */ }
  document.documentElement.lang = l
}

export function t(key: Key): string {
  return DICTS[lang][key]
}

/** Sets the text of every element carrying data-i18n="key". */
export function translatePage(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset['i18n'] as Key)
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = t(el.dataset['i18nTitle'] as Key)
}
