/**
 * Reading files and documents (readDocuments, textChecks), typed fields (fieldReader), objects
 * (parseObjects, parseTemplate, legacyIp, clusterHints) and the Cluster document (parseCluster).
 */
import { table, type Entry } from './types.js'

/** Why a CIDR does not parse (src/model/addr/ipv4.ts parseCidr), as a part of a longer message. */
export const CIDR_REASONS = table([
  { code: 'cidr.noPrefix', en: '"{text}" has no /prefix length', ko: '"{text}"에 /접두사 길이가 없습니다' },
  { code: 'cidr.badPrefix', en: '"/{prefix}" is not a prefix length between 0 and 32', ko: '"/{prefix}"은(는) 0부터 32 사이의 접두사 길이가 아닙니다' },
  { code: 'cidr.hostBits', en: '"{text}" has host bits set; the network is {network}', ko: '"{text}"에 호스트 비트가 켜져 있습니다. 네트워크 주소는 {network}입니다' },
  { code: 'cidr.invalid', en: '"{text}" is not a valid CIDR', ko: '"{text}"은(는) 올바른 CIDR이 아닙니다' },
  { code: 'cidr.badAddress', en: '"{text}" is not an IPv4 address', ko: '"{text}"은(는) IPv4 주소가 아닙니다' },
])

/** Where a hint about the cluster came from (clusterHints.ts: the ConfigMap it was read from). */
export const HINT_SOURCES = table([
  { code: 'source.configMap', en: 'ConfigMap {name}', ko: 'ConfigMap {name}' },
])

/** What a flow collection is called in the YAML library's messages. */
const FLOW = table([
  { code: 'flow.sequence', en: 'flow sequence', ko: '플로 시퀀스' },
  { code: 'flow.map', en: 'flow map', ko: '플로 매핑' },
])

/**
 * The YAML library's syntax errors (node_modules/yaml/dist/compose, parse: the first line of
 * each message), after "YAML syntax: ". Token names (scalar, map-value-ind) stay as the library
 * prints them.
 */
