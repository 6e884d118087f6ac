/**
 * `kube-netlab dig`: a lookup from a pod, node or outside client through its own resolv.conf,
 * walking the search list as the stub resolver does (like `dig +search`), one query type.
 */
import { isIpv4 } from '../../model/addr/ipv4.js'
import { QTYPES, type QType } from '../../model/dns/types.js'
import type { Model } from '../../model/model.js'
import { msg, type Message } from '../messages/catalog.js'
import { ConntrackTables } from '../net/conntrack.js'
import { worldOf } from '../net/world.js'
import { parseSource } from '../trace/request.js'
import { lookup, resolvConfOf, seeded, sourceNetns } from '../trace/trace.js'
import type { Choice, DnsQueryRecord } from '../trace/types.js'
import { parseResolvConf, type ResolvConf } from './stubResolver.js'

export const DIG_TYPES = QTYPES
export type DigType = QType

export interface DigResult {
  readonly from: string
  readonly name: string
  readonly type: DigType
  readonly resolvConf: ResolvConf
  readonly queries: readonly DnsQueryRecord[]
  /** The answer of the walk: the last query's rcode. */
  readonly rcode: string
  readonly choices: readonly Choice[]
}

export type DigOutcome = { ok: true; dig: DigResult } | { ok: false; error: Message; hint?: Message }

/** An IPv4 address asked as PTR becomes its in-addr.arpa name (as `dig -x` does). */
function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`
}

export function dig(model: Model, req: { from: string; name: string; type?: DigType; seed?: number; pick?: string }): DigOutcome {
  const src = parseSource(model, req.from)
  if (!src.ok) return src
  const type = req.type ?? 'A'
  if (!DIG_TYPES.includes(type)) return { ok: false, error: msg('req.badDigType', { type, types: DIG_TYPES.join(', ') }) }
  if (!/^[A-Za-z0-9_.-]+$/.test(req.name) || req.name.length > 253) return { ok: false, error: msg('req.badDigName', { name: req.name }) }
  const w = worldOf(model)
  const env = { world: w, conntrack: new ConntrackTables(), choices: [] as Choice[], rng: seeded(req.seed ?? 1), dnsPick: req.pick }
  const name = type === 'PTR' && isIpv4(req.name) ? reverseName(req.name) : req.name
  const r = lookup(model, w, env, src.value, sourceNetns(w, src.value), name, req.from, [type as QType])
  const last = r.queries[r.queries.length - 1]
  return {
    ok: true,
    dig: {
      from: req.from, name, type, resolvConf: parseResolvConf(resolvConfOf(model, src.value)), queries: r.queries,
      rcode: last?.rcode ?? 'NOERROR', choices: env.choices,
    },
  }
}
