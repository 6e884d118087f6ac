/**
 * The pod's stub resolver: reads /etc/resolv.conf and walks the candidate names in the order
 * glibc (or musl) sends them, stopping where each library stops.
 * Reference: ../shared/design/coredns-dns.md §7 (glibc res_query.c __res_context_search, musl
 * lookup_name.c name_from_dns_search).
 */

export interface ResolvConf {
  readonly nameservers: readonly string[]
  readonly search: readonly string[]
  readonly ndots: number
  readonly options: readonly string[]
}

/** As glibc reads it: nameservers accumulate, the last `search` and `options` lines win. */
export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = []
  let search: string[] = []
  let options: string[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const [key, ...args] = line.split(/\s+/)
    if (key === 'nameserver' && args[0]) nameservers.push(args[0])
    else if (key === 'search' || key === 'domain') search = args
    else if (key === 'options') options = args
  }
  let ndots = 1
  for (const o of options) {
    const m = /^ndots:(\d+)$/.exec(o)
    if (m) ndots = Math.min(15, Number(m[1]))
  }
  return { nameservers, search, ndots, options }
}

export type ResolverLibrary = 'glibc' | 'musl'

/** What one candidate name got back (for A+AAAA: the better of the pair). */
export type CandidateOutcome = 'answer' | 'nxdomain' | 'nodata' | 'servfail' | 'timeout' | 'refused'

const countDots = (name: string): number => name.split('.').length - 1

/** Every name the library would try, in order, when each one fails. */
export function candidateNames(conf: ResolvConf, name: string, library: ResolverLibrary = 'glibc'): string[] {
  const trailingDot = name.endsWith('.')
  if (trailingDot) return [name]
  const asIs = `${name}.`
  const dots = countDots(name)
  const searched = conf.search.map((s) => (s === '.' ? asIs : `${name}.${s.replace(/\.$/, '')}.`))
  if (library === 'musl') return dots >= conf.ndots ? [asIs] : [...searched, asIs]
  const noTld = conf.options.includes('no-tld-query') && dots === 0
  const out: string[] = []
  if (dots >= conf.ndots) out.push(asIs)
  for (const c of searched) if (!out.includes(c)) out.push(c)
  // The as-is name comes last unless it was tried first or the root was on the search list.
  if (!out.includes(asIs) && !noTld) out.push(asIs)
  return out
}

export interface WalkStep {
  readonly name: string
  readonly outcome: CandidateOutcome
}

/**
 * Asks each candidate in turn and stops as the library does: glibc moves on after NXDOMAIN,
 * NODATA and SERVFAIL and stops on an answer or any other failure; musl moves on only after
 * NXDOMAIN.
 */
export function walkSearchList(
  conf: ResolvConf, name: string, ask: (fqdn: string) => CandidateOutcome, library: ResolverLibrary = 'glibc',
): WalkStep[] {
  const steps: WalkStep[] = []
  for (const candidate of candidateNames(conf, name, library)) {
    const outcome = ask(candidate)
    steps.push({ name: candidate, outcome })
    if (outcome === 'answer') break
    const goOn = library === 'glibc' ? outcome === 'nxdomain' || outcome === 'nodata' || outcome === 'servfail' : outcome === 'nxdomain'
    if (!goOn) break
  }
  return steps
}
