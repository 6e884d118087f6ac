/**
 * Computes a question's answer from what the engine produced for the step — the trace, the
 * dig, the selected hop or the model — and draws the wrong options from the same model (other
 * pod IPs, the node IPs, flannel.1 and cni0 addresses, other chains, other nodes), so every
 * option is a real thing in the cluster and only one is right.
 */
import { formatIpv4 } from '../../model/addr/ipv4.js'
import { hashUint32 } from '../../model/hash/digest.js'
import type { Model } from '../../model/model.js'
import { nodeState } from '../../model/node/nodeState.js'
import { podState } from '../../model/node/podState.js'
import type { ChainResult } from '../controlplane/types.js'
import type { DigResult } from '../dns/dig.js'
import { msg, type Message } from '../messages/catalog.js'
import type { Hop, Trace } from '../trace/types.js'
import type { Answer, QuestionSpec } from './types.js'

export interface AnswerContext {
  readonly model: Model
  readonly trace: Trace | null
  readonly dig: DigResult | null
  /** The action of this step ran a trace (true) or a dig (false); null: neither. */
  readonly latest: 'trace' | 'dig' | null
  readonly selected: { readonly index: number; readonly reply: boolean } | null
  /** The control-plane chain this step or an earlier one played (null: none, or a later trace replaced it). */
  readonly chain: ChainResult | null
  /** Seeds the order the options are shown in. */
  readonly key: string
}

export type Computed = { ok: true; answer: Answer } | { ok: false; error: string; hint: string }

const RESULTS = ['delivered', 'refused', 'timeout', 'nxdomain']
const RCODES = ['NOERROR', 'NXDOMAIN', 'SERVFAIL']
const CHOICES = 4

const fail = (error: string, hint: string): Computed => ({ ok: false, error, hint })
const podKey = (p: { namespace: string; name: string }): string => `${p.namespace}/${p.name}`

function hopsOf(t: Trace, reply: boolean): readonly Hop[] {
  return reply ? t.reply?.hops ?? [] : t.hops
}

/** Every address the lab's devices hold on these nodes (eth0, cni0, flannel.1, nodelocaldns …). */
function deviceAddresses(model: Model, nodes: readonly string[]): string[] {
  return nodes.flatMap((n) => nodeState(model, n)?.devices.flatMap((d) => d.addresses.map((a) => formatIpv4(a.ip))) ?? [])
    .filter((a) => !a.startsWith('127.'))
}

function nodesOnPath(t: Trace): string[] {
  return [...new Set(t.hops.flatMap((h) => (h.place.kind === 'pod' || h.place.kind === 'node' ? [h.place.node] : [])))]
}

/** Addresses a learner could mistake for the answer: what the packet carried, the nodes, their devices, the pods. */
function ipPool(model: Model, t: Trace | null): string[] {
  const fromTrace = t ? t.hops.flatMap((h) => [h.before.src, h.after.src, h.before.dst, h.after.dst, ...(h.after.outer ? [h.after.outer.src, h.after.outer.dst] : [])]) : []
  const nodes = t ? nodesOnPath(t) : model.nodes.map((n) => n.name)
  return [
    ...fromTrace,
    ...model.nodes.map((n) => formatIpv4(n.ip)),
    ...deviceAddresses(model, nodes),
    ...model.pods.filter((p) => p.ip !== null && !p.hostNetwork && p.addon === null).map((p) => formatIpv4(p.ip!)),
  ]
}

function chainOf(d: { what: string; text: string }): string | null {
  return d.what === 'iptables' ? /^-A (\S+)/.exec(d.text)?.[1] ?? null : null
}

/** The options: the answer plus up to three wrong ones, in an order fixed by the lesson and step. */
function withChoices(q: QuestionSpec, ctx: AnswerContext, value: string, pool: readonly string[], evidence: Message, hop: Answer['hop']): Computed {
  if (q.format === 'text') return { ok: true, answer: { value, choices: null, evidence, hop } }
  const wrong: string[] = []
  for (const d of [...(q.distractors ?? []), ...pool]) if (d !== value && d && !wrong.includes(d)) wrong.push(d)
  if (q.distractors?.includes(value)) return fail(`distractor "${value}" is the right answer`, 'remove it from distractors: the engine computes the answer')
  if (wrong.length === 0) return fail(`the model offers no wrong answer to "${value}", so this cannot be multiple choice`, 'ask something with more than one possible answer in this topology')
  const picked = wrong.slice(0, CHOICES - 1)
  const options = [value, ...picked]
  const at = hashUint32(`${ctx.key}`) % options.length
  options.splice(0, 1)
  options.splice(at, 0, value)
  return { ok: true, answer: { value, choices: options, evidence, hop } }
}

