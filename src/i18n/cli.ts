/**
 * The CLI's own prose (headings, table columns, the result line) in English and Korean; the
 * tool-format parts (dig's `;; ANSWER SECTION:`, iptables lines) stay as the real tools print them.
 */
import type { Lang } from './render.js'

const EN = {
  traceTitle: 'trace {from} → {to} ({proto})',
  dnsHeading: 'DNS lookup (the resolver walks resolv.conf\'s search list; A and AAAA per name):',
  colNumber: '#', colQuery: 'QUERY', colType: 'TYPE', colRcode: 'RCODE', colAnswer: 'ANSWER', colServer: 'SERVER',
  colWhere: 'WHERE', colStep: 'STEP', colPacket: 'PACKET (after)', colDecidedBy: 'DECIDED BY',
  firstPacket: 'First packet:', firstPacketSyn: 'First packet (SYN):',
  reply: 'Reply, back through conntrack:', replySynAck: 'Reply (SYN-ACK), back through conntrack:',
  ingressReads: 'Ingress controller {controller} reads the HTTP request: {rule} (HTTP {status})',
  upstreamHeading: 'The controller\'s own connection to the backend (first packet):',
  upstreamReply: 'Its reply:',
  upstreamHeadingProxy: 'The proxy\'s own connection to the backend (first packet):',
  gwReads: 'Gateway {gateway}: the proxy {proxy} reads the HTTP request: {request}',
  gwTakes: 'Gateway {gateway}: the proxy {proxy} takes the connection (no HTTP: the route has no matches)',
  gwNoHost: '(the Gateway address)',
  gwListener: '  listener: {why}', gwListenerNone: '  listener: none — {why}',
  gwMatchesOrder: '  matches in precedence order (the first wins):', gwRoutesOrder: '  routes on the listener (only the oldest carries traffic):',
  gwCandidate: '    {n}. {route} rule {rule} match {match}: {text}', gwCandidateHost: '    {n}. {route} rule {rule} match {match}: {text} (host {host})',
  gwDecidedBy: '  decided by: {step}', gwNoMatches: '  matches: none',
  gwFilter: '  filter {type}: {text}', gwBefore: '    before: {request}', gwAfter: '    after:  {request}',
  gwBackends: '  backendRefs: {list}', gwBackend: '{label}:{port} weight {weight} ({pct}%)', gwBackendInvalid: '{label}:{port} weight {weight} ({pct}%) invalid — {problem}',
  gwAnswer: '  answer: HTTP {status}{location}{headers} — {reason}', gwWithHeaders: ' with {headers}',
  exchange: 'The exchange as each end sees it:',
  colSegment: 'SEGMENT', colClientSees: 'CLIENT SEES', colServerSees: 'SERVER SEES',
  choices: 'Random choices (pin with --pick <ip|ip:port|pod>, vary with --seed N):',
  choiceLine: '{at}: {picked} ({how}) of {alternatives}',
  result: 'Result: {result} — {summary}',
  serverSees: 'Server sees the client as {ip}:{port}',
  rulesWalked: 'netfilter rules evaluated for the first packet (iptables and nftables; a map lookup is one): {n}',
  note: 'Note: {text}',
  pickMiss: '{flag} {value} matches no endpoint of this trace',
  pickNoChoice: 'this trace made no random endpoint choice, so there is nothing to pin',
  pickNoDnsChoice: 'this trace made no random CoreDNS replica choice, so there is nothing to pin',
  pickOneOf: 'pick one of {labels} (an IP, IP:port or pod name)',
  placePod: 'pod {pod}', placeNode: 'node {node}', placeExternal: 'external {client}', placeUnderlay: 'node network',
  inVxlan: '{inner} in VXLAN {src} → {dst}:{dport} vni {vni}',
  digQueries: '; {n} queries in the order the resolver sends them', digQuery: '; 1 query in the order the resolver sends them',
  error: 'error: {text}', hint: '  hint: {text}',
  howSeeded: 'seeded', howPinned: 'pinned', howOnly: 'only',
  segRequest: 'request', segRequestHttp: 'request (HTTP GET)', segResponse: 'response', segDatagram: 'datagram', segReply: 'reply',
} as const

export type CliKey = keyof typeof EN

