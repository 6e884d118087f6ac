/** `kube-netlab trace` and `kube-netlab dig`: option parsing, running the engine, printing. */
import { DIG_TYPES, dig, type DigType } from '../engine/dns/dig.js'
import { trace } from '../engine/trace/trace.js'
import type { L4, Trace } from '../engine/trace/types.js'
import { formatIpv4 } from '../model/addr/ipv4.js'
import type { Model } from '../model/model.js'
import { cliText } from '../i18n/cli.js'
import { renderMessage, withRenderedText, type Lang } from '../i18n/render.js'
import type { Message } from '../engine/messages/catalog.js'
import { formatDig, formatTrace } from './formatTrace.js'
import type { CliIo } from './io.js'

export const TRACE_USAGE = `kube-netlab trace <topology> --from <source> --to <target> [--proto tcp|udp] [--pick <endpoint>] [--pick-dns <endpoint>] [--seed N] [--method M] [--header 'Name: value']... [--json] [--lang en|ko]

Follows one connection hop by hop: the DNS lookup first when the target is a name, then the
first packet through routing, bridges, kube-proxy's iptables rules, VXLAN or host-gw, and the
reply back through conntrack.

  <source>  pod/<namespace>/<name>[/<container>] | node/<name> | external/<name>
  <target>  IP:port | name:port (resolved with the source's resolv.conf) | http://host[:port]/path
            | NodeIP:NodePort | LoadBalancerIP:port
  --pick    which endpoint kube-proxy's random rules pick: an IP, IP:port or pod name
  --pick-dns  the same for the CoreDNS replica the DNS queries reach
  --seed    seed for the choices not pinned (default 1)
  --lang    en or ko: the language of the explanations (default: from LANG, e.g. ko_KR.UTF-8)
  --method, --header  for http:// targets: the request method and extra headers (Host overrides the URL's)

Scenarios on the built-in topologies (copy and paste):
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to web:80                      # ClusterIP by short name
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to web.default:80 --pick 10.244.1.3   # backend on the other node (VXLAN)
  kube-netlab trace two-node-flannel-host-gw --from pod/default/client --to web:80 --pick 10.244.1.3  # same, host-gw routes
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to web.default.svc.cluster.local:80 --pick 10.244.0.3   # backend on the same node
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to 10.244.1.3:8080              # pod to pod across nodes
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to 10.244.0.3:8080              # pod to pod on one node
  kube-netlab trace two-node-flannel-vxlan --from pod/default/web-mpg2nfmm6z-2q7h8 --to web:80 --pick 10.244.0.3   # hairpin: a pod to its own Service
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to orphan:80                    # Service without endpoints: REJECT
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to wbe:80                       # misspelled: NXDOMAIN after the search list
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to www.example.com:80           # outside name: ndots:5 walk, then upstream; flannel masquerade
  kube-netlab trace two-node-flannel-vxlan --from external/laptop --to 192.168.49.2:30080              # NodePort, externalTrafficPolicy Cluster
  kube-netlab trace two-node-flannel-vxlan --from external/laptop --to 192.168.49.2:30081              # externalTrafficPolicy Local, no local endpoint: DROP
  kube-netlab trace two-node-flannel-vxlan --from external/laptop --to 192.168.49.3:30081              # externalTrafficPolicy Local, local endpoint
  kube-netlab trace two-node-flannel-vxlan --from external/laptop --to 192.168.49.240:80               # LoadBalancer IP
  kube-netlab trace two-node-flannel-vxlan --from node/node2 --to 10.106.112.147:80                    # host network to a ClusterIP
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to docs:80                      # ExternalName (CNAME)
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to db:5432                      # headless Service
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to web-nodeport:81              # a port no Service rule covers
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to 10.244.1.3:9999              # a port nobody listens on: RST
  kube-netlab trace course-examples --from pod/default/podnet-01/ubuntu --to localhost:80              # same pod, over localhost
  kube-netlab trace course-examples --from external/student-pc --to 192.168.10.11:30640                # the course's NodePort
  kube-netlab trace course-examples --from external/student-pc --to http://192.168.10.11:32486/another  # Ingress host/path → Service → pod
  kube-netlab trace gateway-api --from external/student-pc --to http://192.168.10.240/another          # Gateway → HTTPRoute → Service → pod
  kube-netlab trace gateway-api --from external/student-pc --to http://192.168.10.240/old --header 'Host: course.example.com'   # a redirect
  kube-netlab trace two-node-canal-policy --from pod/default/client --to db:5432                       # NetworkPolicy denies (enforced)
  kube-netlab trace two-node-canal-policy --from pod/default/web-mpg2nfmm6z-2q7h8 --to db:5432         # NetworkPolicy allows
  kube-netlab trace two-node-flannel-vxlan --from pod/default/client --to db:5432                      # the same policy, not enforced by flannel
`