const YAML_ERRORS = table([
  { code: 'yamlError.tab', en: 'Tabs are not allowed as indentation', ko: '탭은 들여쓰기에 쓸 수 없습니다' },
  { code: 'yamlError.duplicateKey', en: 'Map keys must be unique', ko: '매핑의 키는 유일해야 합니다' },
  { code: 'yamlError.nestedCompact', en: 'Nested mappings are not allowed in compact mappings', ko: '간결한(compact) 매핑 안에는 매핑을 중첩할 수 없습니다' },
  { code: 'yamlError.multilineKey', en: 'Implicit keys need to be on a single line', ko: '암시적 키는 한 줄에 있어야 합니다' },
  { code: 'yamlError.multilinePairKey', en: 'Implicit keys of flow sequence pairs need to be on a single line', ko: '플로 시퀀스 쌍의 암시적 키는 한 줄에 있어야 합니다' },
  { code: 'yamlError.seqAsKey', en: 'A block sequence may not be used as an implicit map key', ko: '블록 시퀀스는 암시적 매핑 키로 쓸 수 없습니다' },
  { code: 'yamlError.keyWithoutValue', en: 'Implicit map keys need to be followed by map values', ko: '암시적 매핑 키 뒤에는 값이 와야 합니다' },
  { code: 'yamlError.quote', en: 'Missing closing "quote', ko: '닫는 따옴표(")가 없습니다' },
  { code: 'yamlError.blockInFlow', en: 'Block collections are not allowed within flow collections', ko: '플로 컬렉션 안에는 블록 컬렉션을 쓸 수 없습니다' },
  { code: 'yamlError.reservedStart', en: 'Plain value cannot start with reserved character {char}', ko: '따옴표 없는 값은 예약 문자 {char}(으)로 시작할 수 없습니다' },
  { code: 'yamlError.tabStart', en: 'Plain value cannot start with a tab character', ko: '따옴표 없는 값은 탭 문자로 시작할 수 없습니다' },
  { code: 'yamlError.commaStart', en: 'Plain value cannot start with flow indicator character ,', ko: '따옴표 없는 값은 플로 표시 문자 ,로 시작할 수 없습니다' },
  { code: 'yamlError.percentStart', en: 'Plain value cannot start with directive indicator character %', ko: '따옴표 없는 값은 지시자 표시 문자 %로 시작할 수 없습니다' },
  { code: 'yamlError.blockScalarStart', en: 'Plain value cannot start with block scalar indicator {char}', ko: '따옴표 없는 값은 블록 스칼라 표시 {char}(으)로 시작할 수 없습니다' },
  { code: 'yamlError.seqEnd', en: 'Flow sequence in block collection must be sufficiently indented and end with a ]', ko: '블록 컬렉션 안의 플로 시퀀스는 충분히 들여 쓰고 ]로 끝나야 합니다' },
  { code: 'yamlError.mapEnd', en: 'Flow map in block collection must be sufficiently indented and end with a }', ko: '블록 컬렉션 안의 플로 매핑은 충분히 들여 쓰고 }로 끝나야 합니다' },
  { code: 'yamlError.rootSeqEnd', en: 'Flow sequence must end with a ]', ko: '플로 시퀀스는 ]로 끝나야 합니다' },
  { code: 'yamlError.rootMapEnd', en: 'Flow map must end with a }', ko: '플로 매핑은 }로 끝나야 합니다' },
  { code: 'yamlError.missingComma', en: 'Missing , between {flow} items', ko: '{flow} 항목 사이에 ,가 없습니다', sub: { flow: FLOW } },
  { code: 'yamlError.missingCommaOrColon', en: 'Missing , or : between {flow} items', ko: '{flow} 항목 사이에 ,나 :가 없습니다', sub: { flow: FLOW } },
  { code: 'yamlError.missingSpace', en: 'Missing space after : in {flow}', ko: '{flow}에서 : 뒤에 공백이 없습니다', sub: { flow: FLOW } },
  { code: 'yamlError.unexpectedComma', en: 'Unexpected , in {flow}', ko: '{flow}에 예상하지 못한 ,가 있습니다', sub: { flow: FLOW } },
  { code: 'yamlError.emptyItem', en: 'Unexpected empty item in {flow}', ko: '{flow}에 예상하지 못한 빈 항목이 있습니다', sub: { flow: FLOW } },
  { code: 'yamlError.tokenInStream', en: 'Unexpected {token} token in YAML stream: {source}', ko: 'YAML 스트림에 예상하지 못한 {token} 토큰이 있습니다: {source}' },
  { code: 'yamlError.sameLineAsKey', en: 'Unexpected {token} on same line with key', ko: '키와 같은 줄에 예상하지 못한 {token}이(가) 있습니다' },
  { code: 'yamlError.nodeEnd', en: 'Unexpected {token} at node end', ko: '노드 끝에 예상하지 못한 {token}이(가) 있습니다' },
  { code: 'yamlError.token', en: 'Unexpected {token} token', ko: '예상하지 못한 {token} 토큰입니다' },
  { code: 'yamlError.escape', en: 'Invalid escape sequence {sequence}', ko: '잘못된 이스케이프 시퀀스 {sequence}' },
  { code: 'yamlError.anchors', en: 'A node can have at most one anchor', ko: '노드에는 앵커를 하나만 붙일 수 있습니다' },
  { code: 'yamlError.tags', en: 'A node can have at most one tag', ko: '노드에는 태그를 하나만 붙일 수 있습니다' },
  { code: 'yamlError.blockHeader', en: 'Block scalar header includes extra characters: {chars}', ko: '블록 스칼라 헤더에 불필요한 문자가 있습니다: {chars}' },
  { code: 'yamlError.mappingColumn', en: 'All mapping items must start at the same column', ko: '매핑 항목은 모두 같은 열에서 시작해야 합니다' },
  { code: 'yamlError.sameColumn', en: 'All sequence items must start at the same column', ko: '시퀀스 항목은 모두 같은 열에서 시작해야 합니다' },
  { code: 'yamlError.noDash', en: 'Sequence item without - indicator', ko: '- 표시가 없는 시퀀스 항목입니다' },
  { code: 'yamlError.comment', en: 'Comments must be separated from other tokens by white space characters', ko: '주석은 다른 토큰과 공백 문자로 떨어져 있어야 합니다' },
  { code: 'yamlError.tag', en: 'Unresolved tag: {tag}', ko: '해석할 수 없는 태그: {tag}' },
])