function needTrace(ctx: AnswerContext): Trace | null {
  return ctx.trace
}

function selectedHop(ctx: AnswerContext): { hop: Hop; index: number; reply: boolean } | null {
  if (!ctx.trace || !ctx.selected) return null
  const hop = hopsOf(ctx.trace, ctx.selected.reply)[ctx.selected.index]
  return hop ? { hop, ...ctx.selected } : null
}

function percent(p: number): string {
  const v = Math.round(p * 1000) / 10
  return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)}%`
}

export function computeAnswer(q: QuestionSpec, ctx: AnswerContext): Computed {
  const t = needTrace(ctx)
  const noTrace = fail(`a ${q.ask} question needs a trace before it`, 'add a trace action to this step or an earlier one')
  const noHop = fail(`a ${q.ask} question needs a selected hop`, 'add select: { kind: ..., node: ... } to this step')
  switch (q.ask) {
    case 'server-sees': {
      if (!t) return noTrace
      if (!t.serverSees) return fail(`nothing answers this trace (result ${t.result}), so no server sees a source`, 'ask result instead, or trace to something that answers')
      const last = t.hops.length - 1
      // Through an ingress controller the server is the backend, reached by the controller's own connection.
      const upstream = t.ingress?.upstream?.hops.at(-1)
      const pool = [...ipPool(ctx.model, t), ...(t.ingress?.upstream?.hops.flatMap((h) => [h.after.src, h.before.dst]) ?? [])]
      return withChoices(q, ctx, t.serverSees.ip, pool, upstream?.explanation ?? t.hops[last]?.explanation ?? t.summary, upstream ? null : { index: last, reply: false })
    }
    case 'client-sees': {
      if (!t) return noTrace
      const reply = t.reply?.hops ?? []
      const last = reply.at(-1)
      if (!last || last.kind !== 'deliver') return fail(`no reply reaches the client (result ${t.result})`, 'ask result instead')
      // The hop that rewrote the reply's source (conntrack's un-NAT), if one did.
      const i = reply.findIndex((h) => h.before.src !== h.after.src)
      const pool = [...reply.flatMap((h) => [h.before.src, h.after.src]), ...ipPool(ctx.model, t)]
      return withChoices(q, ctx, last.after.src, pool, (reply[i] ?? last).explanation, { index: i >= 0 ? i : reply.length - 1, reply: true })
    }
    case 'answered-by': {
      if (!t) return noTrace
      const d = t.deliveredTo
      if (!d) return fail(`nothing answers this trace (result ${t.result})`, 'ask result instead')
      const outside = ctx.model.cluster.externalClients.find((e) => formatIpv4(e.ip) === d.ip)
      // In a pod with several containers, which container answers is the point (they share one namespace).
      const pod = d.pod ? ctx.model.pods.find((p) => podKey(p) === d.pod) : undefined
      const containers = pod && pod.template.containers.length > 1 ? pod.template.containers.map((c) => `${d.pod}/${c.name}`) : []
      const value = containers.length && d.container ? `${d.pod}/${d.container}` : d.pod ?? (d.node ? `node/${d.node}` : outside ? `external/${outside.name}` : d.ip)
      const alternatives = t.choices.filter((c) => c.phase === 'connection').flatMap((c) => c.alternatives.map((a) => a.label.split(':')[0]!))
      const byIp = (ip: string): string[] => ctx.model.pods.filter((p) => p.ip !== null && formatIpv4(p.ip) === ip && !p.hostNetwork).map(podKey)
      const pool = [...containers, ...alternatives.flatMap(byIp), ...ctx.model.pods.filter((p) => p.addon === null && p.ip !== null).map(podKey), ...ctx.model.nodes.map((n) => `node/${n.name}`), ...ctx.model.cluster.externalClients.map((e) => `external/${e.name}`)]
      return withChoices(q, ctx, value, containers.length ? pool.filter((x) => x !== d.pod) : pool, t.summary, { index: t.hops.length - 1, reply: false })
    }
    case 'answer-node': {
      if (!t) return noTrace
      const d = t.deliveredTo
      const node = d?.node ?? (d?.pod ? ctx.model.pods.find((p) => podKey(p) === d.pod)?.nodeName : null)
      if (!node) return fail(`nothing on a node answers this trace (result ${t.result})`, 'ask result instead')
      return withChoices(q, ctx, node, ctx.model.nodes.map((n) => n.name), t.summary, { index: t.hops.length - 1, reply: false })
    }
    case 'result': {
      if (!t) return noTrace
      const stop = t.hops.length - 1
      return withChoices(q, ctx, t.result, RESULTS, t.hops[stop]?.explanation ?? t.summary, stop >= 0 ? { index: stop, reply: false } : null)
    }
    case 'dns-queries': {
      const queries = ctx.latest === 'dig' ? ctx.dig?.queries : ctx.latest === 'trace' ? t?.dns : (t?.dns ?? ctx.dig?.queries)
      if (!queries) return fail('a dns-queries question needs a trace or dig before it', 'add a dig or trace action')
      const n = queries.length
      const pool = [n / 2, n + 2, n - 2, 2, 1, n * 2].filter((x) => Number.isInteger(x) && x > 0).map(String)
      return withChoices(q, ctx, String(n), pool, msg('name', { name: queries.map((x, i) => `${i + 1}. ${x.name} ${x.type} → ${x.rcode}`).join('\n') }), null)
    }
    case 'dns-server': {
      const queries = ctx.latest === 'dig' ? ctx.dig?.queries : t?.dns ?? ctx.dig?.queries
      const first = queries?.[0]
      if (!first) return fail('a dns-server question needs a trace or dig that asks DNS', 'add a dig action, or trace to a name')
      // NodeLocal DNSCache answers as "<agent> → <coredns>": the first name is who got the query.
      const value = serverName(first.server)
      const pool = ctx.model.pods.filter((p) => p.addon === 'coredns' || p.addon === 'node-local-dns').map(podKey)
      return withChoices(q, ctx, value, [...pool, `upstream DNS ${ctx.model.cluster.nodeResolvConf.nameservers[0] ?? ''}`], msg('lesson.dnsAnsweredBy', { query: `${first.name} ${first.type} → ${first.rcode}`, by: first.answeredBy }), null)
    }
    case 'rcode': {
      const d = ctx.dig
      if (!d) return fail('an rcode question needs a dig before it', 'add a dig action to this step')
      return withChoices(q, ctx, d.rcode, RCODES, msg('name', { name: d.queries.map((x) => `${x.name} ${x.type} → ${x.rcode}`).join('\n') }), null)
    }
    case 'device':
    case 'mtu': {
      const s = selectedHop(ctx)
      if (!s) return noHop
      if (!s.hop.device) return fail(`hop ${s.index + 1} (${s.hop.kind}) happens on no device`, 'select a hop with a device (route, veth, bridge, vxlan-encap …)')
      const place = s.hop.place
      const ns = place.kind === 'node' ? nodeState(ctx.model, place.node) : place.kind === 'pod' ? podOf(ctx.model, place.pod) : null
      const devices = ns?.devices ?? []
      const hop = { index: s.index, reply: s.reply }
      if (q.ask === 'device') return withChoices(q, ctx, s.hop.device, devices.map((d) => d.name), s.hop.explanation, hop)
      const dev = devices.find((d) => d.name === s.hop.device)
      if (!dev) return fail(`device ${s.hop.device} is not in the model's view of that namespace`, 'select another hop')
      return withChoices(q, ctx, String(dev.mtu), [...devices.map((d) => String(d.mtu)), '1500', '1450', '9000'], msg('name', { name: `${dev.name}: mtu ${dev.mtu} (ip link show ${dev.name})` }), hop)
    }
    case 'hop-node': {
      const s = selectedHop(ctx)
      if (!s) return noHop
      const place = s.hop.place
      if (place.kind !== 'node' && place.kind !== 'pod') return fail(`hop ${s.index + 1} is not on a node`, 'select a hop in a node or pod')
      return withChoices(q, ctx, place.node, ctx.model.nodes.map((n) => n.name), s.hop.explanation, { index: s.index, reply: s.reply })
    }
    case 'chain': {
      const s = selectedHop(ctx)
      if (!s || !t) return noHop
      const chain = [...s.hop.decidedBy].reverse().map(chainOf).find((c) => c !== null)
      if (!chain) return fail(`hop ${s.index + 1} (${s.hop.kind}) was not decided by an iptables rule`, 'select a netfilter hop')
      const pool = [...s.hop.decidedBy.map(chainOf), ...[...t.hops, ...(t.reply?.hops ?? [])].flatMap((h) => h.decidedBy.map(chainOf))].filter((c): c is string => c !== null)
      return withChoices(q, ctx, chain, pool, s.hop.explanation, { index: s.index, reply: s.reply })
    }
    case 'dnat-chain': {
      if (!t) return noTrace
      const i = t.hops.findIndex((h) => h.kind === 'netfilter' && h.before.dst !== h.after.dst)
      const h = t.hops[i]
      const chain = h ? [...h.decidedBy].reverse().map(chainOf).find((c) => c !== null) : undefined
      if (!h || !chain) return fail('no iptables rule rewrites the destination in this trace', 'trace to a Service (ClusterIP, NodePort, LoadBalancer)')
      const pool = [...t.choices.flatMap((c) => c.alternatives.map((a) => a.chain)), ...h.decidedBy.map(chainOf).filter((c): c is string => c !== null)]
      return withChoices(q, ctx, chain, pool, msg('lesson.evidenceRule', { why: h.explanation, rule: h.decidedBy.at(-1)?.text ?? '' }), { index: i, reply: false })
    }
    case 'outer-dst': {
      if (!t) return noTrace
      const i = t.hops.findIndex((h) => h.after.outer)
      if (i < 0) return fail('the packet is never encapsulated in this trace', 'trace across nodes on a VXLAN topology')
      return withChoices(q, ctx, t.hops[i]!.after.outer!.dst, ipPool(ctx.model, t), t.hops[i]!.explanation, { index: i, reply: false })
    }
    case 'endpoints':
    case 'cluster-ip': {
      if (!q.service) return fail(`a ${q.ask} question needs service: <namespace>/<name>`, 'add service: default/web')
      const svc = ctx.model.services.find((s) => `${s.namespace}/${s.name}` === q.service)
      if (!svc) return fail(`no Service ${q.service}`, `Services: ${ctx.model.services.map((s) => `${s.namespace}/${s.name}`).join(', ')}`)
      if (q.ask === 'endpoints') {
        const eps = svc.ports[0]?.endpoints.filter((e) => e.ready) ?? []
        const n = eps.length
        return withChoices(q, ctx, String(n), [n + 1, n - 1, n + 2, 0].filter((x) => x >= 0).map(String), msg('name', { name: `${q.service}: ${eps.map((e) => `${formatIpv4(e.ip)}:${e.port}`).join(', ') || '<none>'}` }), null)
      }
      const value = typeof svc.clusterIP === 'number' ? formatIpv4(svc.clusterIP) : svc.clusterIP ?? 'None'
      const pool = [...ctx.model.services.flatMap((s) => (typeof s.clusterIP === 'number' ? [formatIpv4(s.clusterIP)] : [])), ...ipPool(ctx.model, t)]
      return withChoices(q, ctx, value, pool, msg('lesson.clusterIp', { service: q.service, ip: value }), null)
    }
    case 'pod-node': {
      if (!q.pod) return fail('a pod-node question needs pod: <namespace>/<name>', 'add pod: default/client')
      const pod = ctx.model.pods.find((p) => podKey(p) === q.pod)
      if (!pod) return fail(`no pod ${q.pod}`, 'pod names come from kube-netlab show <topology> cluster')
      const value = pod.nodeName ?? 'Pending'
      // The scheduler's reason is the loader's diagnostic (English text, translated by the shells' diagnostics catalog).
      const reason = ctx.model.diagnostics.find((d) => d.message.includes(pod.name))?.message
      const why = pod.nodeName ? msg('lesson.podRunsOn', { pod: q.pod, node: pod.nodeName }) : msg('lesson.podPending', { pod: q.pod, reason: reason ?? msg('lesson.noNodeFits') })
      return withChoices(q, ctx, value, [...ctx.model.nodes.map((n) => n.name), 'Pending'], why, null)
    }
    case 'scheduled-node':
    case 'sep-chains':
      return chainAnswer(q, ctx)
    case 'probability': {
      if (!t) return noTrace
      const c = t.choices.find((x) => x.phase === 'connection')
      const alt = c?.alternatives.find((a) => a.label === c.picked)
      if (!c || !alt) return fail('kube-proxy made no random choice for this connection', 'trace to a Service with more than one endpoint')
      const pool = [1, 2, 3, 4, 5].map((k) => percent(1 / k)).concat(c.alternatives.map((a) => percent(a.probability)))
      return withChoices(q, ctx, percent(alt.probability), pool, msg('name', { name: `${c.at}: ${c.alternatives.map((a) => `${a.label} ${percent(a.probability)}`).join(', ')}` }), null)
    }
  }
}

