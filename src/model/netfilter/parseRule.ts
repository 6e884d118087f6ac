/**
 * Parses one rule in iptables-restore argument form (`-A CHAIN [matches] [-j TARGET ...]`)
 * into a structured Rule, accepting options in any order as iptables does: a module option
 * belongs to the most recent `-m` module that knows it, and `--dport` after `-p tcp` loads the
 * tcp match implicitly.
 */
import { isIpv4, parseCidr, parseIpv4 } from '../addr/ipv4.js'
import type { AddrType, CtState, L4Proto, Match, Negatable, Rule, Target } from './types.js'

export type RuleParse = { ok: true; rule: Rule } | { ok: false; reason: string }

const CT_STATES: readonly CtState[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT']
const ADDR_TYPES: readonly AddrType[] = ['LOCAL', 'UNICAST', 'BROADCAST', 'MULTICAST']
const PROTOS: readonly L4Proto[] = ['tcp', 'udp', 'sctp', 'icmp']

/** Options each match module accepts; used to route an option to its module. */
const MODULE_OPTION_LISTS: Record<Match['module'], readonly string[]> = {
  comment: ['--comment'],
  tcp: ['--dport', '--sport', '--destination-port', '--source-port'],
  udp: ['--dport', '--sport', '--destination-port', '--source-port'],
  sctp: ['--dport', '--sport', '--destination-port', '--source-port'],
  addrtype: ['--src-type', '--dst-type'],
  mark: ['--mark'],
  conntrack: ['--ctstate'],
  statistic: ['--mode', '--probability'],
  recent: ['--name', '--set', '--rcheck', '--seconds', '--reap', '--mask', '--rsource'],
  nfacct: ['--nfacct-name'],
  multiport: ['--dports', '--destination-ports'],
}

const MODULE_OPTIONS = Object.fromEntries(
  Object.entries(MODULE_OPTION_LISTS).map(([m, opts]) => [m, new Set(opts)]),
) as unknown as Record<Match['module'], ReadonlySet<string>>

/** A match being parsed. One fixed shape for every module keeps parsing 100k-rule nodes cheap. */
class Draft {
  comment: string | undefined = undefined
  sport: Negatable<number> | undefined = undefined
  dport: Negatable<number> | undefined = undefined
  srcType: Negatable<AddrType> | undefined = undefined
  dstType: Negatable<AddrType> | undefined = undefined
  mark: Negatable<{ value: number; mask: number }> | undefined = undefined
  ctstate: Negatable<CtState[]> | undefined = undefined
  mode: string | undefined = undefined
  probability: number | undefined = undefined
  name: string | undefined = undefined
  seconds: number | undefined = undefined
  set = false
  rcheck = false
  reap = false
  nfacctName: string | undefined = undefined
  dports: number[] | undefined = undefined
  constructor(readonly module: Match['module']) {}
}

class RuleSyntaxError extends Error {}

function fail(message: string): never {
  throw new RuleSyntaxError(message)
}

function parseNumber(text: string | undefined, what: string): number {
  if (text === undefined) fail(`${what} needs a value`)
  const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN
  if (!Number.isFinite(n)) fail(`${what} "${text}" is not a number`)
  return n >>> 0
}

function parsePort(text: string | undefined, what: string): number {
  const n = parseNumber(text, what)
  if (n > 65535) fail(`${what} ${n} is outside 0-65535`)
  return n
}

function parseAddressOrCidr(text: string | undefined, what: string) {
  if (text === undefined) fail(`${what} needs an address`)
  if (isIpv4(text)) return { base: parseIpv4(text), prefixLength: 32 }
  const r = parseCidr(text)
  if (!r.ok) fail(`${what}: ${r.reason}`)
  return r.cidr
}

function parseValueMask(text: string | undefined, what: string): { value: number; mask: number } {
  if (text === undefined) fail(`${what} needs a value`)
  const [v, m] = text.split('/')
  return { value: parseNumber(v, what), mask: m === undefined ? 0xffffffff : parseNumber(m, what) }
}

/** kube-proxy writes a decimal probability; the kernel keeps lround(p * 2^31) (xt_statistic). */
function kernelProbability(text: string | undefined): number {
  const p = Number(text)
  if (text === undefined || !Number.isFinite(p) || p < 0 || p > 1) fail(`--probability "${text}" is not between 0 and 1`)
  return Math.round(p * 2 ** 31) / 2 ** 31
}

function optionValue(rest: readonly string[], flag: string): string | undefined {
  const i = rest.indexOf(flag)
  return i >= 0 ? rest[i + 1] : undefined
}

function parseTarget(name: string, rest: readonly string[]): Target {
  switch (name) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
    case 'NOTRACK':
      if (rest.length) fail(`-j ${name} takes no options, got "${rest.join(' ')}"`)
      return { kind: name }
    case 'REJECT':
      return { kind: 'REJECT', rejectWith: optionValue(rest, '--reject-with') ?? 'icmp-port-unreachable' }
    case 'MASQUERADE':
      return { kind: 'MASQUERADE', randomFully: rest.includes('--random-fully') }
    case 'DNAT': {
      const to = optionValue(rest, '--to-destination') ?? fail('-j DNAT needs --to-destination')
      const [ip, port] = to.split(':')
      if (ip === undefined || !isIpv4(ip)) fail(`--to-destination "${to}" is not IP[:port]`)
      return { kind: 'DNAT', toAddress: parseIpv4(ip), ...(port !== undefined ? { toPort: parsePort(port, '--to-destination port') } : {}) }
    }
    case 'MARK': {
      if (optionValue(rest, '--or-mark') !== undefined) {
        const v = parseNumber(optionValue(rest, '--or-mark'), '--or-mark')
        return { kind: 'MARK', value: v, mask: v }
      }
      if (optionValue(rest, '--xor-mark') !== undefined) return { kind: 'MARK', value: parseNumber(optionValue(rest, '--xor-mark'), '--xor-mark'), mask: 0 }
      if (optionValue(rest, '--set-xmark') !== undefined) {
        const vm = parseValueMask(optionValue(rest, '--set-xmark'), '--set-xmark')
        return { kind: 'MARK', ...vm }
      }
      if (optionValue(rest, '--set-mark') !== undefined) {
        const vm = parseValueMask(optionValue(rest, '--set-mark'), '--set-mark')
        return { kind: 'MARK', value: vm.value, mask: vm.mask === 0xffffffff ? 0xffffffff : vm.mask }
      }
      return fail('-j MARK needs --or-mark, --xor-mark, --set-mark or --set-xmark')
    }
    default:
      if (rest.length) fail(`jump to chain ${name} takes no options`)
      if (!/^[A-Za-z0-9_.-]{1,28}$/.test(name)) fail(`"${name}" is not a valid chain or target name`)
      return { kind: 'jump', chain: name }
  }
}

