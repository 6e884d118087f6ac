/**
 * Gateway API objects: what the API server's CRD validation (CEL) rejects (parseGateway,
 * parseGatewayRoute) and the warnings `validate` prints from their status conditions (diagnose),
 * whose messages (state, listeners, gatewayAddon) are translated through CONDITION_MESSAGES.
 * Condition types, statuses and reasons (Programmed=False, NoMatchingParent) stay as kubectl prints them.
 */
import { table, type Entry } from './types.js'

/** The CEL rules on HTTPPathMatch.value (parseGatewayRoute.ts pathProblem). */
const PATH_PROBLEMS = table([
  { code: 'path.absolute', en: 'value must be an absolute path and start with \'/\' when type one of [\'Exact\', \'PathPrefix\']', ko: 'type이 [\'Exact\', \'PathPrefix\'] 중 하나이면 값은 \'/\'로 시작하는 절대 경로여야 합니다' },
  { code: 'path.contains', en: 'must not contain \'{seq}\' when type one of [\'Exact\', \'PathPrefix\']', ko: 'type이 [\'Exact\', \'PathPrefix\'] 중 하나이면 \'{seq}\'을(를) 포함할 수 없습니다' },
  { code: 'path.endsWithDots', en: 'must not end with \'/..\' or \'/.\' when type one of [\'Exact\', \'PathPrefix\']', ko: 'type이 [\'Exact\', \'PathPrefix\'] 중 하나이면 \'/..\'이나 \'/.\'로 끝날 수 없습니다' },
])

/** What a header or query-parameter match names. */
const MATCH_WHAT = table([
  { code: 'match.header', en: 'header', ko: '헤더' },
  { code: 'match.queryParam', en: 'query param', ko: '쿼리 매개변수' },
])

const HOSTNAME_OR_NONE = table([
  { code: 'hostname.none', en: '(none)', ko: '(없음)' },
  { code: 'hostname.name', en: '{hostname}', ko: '{hostname}' },
])

/** Why a rule is not simulated (state.ts unsupportedReason). */
const UNSUPPORTED = table([
  { code: 'unsupported.pathRegex', en: 'path match RegularExpression {value} is implementation-specific and not simulated', ko: 'path match RegularExpression {value}은(는) 구현마다 달라 시뮬레이션하지 않습니다' },
  { code: 'unsupported.regex', en: 'RegularExpression match on {name} is implementation-specific and not simulated', ko: '{name}에 대한 RegularExpression match는 구현마다 달라 시뮬레이션하지 않습니다' },
])

/** A listener's allowedRoutes in NotAllowedByListeners, joined with "; ". */
const ALLOWED_ROUTES = table([
  { code: 'allowed.none', en: '{listener} from {from}, kinds none', ko: '{listener}: from {from}, kind 없음' },
  { code: 'allowed.kinds', en: '{listener} from {from}, kinds {kinds}', ko: '{listener}: from {from}, kind {kinds}' },
], '; ')