export const DIG_USAGE = `kube-netlab dig <topology> --from <source> <name> [${DIG_TYPES.join('|')}] [--pick <coredns pod|ip>] [--json] [--lang en|ko]

Resolves a name the way the source's resolver does: its resolv.conf search list and ndots,
each query to its nameserver (for pods, CoreDNS through kube-proxy), printed like dig.

  kube-netlab dig two-node-flannel-vxlan --from pod/default/client web
  kube-netlab dig two-node-flannel-vxlan --from pod/default/client _http._tcp.web.default.svc.cluster.local SRV
  kube-netlab dig two-node-flannel-vxlan --from pod/default/client db
  kube-netlab dig two-node-flannel-vxlan --from pod/default/client 10.244.0.4 PTR
  kube-netlab dig two-node-flannel-vxlan --from pod/default/client www.example.com
`

type Options = { values: Map<string, string>; positional: string[]; error: string | null }

function options(args: readonly string[], withValue: readonly string[]): Options {
  const values = new Map<string, string>()
  const positional: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (withValue.includes(a)) {
      const v = args[i + 1]
      if (v === undefined || v.startsWith('--')) return { values, positional, error: `${a} needs a value` }
      values.set(a, v)
      i++
    } else if (a.startsWith('--')) return { values, positional, error: `unknown option ${a}` }
    else positional.push(a)
  }
  return { values, positional, error: null }
}

/** `error: …` and `  hint: …` lines of a request the engine refused, in the CLI's language. */
function refusal(r: { error: Message; hint?: Message }, lang: Lang): string {
  return `${cliText(lang, 'error', { text: renderMessage(r.error, lang) })}\n${r.hint ? `${cliText(lang, 'hint', { text: renderMessage(r.hint, lang) })}\n` : ''}`
}