function finishMatch(d: Draft): Match {
  switch (d.module) {
    case 'comment':
      return { module: 'comment', comment: d.comment ?? fail('-m comment needs --comment') }
    case 'tcp':
    case 'udp':
    case 'sctp': {
      const m: { module: typeof d.module; sport?: Negatable<number>; dport?: Negatable<number> } = { module: d.module }
      if (d.sport) m.sport = d.sport
      if (d.dport) m.dport = d.dport
      return m
    }
    case 'addrtype': {
      const m: { module: 'addrtype'; srcType?: Negatable<AddrType>; dstType?: Negatable<AddrType> } = { module: 'addrtype' }
      if (d.srcType) m.srcType = d.srcType
      if (d.dstType) m.dstType = d.dstType
      return m
    }
    case 'mark': {
      const m = d.mark ?? fail('-m mark needs --mark')
      return { module: 'mark', value: m.value.value, mask: m.value.mask, negate: m.negate }
    }
    case 'conntrack': {
      const c = d.ctstate ?? fail('-m conntrack needs --ctstate')
      return { module: 'conntrack', ctstate: c.value, negate: c.negate }
    }
    case 'statistic':
      if (d.mode !== 'random') fail('-m statistic supports only --mode random')
      return { module: 'statistic', probability: d.probability ?? fail('-m statistic needs --probability') }
    case 'recent': {
      const action = d.set ? 'set' : d.rcheck ? 'rcheck' : fail('-m recent needs --set or --rcheck')
      return {
        module: 'recent',
        name: d.name ?? 'DEFAULT',
        action,
        ...(d.seconds !== undefined ? { seconds: d.seconds } : {}),
        reap: d.reap,
      }
    }
    case 'nfacct':
      return { module: 'nfacct', name: d.nfacctName ?? fail('-m nfacct needs --nfacct-name') }
    case 'multiport':
      return { module: 'multiport', dports: d.dports ?? fail('-m multiport needs --dports') }
  }
}

export function parseRuleTokens(tokens: readonly string[]): RuleParse {
  try {
    return { ok: true, rule: parseTokens(tokens) }
  } catch (e) {
    if (e instanceof RuleSyntaxError) return { ok: false, reason: e.message }
    throw e
  }
}

/** For rules the lab writes itself: a parse failure is a bug in the lab, not bad input. */
export function mustParseRule(tokens: readonly string[]): Rule {
  const r = parseRuleTokens(tokens)
  if (!r.ok) throw new Error(`internal rule "${tokens.join(' ')}" does not parse: ${r.reason}`)
  return r.rule
}

const NO_ARGS: readonly string[] = []

