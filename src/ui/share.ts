/**
 * What a share link carries, in the URL's hash: the scenario (a built-in id, or the edited
 * YAML deflated and base64url-encoded), the trace request, the control-plane change being
 * played instead of a trace (deflated JSON) and the step on screen. Opening the link
 * reproduces the view.
 */
import type { Change } from '../engine/controlplane/types.js'
import { changeFromJson } from './chainShare.js'

export interface ShareState {
  readonly scenario: string | null
  readonly yaml: string | null
  readonly from: string
  readonly to: string
  readonly pick: string
  readonly step: number
  /** The control plane's change on screen, when a chain rather than a trace is. */
  readonly chain?: Change | null
}

export async function deflate(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'))
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer())
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Limits on what a link may carry: the packed text, and the text once unpacked (the file limit). */
export const MAX_PACKED_CHARS = 1_000_000
export const MAX_UNPACKED_BYTES = 5 * 1024 * 1024

/** Why a link could not be read; the page words it (English or Korean). */
export type ShareProblem = 'damaged' | 'too-large' | 'too-large-unpacked'

/**
 * Unpacks the deflated text, reading the stream piece by piece and stopping at the limit: a
 * small link can expand a thousandfold (deflate's ratio), which must not freeze the tab.
 */
async function unpack(data: string): Promise<{ ok: true; text: string } | { ok: false; problem: ShareProblem }> {
  if (data.length > MAX_PACKED_CHARS) return { ok: false, problem: 'too-large' }
  let bytes: Uint8Array<ArrayBuffer>
  try {
    const bin = atob(data.replace(/-/g, '+').replace(/_/g, '/'))
    bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0))
  } catch {
    return { ok: false, problem: 'damaged' }
  }
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > MAX_UNPACKED_BYTES) {
        await reader.cancel().catch(() => undefined)
        return { ok: false, problem: 'too-large-unpacked' }
      }
      chunks.push(value)
    }
  } catch {
    return { ok: false, problem: 'damaged' }
  }
  const all = new Uint8Array(total)
  let at = 0
  for (const c of chunks) { all.set(c, at); at += c.byteLength }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(all) }
  } catch {
    return { ok: false, problem: 'damaged' }
  }
}

/** The unpacked text, within the same limits (lesson links use it); throws when it cannot be read. */
export async function inflate(data: string): Promise<string> {
  const r = await unpack(data)
  if (!r.ok) throw new Error(r.problem)
  return r.text
}

export async function encodeShare(s: ShareState): Promise<string> {
  const p = new URLSearchParams()
  if (s.yaml !== null) p.set('y', await deflate(s.yaml))
  else if (s.scenario) p.set('s', s.scenario)
  if (s.from) p.set('from', s.from)
  if (s.to) p.set('to', s.to)
  if (s.pick) p.set('pick', s.pick)
  if (s.chain) p.set('cp', await deflate(JSON.stringify(s.chain)))
  if (s.step) p.set('step', String(s.step))
  return `#${p.toString()}`
}

/** null when the hash holds no share state; a broken one is reported, never thrown. */
export async function decodeShare(hash: string): Promise<{ ok: true; state: ShareState } | { ok: false; problem: ShareProblem } | null> {
  if (hash.length > MAX_PACKED_CHARS + 4096) return { ok: false, problem: 'too-large' }
  let p: URLSearchParams
  try {
    p = new URLSearchParams(hash.replace(/^#/, ''))
  } catch {
    return { ok: false, problem: 'damaged' }
  }
  if (![...p.keys()].length) return null
  let yaml: string | null = null
  if (p.has('y')) {
    const r = await unpack(p.get('y')!)
    if (!r.ok) return r
    yaml = r.text
  }
  let chain: Change | null = null
  if (p.has('cp')) {
    const r = await unpack(p.get('cp')!)
    if (!r.ok) return r
    let json: unknown
    try { json = JSON.parse(r.text) } catch { return { ok: false, problem: 'damaged' } }
    chain = changeFromJson(json)
    if (!chain) return { ok: false, problem: 'damaged' }
  }
  const step = Number(p.get('step') ?? 0)
  const field = (k: string): string => (p.get(k) ?? '').slice(0, 512)
  return {
    ok: true,
    state: { scenario: p.get('s'), yaml, from: field('from'), to: field('to'), pick: field('pick'), step: Number.isInteger(step) && step >= 0 && step < 100_000 ? step : 0, chain },
  }
}
