/**
 * `kube-netlab verify`: builds the topology in real network namespaces (materialize.ts), starts
 * echo servers in every pod, node and outside host that the model says listens, and a DNS
 * server answering from the model's records in the CoreDNS (and NodeLocal DNS) places; then
 * runs each case from its source and compares with the model: the result, which endpoint
 * answered (one of the model's candidates, and over repeated connections every candidate),
 * the source address the server saw, and for names the DNS answers.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { trace } from '../../engine/trace/trace.js'
import type { Trace } from '../../engine/trace/types.js'
import { renderMessage } from '../../i18n/render.js'
import { formatIpv4 } from '../../model/addr/ipv4.js'
import type { Model } from '../../model/model.js'
import type { CliIo } from '../io.js'
import { destroy, materialize, newPrefix, type Lab } from './materialize.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const AGENT = resolve(ROOT, 'src/cli/verify/agent.ts')
const CONNECT_TIMEOUT_MS = 1500
const READY_TIMEOUT_MS = 20_000

interface Candidate {
  readonly label: string
  readonly endpoint: string
  readonly serverSees: string
}

interface Expectation {
  readonly result: Trace['result']
  readonly candidates: readonly Candidate[]
  readonly dns: readonly { name: string; type: string; rcode: string; answers: readonly string[] }[]
  readonly target: { ip: string; port: number; proto: 'tcp' | 'udp' } | null
  /** For Ingress cases: the HTTP request the client sends. */
  readonly http: { path: string; host: string } | null
  readonly skip: string | null
}

export interface CaseReport {
  readonly name: string
  readonly from: string
  readonly to: string
  readonly match: boolean
  readonly skipped: string | null
  readonly model: string
  readonly kernel: string
  readonly problems: readonly string[]
}

function externalName(t: Trace): string {
  const p = t.hops.at(-1)?.place
  return p && p.kind === 'external' ? p.client : '?'
}

function expectationFor(model: Model, c: Model['cluster']['cases'][number]): Expectation {
  const base = trace(model, { from: c.from, to: c.to, proto: c.proto })
  if (!base.ok) return { result: 'no-route', candidates: [], dns: [], target: null, http: null, skip: `the case does not trace: ${renderMessage(base.error)}` }
  const t = base.trace
  if (t.hops.some((h) => h.hook?.startsWith('NetworkPolicy') && h.kind === 'drop') && model.cluster.network.policy === 'calico') {
    return { result: t.result, candidates: [], dns: [], target: null, http: null, skip: 'NetworkPolicy enforcement (Calico felix) is not materialized in the kernel lab' }
  }
  if (t.ingress) return ingressExpectation(model, c, t)
  const dns = t.dns.map((q) => ({ name: q.name, type: q.type, rcode: q.rcode, answers: q.answers }))
  // The connection's endpoint choice: the last kube-proxy choice after the DNS queries.
  const connChoice = [...t.choices].reverse().find((ch) => ch.phase === 'connection' && / nat KUBE-SV[CL]-| nft (service|local)-/.test(ch.at))
  const alternatives = connChoice ? connChoice.alternatives.map((a) => a.label) : [null]
  const candidates: Candidate[] = []
  let result = t.result
  for (const alt of alternatives) {
    const r = alt ? trace(model, { from: c.from, to: c.to, proto: c.proto, pick: alt }) : base
    if (!r.ok) continue
    if (alt) result = r.trace.result
    if (r.trace.result === 'delivered' && r.trace.deliveredTo && r.trace.serverSees) {
      candidates.push({ label: r.trace.deliveredTo.pod ?? r.trace.deliveredTo.node ?? externalName(r.trace), endpoint: `${r.trace.deliveredTo.ip}:${r.trace.deliveredTo.port}`, serverSees: r.trace.serverSees.ip })
    }
  }
  const first = t.hops[0]?.before
  const target = first ? { ip: first.dst, port: first.dport, proto: c.proto } : null
  return { result, candidates, dns, target, http: null, skip: null }
}

/**
 * An Ingress case: the client's connection reaches the controller, and the controller's own
 * connection reaches one of the backend's endpoints, which sees the controller's pod IP.
 */