function parseTokens(tokens: readonly string[]): Rule {
  if (tokens[0] !== '-A' || tokens[1] === undefined) fail('a rule starts with -A CHAIN')
  const chain = tokens[1]
  const drafts: Draft[] = []
  let src, dst, inIface, outIface, proto: Negatable<L4Proto> | undefined
  let target: Target | undefined
  let negate = false
  let i = 2
  for (; i < tokens.length; i++) {
    const t = tokens[i]!
    if (t === '!') {
      negate = true
      continue
    }
    const neg = negate
    negate = false
    switch (t) {
      case '-s': case '--source':
        src = { value: parseAddressOrCidr(tokens[++i], '-s'), negate: neg }; continue
      case '-d': case '--destination':
        dst = { value: parseAddressOrCidr(tokens[++i], '-d'), negate: neg }; continue
      case '-i': case '--in-interface':
        inIface = { value: tokens[++i] ?? fail('-i needs an interface'), negate: neg }; continue
      case '-o': case '--out-interface':
        outIface = { value: tokens[++i] ?? fail('-o needs an interface'), negate: neg }; continue
      case '-p': case '--protocol': {
        const p = tokens[++i]?.toLowerCase()
        if (!p || !PROTOS.includes(p as L4Proto)) fail(`-p "${p ?? ''}" is not one of ${PROTOS.join(', ')}`)
        proto = { value: p as L4Proto, negate: neg }
        continue
      }
      case '-m': case '--match': {
        const m = tokens[++i]
        if (!m || !(m in MODULE_OPTIONS)) fail(`unknown match module "-m ${m ?? ''}"`)
        drafts.push(new Draft(m as Match['module']))
        continue
      }
      case '-j': case '--jump': {
        const name = tokens[++i] ?? fail('-j needs a target')
        target = parseTarget(name, i + 1 < tokens.length ? tokens.slice(i + 1) : NO_ARGS)
        i = tokens.length
        continue
      }
    }
    if (!t.startsWith('--')) fail(`unexpected "${t}"`)
    let owner: Draft | undefined
    for (let k = drafts.length - 1; k >= 0 && !owner; k--) if (MODULE_OPTIONS[drafts[k]!.module].has(t)) owner = drafts[k]
    if (!owner && (t === '--dport' || t === '--sport') && proto && proto.value !== 'icmp') {
      owner = new Draft(proto.value)
      drafts.push(owner)
    }
    if (!owner) fail(`option ${t} does not belong to any loaded match`)
    const d = owner
    switch (t) {
      case '--dport': case '--destination-port': d.dport = { value: parsePort(tokens[++i], t), negate: neg }; break
      case '--sport': case '--source-port': d.sport = { value: parsePort(tokens[++i], t), negate: neg }; break
      case '--src-type': case '--dst-type': {
        const v = tokens[++i]
        if (!v || !ADDR_TYPES.includes(v as AddrType)) fail(`${t} "${v ?? ''}" is not one of ${ADDR_TYPES.join(', ')}`)
        if (t === '--src-type') d.srcType = { value: v as AddrType, negate: neg }
        else d.dstType = { value: v as AddrType, negate: neg }
        break
      }
      case '--mark': d.mark = { value: parseValueMask(tokens[++i], '--mark'), negate: neg }; break
      case '--ctstate': {
        const states = (tokens[++i] ?? '').split(',')
        for (const st of states) if (!CT_STATES.includes(st as CtState)) fail(`--ctstate "${st}" is not a conntrack state`)
        d.ctstate = { value: CT_STATES.filter((st) => states.includes(st)), negate: neg }
        break
      }
      case '--comment': d.comment = tokens[++i]; break
      case '--mode': d.mode = tokens[++i]; break
      case '--probability': d.probability = kernelProbability(tokens[++i]); break
      case '--name': d.name = tokens[++i]; break
      case '--seconds': d.seconds = parseNumber(tokens[++i], '--seconds'); break
      case '--set': d.set = true; break
      case '--rcheck': d.rcheck = true; break
      case '--reap': d.reap = true; break
      case '--rsource': break
      case '--mask': i++; break
      case '--nfacct-name': d.nfacctName = tokens[++i]; break
      case '--dports': case '--destination-ports': {
        if (neg) fail(`! ${t} is not supported`)
        const list = (tokens[++i] ?? '').split(',')
        if (list.length > 15) fail(`${t} takes at most 15 ports`)
        d.dports = list.map((x) => parsePort(x, t))
        break
      }
      default: fail(`option ${t} is not supported`)
    }
  }
  // Optional fields are left out rather than set to undefined (exactOptionalPropertyTypes style).
  const rule: { -readonly [K in keyof Rule]: Rule[K] } = { chain, matches: drafts.map(finishMatch) }
  if (src) rule.src = src
  if (dst) rule.dst = dst
  if (inIface) rule.inIface = inIface
  if (outIface) rule.outIface = outIface
  if (proto) rule.proto = proto
  if (target) rule.target = target
  return rule
}
