/**
 * Reads a Corefile (the `coredns` ConfigMap) far enough to know how CoreDNS answers: the server
 * blocks, the `kubernetes` plugin's zones and options, and where `forward` sends other names.
 * Unknown plugins are kept by name; they do not change answers in the lab.
 */
import type { KubernetesPluginConfig, PodsMode } from './types.js'

export interface CorefileDirective {
  readonly name: string
  readonly args: readonly string[]
  readonly block: readonly CorefileDirective[]
  readonly line: number
}

export interface ServerBlock {
  /** Fully qualified, lower case; `.` for the root. */
  readonly zones: readonly string[]
  readonly port: number
  readonly plugins: readonly CorefileDirective[]
}

export interface CorefileProblem {
  readonly line: number
  readonly message: string
}

interface Token {
  readonly text: string
  readonly line: number
  /** A line break follows (ends a directive). */
  readonly eol: boolean
}

function tokenize(text: string): Token[] {
  const out: Token[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '')
    const words = line.match(/[{}]|[^\s{}]+/g) ?? []
    words.forEach((w, k) => out.push({ text: w, line: i + 1, eol: k === words.length - 1 }))
  })
  return out
}

const fq = (zone: string): string => {
  const z = zone.toLowerCase().replace(/^dns:\/\//, '')
  return z === '.' || z === '' ? '.' : z.endsWith('.') ? z : `${z}.`
}

export function parseCorefile(text: string): { servers: ServerBlock[]; problems: CorefileProblem[] } {
  const tokens = tokenize(text)
  const problems: CorefileProblem[] = []
  const servers: ServerBlock[] = []
  let i = 0

  const readBlock = (): CorefileDirective[] => {
    const list: CorefileDirective[] = []
    while (i < tokens.length && tokens[i]!.text !== '}') {
      const head = tokens[i++]!
      if (head.text === '{') { problems.push({ line: head.line, message: 'unexpected "{"' }); continue }
      const args: string[] = []
      let block: CorefileDirective[] = []
      let end = head.eol
      while (!end && i < tokens.length) {
        const t = tokens[i]!
        if (t.text === '}') break
        i++
        if (t.text === '{') {
          block = readBlock()
          if (tokens[i]?.text === '}') i++
          else problems.push({ line: t.line, message: `block of "${head.text}" is not closed` })
          break
        }
        args.push(t.text)
        end = t.eol
      }
      list.push({ name: head.text, args, block, line: head.line })
    }
    return list
  }

  while (i < tokens.length) {
    const keys: Token[] = []
    while (i < tokens.length && tokens[i]!.text !== '{') keys.push(tokens[i++]!)
    if (i >= tokens.length) {
      if (keys.length) problems.push({ line: keys[0]!.line, message: 'server block without "{"' })
      break
    }
    i++
    const plugins = readBlock()
    if (tokens[i]?.text === '}') i++
    else problems.push({ line: keys[0]?.line ?? 1, message: 'server block is not closed with "}"' })
    const zones: string[] = []
    let port = 53
    for (const k of keys) {
      for (const key of k.text.split(',').filter(Boolean)) {
        const m = /^(.*?)(?::(\d+))?$/.exec(key)!
        zones.push(fq(m[1] ?? '.'))
        if (m[2]) port = Number(m[2])
      }
    }
    servers.push({ zones: zones.length ? zones : ['.'], port, plugins })
  }
  return { servers, problems }
}

export interface CoreDnsSettings {
  /** null when no server block loads the kubernetes plugin. */
  readonly kubernetes: Omit<KubernetesPluginConfig, 'localIPs'> | null
  /** Where `forward .` sends names the kubernetes plugin does not answer. */
  readonly forward: { readonly to: readonly string[] } | null
  readonly cacheSeconds: number | null
  readonly problems: readonly CorefileProblem[]
}

const PODS_MODES: readonly PodsMode[] = ['disabled', 'insecure', 'verified']

export function coreDnsSettings(text: string): CoreDnsSettings {
  const { servers, problems: parsed } = parseCorefile(text)
  const problems = [...parsed]
  const server = servers.find((s) => s.port === 53 && s.plugins.some((p) => p.name === 'kubernetes')) ?? servers[0]
  const plugin = (name: string): CorefileDirective | undefined => server?.plugins.find((p) => p.name === name)
  const k = plugin('kubernetes')
  let kubernetes: CoreDnsSettings['kubernetes'] = null
  if (k && server) {
    let pods: PodsMode = 'disabled'
    let ttl = 5
    let namespaces: string[] = []
    let fallthrough: string[] = []
    let ignoreEmptyService = false
    let endpointPodNames = false
    for (const o of k.block) {
      switch (o.name) {
        case 'pods':
          if (PODS_MODES.includes(o.args[0] as PodsMode)) pods = o.args[0] as PodsMode
          else problems.push({ line: o.line, message: `pods "${o.args[0] ?? ''}" is not disabled, insecure or verified` })
          break
        case 'ttl': {
          const n = Number(o.args[0])
          if (Number.isInteger(n) && n >= 0 && n <= 3600) ttl = n
          else problems.push({ line: o.line, message: `ttl "${o.args[0] ?? ''}" is not 0-3600` })
          break
        }
        case 'namespaces': namespaces = [...o.args]; break
        case 'fallthrough': fallthrough = o.args.length ? o.args.map(fq) : ['.']; break
        case 'ignore': if (o.args[0] === 'empty_service') ignoreEmptyService = true; break
        case 'endpoint_pod_names': endpointPodNames = true; break
        default: break
      }
    }
    // Zones come from the plugin's arguments, else from the server block keys.
    const zones = (k.args.length ? k.args.map(fq) : server.zones).filter((z) => z !== '.')
    kubernetes = { zones, namespaces, pods, ttl, ignoreEmptyService, fallthrough, endpointPodNames }
  }
  const f = plugin('forward')
  const c = plugin('cache')
  return {
    kubernetes,
    forward: f && f.args[0] === '.' ? { to: f.args.slice(1) } : null,
    cacheSeconds: c ? (c.args[0] !== undefined ? Number(c.args[0]) : 3600) : null,
    problems,
  }
}
