/** The terminal form of a Gateway proxy's decision inside a trace, in English or Korean. */
import type { Message } from '../engine/messages/catalog.js'
import type { GatewayTrace, HttpRequestView } from '../engine/trace/gatewayTypes.js'
import { cliText, type CliKey } from '../i18n/cli.js'
import { renderMessage, type Lang } from '../i18n/render.js'

/** The request line as HTTP writes it (method, path, query, Host, headers); only "no Host" is words. */
function requestText(r: HttpRequestView, lang: Lang): string {
  const q = Object.entries(r.query).map(([k, v]) => `${k}=${v}`).join('&')
  const h = Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`).join(', ')
  return `${r.method} ${r.path}${q ? `?${q}` : ''} Host: ${r.host ?? cliText(lang, 'gwNoHost')}${h ? ` [${h}]` : ''}`
}

export function formatGatewayDecision(g: GatewayTrace, lang: Lang = 'en'): string[] {
  const k = (key: CliKey, params: Record<string, string | number> = {}): string => cliText(lang, key, params)
  const m = (x: string | Message): string => (typeof x === 'string' ? x : renderMessage(x, lang))
  const out = [g.request ? k('gwReads', { gateway: g.gateway, proxy: g.proxy, request: requestText(g.request, lang) }) : k('gwTakes', { gateway: g.gateway, proxy: g.proxy })]
  out.push(k(g.listener ? 'gwListener' : 'gwListenerNone', { why: m(g.listenerWhy) }))
  if (g.candidates.length) {
    out.push(k(g.request ? 'gwMatchesOrder' : 'gwRoutesOrder'))
    g.candidates.forEach((c, i) => out.push(k(c.hostname ? 'gwCandidateHost' : 'gwCandidate', { n: i + 1, route: c.route, rule: c.rule, match: c.match, text: m(c.text), host: c.hostname ?? '' })))
    if (g.tieBreak) out.push(k('gwDecidedBy', { step: m(g.tieBreak) }))
  } else if (g.listener) out.push(k('gwNoMatches'))
  for (const f of g.filters) {
    out.push(k('gwFilter', { type: f.type, text: m(f.text) }))
    if (requestText(f.before, lang) !== requestText(f.after, lang)) out.push(k('gwBefore', { request: requestText(f.before, lang) }), k('gwAfter', { request: requestText(f.after, lang) }))
  }
  if (g.backends.length) {
    const list = g.backends.map((b) => k(b.problem ? 'gwBackendInvalid' : 'gwBackend', { label: b.label, port: b.port ?? '-', weight: b.weight, pct: (b.probability * 100).toFixed(1), problem: b.problem ?? '' }))
    out.push(k('gwBackends', { list: list.join(', ') }))
  }
  const resp = Object.entries(g.responseHeaders)
  if (!g.request) { out.push(`  ${m(g.reason)}`); return out }
  const location = g.location ? ` Location: ${g.location}` : ''
  const headers = resp.length ? k('gwWithHeaders', { headers: resp.map(([name, v]) => `${name}: ${v}`).join(', ') }) : ''
  out.push(k('gwAnswer', { status: g.status, location, headers, reason: m(g.reason) }))
  return out
}
