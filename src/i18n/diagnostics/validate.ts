/**
 * The API server's field errors (src/model/load/validate): field.ErrorList wording with the
 * reason phrase ("Invalid value", "Required value" ...) kept as kubectl prints it and the Korean in
 * front; the reason after it (validation.go's messages) translated through REASONS.
 */
import { table, type Entry } from './types.js'

const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
const SUBDOMAIN_KO = "소문자 RFC 1123 서브도메인은 소문자 영숫자, '-', '.'로만 이루어지고 영숫자로 시작하고 끝나야 합니다"

const TOO_LONG: Entry = { code: 'reason.tooLong', en: 'must be no more than {max} characters', ko: '{max}자 이하여야 합니다' }
const DNS1123_SUBDOMAIN: Entry = { code: 'reason.dns1123Subdomain', en: SUBDOMAIN, ko: SUBDOMAIN_KO }

/** Why a DNS subdomain is invalid (the prefix of a label key reuses them). */
const SUBDOMAIN_REASONS = table([TOO_LONG, DNS1123_SUBDOMAIN])

/** The reasons after "Invalid value: …", "Required value: …" and "Forbidden: …". */
export const API_REASONS = table([
  // k8s.io/apimachinery/pkg/util/validation (src/model/load/validate/rules.ts)
  TOO_LONG,
  { code: 'reason.dns1123Label', en: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", ko: "소문자 RFC 1123 레이블은 소문자 영숫자나 '-'로만 이루어지고 영숫자로 시작하고 끝나야 합니다" },
  { code: 'reason.dns1035Label', en: "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", ko: "DNS-1035 레이블은 소문자 영숫자나 '-'로만 이루어지고 영문자로 시작하고 영숫자로 끝나야 합니다" },
  DNS1123_SUBDOMAIN,
  { code: 'reason.qualifiedName', en: "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/'", ko: "정규화된 이름(qualified name)은 영숫자, '-', '_', '.'로 이루어지고 영숫자로 시작하고 끝나야 하며, 앞에 DNS 서브도메인 접두사와 '/'를 붙일 수 있습니다" },
  { code: 'reason.prefixEmpty', en: 'prefix part must be non-empty', ko: '접두사 부분은 비어 있으면 안 됩니다' },
  { code: 'reason.prefix', en: 'prefix part {reason}', ko: '접두사 부분: {reason}', sub: { reason: SUBDOMAIN_REASONS } },
  { code: 'reason.nameEmpty', en: 'name part must be non-empty', ko: '이름 부분은 비어 있으면 안 됩니다' },
  { code: 'reason.nameTooLong', en: 'name part must be no more than {max} characters', ko: '이름 부분은 {max}자 이하여야 합니다' },
  { code: 'reason.namePart', en: "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", ko: "이름 부분은 영숫자, '-', '_', '.'로 이루어지고 영숫자로 시작하고 끝나야 합니다" },
  { code: 'reason.labelValue', en: "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", ko: "올바른 레이블 값은 빈 문자열이거나, 영숫자, '-', '_', '.'로 이루어지고 영숫자로 시작하고 끝나야 합니다" },
  { code: 'reason.portNameChars', en: 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', ko: '영숫자(a-z, 0-9)와 하이픈(-)만 쓸 수 있습니다' },
  { code: 'reason.portNameHyphens', en: 'must not contain consecutive hyphens', ko: '하이픈을 연달아 쓸 수 없습니다' },
  { code: 'reason.portNameLetter', en: 'must contain at least one letter (a-z)', ko: '영문자(a-z)가 하나 이상 있어야 합니다' },
  { code: 'reason.portNumber', en: 'must be between 1 and 65535, inclusive', ko: '1 이상 65535 이하여야 합니다' },
  // Ingress, NetworkPolicy, Pod and Service validation (validate/*.ts)
  { code: 'reason.hostIsIp', en: 'must be a DNS name, not an IP address', ko: 'IP 주소가 아닌 DNS 이름이어야 합니다' },
  { code: 'reason.wildcard', en: "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain", ko: "와일드카드 DNS-1123 서브도메인은 '*.'로 시작하고 그 뒤에 올바른 DNS 서브도메인이 와야 합니다" },
  { code: 'reason.absolutePath', en: 'must be an absolute path', ko: '절대 경로여야 합니다' },
  { code: 'reason.cidr', en: 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)', ko: '올바른 CIDR 값이어야 합니다 (예: 10.9.8.0/24 또는 2001:db8::/64)' },
  { code: 'reason.strictSubset', en: 'must be a strict subset of `cidr` ({cidr})', ko: '`cidr`({cidr})의 진부분집합이어야 합니다' },
  { code: 'reason.endPort', en: 'must be greater than or equal to `port`', ko: '`port` 이상이어야 합니다' },
  { code: 'reason.hostPortMatch', en: 'must match `containerPort` when `hostNetwork` is true', ko: '`hostNetwork`가 true이면 `containerPort`와 같아야 합니다' },
  { code: 'reason.bothBackends', en: 'cannot set both service and resource backends', ko: 'service 백엔드와 resource 백엔드를 함께 지정할 수 없습니다' },
  { code: 'reason.oneBackend', en: 'one backend (service or resource) must be specified', ko: '백엔드(service 또는 resource)를 하나 지정해야 합니다' },
  { code: 'reason.bothPortForms', en: 'cannot set both port name & port number', ko: '포트 이름과 포트 번호를 함께 지정할 수 없습니다' },
  { code: 'reason.twoPolicyTypes', en: 'may not have more than 2 entries', ko: '항목이 2개를 넘을 수 없습니다' },
  { code: 'reason.noPorts', en: 'only a headless Service (clusterIP: None) or type ExternalName may have no ports', ko: '포트가 없어도 되는 것은 헤드리스 서비스(clusterIP: None)나 type ExternalName뿐입니다' },
  { code: 'reason.portRequired', en: 'port name or number is required', ko: '포트 이름이나 번호가 필요합니다' },
  { code: 'reason.pathType', en: 'pathType must be specified', ko: 'pathType을 지정해야 합니다' },
  { code: 'reason.pathForType', en: 'must be specified when pathType is {pathType}', ko: 'pathType이 {pathType}이면 지정해야 합니다' },
  { code: 'reason.valuesNeeded', en: "must be specified when `operator` is 'In' or 'NotIn'", ko: "`operator`가 'In'이나 'NotIn'이면 지정해야 합니다" },
  { code: 'reason.peer', en: 'must specify a peer', ko: '피어를 지정해야 합니다' },
  { code: 'reason.valuesForbidden', en: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'", ko: "`operator`가 'Exists'나 'DoesNotExist'이면 지정할 수 없습니다" },
  { code: 'reason.ipBlockAndPeer', en: 'may not specify both ipBlock and another peer', ko: 'ipBlock과 다른 피어를 함께 지정할 수 없습니다' },
  { code: 'reason.endPortNamed', en: 'may not be specified when `port` is not a number', ko: '`port`가 숫자가 아니면 지정할 수 없습니다' },
])

const REASON = { reason: API_REASONS }

/** What `write {x}` suggests for a policyTypes entry. */
const POLICY_TYPES = table([
  { code: 'policyType.either', en: 'Ingress or Egress', ko: 'Ingress 또는 Egress' },
  { code: 'policyType.ingress', en: 'Ingress', ko: 'Ingress' },
  { code: 'policyType.egress', en: 'Egress', ko: 'Egress' },
])

export const VALIDATE_MESSAGES: readonly Entry[] = [
  { code: 'api.duplicatePort', en: 'spec.ports[{index}]: Duplicate value: port {port}/{protocol} is already ports[{other}]', ko: 'spec.ports[{index}]: 중복된 값 (Duplicate value): 포트 {port}/{protocol}은(는) 이미 ports[{other}]에 있습니다' },
  { code: 'api.invalidValue', en: '{path}: Invalid value: {value}: {reason}', ko: '{path}: 잘못된 값 (Invalid value): {value}: {reason}', sub: REASON },
  { code: 'api.invalid', en: '{path}: Invalid value: {reason}', ko: '{path}: 잘못된 값 (Invalid value): {reason}', sub: REASON },
  { code: 'api.required', en: '{path}: Required value: {reason}', ko: '{path}: 필요한 값 (Required value): {reason}', sub: REASON },
  { code: 'api.requiredBare', en: '{path}: Required value', ko: '{path}: 필요한 값 (Required value)' },
  { code: 'api.unsupported', en: '{path}: Unsupported value: {value}: supported values: {allowed}', ko: '{path}: 지원하지 않는 값 (Unsupported value): {value}: 지원하는 값 (supported values): {allowed}' },
  { code: 'api.duplicate', en: '{path}: Duplicate value: {value}', ko: '{path}: 중복된 값 (Duplicate value): {value}' },
  { code: 'api.forbidden', en: '{path}: Forbidden: {reason}', ko: '{path}: 허용되지 않음 (Forbidden): {reason}', sub: REASON },
  { code: 'api.labelValueType', en: '{path}: a label value must be a string', ko: '{path}: 레이블 값은 문자열이어야 합니다' },
]

export const VALIDATE_HINTS: readonly Entry[] = [
  // metadata and selectors
  { code: 'hint.serviceNameLike', en: 'write a name such as {name} (a Service name starts with a letter)', ko: '{name}처럼 이름을 쓰세요 (서비스 이름은 영문자로 시작합니다)' },
  { code: 'hint.nameLike', en: 'write a name such as {name}', ko: '{name}처럼 이름을 쓰세요' },
  { code: 'hint.namespaceLike', en: 'namespaces are DNS labels: write e.g. {name}', ko: '네임스페이스는 DNS 레이블입니다. 예: {name}' },
  { code: 'hint.labelKey', en: 'a label key is [prefix/]name: letters, digits, "-", "_" and ".", starting and ending with a letter or digit, e.g. app.kubernetes.io/name', ko: '레이블 키는 [접두사/]이름 형식입니다: 영문자, 숫자, "-", "_", "."로 쓰고 영문자나 숫자로 시작하고 끝납니다. 예: app.kubernetes.io/name' },
  { code: 'hint.labelText', en: 'write the value as text, e.g. app: web', ko: '값을 텍스트로 쓰세요. 예: app: web' },
  { code: 'hint.labelValueLike', en: 'write a value such as {value}', ko: '{value} 같은 값을 쓰세요' },
  { code: 'hint.labelKeyLike', en: 'write a label key such as app', ko: 'app 같은 레이블 키를 쓰세요' },
  { code: 'hint.listValues', en: 'list the label values to match', ko: '맞출 레이블 값을 나열하세요' },
  { code: 'hint.removeValues', en: 'remove values:', ko: 'values:를 지우세요' },
  // pods
  { code: 'hint.containerName', en: 'a container name is a DNS label such as nginx', ko: '컨테이너 이름은 nginx 같은 DNS 레이블입니다' },
  { code: 'hint.containerNames', en: 'give each container of the pod its own name', ko: '파드의 컨테이너마다 서로 다른 이름을 주세요' },
  { code: 'hint.containerPort', en: 'write the port the process listens on, e.g. containerPort: 8080', ko: '프로세스가 듣는 포트를 쓰세요. 예: containerPort: 8080' },
  { code: 'hint.containerPortName', en: 'a container port name is at most 15 characters of a-z, 0-9 and "-", e.g. http-metrics', ko: '컨테이너 포트 이름은 a-z, 0-9, "-"로 된 15자 이하의 이름입니다. 예: http-metrics' },
  { code: 'hint.portNameUsed', en: '{path} already uses this port name in the pod', ko: '파드에서 {path}이(가) 이미 이 포트 이름을 씁니다' },
  { code: 'hint.hostPort', en: 'write a port from 1 to 65535, or leave hostPort out', ko: '1부터 65535까지의 포트를 쓰거나, hostPort를 빼세요' },
  { code: 'hint.hostNetworkPort', en: 'with hostNetwork the process binds the node\'s port directly: write hostPort: {port} or leave it out', ko: 'hostNetwork에서는 프로세스가 노드의 포트에 직접 바인드합니다. hostPort: {port}(으)로 쓰거나 빼세요' },
  // services
  { code: 'hint.addPorts', en: 'add ports: [{ port: 80 }], or set clusterIP: None for a headless Service', ko: 'ports: [{ port: 80 }]을(를) 추가하거나, 헤드리스 서비스라면 clusterIP: None으로 지정하세요' },
  { code: 'hint.servicePortName', en: 'a Service port name is a DNS label such as http or grpc-web', ko: '서비스 포트 이름은 http나 grpc-web 같은 DNS 레이블입니다' },
  { code: 'hint.portNameTaken', en: 'ports[{index}] already has this name; give each port its own', ko: 'ports[{index}]에 이미 이 이름이 있습니다. 포트마다 서로 다른 이름을 주세요' },
  { code: 'hint.portNumber', en: 'write a port number from 1 to 65535', ko: '1부터 65535까지의 포트 번호를 쓰세요' },
  { code: 'hint.portOnce', en: 'each port and protocol may appear once; remove the duplicate or change its port', ko: '포트와 프로토콜 조합은 한 번만 쓸 수 있습니다. 중복을 지우거나 포트를 바꾸세요' },
  { code: 'hint.targetPort', en: 'write the container port number, or its name', ko: '컨테이너 포트 번호나 그 이름을 쓰세요' },
  { code: 'hint.targetPortNameRule', en: 'a named targetPort is a container port name of at most 15 characters, e.g. http-metrics', ko: '이름으로 쓴 targetPort는 15자 이하의 컨테이너 포트 이름입니다. 예: http-metrics' },
  { code: 'hint.externalNameAlone', en: 'write the DNS name alone: externalName: {host}', ko: 'DNS 이름만 쓰세요: externalName: {host}' },
  { code: 'hint.externalNameLike', en: 'write a DNS name such as db.example.com (no scheme, port or path)', ko: 'db.example.com 같은 DNS 이름을 쓰세요 (스킴, 포트, 경로 없이)' },
  // ingress
  { code: 'hint.oneBackendKind', en: 'keep one: service (a Service and port) or resource (an object the controller serves)', ko: '하나만 남기세요: service(서비스와 포트) 또는 resource(컨트롤러가 제공하는 오브젝트)' },
  { code: 'hint.writeBackend', en: 'write backend: { service: { name: web, port: { number: 80 } } }', ko: 'backend: { service: { name: web, port: { number: 80 } } }처럼 쓰세요' },
  { code: 'hint.ingressService', en: 'write the name of a Service in the Ingress\'s namespace', ko: '인그레스와 같은 네임스페이스에 있는 서비스 이름을 쓰세요' },
  { code: 'hint.ingressPort', en: 'write port: { number: 80 } or port: { name: http }', ko: 'port: { number: 80 } 또는 port: { name: http }처럼 쓰세요' },
  { code: 'hint.numberOrName', en: 'keep one of number and name', ko: 'number와 name 중 하나만 남기세요' },
  { code: 'hint.servicePortNameLike', en: 'write the Service port\'s name, e.g. http', ko: '서비스 포트의 이름을 쓰세요. 예: http' },
  { code: 'hint.hostIsIp', en: 'leave host out to match every host, or write the DNS name clients use', ko: 'host를 빼서 모든 호스트에 맞추거나, 클라이언트가 쓰는 DNS 이름을 쓰세요' },
  { code: 'hint.hostAlone', en: 'write the host name alone: host: {host}', ko: '호스트 이름만 쓰세요: host: {host}' },
  { code: 'hint.hostLike', en: 'write a DNS name such as shop.example.com (no scheme, port or path)', ko: 'shop.example.com 같은 DNS 이름을 쓰세요 (스킴, 포트, 경로 없이)' },
  { code: 'hint.pathType', en: 'add pathType: Prefix (or Exact)', ko: 'pathType: Prefix(또는 Exact)를 추가하세요' },
  { code: 'hint.pathLike', en: 'write path: {path}', ko: 'path: {path}처럼 쓰세요' },
  // network policies
  { code: 'hint.peer', en: 'give podSelector, namespaceSelector or ipBlock', ko: 'podSelector, namespaceSelector, ipBlock 중 하나를 지정하세요' },
  { code: 'hint.splitPeer', en: 'split it into two peers: one with ipBlock, one with the selectors', ko: '피어 둘로 나누세요: 하나는 ipBlock으로, 하나는 셀렉터로' },
  { code: 'hint.cidrLike', en: 'write a CIDR such as {example}', ko: '{example} 같은 CIDR을 쓰세요' },
  { code: 'hint.prefixLike', en: 'write an address with its prefix length, e.g. {example}', ko: '주소를 접두사 길이와 함께 쓰세요. 예: {example}' },
  { code: 'hint.exceptInside', en: 'an except range lies inside {cidr} and is smaller than it', ko: 'except 대역은 {cidr} 안에 있고 그보다 작아야 합니다' },
  { code: 'hint.exceptFamily', en: 'except and cidr must be of the same IP family', ko: 'except와 cidr는 같은 IP 패밀리여야 합니다' },
  { code: 'hint.protocol', en: 'write TCP, UDP or SCTP (upper case)', ko: 'TCP, UDP, SCTP 중 하나를 대문자로 쓰세요' },
  { code: 'hint.policyPort', en: 'write a port number from 1 to 65535, or a container port name', ko: '1부터 65535까지의 포트 번호나 컨테이너 포트 이름을 쓰세요' },
  { code: 'hint.policyPortName', en: 'a named port is a container port name of at most 15 characters', ko: '이름으로 쓴 포트는 15자 이하의 컨테이너 포트 이름입니다' },
  { code: 'hint.endPortNamed', en: 'give port as a number to use a range, or drop endPort', ko: '범위를 쓰려면 port를 숫자로 주거나, endPort를 빼세요' },
  { code: 'hint.endPort', en: 'write an endPort from {port} to 65535', ko: '{port}부터 65535까지의 endPort를 쓰세요' },
  { code: 'hint.policyTypes', en: 'list Ingress, Egress or both, once each', ko: 'Ingress, Egress 또는 둘 다를 한 번씩만 쓰세요' },
  { code: 'hint.policyType', en: 'write {policyType}', ko: '{policyType}(으)로 쓰세요', sub: { policyType: POLICY_TYPES } },
]