function ingressExpectation(model: Model, c: Model['cluster']['cases'][number], t: Trace): Expectation {
  const url = /^https?:\/\/([^/:]+)(?::\d+)?(\/.*)?$/i.exec(c.to)
  const first = t.hops[0]?.before
  const base = { dns: t.dns.map((q) => ({ name: q.name, type: q.type, rcode: q.rcode, answers: q.answers })), target: first ? { ip: first.dst, port: first.dport, proto: c.proto } : null, http: url ? { path: url[2] ?? '/', host: url[1] ?? '' } : null, skip: null }
  const choice = t.choices.find((ch) => ch.at.includes(' upstream for '))
  const candidates: Candidate[] = []
  for (const alt of choice?.alternatives ?? []) {
    const r = trace(model, { from: c.from, to: c.to, proto: c.proto, pick: alt.label })
    if (r.ok && r.trace.result === 'delivered' && r.trace.deliveredTo && r.trace.serverSees) {
      candidates.push({ label: r.trace.deliveredTo.pod ?? '?', endpoint: `${r.trace.deliveredTo.ip}:${r.trace.deliveredTo.port}`, serverSees: r.trace.serverSees.ip })
    }
  }
  return { ...base, result: t.result, candidates }
}

interface Agent {
  readonly ns: string
  readonly child: ChildProcess
}

function startAgent(ns: string, args: readonly string[]): Promise<Agent> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', AGENT, 'serve', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`agent in ${ns} did not start in ${READY_TIMEOUT_MS} ms: ${err.trim()}`)) }, READY_TIMEOUT_MS)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('READY')) { clearTimeout(timer); resolvePromise({ ns, child }) }
    })
    child.stderr.on('data', (d: Buffer) => { err += d.toString() })
    child.on('exit', (code) => { clearTimeout(timer); if (!out.includes('READY')) reject(new Error(`agent in ${ns} exited (${code}): ${err.trim()}`)) })
  })
}

function agentRun(ns: string, args: readonly string[], timeoutMs: number): string {
  const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', AGENT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs })
  if (r.status !== 0) throw new Error(`agent ${args[0]} in ${ns} failed: ${(r.stderr || String(r.error ?? '')).trim()}`)
  return r.stdout
}

/** The sockets the model says listen in each place, by netns. */
function listeners(model: Model, lab: Lab, topologyFile: string, externalPorts: Map<string, Set<number>>): { ns: string; args: string[] }[] {
  const out: { ns: string; args: string[] }[] = []
  const portsOf = (containers: Model['pods'][number]['template']['containers'], proto: string): number[] =>
    [...new Set(containers.flatMap((c) => c.ports.filter((p) => p.protocol === proto).map((p) => p.containerPort)))]
  for (const p of model.pods) {
    const ns = lab.pods.get(`${p.namespace}/${p.name}`)
    if (!ns) continue
    const tcp = portsOf(p.template.containers, 'TCP')
    const udp = portsOf(p.template.containers, 'UDP')
    if (!tcp.length && !udp.length) continue
    const dns = p.addon === 'coredns'
    // The ingress controller proxies HTTP (port 80) by the model's Ingress rules.
    const proxy = p.addon === 'ingress-controller' && tcp.includes(80)
    // A Gateway's proxy serves HTTP on every TCP port of its pod, routing by the model's Gateway API table.
    if (p.addon === 'gateway-proxy') { out.push({ ns, args: [`${p.namespace}/${p.name}`, tcp.join(',') || '-', udp.join(',') || '-', topologyFile, '-', tcp.join(',') || '-', 'gateway'] }); continue }
    out.push({ ns, args: [`${p.namespace}/${p.name}`, tcp.join(',') || '-', udp.join(',') || '-', dns || proxy ? topologyFile : '-', dns ? '53' : '-', proxy ? '80' : '-'] })
  }
  for (const node of model.nodes) {
    const ns = lab.nodes.get(node.name)!
    const hostPods = model.pods.filter((p) => p.hostNetwork && p.nodeName === node.name)
    const tcp = new Set([22, 10250, ...(node.spec.controlPlane ? [6443] : []), ...hostPods.flatMap((p) => portsOf(p.template.containers, 'TCP'))])
    const udp = new Set(hostPods.flatMap((p) => portsOf(p.template.containers, 'UDP')))
    const dns = hostPods.some((p) => p.addon === 'node-local-dns')
    out.push({ ns, args: [node.name, [...tcp].join(','), [...udp].join(',') || '-', dns ? topologyFile : '-', dns ? '53' : '-'] })
  }
  for (const [name, ns] of lab.externals) {
    const ports = [...(externalPorts.get(name) ?? [])]
    if (ports.length) out.push({ ns, args: [name, ports.join(','), ports.join(','), '-', '-'] })
  }
  return out
}

function sourceNs(lab: Lab, from: string): string | undefined {
  const [kind, ...rest] = from.split('/')
  if (kind === 'pod') return lab.pods.get(`${rest[0]}/${rest[1]}`)
  if (kind === 'node') return lab.nodes.get(rest[0]!)
  if (kind === 'external') return lab.externals.get(rest[0]!)
  return undefined
}

