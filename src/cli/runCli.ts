/**
 * `kube-netlab validate|show`: parses arguments, loads the topology, prints text or --json.
 * Exit codes: 0 success, 1 bad input or an unknown object, 2 usage error.
 */
import { NODE_VIEWS, POD_VIEWS, VIEW_COMMANDS, showCluster, showDns, showNode, showPod, type ViewResult } from '../model/show/views.js'
import { cliLang, cliText } from '../i18n/cli.js'
import { diagnosticJson, formatDiagnosticIn, showText } from '../i18n/diagnostics.js'
import type { CliIo } from './io.js'
import { loadTopologyArg } from './loadTopology.js'
import { resolve as resolvePath } from 'node:path'
import { DIG_USAGE, TRACE_USAGE, runDig, runTrace } from './traceCommands.js'
import { runVerify } from './verify/runVerify.js'
import { formatGatewayView, gatewayApiJson } from '../model/show/gatewayView.js'
import { runConvertIngress } from './convertIngress.js'
import { CONTROL_PLANE_COMMANDS, CONTROL_PLANE_USAGE, runControlPlane } from './controlPlaneCommands.js'
import { LESSON_USAGE, runLesson, runLessons } from './lessonCommands.js'

export const USAGE = `kube-netlab — see how a packet really travels through a Kubernetes cluster

Usage:
  kube-netlab validate <topology> [--json]
  kube-netlab show <topology> cluster [--json]
  kube-netlab show <topology> dns [--json]
  kube-netlab show <topology> gateways [--json]            (Gateway API objects with their computed status)
  kube-netlab show <topology> node/<name> ${NODE_VIEWS.join('|')} [--json]
  kube-netlab show <topology> pod/<namespace>/<name> ${POD_VIEWS.join('|')} [--json]
  kube-netlab trace <topology> --from <source> --to <target> [--proto tcp|udp] [--pick <endpoint>] [--json] [--lang en|ko]
  kube-netlab dig <topology> --from <source> <name> [A|AAAA|SRV|PTR] [--json] [--lang en|ko]
  kube-netlab convert-ingress <topology> [--json]      (the Gateway API objects ingress2gateway writes for its Ingresses)
  kube-netlab verify <topology> [--case <name>]... [--keep] [--json]   (root: checks the model against the kernel)
  kube-netlab apply|scale|delete|cordon|uncordon|drain|taint|rollout <topology> … [--why] [--diff] [--json]
  kube-netlab exec|logs <topology> pod/<namespace>/<name> [-- <command>]   (see: kube-netlab apply --help)
  kube-netlab lessons [--json]                                  the guided lessons (lessons/*.yaml)
  kube-netlab lesson <id|file> --check | --print [--lang ko]    check a lesson against the engine, or print a worksheet

<topology> is a YAML file (a lab Cluster document plus Kubernetes manifests, or a
'kubectl get -o yaml' dump) or the name of a built-in topology:
  single-node-bridge, two-node-flannel-vxlan, two-node-flannel-host-gw, two-node-canal-policy,
  two-node-nftables, course-examples, gateway-api

"dns" lists the records CoreDNS's kubernetes plugin answers, as zone-file lines.
Views print exactly what the real command prints on that node or pod:
${[...new Set([...NODE_VIEWS, ...POD_VIEWS])].map((v) => `  ${v.padEnd(12)} ${VIEW_COMMANDS[v]}`).join('\n')}

Examples:
  kube-netlab validate two-node-flannel-vxlan
  kube-netlab show two-node-flannel-vxlan cluster
  kube-netlab show two-node-flannel-vxlan dns
  kube-netlab show two-node-flannel-vxlan node/node1 iptables
  kube-netlab show two-node-nftables node/node1 nft
  kube-netlab show course-examples pod/default/podnet-02 route
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to web:80
  kube-netlab dig two-node-flannel-vxlan --from pod/default/client web

More: kube-netlab trace --help, kube-netlab dig --help
`

