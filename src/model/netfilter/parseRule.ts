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
}

const MODULE_OPTIONS = Object.fromEntries(
  Object.entries(MODULE_OPTION_LISTS).map(([m, opts]) => [m, new Set(opts)]),
) as unknown as Record<Match['module'], ReadonlySet<string>>

type Draft = { module: Match['module']; fields: Record<string, unknown> }

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

function parseTarget(name: string, rest: string[]): Target {
  const opt = (flag: string): string | undefined => {
    const i = rest.indexOf(flag)
    return i >= 0 ? rest[i + 1] : undefined
  }
  switch (name) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      if (rest.length) fail(`-j ${name} takes no options, got "${rest.join(' ')}"`)
      return { kind: name }
    case 'REJECT':
      return { kind: 'REJECT', rejectWith: opt('--reject-with') ?? 'icmp-port-unreachable' }
    case 'MASQUERADE':
      return { kind: 'MASQUERADE', randomFully: rest.includes('--random-fully') }
    case 'DNAT': {
      const to = opt('--to-destination') ?? fail('-j DNAT needs --to-destination')
      const [ip, port] = to.split(':')
      if (ip === undefined || !isIpv4(ip)) fail(`--to-destination "${to}" is not IP[:port]`)
      return { kind: 'DNAT', toAddress: parseIpv4(ip), ...(port !== undefined ? { toPort: parsePort(port, '--to-destination port') } : {}) }
    }
    case 'MARK': {
      if (opt('--or-mark') !== undefined) {
        const v = parseNumber(opt('--or-mark'), '--or-mark')
        return { kind: 'MARK', value: v, mask: v }
      }
      if (opt('--xor-mark') !== undefined) return { kind: 'MARK', value: parseNumber(opt('--xor-mark'), '--xor-mark'), mask: 0 }
      if (opt('--set-xmark') !== undefined) {
        const vm = parseValueMask(opt('--set-xmark'), '--set-xmark')
        return { kind: 'MARK', ...vm }
      }
      if (opt('--set-mark') !== undefined) {
        const vm = parseValueMask(opt('--set-mark'), '--set-mark')
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
  const f = d.fields
  switch (d.module) {
    case 'comment':
      return { module: 'comment', comment: (f['--comment'] as string | undefined) ?? fail('-m comment needs --comment') }
    case 'tcp':
    case 'udp':
    case 'sctp':
      return {
        module: d.module,
        ...(f.sport ? { sport: f.sport as Negatable<number> } : {}),
        ...(f.dport ? { dport: f.dport as Negatable<number> } : {}),
      }
    case 'addrtype':
      return {
        module: 'addrtype',
        ...(f.srcType ? { srcType: f.srcType as Negatable<AddrType> } : {}),
        ...(f.dstType ? { dstType: f.dstType as Negatable<AddrType> } : {}),
      }
    case 'mark': {
      const m = (f.mark as Negatable<{ value: number; mask: number }> | undefined) ?? fail('-m mark needs --mark')
      return { module: 'mark', value: m.value.value, mask: m.value.mask, negate: m.negate }
    }
    case 'conntrack': {
      const c = (f.ctstate as Negatable<CtState[]> | undefined) ?? fail('-m conntrack needs --ctstate')
      return { module: 'conntrack', ctstate: c.value, negate: c.negate }
    }
    case 'statistic':
      if (f['--mode'] !== 'random') fail('-m statistic supports only --mode random')
      return { module: 'statistic', probability: (f.probability as number | undefined) ?? fail('-m statistic needs --probability') }
    case 'recent': {
      const action = f.set ? 'set' : f.rcheck ? 'rcheck' : fail('-m recent needs --set or --rcheck')
      return {
        module: 'recent',
        name: (f['--name'] as string | undefined) ?? 'DEFAULT',
        action,
        ...(f.seconds !== undefined ? { seconds: f.seconds as number } : {}),
        reap: Boolean(f.reap),
      }
    }
    case 'nfacct':
      return { module: 'nfacct', name: (f['--nfacct-name'] as string | undefined) ?? fail('-m nfacct needs --nfacct-name') }
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

function parseTokens(tokens: readonly string[]): Rule {
  if (tokens[0] !== '-A' || tokens[1] === undefined) fail('a rule starts with -A CHAIN')
  const chain = tokens[1]
  const drafts: Draft[] = []
  let src, dst, inIface, outIface, proto: Negatable<L4Proto> | undefined
  let target: Target | undefined
  let negate = false
  let i = 2
  const take = (): string | undefined => tokens[++i]
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
        src = { value: parseAddressOrCidr(take(), '-s'), negate: neg }; continue
      case '-d': case '--destination':
        dst = { value: parseAddressOrCidr(take(), '-d'), negate: neg }; continue
      case '-i': case '--in-interface':
        inIface = { value: take() ?? fail('-i needs an interface'), negate: neg }; continue
      case '-o': case '--out-interface':
        outIface = { value: take() ?? fail('-o needs an interface'), negate: neg }; continue
      case '-p': case '--protocol': {
        const p = take()?.toLowerCase()
        if (!p || !PROTOS.includes(p as L4Proto)) fail(`-p "${p ?? ''}" is not one of ${PROTOS.join(', ')}`)
        proto = { value: p as L4Proto, negate: neg }
        continue
      }
      case '-m': case '--match': {
        const m = take()
        if (!m || !(m in MODULE_OPTIONS)) fail(`unknown match module "-m ${m ?? ''}"`)
        drafts.push({ module: m as Match['module'], fields: {} })
        continue
      }
      case '-j': case '--jump': {
        const name = take() ?? fail('-j needs a target')
        target = parseTarget(name, tokens.slice(i + 1) as string[])
        i = tokens.length
        continue
      }
    }
    if (!t.startsWith('--')) fail(`unexpected "${t}"`)
    let owner: Draft | undefined
    for (let k = drafts.length - 1; k >= 0 && !owner; k--) if (MODULE_OPTIONS[drafts[k]!.module].has(t)) owner = drafts[k]
    if (!owner && (t === '--dport' || t === '--sport') && proto && proto.value !== 'icmp') {
      owner = { module: proto.value, fields: {} }
      drafts.push(owner)
    }
    if (!owner) fail(`option ${t} does not belong to any loaded match`)
    const f = owner.fields
    switch (t) {
      case '--dport': case '--destination-port': f.dport = { value: parsePort(take(), t), negate: neg }; break
      case '--sport': case '--source-port': f.sport = { value: parsePort(take(), t), negate: neg }; break
      case '--src-type': case '--dst-type': {
        const v = take()
        if (!v || !ADDR_TYPES.includes(v as AddrType)) fail(`${t} "${v ?? ''}" is not one of ${ADDR_TYPES.join(', ')}`)
        f[t === '--src-type' ? 'srcType' : 'dstType'] = { value: v, negate: neg }
        break
      }
      case '--mark': f.mark = { value: parseValueMask(take(), '--mark'), negate: neg }; break
      case '--ctstate': {
        const states = (take() ?? '').split(',')
        for (const s of states) if (!CT_STATES.includes(s as CtState)) fail(`--ctstate "${s}" is not a conntrack state`)
        f.ctstate = { value: CT_STATES.filter((s) => states.includes(s)), negate: neg }
        break
      }
      case '--probability': f.probability = kernelProbability(take()); break
      case '--seconds': f.seconds = parseNumber(take(), '--seconds'); break
      case '--set': f.set = true; break
      case '--rcheck': f.rcheck = true; break
      case '--reap': f.reap = true; break
      case '--rsource': break
      case '--mask': take(); break
      default: f[t] = take()
    }
  }
  return {
    chain,
    ...(src ? { src } : {}),
    ...(dst ? { dst } : {}),
    ...(inIface ? { inIface } : {}),
    ...(outIface ? { outIface } : {}),
    ...(proto ? { proto } : {}),
    matches: drafts.map(finishMatch),
    ...(target ? { target } : {}),
  }
}