function runCase(model: Model, lab: Lab, c: Model['cluster']['cases'][number], e: Expectation): CaseReport {
  const problems: string[] = []
  const modelText = e.result === 'delivered'
    ? `delivered to ${e.candidates.map((x) => `${x.label} (sees ${x.serverSees})`).join(' or ')}`
    : e.result
  const base = { name: c.name, from: c.from, to: c.to, model: modelText }
  if (e.skip) return { ...base, match: true, skipped: e.skip, kernel: '-', problems }
  const ns = sourceNs(lab, c.from)
  if (!ns) return { ...base, match: false, skipped: null, kernel: '-', problems: [`no namespace for ${c.from}`] }
  let kernelParts: string[] = []
  let targetIp = e.target?.ip ?? ''
  if (e.dns.length) {
    const server = model.cluster.dnsServiceIP
    const nameserver = c.from.startsWith('pod/') ? formatIpv4(server) : (model.cluster.nodeResolvConf.nameservers[0] ?? '')
    const lines = agentRun(ns, ['dns', nameserver, String(CONNECT_TIMEOUT_MS), ...e.dns.map((q) => `${q.name}/${q.type}`)], 60_000).trim().split('\n').filter(Boolean)
    const got = lines.map((l) => JSON.parse(l) as { name: string; type: string; rcode: string; answer: string[] })
    e.dns.forEach((q, i) => {
      const k = got[i]
      if (!k) { problems.push(`DNS ${q.name} ${q.type}: no answer`); return }
      const norm = (xs: readonly string[]): string => [...xs].sort().join(' | ')
      if (k.rcode !== q.rcode || norm(k.answer) !== norm(q.answers)) problems.push(`DNS ${q.name} ${q.type}: model ${q.rcode} [${norm(q.answers)}], kernel ${k.rcode} [${norm(k.answer)}]`)
    })
    const answered = got.find((g) => g.type === 'A' && g.answer.some((a) => a.split(' ')[3] === 'A'))
    kernelParts.push(`${got.length} DNS quer${got.length === 1 ? 'y' : 'ies'}`)
    if (answered) targetIp = answered.answer.find((a) => a.split(' ')[3] === 'A')!.split(' ')[4]!
    if (e.result === 'nxdomain') {
      const last = got.at(-1)
      kernelParts = [`${last?.rcode === 'NXDOMAIN' && !answered ? 'nxdomain' : 'resolved'} after ${got.length} queries`]
      if (answered) problems.push('the kernel lab resolved the name; the model says NXDOMAIN')
      return { ...base, match: problems.length === 0, skipped: null, kernel: kernelParts.join('; '), problems }
    }
  }
  if (!e.target) return { ...base, match: false, skipped: null, kernel: '-', problems: ['no target'] }
  const tries = e.result === 'delivered' ? (e.candidates.length > 1 ? Math.max(8, e.candidates.length * 8) : 2) : 1
  const lines = agentRun(ns, ['connect', targetIp, String(e.target.port), e.target.proto, String(tries), String(CONNECT_TIMEOUT_MS), ...(e.http ? [e.http.path, e.http.host] : [])], tries * (CONNECT_TIMEOUT_MS + 1000) + 10_000)
  const attempts = lines.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { result: string; reply?: string; error?: string })
  const outcomes = new Set(attempts.map((a) => a.result))
  const seen = new Map<string, Set<string>>()
  for (const a of attempts) {
    if (a.result !== 'delivered' || !a.reply) continue
    const [, label = '?', peer = ''] = a.reply.split(' ')
    const peerIp = peer.slice(0, peer.lastIndexOf(':'))
    if (!seen.has(label)) seen.set(label, new Set())
    seen.get(label)!.add(peerIp)
  }
  const kernelResult = outcomes.size === 1 ? [...outcomes][0]! : [...outcomes].join('/')
  if (kernelResult !== e.result) problems.push(`result: model ${e.result}, kernel ${kernelResult}`)
  for (const [label, ips] of seen) {
    const cand = e.candidates.find((x) => x.label === label)
    if (!cand) { problems.push(`${label} answered, which the model never picks`); continue }
    for (const ipSeen of ips) if (ipSeen !== cand.serverSees) problems.push(`${label} saw the client as ${ipSeen}; the model says ${cand.serverSees}`)
  }
  if (e.result === 'delivered' && kernelResult === 'delivered') {
    for (const cand of e.candidates) if (!seen.has(cand.label)) problems.push(`${cand.label} never answered in ${tries} connections`)
  }
  kernelParts.push(kernelResult === 'delivered'
    ? `delivered to ${[...seen].map(([l, ips]) => `${l} (sees ${[...ips].join(',')})`).join(' and ')}`
    : kernelResult)
  return { ...base, match: problems.length === 0, skipped: null, kernel: kernelParts.join('; '), problems }
}