/** A number, or for `verify` (which waits on the kernel) a promise of one. */
export function runCli(argv: readonly string[], io: CliIo): number | Promise<number> {
  const json = argv.includes('--json')
  // --lang en|ko (else LANG=ko_KR.UTF-8 and friends) picks the language trace and dig explain in.
  const langAt = argv.indexOf('--lang')
  const lang = cliLang(langAt >= 0 ? argv[langAt + 1] ?? '' : undefined, io.env ?? {})
  if (!lang) {
    io.stderr(`error: --lang must be en or ko, not "${argv[langAt + 1] ?? ''}"\n`)
    return 2
  }
  const args = argv.filter((a, i) => a !== '--json' && (langAt < 0 || (i !== langAt && i !== langAt + 1)))
  const [command, topology, ...rest] = args
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE)
    return command ? 0 : 2
  }
  if ((command === 'trace' || command === 'dig') && (topology === '--help' || topology === '-h' || rest.includes('--help'))) {
    io.stdout(command === 'trace' ? TRACE_USAGE : DIG_USAGE)
    return 0
  }
  if (CONTROL_PLANE_COMMANDS.includes(command) && (topology === '--help' || topology === '-h' || rest.includes('--help'))) {
    io.stdout(CONTROL_PLANE_USAGE)
    return 0
  }
  if (command === 'lessons') return runLessons(io, json)
  // runCli took --lang (or LANG) off the arguments; the lesson command reads it as an option.
  if (command === 'lesson') return topology === '--help' ? (io.stdout(LESSON_USAGE), 0) : runLesson([...args.slice(1), '--lang', lang], io, json)
  if (command !== 'validate' && command !== 'show' && command !== 'trace' && command !== 'dig' && command !== 'verify' && command !== 'convert-ingress' && !CONTROL_PLANE_COMMANDS.includes(command)) {
    io.stderr(`error: unknown command "${command}"\n\n${USAGE}`)
    return 2
  }
  if (!topology) {
    io.stderr(`error: ${command} needs a topology file or built-in name\n\n${USAGE}`)
    return 2
  }
  const loaded = loadTopologyArg(topology, io)
  if (!loaded.ok) {
    io.stderr(`${loaded.message}\n`)
    return 1
  }
  const { result } = loaded
  const diagnostics = result.diagnostics
  if (!result.ok) {
    if (json) io.stdout(`${JSON.stringify({ ok: false, diagnostics: diagnostics.map((d) => diagnosticJson(d, lang)) }, null, 2)}\n`)
    else io.stderr(diagnostics.map((d) => `${formatDiagnosticIn(d, lang)}\n`).join(''))
    return 1
  }
  const model = result.model
  if (command === 'validate') {
    const warnings = diagnostics.filter((d) => d.severity === 'warning')
    const summary = `${loaded.file}: ok — cluster ${model.cluster.name}: ${model.nodes.length} nodes, ${model.pods.length} pods, ${model.services.length} services (${model.cluster.network.plugin}${model.cluster.network.backend ? ` ${model.cluster.network.backend}` : ''}, kube-proxy ${model.cluster.kubeProxy.mode})${warnings.length ? `, ${warnings.length} warning(s)` : ''}`
    if (json) {
      io.stdout(`${JSON.stringify({ ok: true, file: loaded.file, cluster: model.cluster.name, nodes: model.nodes.length, pods: model.pods.length, services: model.services.length, diagnostics: diagnostics.map((d) => diagnosticJson(d, lang)) }, null, 2)}\n`)
    } else {
      io.stdout(`${summary}\n`)
      if (warnings.length) io.stderr(warnings.map((d) => `${formatDiagnosticIn(d, lang)}\n`).join(''))
    }
    return 0
  }

  if (command === 'trace') return runTrace(model, rest, json, io, lang)
  if (command === 'dig') return runDig(model, rest, json, io, lang)
  if (command === 'convert-ingress') return runConvertIngress(model, json, io, lang)
  if (command === 'verify') return runVerify(model, resolvePath(loaded.file), rest, json, io)
  if (CONTROL_PLANE_COMMANDS.includes(command)) return runControlPlane(command, { file: loaded.file, text: loaded.text, result }, rest, json, io, lang)

  const [target, view] = rest
  // Like trace, show rejects what it does not know instead of ignoring it.
  const extra = rest.slice(target === 'cluster' || target === 'dns' ? 1 : 2)
  if (extra.length) {
    io.stderr(`error: show does not take ${extra.map((e) => `"${e}"`).join(', ')}\n  hint: show <topology> cluster|dns|node/<name> <view>|pod/<namespace>/<name> <view> [--json]\n`)
    return 2
  }
  let shown: ViewResult
  if (target === 'cluster') shown = showCluster(model)
  else if (target === 'dns') shown = showDns(model)
  else if (target === 'gateways') shown = { ok: true, text: formatGatewayView(model), data: gatewayApiJson(model.gatewayApi) }
  else if (target?.startsWith('node/') && view) shown = showNode(model, target.slice(5), view)
  else if (target?.startsWith('pod/') && view) {
    const parts = target.slice(4).split('/')
    const [ns, name] = parts.length === 2 ? parts : ['default', parts[0]]
    shown = showPod(model, ns!, name ?? '', view)
  } else {
    io.stderr(`error: show needs "cluster", "dns", "node/<name> <view>" or "pod/<namespace>/<name> <view>"\n\n${USAGE}`)
    return 2
  }
  if (!shown.ok) {
    io.stderr(`${cliText(lang, 'error', { text: showText(shown.error, lang) })}\n${shown.hint ? `${cliText(lang, 'hint', { text: showText(shown.hint, lang) })}\n` : ''}`)
    return 1
  }
  // The cluster view's JSON is the objects themselves, as kubectl get -o json gives them.
  const out = target === 'cluster' ? { kind: 'ClusterView', ...(shown.data as object) } : { target, view: view ?? null, text: shown.text, data: shown.data }
  io.stdout(json ? `${JSON.stringify(out, null, 2)}\n` : shown.text)
  return 0
}
