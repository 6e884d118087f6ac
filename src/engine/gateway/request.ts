/** An HTTP request as the Gateway's proxy parses it, and how it prints. */
export interface HttpRequest {
  readonly scheme: 'http' | 'https'
  readonly method: string
  /** The Host header; null when the client sent the Gateway's address (matches only hostname-less listeners and routes). */
  readonly host: string | null
  readonly path: string
  /** Decoded query parameters in order (name, value). */
  readonly query: readonly (readonly [string, string])[]
  /** Headers other than Host, in order, names as sent. */
  readonly headers: readonly (readonly [string, string])[]
}

export function headerValue(req: Pick<HttpRequest, 'headers'>, name: string): string | undefined {
  const n = name.toLowerCase()
  return req.headers.find(([k]) => k.toLowerCase() === n)?.[1]
}

export function queryText(query: HttpRequest['query']): string {
  return query.length ? `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : ''
}

/** `GET /path?x=1 Host: a.example.com X-A: 1` — one line for hops and summaries. */
export function requestLine(req: HttpRequest): string {
  return `${req.method} ${req.path}${queryText(req.query)} Host: ${req.host ?? '(the Gateway address)'}${req.headers.map(([k, v]) => ` ${k}: ${v}`).join('')}`
}

/** Splits `path?query` into the path and decoded parameters. */
export function splitTarget(target: string): { path: string; query: [string, string][] } {
  const q = target.indexOf('?')
  const path = q < 0 ? target : target.slice(0, q)
  const query = q < 0 ? [] : target.slice(q + 1).split('&').filter(Boolean).map((kv): [string, string] => {
    const eq = kv.indexOf('=')
    const dec = (s: string): string => { try { return decodeURIComponent(s.replace(/\+/g, ' ')) } catch { return s } }
    return eq < 0 ? [dec(kv), ''] : [dec(kv.slice(0, eq)), dec(kv.slice(eq + 1))]
  })
  return { path: path || '/', query }
}