export const LOAD_MESSAGES: readonly Entry[] = [
  // ---- reading the file (textChecks, readDocuments) ----
  { code: 'file.utf16', en: 'the file looks UTF-16 encoded; the lab (like kubectl) reads UTF-8', ko: '파일이 UTF-16으로 인코딩된 것 같습니다. 실습은 (kubectl처럼) UTF-8을 읽습니다' },
  { code: 'file.nulByte', en: 'the file contains a NUL byte; YAML text cannot hold one', ko: '파일에 NUL 바이트가 있습니다. YAML 텍스트에는 NUL 바이트가 들어갈 수 없습니다' },
  { code: 'yaml.tooDeep', en: 'the YAML nests more than {max} levels deep here; no Kubernetes object is that deep', ko: '여기서 YAML이 {max}단계보다 깊게 중첩됩니다. 그렇게 깊은 쿠버네티스 오브젝트는 없습니다' },
  { code: 'yaml.tooDeepToRead', en: 'the YAML nests too deeply to read', ko: 'YAML이 너무 깊게 중첩되어 읽을 수 없습니다' },
  { code: 'file.tooBig', en: 'file is {size} MB; the limit is 5 MB', ko: '파일 크기가 {size} MB입니다. 한도는 5 MB입니다' },
  { code: 'file.tooManyObjects', en: 'file holds {count} objects; the limit is {limit}', ko: '파일에 오브젝트가 {count}개 있습니다. 한도는 {limit}개입니다' },
  { code: 'yaml.syntax', en: 'YAML syntax: {detail}', ko: 'YAML 문법 오류: {detail}', sub: { detail: YAML_ERRORS } },
  { code: 'yaml.notMapping', en: 'a document must be a mapping (apiVersion, kind, metadata, ...)', ko: '문서는 매핑(apiVersion, kind, metadata, ...)이어야 합니다' },
  { code: 'yaml.aliasBomb', en: 'the document\'s YAML aliases expand too far (more than {max} uses of *anchors): an alias bomb', ko: '문서의 YAML 별칭이 너무 많이 펼쳐집니다 (*앵커 사용이 {max}번 초과): 별칭 폭탄(alias bomb)입니다' },
  { code: 'yaml.unreadable', en: 'the document cannot be read', ko: '문서를 읽을 수 없습니다' },
  { code: 'yaml.itemsNotList', en: '{kind} items must be a list', ko: '{kind}의 items는 목록이어야 합니다' },
  { code: 'yaml.itemNotObject', en: 'items[{index}] is not an object', ko: 'items[{index}] 항목이 오브젝트가 아닙니다' },
  { code: 'file.noObjects', en: 'the file holds no objects', ko: '파일에 오브젝트가 하나도 없습니다' },
  // ---- fields (fieldReader) ----
  { code: 'field.string', en: '{path} must be a string', ko: '{path} 값은 문자열이어야 합니다' },
  { code: 'field.intRange', en: '{path} must be a whole number from {min} to {max}, got {value}', ko: '{path} 값은 {min}부터 {max}까지의 정수여야 합니다 (입력: {value})' },
  { code: 'field.int', en: '{path} must be a whole number, got {value}', ko: '{path} 값은 정수여야 합니다 (입력: {value})' },
  { code: 'field.bool', en: '{path} must be true or false', ko: '{path} 값은 true 또는 false여야 합니다' },
  { code: 'field.list', en: '{path} must be a list', ko: '{path} 값은 목록이어야 합니다' },
  { code: 'field.stringMap', en: '{path} must be a map of strings', ko: '{path} 값은 문자열 맵이어야 합니다' },
  { code: 'field.oneOf', en: '{path} is {value}; expected one of {allowed}', ko: '{path} 값이 {value}입니다. 다음 중 하나여야 합니다: {allowed}' },
  { code: 'field.embedded', en: '{path} cannot be read as {format}; its settings are ignored', ko: '{path}을(를) {format}(으)로 읽을 수 없어 그 설정을 무시합니다' },
  // ---- objects (parseObjects, parseTemplate, legacyIp) ----
  { code: 'object.port', en: '{path} {value} is neither a port number (1-65535) nor a port name', ko: '{path} 값 {value}은(는) 포트 번호(1-65535)도 포트 이름도 아닙니다' },
  { code: 'object.noKind', en: 'document has no kind', ko: '문서에 kind가 없습니다' },
  { code: 'object.unknownKind', en: 'unknown kind "{kind}"; skipped', ko: '알 수 없는 kind "{kind}": 건너뜁니다' },
  { code: 'object.unknownApiVersion', en: 'apiVersion "{apiVersion}" is not known for {kind}; skipped', ko: '{kind}에 알려지지 않은 apiVersion "{apiVersion}": 건너뜁니다' },
  { code: 'object.noName', en: '{kind} has no metadata.name', ko: '{kind}에 metadata.name이 없습니다' },
  { code: 'object.secondCluster', en: 'a second Cluster document; only one is allowed per topology', ko: '두 번째 Cluster 문서입니다. 토폴로지마다 하나만 둘 수 있습니다' },
  { code: 'object.nodeIpv6Only', en: 'node {node} has only an IPv6 InternalIP: IPv6 is not simulated yet', ko: '노드 {node}에 IPv6 InternalIP만 있습니다: IPv6는 아직 시뮬레이션하지 않습니다' },
  { code: 'object.noInternalIp', en: 'node {node} has no InternalIP address', ko: '노드 {node}에 InternalIP 주소가 없습니다' },
  { code: 'object.leadingZeros', en: '"{text}" has leading zeros; read as {ip}, as kube-proxy reads it (decimal, not octal)', ko: '"{text}"에 앞자리 0이 있습니다. kube-proxy처럼 {ip}(으)로 읽습니다 (8진수가 아닌 10진수)' },
  { code: 'object.portMissing', en: 'ports[{index}] has no port', ko: 'ports[{index}]에 port가 없습니다' },
  { code: 'object.portName', en: 'ports[{index}] needs a name: a Service with several ports must name each', ko: 'ports[{index}]에 name이 필요합니다. 포트가 여럿인 서비스는 포트마다 이름을 붙여야 합니다' },
  { code: 'object.externalName', en: 'type ExternalName needs spec.externalName', ko: 'type ExternalName에는 spec.externalName이 필요합니다' },
  { code: 'object.externalIp', en: 'externalIPs entry "{ip}" is not an IP address', ko: 'externalIPs 항목 "{ip}"은(는) IP 주소가 아닙니다' },
  { code: 'object.noCorefile', en: 'ConfigMap kube-system/coredns has no data.Corefile', ko: 'ConfigMap kube-system/coredns에 data.Corefile이 없습니다' },
  { code: 'object.kubeProxyMode', en: 'kube-proxy mode "{mode}" is not modelled', ko: 'kube-proxy 모드 "{mode}"은(는) 모델링하지 않습니다' },
  { code: 'object.sliceNoService', en: 'EndpointSlice has no kubernetes.io/service-name label', ko: 'EndpointSlice에 kubernetes.io/service-name 레이블이 없습니다' },
  { code: 'object.badAddress', en: 'address "{ip}" is not an IP address', ko: '주소 "{ip}"은(는) IP 주소가 아닙니다' },
  // An EndpointSlice address of the wrong family, and a Gateway's spec.addresses entry ("IPv4").
  { code: 'object.addressFamily', en: 'address "{ip}" is not an {family} address', ko: '주소 "{ip}"은(는) {family} 주소가 아닙니다' },
  { code: 'object.noContainers', en: 'the pod has no containers', ko: '파드에 컨테이너가 없습니다' },
  // ---- the Cluster document (parseCluster) ----
  // A ConfigMap's range that does not parse (inferCluster), before the general `{path}: …` ones below.
  { code: 'cluster.hintPodRange', en: 'pod range "{value}" in {source}: {reason}; ignored', ko: '{source}의 파드 대역 "{value}": {reason}. 무시합니다', sub: { source: HINT_SOURCES, reason: CIDR_REASONS } },
  { code: 'cluster.hintServiceRange', en: 'service range "{value}" in {source}: {reason}; ignored', ko: '{source}의 서비스 대역 "{value}": {reason}. 무시합니다', sub: { source: HINT_SOURCES, reason: CIDR_REASONS } },
  { code: 'cluster.cidrNoPrefix', en: '{path}: "{text}" has no /prefix length', ko: '{path}: "{text}"에 /접두사 길이가 없습니다' },
  { code: 'cluster.cidrBadPrefix', en: '{path}: "/{prefix}" is not a prefix length between 0 and 32', ko: '{path}: "/{prefix}"은(는) 0부터 32 사이의 접두사 길이가 아닙니다' },
  { code: 'cluster.cidrHostBits', en: '{path}: "{text}" has host bits set; the network is {network}', ko: '{path}: "{text}"에 호스트 비트가 켜져 있습니다. 네트워크 주소는 {network}입니다' },
  { code: 'cluster.cidrInvalid', en: '{path}: "{text}" is not a valid CIDR', ko: '{path}: "{text}"은(는) 올바른 CIDR이 아닙니다' },
  { code: 'cluster.cidrBadAddress', en: '{path}: "{text}" is not an IPv4 address', ko: '{path}: "{text}"은(는) IPv4 주소가 아닙니다' },
  { code: 'services.lbIp', en: 'load balancer ingress ip "{ip}" is not an IP address', ko: '로드밸런서 ingress ip "{ip}"은(는) IP 주소가 아닙니다' },
  { code: 'cluster.badIp', en: '{path} "{text}" is not an IPv4 address', ko: '{path} 값 "{text}"은(는) IPv4 주소가 아닙니다' },
  { code: 'cluster.nodePortRange', en: 'nodePortRange "{range}" is not LOW-HIGH within 1-65535', ko: 'nodePortRange "{range}"은(는) 1-65535 안의 LOW-HIGH 형식이 아닙니다' },
  { code: 'cluster.bridgeBackend', en: 'the bridge plugin has no backend; ignored', ko: 'bridge 플러그인에는 backend가 없습니다. 무시합니다' },
  { code: 'cluster.nodeNoIp', en: 'node {node} has no ip', ko: '노드 {node}에 ip가 없습니다' },
  // ---- general ones, after every specific one ----
  { code: 'object.badIp', en: '{path} "{text}" is not an IP address', ko: '{path} 값 "{text}"은(는) IP 주소가 아닙니다' },
  { code: 'cluster.nodePortAddress', en: 'nodePortAddresses entry "{cidr}" is not a CIDR', ko: 'nodePortAddresses 항목 "{cidr}"은(는) CIDR이 아닙니다' },
]