const KO: Record<CliKey, string> = {
  traceTitle: '추적 {from} → {to} ({proto})',
  dnsHeading: 'DNS 조회 (리졸버가 resolv.conf의 search 목록을 차례로 시도합니다. 이름마다 A와 AAAA 질의):',
  colNumber: '#', colQuery: '질의', colType: '타입', colRcode: '응답 코드', colAnswer: '응답', colServer: '서버',
  colWhere: '위치', colStep: '단계', colPacket: '패킷 (처리 후)', colDecidedBy: '결정한 규칙',
  firstPacket: '첫 패킷:', firstPacketSyn: '첫 패킷 (SYN):',
  reply: '응답 (conntrack을 거쳐 돌아감):', replySynAck: '응답 (SYN-ACK, conntrack을 거쳐 돌아감):',
  ingressReads: '인그레스 컨트롤러 {controller}이(가) HTTP 요청을 읽습니다: {rule} (HTTP {status})',
  upstreamHeading: '컨트롤러가 백엔드로 직접 맺는 연결 (첫 패킷):',
  upstreamReply: '그 응답:',
  upstreamHeadingProxy: '프록시가 백엔드로 직접 맺는 연결 (첫 패킷):',
  gwReads: '게이트웨이 {gateway}: 프록시 {proxy}이(가) HTTP 요청을 읽습니다: {request}',
  gwTakes: '게이트웨이 {gateway}: 프록시 {proxy}이(가) 연결을 받습니다 (HTTP를 읽지 않음: 라우트에 매치 조건이 없음)',
  gwNoHost: '(게이트웨이 주소)',
  gwListener: '  리스너: {why}', gwListenerNone: '  리스너: 없음 — {why}',
  gwMatchesOrder: '  우선순위 순서의 매치 (첫 번째가 이김):', gwRoutesOrder: '  리스너에 붙은 라우트 (가장 오래된 라우트만 트래픽을 받음):',
  gwCandidate: '    {n}. {route} 규칙 {rule} 매치 {match}: {text}', gwCandidateHost: '    {n}. {route} 규칙 {rule} 매치 {match}: {text} (호스트 {host})',
  gwDecidedBy: '  결정 기준: {step}', gwNoMatches: '  매치: 없음',
  gwFilter: '  필터 {type}: {text}', gwBefore: '    적용 전: {request}', gwAfter: '    적용 후: {request}',
  gwBackends: '  backendRefs: {list}', gwBackend: '{label}:{port} 가중치 {weight} ({pct}%)', gwBackendInvalid: '{label}:{port} 가중치 {weight} ({pct}%) 사용 불가 — {problem}',
  gwAnswer: '  응답: HTTP {status}{location}{headers} — {reason}', gwWithHeaders: ' (응답 헤더 {headers})',
  exchange: '양쪽 끝에서 본 주고받기:',
  colSegment: '세그먼트', colClientSees: '클라이언트가 보는 주소', colServerSees: '서버가 보는 주소',
  choices: '무작위 선택 (--pick <ip|ip:port|파드>로 고정, --seed N으로 바꾸기):',
  choiceLine: '{at}: {picked} 선택 ({how}), 후보: {alternatives}',
  result: '결과: {result} — {summary}',
  serverSees: '서버가 보는 클라이언트 주소: {ip}:{port}',
  rulesWalked: '첫 패킷이 평가한 netfilter 규칙 수 (iptables와 nftables, 맵 조회 하나는 1개로 셈): {n}',
  note: '참고: {text}',
  pickMiss: '{flag} {value}에 맞는 엔드포인트가 이 추적에 없습니다',
  pickNoChoice: '이 추적은 엔드포인트를 무작위로 고르지 않았으므로 고정할 것이 없습니다',
  pickNoDnsChoice: '이 추적은 CoreDNS 복제본을 무작위로 고르지 않았으므로 고정할 것이 없습니다',
  pickOneOf: '다음 중 하나를 고르세요: {labels} (IP, IP:포트 또는 파드 이름)',
  placePod: '파드 {pod}', placeNode: '노드 {node}', placeExternal: '외부 {client}', placeUnderlay: '노드 네트워크',
  inVxlan: '{inner} (VXLAN {src} → {dst}:{dport} vni {vni} 안에)',
  digQueries: '; 리졸버가 보내는 순서대로 질의 {n}개', digQuery: '; 리졸버가 보내는 순서대로 질의 1개',
  error: '오류: {text}', hint: '  힌트: {text}',
  howSeeded: '시드로 뽑음', howPinned: '--pick으로 고정', howOnly: '후보가 하나뿐',
  segRequest: '요청', segRequestHttp: '요청 (HTTP GET)', segResponse: '응답', segDatagram: '데이터그램', segReply: '응답',
}

const DICTS: Record<Lang, Record<CliKey, string>> = { en: EN, ko: KO }

/** A CLI phrase in the language, with its {params} filled. */
export function cliText(lang: Lang, key: CliKey, params: Record<string, string | number> = {}): string {
  return DICTS[lang][key].replace(/\{(\w+)\}/g, (whole, k: string) => (params[k] === undefined ? whole : String(params[k])))
}

export const CLI_KEYS = Object.keys(EN) as CliKey[]
export const CLI_DICTS = DICTS

/**
 * The language the CLI prints in: `--lang en|ko` wins; else the locale (LC_ALL, LC_MESSAGES,
 * LANG, in the order gettext reads them) when it starts with `ko`; else English.
 */
export function cliLang(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Lang | null {
  if (flag !== undefined) return flag === 'ko' || flag === 'en' ? flag : null
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || ''
  return /^ko(_|\.|$)/i.test(locale) ? 'ko' : 'en'
}
