/**
 * Messages are data: the engine says what happened as a code with parameters, and a shell (the
 * CLI, the browser) renders it in the reader's language (src/i18n). This catalog names every
 * code the engine emits and the parameters each one carries, so a renderer can be checked for
 * completeness (test/i18n/catalog.test.ts) and `msg()` refuses a missing parameter at compile time.
 * A parameter may itself be a message (a place, a reason, a DNS server chain): it is rendered
 * in the same language.
 */

export const MESSAGE_PARAMS = {
  // ---- places (describePlace) ----
  'place.pod': ['pod', 'node'],
  'place.node': ['node'],
  'place.external': ['client'],
  'place.underlay': [],
  /** A name that needs no translation (a pod, a node-local-dns agent), as a message. */
  'name': ['name'],

  // ---- hop explanations: netfilter and conntrack ----
  'hop.raw.notrack': ['hook'],
  'hop.ct.restoreDst': ['to'],
  'hop.ct.knownReply': [],
  'hop.ct.knownLater': [],
  'hop.ct.restoreSrc': ['to'],
  'hop.nat.dnat': ['to'],
  'hop.nat.none': ['hook'],
  'hop.filter.accept': ['hook', 'chain'],
  'hop.filter.acceptPolicy': ['hook'],
  'hop.filter.reject': ['hook', 'chain'],
  'hop.filter.drop': ['hook', 'chain'],
  'hop.snat.none': [],
  'hop.snat.masquerade': ['addr', 'dev'],
  'hop.snat.masqueradeRandom': ['addr', 'dev'],

  // ---- hop explanations: NetworkPolicy ----
  'hop.policy.allowed': ['reason'],
  'hop.policy.allowedUnenforced': ['reason'],
  'hop.policy.unenforced': ['reason', 'plugin'],
  'hop.policy.drop': ['reason'],
  'policy.notSelected': ['pod', 'direction'],
  'policy.allows': ['policy', 'direction', 'rule', 'peer', 'port', 'proto'],
  'policy.deniesOne': ['policy', 'pod', 'direction', 'peer', 'port', 'proto'],
  'policy.deniesMany': ['policies', 'pod', 'direction', 'peer', 'port', 'proto'],

  // ---- hop explanations: sending, routing, devices ----
  'hop.egress.noRoute': ['place', 'dst'],
  'hop.egress.loopback': ['dst'],
  'hop.egress.routeVia': ['src', 'route', 'via'],
  'hop.egress.routeOnLink': ['src', 'route'],
  'hop.output.localAfterDnat': ['dst'],
  'hop.output.reroute': ['route'],
  'hop.veth.toPod': ['pod', 'hostEnd', 'node'],
  'hop.veth.toGateway': ['gateway', 'bridge', 'hostEnd', 'node'],
  'hop.veth.intoPod': ['hostPort', 'pod'],
  'hop.xmit.noArp': ['nexthop'],
  'hop.xmit.encapsulated': ['dev', 'nexthop', 'mac'],
  'hop.xmit.underlay': ['dev', 'nexthop', 'mac'],
  'hop.vxlan.encap': ['dev', 'vni', 'mac', 'vtep', 'sport', 'dport'],
  'hop.vxlan.decap': ['dport', 'ip', 'dev', 'vni', 'node'],
  'hop.wire.toNode': ['from', 'node', 'ip'],
  'hop.wire.loadBalancer': ['ip', 'node'],
  'hop.wire.toExternal': ['client', 'ip'],
  'hop.wire.gateway': ['gateway', 'dst'],
  'hop.bridge.bridgedDnat': ['dst', 'bridge'],
  'hop.bridge.toHost': ['bridge'],
  'hop.bridge.hairpinOff': ['port'],
  'hop.bridge.hairpin': ['mac', 'port'],
  'hop.bridge.fdb': ['mac', 'port'],
  'hop.bridge.noArp': ['bridge', 'ip'],
  'hop.bridge.out': ['bridge', 'ip', 'mac', 'port'],
  'hop.ipin.noForward': ['place', 'dst'],
  'hop.ipin.noRoute': ['node', 'dst'],
  'hop.ipin.local': ['dst', 'node'],
  'hop.ipin.ttlExceeded': ['node', 'src'],
  'hop.ipin.forward': ['node', 'ttl', 'next', 'route'],
  'hop.local.rst': ['proto', 'port', 'place'],
  'hop.local.udpUnreachable': ['port'],
  'hop.local.deliver': ['who', 'peer'],
  'hop.local.deliverContainer': ['who', 'container', 'peer'],

  // ---- what decided a hop, when it is not a line of a tool's output ----
  'decision.listener': ['proto', 'endpoint', 'who'],
  'decision.listenerContainer': ['proto', 'endpoint', 'who', 'container'],

  // ---- why a packet's walk ended ----
  'end.delivered': ['who'],
  'end.looping': ['max', 'place'],
  'end.policy': ['reason'],
  'end.noRoute': ['dst'],
  'end.noRouteFrom': ['dst', 'place'],
  'end.rejectedBy': ['rule'],
  'end.droppedBy': ['rule'],
  'end.noDevice': ['dev', 'place'],
  'end.noArp': ['nexthop'],
  'end.cannotTransmit': ['dev', 'place'],
  'end.noNeigh': ['ip', 'dev'],
  'end.noFdb': ['mac', 'dev'],
  'end.noRouteVtep': ['ip'],
  'end.beyondGateway': ['dst'],
  'end.nobodyOnUnderlay': ['ip'],
  'end.droppedPrerouting': [],
  'end.droppedOutput': [],
  'end.noPodBehindBridge': ['ip'],
  'end.notLearned': ['mac'],
  'end.hairpinOff': ['port'],
  'end.noPodOnNode': ['ip', 'node'],
  'end.noForward': ['place', 'dst'],
  'end.nodeNoRoute': ['node', 'dst'],
  'end.ttlExceeded': ['node'],
  'end.nothingListens': ['endpoint', 'proto', 'place'],
  'end.unfinished': [],

  // ---- DNS ----
  'dns.noNameserver': [],
  'dns.notReached': ['name', 'reason'],
  'dns.noServerAt': ['server'],
  'dns.by.nobody': [],
  'dns.by.upstream': ['server'],
  'dns.by.forward': ['up'],
  'dns.by.kubernetes': [],
  'dns.by.cname': ['up'],
  'dns.by.nodeLocalForward': ['agent', 'up'],
  'dns.by.nodeLocalNoUpstream': ['agent'],
  'dns.by.nodeLocalUnreachable': ['agent', 'reason'],
  'dns.by.nodeLocalTcp': ['agent', 'core', 'by'],
  'dns.agent.onNode': ['node'],
  'dns.server.via': ['agent', 'core'],

  // ---- Ingress ----
  'ingress.rule': ['ingress', 'match'],
  'ingress.match.exact': ['host', 'path', 'pathType', 'backend'],
  'ingress.match.prefix': ['host', 'path', 'pathType', 'backend'],
  'ingress.match.default': ['host', 'path', 'backend'],
  'ingress.rule.none': ['host', 'path'],
  'ingress.match.resource': ['host', 'path', 'pathType', 'resource'],
  'ingress.match.defaultResource': ['host', 'path', 'resource'],

  // ---- Gateway API: the proxy's listener, precedence, filters, backends (engine/gateway) ----
  /** Joins the parts of one explanation or list (no words of its own). */
  'gw.join': ['a', 'b'],
  'gw.list': ['a', 'b'],
  'gw.none': [],
  'gw.noHost': [],
  'gw.listener.none': ['gateway', 'port'],
  'gw.listener.noHost': ['port', 'host', 'hostnames'],
  'gw.listener.picked': ['listener', 'port', 'protocol', 'kind'],
  'gw.listener.pickedOfMany': ['listener', 'port', 'protocol', 'kind', 'fits'],
  'gw.listener.catchAll': [],
  'gw.listener.wildcard': ['hostname'],
  'gw.listener.exact': ['hostname'],
  'gw.tie.exactHostname': [],
  'gw.tie.hostname': [],
  'gw.tie.exactPath': [],
  'gw.tie.pathLength': [],
  'gw.tie.method': [],
  'gw.tie.headers': [],
  'gw.tie.query': [],
  'gw.tie.oldest': [],
  'gw.tie.alphabetical': [],
  'gw.tie.ruleOrder': [],
  'gw.tie.matchOrder': [],
  'gw.tie.identical': [],
  'gw.rule': ['kind', 'route', 'rule', 'match'],
  'gw.answer404': ['why'],
  'gw.noMatch': ['routes', 'listener', 'method', 'path'],
  'gw.redirects': ['rule', 'status', 'location'],
  'gw.noBackendRefs': ['rule'],
  'gw.zeroWeights': ['rule'],
  'gw.backendInvalid': ['backend', 'reason', 'message', 'share'],
  'gw.backendNoEndpoints': ['backend', 'port'],
  'gw.backendChosen': ['rule', 'backend', 'port'],
  'gw.filter.headers': ['changes'],
  'gw.filter.response': ['changes'],
  'gw.filter.noChanges': [],
  'gw.filter.rewrite': ['what'],
  'gw.filter.redirect': ['status', 'location'],
  'gw.filter.notSimulated': [],
  'gw.candidate': ['n', 'route', 'rule', 'match'],
  'gw.candidateHost': ['n', 'route', 'rule', 'match', 'host'],
  'gw.candidates': ['list'],
  'gw.tieBreak': ['step'],
  'gw.filterStep': ['type', 'text'],
  'gw.httpAnswer': ['status', 'reason'],
  'gw.l4.listener': ['listener', 'port', 'protocol'],
  'gw.l4.noRoute': ['kind', 'listener'],
  'gw.l4.noWeight': ['kind', 'route'],
  'gw.l4.invalid': ['backend', 'reason'],
  'gw.l4.noEndpoints': ['backend', 'port'],
  'gw.l4.forward': ['listener', 'route', 'backend', 'endpoint'],
  'gw.l4.oldest': [],
  'gw.l4.newer': [],
  'hop.proxy.l4': ['listener', 'kinds', 'routes', 'reason'],
  'hop.proxy.l4Many': ['listener', 'kinds', 'routes', 'reason'],
  'decision.gateway': ['gateway', 'listener', 'status'],
  'decision.gatewayRule': ['gateway', 'listener', 'route', 'rule', 'status'],
  'decision.gatewayL4': ['gateway', 'listener'],
  'decision.gatewayL4Route': ['gateway', 'listener', 'route'],

  // ---- a trace's summary ----
  'trace.ok': [],
  'trace.nxdomain': ['host'],
  'trace.delivered': ['proto', 'to', 'from', 'who', 'ip', 'port', 'seenIp', 'seenPort'],
  'trace.replyLost': ['reason'],
  'trace.replyWrongSource': ['reason', 'from', 'expected'],
  'trace.ingress404': ['controller', 'rule'],
  'trace.ingress503': ['controller', 'backend', 'rule'],
  'trace.ingress502': ['endpoint', 'reason'],
  'trace.ingressUnserved': ['controller', 'rule'],
  'trace.ingressProxied': ['to', 'from', 'controller', 'match', 'pod', 'ip', 'port', 'seenIp', 'seenPort'],
  'trace.gatewayAnswers': ['request', 'from', 'gateway', 'proxy', 'status', 'reason'],
  'trace.gatewayRedirects': ['request', 'from', 'gateway', 'proxy', 'status', 'location', 'reason'],
  'trace.gatewayUnreachable': ['endpoint', 'reason'],
  'trace.gatewayProxied': ['request', 'from', 'gateway', 'listener', 'route', 'rule', 'backend', 'proxy', 'sent', 'pod', 'ip', 'port', 'seenIp', 'seenPort'],
  'trace.gatewayL4Refused': ['from', 'to', 'gateway', 'proxy', 'reason'],
  'trace.gatewayL4': ['proto', 'to', 'from', 'gateway', 'listener', 'route', 'backend', 'proxy', 'pod', 'ip', 'port', 'seenIp', 'seenPort'],

  // ---- a request the engine cannot trace (--from, --to, dig) ----
  'req.badPod': ['text'],
  'req.noPod': ['pod'],
  'req.podPending': ['pod'],
  'req.noContainer': ['pod', 'container'],
  'req.noNode': ['node'],
  'req.noExternal': ['name'],
  'req.notSource': ['text'],
  'req.portNotNumber': ['text'],
  'req.urlPortNotNumber': ['text'],
  'req.portRange': ['port'],
  'req.urlPortRange': ['port'],
  'req.badUrl': ['text'],
  'req.onlyHttp': ['scheme'],
  'req.badHost': ['host'],
  'req.noPort': ['text'],
  'req.badTargetHost': ['host'],
  'req.badDigType': ['type', 'types'],
  'req.badDigName': ['name'],
  'req.ipv6': ['address'],
  'hint.didYouMean': ['names'],
  'hint.listPods': [],
  'hint.containers': ['names'],
  'hint.nodes': ['names'],
  'hint.externals': ['names'],
  'hint.addExternal': [],
  'hint.sources': [],
  'hint.url': [],
  'hint.target': [],
  'hint.ipv4Instead': [],

  // ---- notes on a trace: what the lab assumed or does not simulate (src/engine/trace/notes.ts) ----
  'note.listenerAssumed': ['pod', 'proto', 'port'],
  'note.ipv6NotSimulated': ['address'],

  // ---- why a lesson's answer is right (src/engine/lessons; the rest is hop and trace messages) ----
  'lesson.evidenceRule': ['why', 'rule'],
  'lesson.dnsAnsweredBy': ['query', 'by'],
  'lesson.clusterIp': ['service', 'ip'],
  'lesson.podRunsOn': ['pod', 'node'],
  'lesson.podPending': ['pod', 'reason'],
  'lesson.noNodeFits': [],
} as const satisfies Record<string, readonly string[]>

export type MessageCode = keyof typeof MESSAGE_PARAMS
export const MESSAGE_CODES = Object.keys(MESSAGE_PARAMS) as MessageCode[]

export type Param = string | number | Message

export interface Message {
  readonly code: MessageCode
  readonly params: Readonly<Record<string, Param>>
}

type ParamsOf<C extends MessageCode> = { readonly [K in (typeof MESSAGE_PARAMS)[C][number]]: Param }

/** A message with exactly the parameters its code declares. */
export function msg<C extends MessageCode>(code: C, ...params: (typeof MESSAGE_PARAMS)[C] extends readonly [] ? [] : [ParamsOf<C>]): Message {
  return { code, params: params[0] ?? {} }
}

export function isMessage(v: unknown): v is Message {
  return typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string'
    && (v as { code: string }).code in MESSAGE_PARAMS && typeof (v as { params?: unknown }).params === 'object'
}