export const LOAD_HINTS: readonly Entry[] = [
  { code: 'hint.utf16', en: 'convert it: iconv -f UTF-16 -t UTF-8 in.yaml > out.yaml (PowerShell: Out-File -Encoding utf8)', ko: '변환하세요: iconv -f UTF-16 -t UTF-8 in.yaml > out.yaml (PowerShell: Out-File -Encoding utf8)' },
  { code: 'hint.binary', en: 'the file may be binary or damaged: export it again with kubectl get -o yaml', ko: '파일이 바이너리이거나 손상되었을 수 있습니다. kubectl get -o yaml로 다시 내보내세요' },
  { code: 'hint.damaged', en: 'the file is damaged or not a manifest: check for a runaway "[" / "{" or indentation that keeps growing', ko: '파일이 손상되었거나 매니페스트가 아닙니다. 닫히지 않은 "[" / "{"나 계속 깊어지는 들여쓰기가 있는지 확인하세요' },
  { code: 'hint.duplicateKey', en: 'a key may appear once per object (the API server rejects duplicates): keep one of them', ko: '키는 오브젝트마다 한 번만 쓸 수 있습니다 (API 서버가 중복을 거부합니다). 하나만 남기세요' },
  { code: 'hint.tab', en: 'YAML indents with spaces only: replace the tab with spaces', ko: 'YAML 들여쓰기는 공백만 씁니다. 탭을 공백으로 바꾸세요' },
  { code: 'hint.splitFile', en: 'split the cluster into smaller files or drop objects the lab does not need (Secrets, ConfigMaps other than coredns)', ko: '클러스터를 더 작은 파일로 나누거나 실습에 필요 없는 오브젝트(Secret, coredns 외의 ConfigMap)를 빼세요' },
  { code: 'hint.yamlIndent', en: 'check indentation (spaces only) and that every "key: value" pair has its colon and space', ko: '들여쓰기(공백만)와, 모든 "키: 값" 쌍에 콜론과 공백이 있는지 확인하세요' },
  { code: 'hint.startDocument', en: 'start each document with apiVersion: and kind: lines, and separate documents with ---', ko: '문서마다 apiVersion:과 kind: 줄로 시작하고, 문서 사이는 ---로 나누세요' },
  { code: 'hint.aliases', en: 'write the repeated parts out, or use fewer *alias references', ko: '반복되는 부분을 직접 풀어 쓰거나, *별칭 참조를 줄이세요' },
  { code: 'hint.documentDamage', en: 'check the document for damage', ko: '문서가 손상되지 않았는지 확인하세요' },
  { code: 'hint.itemsList', en: 'write items: as a list of objects (- apiVersion: ...)', ko: 'items:를 오브젝트 목록(- apiVersion: ...)으로 쓰세요' },
  { code: 'hint.itemObject', en: 'each item is one object with apiVersion, kind and metadata', ko: '각 항목은 apiVersion, kind, metadata가 있는 오브젝트 하나입니다' },
  { code: 'hint.oneNamespace', en: 'load one namespace at a time (kubectl get -n NS -o yaml)', ko: '네임스페이스를 하나씩 불러오세요 (kubectl get -n NS -o yaml)' },
  { code: 'hint.pasteObjects', en: 'paste a kubectl get -o yaml dump or manifests (apiVersion, kind, metadata ...); an empty List or items: null describes nothing', ko: 'kubectl get -o yaml 덤프나 매니페스트(apiVersion, kind, metadata ...)를 붙여 넣으세요. 빈 List나 items: null은 아무것도 기술하지 않습니다' },
  { code: 'hint.plainValue', en: 'write a plain value (quote it if it looks like a number or a list)', ko: '일반 값으로 쓰세요 (숫자나 목록처럼 보이면 따옴표로 감싸세요)' },
  { code: 'hint.number', en: 'write a number without quotes or decimals', ko: '따옴표나 소수점 없이 숫자로 쓰세요' },
  { code: 'hint.bool', en: 'write true or false without quotes', ko: '따옴표 없이 true 또는 false로 쓰세요' },
  { code: 'hint.list', en: 'write the entries as a list: one "- item" per line, or [a, b]', ko: '항목을 목록으로 쓰세요: 한 줄에 "- 항목" 하나씩, 또는 [a, b]' },
  { code: 'hint.map', en: 'write key: value pairs, e.g. { app: web }', ko: 'key: value 쌍으로 쓰세요. 예: { app: web }' },
  { code: 'hint.oneOf', en: 'write one of {allowed} (the case matters)', ko: '{allowed} 중 하나를 쓰세요 (대소문자를 구분합니다)' },
  { code: 'hint.embedded', en: 'check the embedded text for damage', ko: '포함된 텍스트가 손상되지 않았는지 확인하세요' },
  { code: 'hint.addContainers', en: 'add spec.containers with at least one container', ko: 'spec.containers에 컨테이너를 하나 이상 넣으세요' },
  { code: 'hint.needKind', en: 'every document needs apiVersion and kind', ko: '모든 문서에는 apiVersion과 kind가 있어야 합니다' },
  { code: 'hint.kinds', en: 'the lab reads {kinds}', ko: '실습이 읽는 kind: {kinds}' },
  { code: 'hint.apiVersionWorkloadRemoved', en: 'use apiVersion: apps/v1 (these beta versions were removed in Kubernetes 1.16; apps/v1 also requires spec.selector, matching spec.template.metadata.labels)', ko: 'apiVersion: apps/v1을 쓰세요 (이 베타 버전들은 Kubernetes 1.16에서 제거되었고, apps/v1은 spec.template.metadata.labels와 맞는 spec.selector도 요구합니다)' },
  { code: 'hint.apiVersionIngressRemoved', en: 'use apiVersion: networking.k8s.io/v1 (removed in Kubernetes 1.22; v1 writes backends as service.name and service.port.number, and each path needs a pathType)', ko: 'apiVersion: networking.k8s.io/v1을 쓰세요 (Kubernetes 1.22에서 제거됨. v1은 백엔드를 service.name과 service.port.number로 쓰고, 경로마다 pathType이 필요합니다)' },
  { code: 'hint.apiVersionPolicyRemoved', en: 'use apiVersion: networking.k8s.io/v1 (extensions/v1beta1 NetworkPolicy was removed in Kubernetes 1.16)', ko: 'apiVersion: networking.k8s.io/v1을 쓰세요 (extensions/v1beta1 NetworkPolicy는 Kubernetes 1.16에서 제거되었습니다)' },
  { code: 'hint.apiVersion', en: 'use apiVersion: {apiVersion}', ko: 'apiVersion: {apiVersion}을(를) 쓰세요' },
  { code: 'hint.name', en: 'use lower-case letters, digits, "-" and "."', ko: '소문자, 숫자, "-", "."만 쓰세요' },
  { code: 'hint.addName', en: 'add metadata: { name: ... } with a lower-case DNS name', ko: '소문자 DNS 이름으로 metadata: { name: ... }을(를) 추가하세요' },
  { code: 'hint.mergeClusters', en: 'merge the two Cluster documents into one', ko: '두 Cluster 문서를 하나로 합치세요' },
  { code: 'hint.nodeIpv4', en: 'the lab simulates IPv4 and dual-stack clusters; give the node an IPv4 InternalIP', ko: '실습은 IPv4와 듀얼 스택 클러스터를 시뮬레이션합니다. 노드에 IPv4 InternalIP를 주세요' },
  { code: 'hint.nodeAddresses', en: 'status.addresses needs an entry { type: InternalIP, address: <the node IPv4 address> }, as the kubelet reports it', ko: 'kubelet이 보고하는 것처럼 status.addresses에 { type: InternalIP, address: <노드 IPv4 주소> } 항목이 있어야 합니다' },
  { code: 'hint.legacyIp', en: 'write {ip}: API servers since 1.20 reject leading zeros in new objects', ko: '{ip}(으)로 쓰세요. 1.20 이후의 API 서버는 새 오브젝트에서 앞자리 0을 거부합니다' },
  { code: 'hint.portOrName', en: 'write a port number such as 8080, or the name of a container port such as http', ko: '8080 같은 포트 번호나, http 같은 컨테이너 포트 이름을 쓰세요' },
  { code: 'hint.podIp', en: 'a pod IP is a dotted quad such as 10.244.1.7 (or an IPv6 address)', ko: '파드 IP는 10.244.1.7처럼 점으로 구분한 네 숫자(또는 IPv6 주소)입니다' },
  { code: 'hint.clusterIpText', en: 'write a dotted quad inside the service range, "None" for a headless Service, or leave it out to have one allocated', ko: '서비스 대역 안의 주소를 점으로 구분한 네 숫자로 쓰거나, 헤드리스 서비스면 "None"을 쓰거나, 빼서 자동으로 할당받으세요' },
  { code: 'hint.servicePort', en: 'write the port the Service listens on, e.g. port: 80', ko: '서비스가 듣는 포트를 쓰세요. 예: port: 80' },
  { code: 'hint.externalIp', en: 'write a dotted quad such as 192.168.49.100', ko: '192.168.49.100처럼 점으로 구분한 네 숫자로 쓰세요' },
  { code: 'hint.corefile', en: 'put the Corefile text under data.Corefile (a block scalar: Corefile: |)', ko: 'Corefile 텍스트를 data.Corefile 아래에 넣으세요 (블록 스칼라: Corefile: |)' },
  { code: 'hint.sliceLabel', en: 'label it with the Service it belongs to', ko: '속한 서비스의 이름으로 레이블을 붙이세요' },
  { code: 'hint.sliceFamily', en: 'an EndpointSlice holds addresses of its addressType ({family}) only', ko: 'EndpointSlice에는 그 addressType({family})의 주소만 들어갑니다' },
  { code: 'hint.endpointIp', en: 'write the endpoint pod IP, e.g. 10.244.1.7', ko: '엔드포인트 파드의 IP를 쓰세요. 예: 10.244.1.7' },
  { code: 'hint.kubeProxyModes', en: 'the lab models kube-proxy in iptables and nftables mode', ko: '실습은 kube-proxy의 iptables 모드와 nftables 모드를 모델링합니다' },
  { code: 'hint.cidr', en: 'write a network address with its prefix length, e.g. 10.244.0.0/16', ko: '네트워크 주소를 접두사 길이와 함께 쓰세요. 예: 10.244.0.0/16' },
  { code: 'hint.ipv4', en: 'write a dotted quad such as 192.168.49.2', ko: '192.168.49.2처럼 점으로 구분한 네 숫자로 쓰세요' },
  { code: 'hint.nodePortRange', en: 'the default is 30000-32767', ko: '기본값은 30000-32767입니다' },
  { code: 'hint.nodeIp', en: 'give every node its underlay address, e.g. ip: 192.168.49.2', ko: '노드마다 언더레이 주소를 주세요. 예: ip: 192.168.49.2' },
  { code: 'hint.nodePortAddress', en: 'write a CIDR such as 192.168.49.0/24', ko: '192.168.49.0/24 같은 CIDR을 쓰세요' },
]
