/**
 * `kube-netlab apply|scale|delete|cordon|uncordon|drain|taint|rollout` (the control plane's
 * chain of events for a change) and `exec|logs` (the control-plane path of a kubectl exec/logs).
 */
import { execTrace } from '../engine/controlplane/execTrace.js'
import type { Lang } from '../i18n/render.js'
import { runChange } from '../engine/controlplane/run.js'
import { loadControlPlane } from '../engine/controlplane/state.js'
import type { ChainResult, Change, ObjectRef } from '../engine/controlplane/types.js'
import type { LoadResult } from '../model/derive/buildModel.js'
import { formatDiagnosticIn } from '../i18n/diagnostics.js'
import type { CliIo } from './io.js'
import { chainJson, formatDiff, formatEvents, formatExec, formatWhy } from './formatChain.js'
import { runTrace } from './traceCommands.js'

export const CHANGE_COMMANDS = ['apply', 'scale', 'delete', 'cordon', 'uncordon', 'drain', 'taint', 'rollout'] as const
export const CONTROL_PLANE_COMMANDS: readonly string[] = [...CHANGE_COMMANDS, 'exec', 'logs']

export const CONTROL_PLANE_USAGE = `Control plane: what a change sets in motion, printed like 'kubectl get events -w'
(LAST SEEN shows the lab's step numbers), with --why the component chain (watch → reconcile →
write, over HTTPS :6443, etcd :2379, kubelet :10250) and --diff what changed on every node.

  kube-netlab apply <topology> <manifest.yaml>
  kube-netlab scale <topology> deployment/<name> --replicas <n> [-n <namespace>]
  kube-netlab delete <topology> <kind>/<name> [-n <namespace>]
  kube-netlab cordon|uncordon <topology> <node>
  kube-netlab drain <topology> <node> [--ignore-daemonsets] [--force]
  kube-netlab taint <topology> <node> <key>[=<value>]:<NoSchedule|PreferNoSchedule|NoExecute>[-]
  kube-netlab rollout <topology> deployment/<name> <container>=<image> [-n <namespace>]
  kube-netlab exec <topology> pod/<namespace>/<name> [-c <container>] -- <command> [args…]
  kube-netlab logs <topology> pod/<namespace>/<name> [-c <container>]

Options for the changes:
  --why              the component chain, step by step, and why each step happens
  --diff             per node: ip addr/route/neigh, bridge fdb, iptables-save lines added (+) and removed (-),
                     the EndpointSlice endpoints and CoreDNS records that changed
  --then "<change>"  another change after this one, e.g. --then "scale deployment/web --replicas 5"
  --trace "<args>"   run 'trace <args>' on the cluster before and after
  --lang en|ko       language of the explanations
  --json             everything as data

Examples:
  kube-netlab apply two-node-flannel-vxlan nginx.yaml --diff
  kube-netlab scale two-node-flannel-vxlan deployment/web --replicas 0 --diff
  kube-netlab taint two-node-flannel-vxlan node2 dedicated=db:NoSchedule --then "cordon node1" --then "scale deployment/web --replicas 4"
  kube-netlab rollout two-node-flannel-vxlan deployment/web nginx=nginx:1.28 --why
  kube-netlab drain two-node-flannel-vxlan node2 --ignore-daemonsets
  kube-netlab exec two-node-flannel-vxlan pod/default/client -- wget -qO- web
`

const KINDS: Record<string, string> = {
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment', statefulset: 'StatefulSet', statefulsets: 'StatefulSet', sts: 'StatefulSet',
  daemonset: 'DaemonSet', daemonsets: 'DaemonSet', ds: 'DaemonSet', replicaset: 'ReplicaSet', replicasets: 'ReplicaSet', rs: 'ReplicaSet',
  pod: 'Pod', pods: 'Pod', po: 'Pod', service: 'Service', services: 'Service', svc: 'Service',
}

interface Args { positional: string[]; flags: Map<string, string[]>; rest: string[] }

const VALUE_FLAGS = new Set(['--replicas', '-n', '--namespace', '--then', '--trace', '--lang', '-c', '--container'])