/** Condition messages of GatewayClasses, Gateways, listeners and routes (gateway/state.ts, listeners.ts, derive/gatewayAddon.ts). */
export const CONDITION_MESSAGES = table([
  // Gateways (state.ts, gatewayAddon.ts)
  { code: 'condition.waiting', en: 'waiting for controller', ko: '컨트롤러를 기다리는 중' },
  { code: 'condition.noClass', en: 'GatewayClass {name} is not in the file: no controller runs this Gateway', ko: 'GatewayClass {name}이(가) 파일에 없습니다: 이 Gateway를 실행하는 컨트롤러가 없습니다' },
  { code: 'condition.noListeners', en: 'no listener can be served, so no proxy is deployed', ko: '제공할 수 있는 리스너가 없어 프록시를 배포하지 않습니다' },
  { code: 'condition.addressRefused', en: 'requested address {ip} is outside the node network or already in use', ko: '요청한 주소 {ip}이(가) 노드 네트워크 밖에 있거나 이미 쓰이고 있습니다' },
  { code: 'condition.poolFull', en: 'no free address left in the pool {low}-{high}', ko: '주소 풀 {low}-{high}에 남은 주소가 없습니다' },
  { code: 'condition.notProgrammed', en: 'not programmed', ko: '프로그래밍되지 않음' },
  { code: 'condition.scheduled', en: 'the Gateway has been scheduled by the controller', ko: '컨트롤러가 Gateway를 스케줄했습니다' },
  { code: 'condition.listenersInvalid', en: '{bad} of {total} listeners are not valid', ko: '리스너 {total}개 중 {bad}개가 올바르지 않습니다' },
  { code: 'condition.programmed', en: 'address assigned; proxy {proxy} is running', ko: '주소가 할당되었고 프록시 {proxy}이(가) 실행 중입니다' },
  { code: 'condition.classAccepted', en: 'the lab plays controller {name}', ko: '실습이 컨트롤러 {name} 역할을 합니다' },
  // listeners (listeners.ts)
  { code: 'condition.protocol', en: 'protocol {protocol} is not served by this controller (HTTP, HTTPS, TLS, TCP, UDP are)', ko: '프로토콜 {protocol}은(는) 이 컨트롤러가 제공하지 않습니다 (HTTP, HTTPS, TLS, TCP, UDP만 제공)' },
  { code: 'condition.listenerValid', en: 'listener {name} is valid', ko: '리스너 {name}이(가) 올바릅니다' },
  { code: 'condition.routeKinds', en: 'route kinds {kinds} are not supported on protocol {protocol}', ko: '라우트 kind {kinds}은(는) 프로토콜 {protocol}에서 지원하지 않습니다' },
  { code: 'condition.resolved', en: 'all references resolved', ko: '모든 참조를 해석했습니다' },
  { code: 'condition.portConflict', en: 'port {port} is already used by listener {name} with protocol {protocol}', ko: '포트 {port}은(는) 이미 프로토콜 {protocol}의 리스너 {name}이(가) 쓰고 있습니다' },
  { code: 'condition.noConflicts', en: 'no conflicts', ko: '충돌 없음' },
  { code: 'condition.sending', en: 'sending translated configuration to the proxy', ko: '변환한 설정을 프록시에 보내는 중' },
  { code: 'condition.cannotServe', en: 'the listener cannot be served', ko: '리스너를 제공할 수 없습니다' },
  // routes (state.ts)
  { code: 'condition.notService', en: 'backendRef {group}/{kind} {namespace}/{name} is not a Service', ko: 'backendRef {group}/{kind} {namespace}/{name}은(는) 서비스가 아닙니다' },
  { code: 'condition.refNotPermitted', en: 'backendRef Service {namespace}/{name} is in another namespace and no ReferenceGrant in {grantNamespace} allows {kind}s from {from}', ko: 'backendRef 서비스 {namespace}/{name}은(는) 다른 네임스페이스에 있고, {grantNamespace}의 어떤 ReferenceGrant도 {from}의 {kind}을(를) 허용하지 않습니다' },
  { code: 'condition.serviceNotFound', en: 'Service {namespace}/{name} not found', ko: '서비스 {namespace}/{name}을(를) 찾을 수 없습니다' },
  { code: 'condition.noServicePort', en: 'Service {namespace}/{name} has no port {port}', ko: '서비스 {namespace}/{name}에 포트 {port}이(가) 없습니다' },
  { code: 'condition.refsResolved', en: 'resolved all the object references for the route', ko: '라우트의 모든 오브젝트 참조를 해석했습니다' },
  { code: 'condition.parentNoClass', en: 'GatewayClass {name} is not in the file: no controller reports on this parent', ko: 'GatewayClass {name}이(가) 파일에 없습니다: 이 부모에 대해 보고하는 컨트롤러가 없습니다' },
  { code: 'condition.parentMissing', en: '{kind} {namespace}/{name} is not in the file: no controller reports on this parent', ko: '{kind} {namespace}/{name}이(가) 파일에 없습니다: 이 부모에 대해 보고하는 컨트롤러가 없습니다' },
  { code: 'condition.noParentSectionPort', en: 'no listener of Gateway {gateway} matches sectionName {section} port {port}', ko: 'Gateway {gateway}에 sectionName {section}, port {port}에 맞는 리스너가 없습니다' },
  { code: 'condition.noParentSection', en: 'no listener of Gateway {gateway} matches sectionName {section}', ko: 'Gateway {gateway}에 sectionName {section}에 맞는 리스너가 없습니다' },
  { code: 'condition.noParentPort', en: 'no listener of Gateway {gateway} matches port {port}', ko: 'Gateway {gateway}에 port {port}에 맞는 리스너가 없습니다' },
  { code: 'condition.noParent', en: 'no listener of Gateway {gateway} matches', ko: 'Gateway {gateway}에 맞는 리스너가 없습니다' },
  { code: 'condition.notAllowed', en: 'no listener of Gateway {gateway} admits {kind}s from namespace {namespace} (allowedRoutes: {allowed})', ko: 'Gateway {gateway}의 어떤 리스너도 네임스페이스 {namespace}의 {kind}을(를) 받지 않습니다 (allowedRoutes: {allowed})', sub: { allowed: ALLOWED_ROUTES } },
  { code: 'condition.noHostname', en: 'route hostnames {hostnames} intersect no listener hostname ({listeners})', ko: '라우트 hostname {hostnames}이(가) 어떤 리스너 hostname({listeners})과도 겹치지 않습니다' },
  { code: 'condition.allUnsupported', en: 'every rule is unsupported: {why}', ko: '모든 규칙을 지원하지 않습니다: {why}', sub: { why: UNSUPPORTED } },
  { code: 'condition.acceptedMany', en: 'route is accepted by listeners {names}', ko: '리스너 {names}이(가) 라우트를 받아들였습니다' },
  { code: 'condition.accepted', en: 'route is accepted by listener {name}', ko: '리스너 {name}이(가) 라우트를 받아들였습니다' },
  { code: 'condition.rulesDropped', en: 'rules {indexes} dropped: {why}', ko: '규칙 {indexes}을(를) 뺐습니다: {why}', sub: { why: UNSUPPORTED } },
  { code: 'condition.ruleDropped', en: 'rule {index} dropped: {why}', ko: '규칙 {index}을(를) 뺐습니다: {why}', sub: { why: UNSUPPORTED } },
])