const noChain = (q: QuestionSpec): Computed => fail(`a ${q.ask} question needs a control-plane chain before it`, 'add controlPlane: { kind: apply, target: nginx-deployment } to this step or an earlier one')

/** Questions answered from the chain of events: where kube-scheduler put a pod, what kube-proxy wrote on a node. */
function chainAnswer(q: QuestionSpec, ctx: AnswerContext): Computed {
  const c = ctx.chain
  if (!c) return noChain(q)
  const nodes = c.after.nodes.map((n) => n.name)
  if (q.ask === 'scheduled-node') {
    // The scheduler's binding: of the pod asked about, or of the first pod the chain schedules.
    const i = c.steps.findIndex((s) => s.verb === 'bind' && s.phase === 'write' && s.from.component === 'kube-scheduler' && (!q.pod || `${s.object.namespace}/${s.object.name}` === q.pod))
    const pending = c.steps.findIndex((s) => s.event?.reason === 'FailedScheduling' && (!q.pod || `${s.object.namespace}/${s.object.name}` === q.pod))
    if (i < 0 && pending < 0) return fail(`kube-scheduler binds no pod${q.pod ? ` ${q.pod}` : ''} in this chain`, 'play a change that creates pods (apply a Deployment, scale up)')
    const first = i >= 0 && (pending < 0 || i < pending) ? i : pending
    const s = c.steps[first]!
    const node = first === i ? c.after.pods.find((p) => p.namespace === s.object.namespace && p.name === s.object.name)?.nodeName ?? null : null
    return withChoices(q, ctx, node ?? 'Pending', [...nodes, 'Pending'], s.why, { index: first, reply: false })
  }
  // sep-chains: the KUBE-SEP chains kube-proxy on the node added in its syncs (`:KUBE-SEP-… - [0:0]` lines).
  if (!q.node) return fail('a sep-chains question needs node: <name>', `nodes: ${nodes.join(', ')}`)
  if (!nodes.includes(q.node)) return fail(`no node ${q.node}`, `nodes: ${nodes.join(', ')}`)
  const syncs = c.steps.flatMap((s, k) => (s.dataplane?.kind === 'proxy-sync' && s.dataplane.node === q.node ? [k] : []))
  if (!syncs.length) return fail(`kube-proxy on ${q.node} never syncs in this chain`, 'play a change that moves endpoints')
  const added = [...new Set(syncs.flatMap((k) => c.steps[k]!.dataplane!.diffs.flatMap((d) => d.added.flatMap((l) => /^:(KUBE-SEP-\w+)/.exec(l)?.[1] ?? []))))]
  const n = added.length
  const last = syncs.find((k) => c.steps[k]!.dataplane!.diffs.some((d) => d.added.some((l) => l.startsWith(':KUBE-SEP-')))) ?? syncs[0]!
  return withChoices(q, ctx, String(n), [n + 1, n - 1, n * 2, n + 3, 0].filter((x) => x >= 0).map(String),
    msg('lesson.sepChains', { node: q.node, count: n, chains: added.join(', ') || '-' }), { index: last, reply: false })
}

/**
 * Who got a DNS query first, as a name a learner picks: the pod (CoreDNS, a node-local-dns
 * agent), `upstream DNS <ip>` for a node's resolver, `nobody` when the query never arrived.
 */
function serverName(m: Message | null): string {
  if (!m) return 'nobody'
  const p = m.params
  const text = (v: unknown): string => (typeof v === 'object' && v !== null ? serverName(v as Message) : String(v ?? ''))
  switch (m.code) {
    case 'name': return text(p['name'])
    case 'dns.server.via': return text(p['agent'])
    case 'dns.agent.onNode': return `node-local-dns on ${text(p['node'])}`
    case 'dns.by.upstream': return `upstream DNS ${text(p['server'])}`
    case 'place.pod': return text(p['pod'])
    case 'place.node': return `node/${text(p['node'])}`
    default: return m.code
  }
}

function podOf(model: Model, key: string) {
  const pod = model.pods.find((p) => podKey(p) === key)
  return pod ? podState(model, pod) : null
}