function parseArgs(argv: readonly string[]): Args {
  const out: Args = { positional: [], flags: new Map(), rest: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') { out.rest = argv.slice(i + 1); break }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1
    const name = eq > 0 ? a.slice(0, eq) : a
    if (VALUE_FLAGS.has(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i]
      out.flags.set(name, [...(out.flags.get(name) ?? []), v ?? ''])
    } else if (a.startsWith('-') && a.length > 1) out.flags.set(a, [...(out.flags.get(a) ?? []), ''])
    else out.positional.push(a)
  }
  return out
}

const flag = (a: Args, ...names: string[]): string | undefined => names.flatMap((n) => a.flags.get(n) ?? []).at(-1)

function objectArg(text: string | undefined, namespace: string): ObjectRef | string {
  const m = text ? /^([a-z]+)\/(?:([a-z0-9][-a-z0-9.]*)\/)?([a-z0-9][-a-z0-9.]*)$/.exec(text) : null
  const kind = m ? KINDS[m[1]!] : undefined
  if (!m || !kind) return `expected <kind>/<name> (deployment, statefulset, daemonset, replicaset, pod, service), got "${text ?? ''}"`
  return { kind, namespace: m[2] ?? namespace, name: m[3]! }
}

/** One change from its command and arguments (the topology already taken off). */
function parseChange(command: string, a: Args, io: CliIo): Change | string {
  const ns = flag(a, '-n', '--namespace') ?? 'default'
  const [first, second] = a.positional
  switch (command) {
    case 'apply': {
      if (!first) return 'apply needs a manifest file'
      const text = io.readFile(first)
      if (text === null) return `no such file "${first}"`
      return { kind: 'apply', file: io.displayPath(first), text }
    }
    case 'scale': {
      const o = objectArg(first, ns)
      const n = Number(flag(a, '--replicas'))
      if (typeof o === 'string') return o
      if (!Number.isInteger(n) || n < 0 || n > 1000) return 'scale needs --replicas <0-1000>'
      return { kind: 'scale', object: o, replicas: n }
    }
    case 'delete': {
      const o = objectArg(first, ns)
      return typeof o === 'string' ? o : { kind: 'delete', object: o }
    }
    case 'cordon': case 'uncordon': case 'drain': {
      const node = first?.replace(/^node\//, '')
      if (!node) return `${command} needs a node name`
      if (command === 'drain') return { kind: 'drain', node, force: a.flags.has('--force'), ignoreDaemonSets: a.flags.has('--ignore-daemonsets') }
      return { kind: command, node }
    }
    case 'taint': {
      const node = first?.replace(/^node\//, '')
      const m = second ? /^([A-Za-z0-9][-A-Za-z0-9_./]*)(?:=([-A-Za-z0-9_.]*))?:(NoSchedule|PreferNoSchedule|NoExecute)(-?)$/.exec(second) : null
      if (!node || !m) return 'taint needs <node> <key>[=<value>]:<NoSchedule|PreferNoSchedule|NoExecute>[-]'
      return { kind: 'taint', node, key: m[1]!, value: m[2] ?? '', effect: m[3] as 'NoSchedule', remove: m[4] === '-' }
    }
    case 'rollout': {
      const o = objectArg(first, ns)
      if (typeof o === 'string') return o
      const m = second ? /^(?:([a-z0-9][-a-z0-9]*)=)?(\S+)$/.exec(second) : null
      if (!m) return 'rollout needs <container>=<image>'
      return { kind: 'rollout', object: o, container: m[1] ?? null, image: m[2]! }
    }
  }
  return `unknown change "${command}"`
}

export function runControlPlane(command: string, loaded: { file: string; text: string; result: Extract<LoadResult, { ok: true }> }, argv: readonly string[], json: boolean, io: CliIo, cliLang?: Lang): number {
  const a = parseArgs(argv)
  // runCli takes --lang (and LANG=ko_KR…) off the argument list and passes what it chose.
  const lang: Lang = cliLang ?? (flag(a, '--lang') === 'ko' ? 'ko' : 'en')
  const model = loaded.result.model
  if (command === 'exec' || command === 'logs') {
    const target = a.positional[0] ?? ''
    const m = /^pod\/(?:([a-z0-9][-a-z0-9.]*)\/)?([a-z0-9][-a-z0-9.]*)$/.exec(target)
    if (!m) { io.stderr(`error: ${command} needs pod/<namespace>/<name>\n\n${CONTROL_PLANE_USAGE}`); return 2 }
    if (command === 'exec' && a.rest.length === 0) { io.stderr('error: exec needs a command after --\n'); return 2 }
    const t = execTrace(model, command === 'exec' ? 'exec' : 'log', m[1] ?? flag(a, '-n', '--namespace') ?? 'default', m[2]!, flag(a, '-c', '--container') ?? null, a.rest)
    if (json) io.stdout(`${JSON.stringify(t, null, 2)}\n`)
    if (!t.ok) { if (!json) io.stderr(`Error from server (${t.reason}): ${t.message}\n`); return 1 }
    if (!json) {
      const hop = t.hops[1]!
      io.stdout(`${formatExec(t, lang)}\nHop 2 as packets: kube-netlab trace ${loaded.file} --from node/${hop.from.node} --to ${hop.address}\n`)
    }
    return 0
  }
  const st = loadControlPlane(loaded.file, loaded.text, loaded.result)
  if (!st.ok) { io.stderr(st.diagnostics.map((d) => `${formatDiagnosticIn(d, lang)}\n`).join('')); return 1 }
  const changes: Change[] = []
  const first = parseChange(command, a, io)
  if (typeof first === 'string') { io.stderr(`error: ${first}\n\n${CONTROL_PLANE_USAGE}`); return 2 }
  changes.push(first)
  for (const then of a.flags.get('--then') ?? []) {
    const [cmd, ...words] = then.trim().split(/\s+/)
    const c = cmd && CHANGE_COMMANDS.includes(cmd as never) ? parseChange(cmd, parseArgs(words), io) : `--then needs a change (${CHANGE_COMMANDS.join(', ')}), got "${then}"`
    if (typeof c === 'string') { io.stderr(`error: ${c}\n`); return 2 }
    changes.push(c)
  }
  let state = st.state
  const results: ChainResult[] = []
  for (const c of changes) {
    const r = runChange(state, c)
    results.push(r.result)
    state = r.state
  }
  const failed = results.find((r) => !r.ok)
  if (json) {
    const out = results.map((r) => chainJson(r, lang))
    io.stdout(`${JSON.stringify(out.length === 1 ? out[0] : out, null, 2)}\n`)
    return failed ? 1 : 0
  }
  results.forEach((r, i) => {
    if (results.length > 1) io.stdout(`${i ? '\n' : ''}# ${describe(r.change)}\n`)
    io.stdout(formatEvents(r))
    if (a.flags.has('--why')) io.stdout(`\n${formatWhy(r, lang)}`)
    if (a.flags.has('--diff')) io.stdout(`\n${formatDiff(r)}`)
    if (r.error) {
      io.stderr(`${r.error.code ? `Error from server (${r.error.reason}): ` : 'error: '}${r.error.message}\n`)
      for (const d of r.error.diagnostics) io.stderr(`${formatDiagnosticIn(d, lang)}\n`)
    }
  })
  const traceArgs = flag(a, '--trace')
  if (traceArgs) {
    const words = traceArgs.trim().split(/\s+/)
    io.stdout('\nTRACE BEFORE\n')
    runTrace(results[0]!.before, words, false, io)
    io.stdout('\nTRACE AFTER\n')
    runTrace(results.at(-1)!.after, words, false, io)
  }
  return failed ? 1 : 0
}

function describe(c: Change): string {
  switch (c.kind) {
    case 'apply': return `kubectl apply -f ${c.file}`
    case 'scale': return `kubectl scale ${c.object.kind.toLowerCase()}/${c.object.name} -n ${c.object.namespace} --replicas=${c.replicas}`
    case 'delete': return `kubectl delete ${c.object.kind.toLowerCase()}/${c.object.name} -n ${c.object.namespace}`
    case 'cordon': case 'uncordon': return `kubectl ${c.kind} ${c.node}`
    case 'drain': return `kubectl drain ${c.node}${c.ignoreDaemonSets ? ' --ignore-daemonsets' : ''}${c.force ? ' --force' : ''}`
    case 'taint': return `kubectl taint nodes ${c.node} ${c.key}${c.value ? `=${c.value}` : ''}:${c.effect}${c.remove ? '-' : ''}`
    case 'rollout': return `kubectl set image ${c.object.kind.toLowerCase()}/${c.object.name} -n ${c.object.namespace} ${c.container ?? '*'}=${c.image}`
  }
}
