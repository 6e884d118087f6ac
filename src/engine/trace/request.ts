/** Parsing `--from` and `--to`: clear messages for anything the engine cannot trace. */
import { isIpv4, parseIpv4 } from '../../model/addr/ipv4.js'
import type { Model, ModelPod } from '../../model/model.js'
import { msg, type Message } from '../messages/catalog.js'
import { podKeyIndex, type LazyIndex } from '../net/lazyIndex.js'
import { podsByNameOf, type PodLookup } from '../../model/podLookup.js'

export type Source =
  | { readonly kind: 'pod'; readonly pod: ModelPod; readonly container: string | null }
  | { readonly kind: 'node'; readonly node: string }
  | { readonly kind: 'external'; readonly client: string }

export type Target =
  | { readonly kind: 'ip'; readonly ip: number; readonly port: number }
  | { readonly kind: 'name'; readonly name: string; readonly port: number }
  | { readonly kind: 'url'; readonly host: string; readonly port: number; readonly path: string }

const podIndexes = new WeakMap<Model, LazyIndex<string, ModelPod>>()

/**
 * `ns/name` → pod: the derivation's index when it kept one (model/podLookup.ts), else scanned
 * for the first few sources asked of a new model (see LazyIndex).
 */
function podIndex(model: Model): PodLookup | LazyIndex<string, ModelPod> {
  const kept = podsByNameOf(model)
  if (kept) return kept
  let ix = podIndexes.get(model)
  if (!ix) podIndexes.set(model, (ix = podKeyIndex(model.pods)))
  return ix
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: Message; hint?: Message }

export function parseSource(model: Model, text: string): Parsed<Source> {
  const [kind, ...rest] = text.split('/')
  if (kind === 'pod') {
    const [ns, name, container, extra] = rest.length === 1 ? ['default', rest[0], undefined, undefined] : rest
    if (!ns || !name || extra !== undefined) return { ok: false, error: msg('req.badPod', { text }) }
    const pod = podIndex(model).get(`${ns}/${name}`)
    if (!pod) {
      const near = model.pods.filter((p) => p.name.startsWith(name.split('-')[0] ?? name)).slice(0, 3).map((p) => `pod/${p.namespace}/${p.name}`)
      return { ok: false, error: msg('req.noPod', { pod: `${ns}/${name}` }), hint: near.length ? msg('hint.didYouMean', { names: near.join(', ') }) : msg('hint.listPods') }
    }
    if (pod.ip === null) return { ok: false, error: msg('req.podPending', { pod: `${ns}/${name}` }) }
    if (container && !pod.template.containers.some((c) => c.name === container)) {
      return { ok: false, error: msg('req.noContainer', { pod: `${ns}/${name}`, container }), hint: msg('hint.containers', { names: pod.template.containers.map((c) => c.name).join(', ') }) }
    }
    return { ok: true, value: { kind: 'pod', pod, container: container ?? null } }
  }
  if (kind === 'node' && rest.length === 1) {
    if (!model.nodes.some((n) => n.name === rest[0])) return { ok: false, error: msg('req.noNode', { node: rest[0]! }), hint: msg('hint.nodes', { names: model.nodes.map((n) => n.name).join(', ') }) }
    return { ok: true, value: { kind: 'node', node: rest[0]! } }
  }
  if (kind === 'external' && rest.length === 1) {
    if (!model.cluster.externalClients.some((e) => e.name === rest[0])) {
      return { ok: false, error: msg('req.noExternal', { name: rest[0]! }), hint: model.cluster.externalClients.length ? msg('hint.externals', { names: model.cluster.externalClients.map((e) => e.name).join(', ') }) : msg('hint.addExternal') }
    }
    return { ok: true, value: { kind: 'external', client: rest[0]! } }
  }
  return { ok: false, error: msg('req.notSource', { text }), hint: msg('hint.sources') }
}

function parsePort(text: string, what: 'port' | 'url'): Parsed<number> {
  if (!/^\d+$/.test(text)) return { ok: false, error: msg(what === 'url' ? 'req.urlPortNotNumber' : 'req.portNotNumber', { text }) }
  const n = Number(text)
  if (n < 1 || n > 65535) return { ok: false, error: msg(what === 'url' ? 'req.urlPortRange' : 'req.portRange', { port: n }) }
  return { ok: true, value: n }
}

const NAME = /^(?=.{1,253}\.?$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/

export function parseTarget(text: string): Parsed<Target> {
  if (/^[a-z]+:\/\//i.test(text)) {
    const m = /^([a-z]+):\/\/([^/:]+)(?::([^/]*))?(\/.*)?$/i.exec(text)
    if (!m) return { ok: false, error: msg('req.badUrl', { text }), hint: msg('hint.url') }
    if (m[1]!.toLowerCase() !== 'http') return { ok: false, error: msg('req.onlyHttp', { scheme: m[1]! }) }
    const port = m[3] !== undefined ? parsePort(m[3], 'url') : { ok: true as const, value: 80 }
    if (!port.ok) return port
    if (!NAME.test(m[2]!) && !isIpv4(m[2]!)) return { ok: false, error: msg('req.badHost', { host: m[2]! }) }
    return { ok: true, value: { kind: 'url', host: m[2]!, port: port.value, path: m[4] ?? '/' } }
  }
  const colon = text.lastIndexOf(':')
  if (colon < 0) return { ok: false, error: msg('req.noPort', { text }), hint: msg('hint.target') }
  const host = text.slice(0, colon)
  const port = parsePort(text.slice(colon + 1), 'port')
  if (!port.ok) return port
  if (isIpv4(host)) return { ok: true, value: { kind: 'ip', ip: parseIpv4(host), port: port.value } }
  if (host === 'localhost') return { ok: true, value: { kind: 'ip', ip: 0x7f000001, port: port.value } }
  if (!NAME.test(host)) return { ok: false, error: msg('req.badTargetHost', { host }) }
  return { ok: true, value: { kind: 'name', name: host, port: port.value } }
}
