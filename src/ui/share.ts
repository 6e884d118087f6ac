/**
 * What a share link carries, in the URL's hash: the scenario (a built-in id, or the edited
 * YAML deflated and base64url-encoded), the trace request and the step on screen. Opening the
 * link reproduces the view.
 */
export interface ShareState {
  readonly scenario: string | null
  readonly yaml: string | null
  readonly from: string
  readonly to: string
  readonly pick: string
  readonly step: number
}

export async function deflate(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'))
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer())
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export async function inflate(data: string): Promise<string> {
  const bin = atob(data.replace(/-/g, '+').replace(/_/g, '/'))
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0))
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))
  return new Response(stream).text()
}

export async function encodeShare(s: ShareState): Promise<string> {
  const p = new URLSearchParams()
  if (s.yaml !== null) p.set('y', await deflate(s.yaml))
  else if (s.scenario) p.set('s', s.scenario)
  if (s.from) p.set('from', s.from)
  if (s.to) p.set('to', s.to)
  if (s.pick) p.set('pick', s.pick)
  if (s.step) p.set('step', String(s.step))
  return `#${p.toString()}`
}

/** null when the hash holds no share state; a broken one is reported, never thrown. */
export async function decodeShare(hash: string): Promise<{ ok: true; state: ShareState } | { ok: false; error: string } | null> {
  const p = new URLSearchParams(hash.replace(/^#/, ''))
  if (![...p.keys()].length) return null
  let yaml: string | null = null
  if (p.has('y')) {
    try {
      yaml = await inflate(p.get('y')!)
    } catch {
      return { ok: false, error: 'the shared cluster in this link is damaged' }
    }
  }
  const step = Number(p.get('step') ?? 0)
  return {
    ok: true,
    state: { scenario: p.get('s'), yaml, from: p.get('from') ?? '', to: p.get('to') ?? '', pick: p.get('pick') ?? '', step: Number.isInteger(step) && step >= 0 ? step : 0 },
  }
}
