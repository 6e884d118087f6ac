/** The terminal form of a Gateway proxy's decision inside a trace. */
import type { GatewayTrace, HttpRequestView } from '../engine/trace/gatewayTypes.js'

function requestText(r: HttpRequestView): string {
  const q = Object.entries(r.query).map(([k, v]) => `${k}=${v}`).join('&')
  const h = Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`).join(', ')
  return `${r.method} ${r.path}${q ? `?${q}` : ''} Host: ${r.host ?? '(the Gateway address)'}${h ? ` [${h}]` : ''}`
}

export function formatGatewayDecision(g: GatewayTrace): string[] {
  const out = [g.request ? `Gateway ${g.gateway}: the proxy ${g.proxy} reads the HTTP request: ${requestText(g.request)}` : `Gateway ${g.gateway}: the proxy ${g.proxy} takes the connection (no HTTP: the route has no matches)`]
  out.push(`  listener: ${g.listener ? g.listenerWhy : `none — ${g.listenerWhy}`}`)
  if (g.candidates.length) {
    out.push(g.request ? '  matches in precedence order (the first wins):' : '  routes on the listener (only the oldest carries traffic):')
    g.candidates.forEach((c, i) => out.push(`    ${i + 1}. ${c.route} rule ${c.rule} match ${c.match}: ${c.text}${c.hostname ? ` (host ${c.hostname})` : ''}`))
    if (g.tieBreak) out.push(`  decided by: ${g.tieBreak}`)
  } else if (g.listener) out.push('  matches: none')
  for (const f of g.filters) {
    out.push(`  filter ${f.type}: ${f.text}`)
    if (requestText(f.before) !== requestText(f.after)) out.push(`    before: ${requestText(f.before)}`, `    after:  ${requestText(f.after)}`)
  }
  if (g.backends.length) {
    out.push(`  backendRefs: ${g.backends.map((b) => `${b.label}:${b.port ?? '-'} weight ${b.weight} (${(b.probability * 100).toFixed(1)}%)${b.problem ? ` invalid — ${b.problem}` : ''}`).join(', ')}`)
  }
  const resp = Object.entries(g.responseHeaders)
  if (!g.request) { out.push(`  ${g.reason}`); return out }
  out.push(`  answer: HTTP ${g.status}${g.location ? ` Location: ${g.location}` : ''}${resp.length ? ` with ${resp.map(([k, v]) => `${k}: ${v}`).join(', ')}` : ''} — ${g.reason}`)
  return out
}