export function verifyPreconditions(): string | null {
  if (process.getuid?.() !== 0) return 'verify builds network namespaces and needs root (CAP_NET_ADMIN): run it with sudo'
  for (const tool of ['ip', 'bridge', 'iptables-restore', 'nfacct', 'sysctl']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed: apt-get install iproute2 iptables nfacct procps`
  }
  if (spawnSync('sh', ['-c', 'command -v nft']).status !== 0) return 'nft is not installed: apt-get install nftables (kube-proxy\'s nftables mode is loaded with nft -f)'
  return null
}

export interface VerifyResult {
  readonly reports: readonly CaseReport[]
  readonly ok: boolean
  /** The namespaces' name prefix of this run (knv + 6 hex + -), so a caller can check its own cleanup. */
  readonly prefix: string
}

export async function verifyModel(model: Model, topologyFile: string, opts: { cases?: readonly string[]; keep?: boolean; log?: (l: string) => void }): Promise<VerifyResult> {
  const log = opts.log ?? (() => {})
  const chosen = model.cluster.cases.filter((c) => !opts.cases?.length || opts.cases.includes(c.name))
  const expectations = chosen.map((c) => ({ c, e: expectationFor(model, c) }))
  const externalPorts = new Map<string, Set<number>>()
  for (const { e } of expectations) {
    for (const cand of e.candidates) {
      const ext = model.cluster.externalClients.find((x) => x.name === cand.label)
      if (ext) {
        if (!externalPorts.has(ext.name)) externalPorts.set(ext.name, new Set())
        externalPorts.get(ext.name)!.add(Number(cand.endpoint.split(':')[1]))
      }
    }
  }
  const prefix = newPrefix()
  let lab: Lab | null = null
  const agents: Agent[] = []
  const cleanup = (): void => {
    for (const a of agents) { a.child.stdin?.end(); a.child.kill('SIGKILL') }
    agents.length = 0
    if (lab && !opts.keep) destroy(lab)
  }
  const onSignal = (): void => { cleanup(); process.exit(130) }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    lab = materialize(model, prefix, log)
    const specs = listeners(model, lab, topologyFile, externalPorts)
    for (const s of specs) agents.push(await startAgent(s.ns, s.args))
    log(`${agents.length} servers listening`)
    const reports = expectations.map(({ c, e }) => runCase(model, lab!, c, e))
    return { reports, ok: reports.every((r) => r.match), prefix }
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
    cleanup()
  }
}

export function formatReports(reports: readonly CaseReport[]): string {
  const rows = [['CASE', 'FROM → TO', 'MODEL', 'KERNEL', 'MATCH']]
  for (const r of reports) rows.push([r.name, `${r.from} → ${r.to}`, r.model, r.skipped ? `skipped: ${r.skipped}` : r.kernel, r.skipped ? '-' : r.match ? 'yes' : 'NO'])
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  const lines = rows.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  '))
  for (const r of reports) for (const p of r.problems) lines.push(`  ${r.name}: ${p}`)
  return `${lines.join('\n')}\n`
}

export async function runVerify(model: Model, topologyFile: string, args: readonly string[], json: boolean, io: CliIo): Promise<number> {
  const cases: string[] = []
  let keep = false
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--case' && args[i + 1]) cases.push(args[++i]!)
    else if (args[i] === '--keep') keep = true
    else { io.stderr(`error: unknown verify argument "${args[i]}"\n`); return 2 }
  }
  const unknown = cases.filter((c) => !model.cluster.cases.some((x) => x.name === c))
  if (unknown.length) { io.stderr(`error: no case named ${unknown.join(', ')}\n  hint: cases are ${model.cluster.cases.map((c) => c.name).join(', ') || '(none: add spec.cases to the Cluster document)'}\n`); return 1 }
  if (!model.cluster.cases.length) { io.stderr('error: this topology lists no cases\n  hint: add spec.cases: [{ name, from, to }] to its Cluster document\n'); return 1 }
  const missing = verifyPreconditions()
  if (missing) { io.stderr(`error: ${missing}\n`); return 1 }
  try {
    const r = await verifyModel(model, topologyFile, { cases, keep, log: (l) => { if (!json) io.stderr(`${l}\n`) } })
    io.stdout(json ? `${JSON.stringify(r, null, 2)}\n` : formatReports(r.reports))
    if (keep) io.stderr('namespaces kept: enter one with `ip netns exec <name> bash`; remove them with: ip netns list | grep knv | cut -d" " -f1 | xargs -n1 ip netns del\n')
    return r.ok ? 0 : 1
  } catch (e) {
    io.stderr(`error: ${e instanceof Error ? e.message : String(e)}\n`)
    return 1
  }
}