export function runTrace(model: Model, argv: readonly string[], json: boolean, io: CliIo, lang: Lang = 'en'): number {
  // --header may repeat: take every one out before the single-valued options.
  const headers = argv.flatMap((a, i) => (argv[i - 1] === '--header' ? [a] : []))
  const args = argv.filter((a, i) => a !== '--header' && argv[i - 1] !== '--header')
  if (argv.at(-1) === '--header') {
    io.stderr(`error: --header needs a value\n\n${TRACE_USAGE}`)
    return 2
  }
  const o = options(args, ['--from', '--to', '--proto', '--pick', '--pick-dns', '--seed', '--method'])
  if (o.error || o.positional.length) {
    io.stderr(`error: ${o.error ?? `unexpected argument "${o.positional[0]}"`}\n\n${TRACE_USAGE}`)
    return 2
  }
  const from = o.values.get('--from')
  const to = o.values.get('--to')
  if (!from || !to) {
    io.stderr(`error: trace needs --from and --to\n\n${TRACE_USAGE}`)
    return 2
  }
  const proto = o.values.get('--proto') ?? 'tcp'
  if (proto !== 'tcp' && proto !== 'udp') {
    io.stderr(`error: --proto must be tcp or udp, not "${proto}"\n`)
    return 1
  }
  const seedText = o.values.get('--seed')
  if (seedText !== undefined && !/^\d+$/.test(seedText)) {
    io.stderr(`error: --seed must be a whole number, not "${seedText}"\n`)
    return 1
  }
  const pick = o.values.get('--pick')
  const pickDns = o.values.get('--pick-dns')
  const method = o.values.get('--method')
  const http = method || headers.length ? { http: { ...(method ? { method } : {}), headers } } : {}
  const r = trace(model, { from, to, proto: proto as L4, ...(pick ? { pick } : {}), ...(pickDns ? { pickDns } : {}), ...(seedText ? { seed: Number(seedText) } : {}), ...http })
  if (!r.ok) {
    io.stderr(refusal(r, lang))
    return 1
  }
  for (const [flag, value, phase] of [['--pick', pick, 'connection'], ['--pick-dns', pickDns, 'dns']] as const) {
    const miss = value ? unmatchedPick(model, r.trace, value, phase, lang) : null
    if (miss) {
      io.stderr(`${cliText(lang, 'error', { text: cliText(lang, 'pickMiss', { flag, value: value! }) })}\n${cliText(lang, 'hint', { text: miss })}\n`)
      return 1
    }
  }
  // JSON carries every message as { code, params, text } (text in the chosen language).
  io.stdout(json ? `${JSON.stringify(withRenderedText(r.trace, lang), null, 2)}\n` : formatTrace(r.trace, lang))
  return 0
}

/** Why a --pick value picked nothing (null when it matched a choice the trace made). */
function unmatchedPick(model: Model, t: Trace, value: string, phase: 'connection' | 'dns', lang: Lang): string | null {
  const choices = t.choices.filter((c) => c.phase === phase)
  const podOf = (label: string): string | undefined => {
    const ip = label.split(':')[0] ?? ''
    return model.pods.find((p) => p.ip !== null && formatIpv4(p.ip) === ip && !p.hostNetwork)?.name
  }
  const matches = (label: string): boolean => label === value || label.split(':')[0] === value || podOf(label) === value
  if (choices.some((c) => c.how === 'pinned' || c.alternatives.some((a) => matches(a.label)))) return null
  if (!choices.length) return cliText(lang, phase === 'dns' ? 'pickNoDnsChoice' : 'pickNoChoice')
  return cliText(lang, 'pickOneOf', { labels: [...new Set(choices.flatMap((c) => c.alternatives.map((a) => a.label)))].join(', ') })
}

export function runDig(model: Model, args: readonly string[], json: boolean, io: CliIo, lang: Lang = 'en'): number {
  const o = options(args, ['--from', '--seed', '--pick'])
  if (o.error) {
    io.stderr(`error: ${o.error}\n\n${DIG_USAGE}`)
    return 2
  }
  const from = o.values.get('--from')
  const [name, typeText, extra] = o.positional
  if (!from || !name || extra !== undefined) {
    io.stderr(`error: dig needs --from <source> and one name (and optionally a type)\n\n${DIG_USAGE}`)
    return 2
  }
  const type = (typeText ?? 'A').toUpperCase()
  if (!(DIG_TYPES as readonly string[]).includes(type)) {
    io.stderr(`error: query type "${typeText}" is not one of ${DIG_TYPES.join(', ')}\n`)
    return 1
  }
  const pick = o.values.get('--pick')
  const r = dig(model, { from, name, type: type as DigType, ...(pick ? { pick } : {}) })
  if (!r.ok) {
    io.stderr(refusal(r, lang))
    return 1
  }
  if (json) {
    const d = r.dig
    const queries = d.queries.map((q) => ({ name: q.name, type: q.type, rcode: q.rcode, answer: q.answers, authority: q.authority, server: q.server ? renderMessage(q.server, lang) : '', answeredBy: renderMessage(q.answeredBy, lang) }))
    io.stdout(`${JSON.stringify({ from: d.from, name: d.name, type: d.type, rcode: d.rcode, queries }, null, 2)}\n`)
  } else io.stdout(formatDig(r.dig, lang))
  return 0
}