const CONDITION = { message: CONDITION_MESSAGES }

export const GATEWAY_MESSAGES: readonly Entry[] = [
  // ---- status conditions as warnings (diagnose.ts) ----
  { code: 'gateway.notProgrammed', en: 'Programmed={status} ({reason}): {message}', ko: 'Gateway가 준비되지 않았습니다 (Programmed={status}, {reason}): {message}', sub: CONDITION },
  { code: 'gateway.listenerCondition', en: 'listener {name}: {type}={status} ({reason}): {message}', ko: '리스너 {name}: {type}={status} ({reason}): {message}', sub: CONDITION },
  { code: 'gateway.routeCondition', en: '{type}=False ({reason}) on {namespace}/{name}: {message}', ko: '{namespace}/{name}에서 {type}=False ({reason}): {message}', sub: CONDITION },
  // ---- Gateway, GatewayClass, ReferenceGrant (parseGateway.ts) ----
  { code: 'gateway.hostnameIp', en: 'hostname "{hostname}" is an IP address; Gateway API hostnames are DNS names', ko: 'hostname "{hostname}"은(는) IP 주소입니다. Gateway API의 hostname은 DNS 이름입니다' },
  { code: 'gateway.hostname', en: 'hostname "{hostname}" is not a valid hostname', ko: 'hostname "{hostname}"은(는) 올바른 호스트 이름이 아닙니다' },
  { code: 'gateway.group', en: 'group "{group}" is not a valid API group', ko: 'group "{group}"은(는) 올바른 API 그룹이 아닙니다' },
  { code: 'gateway.kind', en: 'kind "{kind}" is not a valid kind', ko: 'kind "{kind}"은(는) 올바른 kind가 아닙니다' },
  { code: 'gateway.tooMany', en: '{field} has {count} entries; the API allows at most {max}', ko: '{field}에 항목이 {count}개 있습니다. API는 최대 {max}개까지 허용합니다' },
  { code: 'gateway.parentRefsSection', en: 'sectionName or port must be specified when parentRefs includes 2 or more references to the same parent', ko: 'parentRefs에 같은 부모를 가리키는 참조가 2개 이상이면 sectionName이나 port를 지정해야 합니다' },
  { code: 'gateway.parentRefsUnique', en: 'sectionName or port must be unique when parentRefs includes 2 or more references to the same parent', ko: 'parentRefs에 같은 부모를 가리키는 참조가 2개 이상이면 sectionName이나 port가 서로 달라야 합니다' },
  { code: 'gateway.listenerProtocol', en: 'listeners[{index}] has no protocol', ko: 'listeners[{index}]에 protocol이 없습니다' },
  { code: 'gateway.listenerPort', en: 'listeners[{index}] has no port', ko: 'listeners[{index}]에 port가 없습니다' },
  { code: 'gateway.hostnameForbidden', en: 'hostname must not be specified for protocols [\'TCP\', \'UDP\']', ko: '프로토콜이 [\'TCP\', \'UDP\']이면 hostname을 지정할 수 없습니다' },
  { code: 'gateway.tlsForbidden', en: 'tls must not be specified for protocols [\'HTTP\', \'TCP\', \'UDP\']', ko: '프로토콜이 [\'HTTP\', \'TCP\', \'UDP\']이면 tls를 지정할 수 없습니다' },
  { code: 'gateway.tlsRequired', en: 'tls must be specified for protocols [\'HTTPS\']', ko: '프로토콜이 [\'HTTPS\']이면 tls를 지정해야 합니다' },
  { code: 'gateway.selectorNeeded', en: 'from: Selector needs a selector', ko: 'from: Selector에는 selector가 필요합니다' },
  { code: 'gateway.grantSide', en: 'spec.{side} needs at least one entry', ko: 'spec.{side}에 항목이 하나 이상 있어야 합니다' },
  { code: 'gateway.noController', en: 'GatewayClass has no spec.controllerName', ko: 'GatewayClass에 spec.controllerName이 없습니다' },
  { code: 'gateway.controllerName', en: 'controllerName "{name}" is not a domain-prefixed path', ko: 'controllerName "{name}"은(는) 도메인 접두사가 붙은 경로가 아닙니다' },
  { code: 'gateway.noListeners', en: 'a Gateway needs at least one listener', ko: 'Gateway에는 리스너가 하나 이상 있어야 합니다' },
  { code: 'gateway.listenerName', en: 'Listener name "{name}" must be unique within the Gateway', ko: '리스너 이름 "{name}"은(는) Gateway 안에서 유일해야 합니다' },
  { code: 'gateway.listenerUnique', en: 'Combination of port, protocol and hostname must be unique for each listener', ko: 'port, protocol, hostname 조합은 리스너마다 달라야 합니다' },
  // ---- routes (parseGatewayRoute.ts) ----
  { code: 'route.path', en: 'path "{value}": {problem}', ko: '경로 "{value}": {problem}', sub: { problem: PATH_PROBLEMS } },
  { code: 'route.matchName', en: '{what} name "{name}" is not a valid {what} name', ko: '{what} 이름 "{name}"이(가) 올바른 {what} 이름이 아닙니다', sub: { what: MATCH_WHAT } },
  { code: 'route.matchTwice', en: '{what} "{name}" is matched twice in one match', ko: '{what} "{name}"이(가) match 하나에서 두 번 쓰였습니다', sub: { what: MATCH_WHAT } },
  { code: 'route.headerName', en: 'header name "{name}" is not valid', ko: '헤더 이름 "{name}"이(가) 올바르지 않습니다' },
  { code: 'route.pathModifier', en: '{field} must be specified when type is set to \'{type}\'', ko: 'type이 \'{type}\'이면 {field}을(를) 지정해야 합니다' },
  { code: 'route.filterField', en: 'filter.{field} must be specified for {type} filter.type', ko: 'filter.type이 {type}이면 filter.{field}을(를) 지정해야 합니다' },
  { code: 'route.filterOther', en: 'filter.{field} must be nil if the filter.type is not {type}', ko: 'filter.type이 {type}이(가) 아니면 filter.{field}은(는) 비워 두어야 합니다 (nil)' },
  { code: 'route.statusCode', en: 'statusCode {code} is not one of {codes}', ko: 'statusCode {code}은(는) {codes} 중 하나가 아닙니다' },
  { code: 'route.backendPort', en: 'Must have port for Service reference', ko: 'Service 참조에는 port가 있어야 합니다' },
  { code: 'route.filterRepeated', en: '{type} filter cannot be repeated', ko: '{type} 필터는 한 번만 쓸 수 있습니다' },
  { code: 'route.redirectAndRewrite', en: 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both', ko: 'httpRouteFilterRequestRedirect와 httpRouteFilterRequestRewrite 중 하나만 지정할 수 있습니다' },
  { code: 'route.redirectBackends', en: 'RequestRedirect filter must not be used together with backendRefs', ko: 'RequestRedirect 필터는 backendRefs와 함께 쓸 수 없습니다' },
  { code: 'route.replacePrefix', en: 'When using {type} filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified', ko: '{type} 필터에 path.replacePrefixMatch를 쓸 때는 PathPrefix match를 정확히 하나 지정해야 합니다' },
  { code: 'route.noHostnames', en: '{kind} has no hostnames field', ko: '{kind}에는 hostnames 필드가 없습니다' },
  { code: 'route.noRules', en: '{kind} needs at least one rule', ko: '{kind}에는 규칙이 하나 이상 있어야 합니다' },
  { code: 'route.tooManyMatches', en: 'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128 (got {total})', ko: '규칙은 16개, 규칙마다 match는 64개까지 쓸 수 있지만, 한 라우트의 모든 규칙에 걸친 match 수의 합은 128보다 작아야 합니다 (현재 {total})' },
  // ---- convert-ingress (gateway/convertIngress.ts) ----
  { code: 'convert.portName', en: 'Ingress {namespace}/{name}: port name "{port}" of Service {service} cannot be resolved to a number; backend left out', ko: 'Ingress {namespace}/{name}: 서비스 {service}의 포트 이름 "{port}"을(를) 번호로 바꿀 수 없어 백엔드를 뺍니다' },
  // ---- generic (after the specific ones) ----
  { code: 'object.badName', en: '{field} "{name}" is not a valid Kubernetes name', ko: '{field} 값 "{name}"은(는) 올바른 쿠버네티스 이름이 아닙니다' },
  { code: 'gateway.required', en: '{field} is required', ko: '{field}이(가) 필요합니다' },
]

export const GATEWAY_HINTS: readonly Entry[] = [
  { code: 'hint.gatewayClass', en: 'add the GatewayClass to the file; the lab plays its controller', ko: '파일에 GatewayClass를 추가하세요. 실습이 그 컨트롤러 역할을 합니다' },
  { code: 'hint.noProxy', en: 'the Gateway gets no address and no proxy', ko: 'Gateway는 주소도 프록시도 받지 못합니다' },
  { code: 'hint.listenerNotServed', en: 'the proxy does not serve this listener', ko: '프록시가 이 리스너를 제공하지 않습니다' },
  { code: 'hint.route404', en: 'requests for this route get 404 from that Gateway', ko: '이 라우트로 가는 요청은 그 Gateway에서 404를 받습니다' },
  { code: 'hint.backend500', en: 'requests sent to that backend get 500', ko: '그 백엔드로 보낸 요청은 500을 받습니다' },
  { code: 'hint.hostnameIp', en: 'leave hostname out to accept any Host, or write a name such as www.example.com', ko: 'hostname을 빼서 모든 Host를 받거나, www.example.com 같은 이름을 쓰세요' },
  { code: 'hint.hostname', en: 'lower-case DNS labels, optionally starting with "*." (e.g. *.example.com); no port, no trailing dot', ko: '소문자 DNS 레이블로 쓰고 "*."로 시작해도 됩니다 (예: *.example.com). 포트와 끝의 점은 쓸 수 없습니다' },
  { code: 'hint.group', en: 'use "" for the core group (Service) or e.g. gateway.networking.k8s.io', ko: '코어 그룹(Service)에는 ""를, 그 밖에는 gateway.networking.k8s.io 같은 그룹을 쓰세요' },
  { code: 'hint.listenerProtocols', en: 'HTTP, HTTPS, TLS, TCP or UDP', ko: 'HTTP, HTTPS, TLS, TCP, UDP 중 하나를 쓰세요' },
  { code: 'hint.addTls', en: 'add tls: { mode: Terminate, certificateRefs: [{ name: <Secret> }] }', ko: 'tls: { mode: Terminate, certificateRefs: [{ name: <Secret> }] }을(를) 추가하세요' },
  { code: 'hint.addSelector', en: 'add selector: { matchLabels: { ... } }', ko: 'selector: { matchLabels: { ... } }을(를) 추가하세요' },
  { code: 'hint.example', en: 'e.g. {example}', ko: '예: {example}' },
  { code: 'hint.addListeners', en: 'add listeners: [{ name: http, port: 80, protocol: HTTP }]', ko: 'listeners: [{ name: http, port: 80, protocol: HTTP }]을(를) 추가하세요' },
  { code: 'hint.listenerRepeats', en: 'listener {name} repeats port {port}/{protocol} with hostname {hostname}', ko: '리스너 {name}이(가) 포트 {port}/{protocol}, hostname {hostname} 조합을 되풀이합니다', sub: { hostname: HOSTNAME_OR_NONE } },
  { code: 'hint.backendPort', en: 'add port: <the Service port>', ko: 'port: <서비스 포트>를 추가하세요' },
  { code: 'hint.redirect', en: 'a redirect answers the client itself; drop the backendRefs or the redirect', ko: '리다이렉트는 클라이언트에 직접 답합니다. backendRefs와 리다이렉트 중 하나를 빼세요' },
]
