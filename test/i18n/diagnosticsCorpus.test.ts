/**
 * The Korean catalog against what the loader really writes: every diagnostic that the input
 * corpus (test/fixtures/{broken,real,dumps,topologies}, topologies/) produces has a known code for
 * its message and hint and prints with Hangul; and the corpus, with a few generated inputs,
 * produces every catalog entry, so no entry is a guess at a text the loader no longer writes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DIAGNOSTIC_HINTS, DIAGNOSTIC_MESSAGES, diagnosticCode, diagnosticCodes, diagnosticText, formatDiagnosticIn, type Entry } from '../../src/i18n/diagnostics.js'
import { loadModel } from '../../src/model/derive/buildModel.js'
import { coreDnsSettings } from '../../src/model/dns/corefile.js'
import { convertIngresses } from '../../src/model/gateway/convertIngress.js'
import type { Diagnostic } from '../../src/model/load/diagnostics.js'

/** An Ingress backend naming a port (grpc) its Service does not have: convert-ingress warns. */
const PORT_NAME_MISSING = readFileSync(new URL('../fixtures/ingress/port-name-missing.yaml', import.meta.url), 'utf8')
import { MAX_FILE_BYTES, MAX_OBJECTS } from '../../src/model/load/readDocuments.js'

const HANGUL = /[\uac00-\ud7a3]/
const ROOT = new URL('../../', import.meta.url)
const DIRS = ['test/fixtures/broken', 'test/fixtures/real', 'test/fixtures/dumps', 'test/fixtures/topologies', 'topologies']

function inputsUnder(dir: string): string[] {
  return readdirSync(new URL(`${dir}/`, ROOT)).sort().flatMap((f) => {
    const p = `${dir}/${f}`
    if (statSync(new URL(p, ROOT)).isDirectory()) return inputsUnder(p)
    return /\.(ya?ml|json)$/.test(f) ? [p] : []
  })
}
const FILES = DIRS.flatMap(inputsUnder)

const loaded = new Map<string, readonly Diagnostic[]>()
function diagnosticsOf(path: string): readonly Diagnostic[] {
  let ds = loaded.get(path)
  if (!ds) loaded.set(path, (ds = loadModel(path.split('/').at(-1)!, readFileSync(new URL(path, ROOT), 'utf8')).diagnostics))
  return ds
}

const node = (n: string, ip: string, cidr: string): string => `---\napiVersion: v1\nkind: Node\nmetadata: { name: ${n} }\nspec: { podCIDR: ${cidr} }\nstatus: { addresses: [{ type: InternalIP, address: ${ip} }] }\n`
const pod = (n: string, node: string, ip: string): string => `---\napiVersion: v1\nkind: Pod\nmetadata: { name: ${n} }\nspec: { nodeName: ${node}, containers: [{ name: c, image: x }] }\nstatus: { podIP: ${ip}, phase: Running }\n`
const svc = (n: string, ip: string): string => `---\napiVersion: v1\nkind: Service\nmetadata: { name: ${n} }\nspec: { clusterIP: ${ip}, ports: [{ port: 443 }] }\n`

/** Dumps without a Cluster document, one for each way inferCluster explains a range it chose. */
const INFERRED = [
  node('a', '192.168.49.2', '10.50.1.0/24') + pod('p', 'a', '10.50.1.5') + svc('kubernetes', '10.100.0.1') + svc('s', '10.100.3.3'),
  pod('p', 'w1', '10.244.1.5') + svc('kubernetes', '10.96.0.1'),
  pod('p', 'w1', '10.77.1.5') + svc('s', '172.30.5.5'),
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: kubeadm-config, namespace: kube-system }\ndata:\n  ClusterConfiguration: |\n    networking: { podSubnet: 10.244.0.0/40, serviceSubnet: 10.96.0.x/12 }\n`,
]

/** Broken YAML the library reports with each of its syntax messages (beside the fixtures' own). */
const BAD_YAML = [
  'a: b: c\n', 'a:\n  - x\n - y\n', 'a: {b: c d: e}\n', 'a: @x\n', 'a: &x &y b\n', 'a: ,b\n', 'a: %b\n', 'a: [|]\n', '[a, b\n',
  '{a: b\n', 'a: [b, , c]\n', 'a: {b: c, , d: e}\n', 'a:\n  - b\n  c\n', 'a: !x !y b\n', 'a: |x\n  b\n', 'a: "b\n', 'a: "\\q"\n',
  'a: [b, c]]\n', 'a: {b: [c}\n', '"a\nb": c\n', '[a\n: b]\n', 'a: - b\n', 'a: [b]x\n',
]

/** Inputs no fixture file holds: over the size limits, inference variants, YAML the library rejects, and texts the loader does not report as diagnostics yet. */
function generatedTexts(): { messages: string[]; hints: string[] } {
  const ds = [
    ...loadModel('big.yaml', `# ${'x'.repeat(MAX_FILE_BYTES)}\n`).diagnostics,
    ...loadModel('many.yaml', Array.from({ length: MAX_OBJECTS + 1 }, (_, i) => `---\napiVersion: v1\nkind: Namespace\nmetadata: { name: n${i} }\n`).join('')).diagnostics,
    ...[...INFERRED, ...BAD_YAML].flatMap((t) => loadModel('gen.yaml', t).diagnostics),
  ]
  // The Corefile reader's problems (not reported as diagnostics yet: see src/i18n/diagnostics/show.ts).
  const corefile = ['. {\n  {\n  errors\n}\n', '. {\n  kubernetes cluster.local {\n    pods everyone\n    ttl 9999\n  }\n}\n', '. {\n  cache 30 {\n', '. {\n  errors\n}\nexample.org\n']
    .flatMap((t) => coreDnsSettings(t).problems)
  // convert-ingress's warning for a port name the Service does not have.
  const ing = loadModel('ing.yaml', PORT_NAME_MISSING)
  if (!ing.ok) throw new Error(ing.diagnostics.map((d) => d.message).join('\n'))
  return {
    messages: [...ds.map((d) => d.message), ...corefile.map((p) => p.message), ...convertIngresses(ing.model).warnings],
    hints: ds.flatMap((d) => (d.hint ? [d.hint] : [])),
  }
}

/** Catalog entries (and parts of composed texts) no input reaches, and why. */
const UNREACHABLE: Readonly<Record<string, string>> = {
  'yaml.tooDeepToRead': 'textChecks reports nesting past 100 levels before the YAML library could run out of stack',
  'yaml.unreadable': 'toJS fails only on aliases (an alias bomb, reported as such) once parsing succeeded',
  'hint.documentDamage': 'the hint of yaml.unreadable',
  'cluster.cidrInvalid': 'parseCidr checks the address and the prefix before ip-cidr, which then accepts every remaining text',
  'cidr.invalid': 'the same check inside a longer message',
  'rejects.feasible': 'a pod stays Pending only when every node rejects it',
  // Conditions that are as wanted (or Unknown) are not reported as warnings; `show gateway` prints them.
  ...Object.fromEntries(['condition.notProgrammed', 'condition.scheduled', 'condition.listenersInvalid', 'condition.programmed',
    'condition.classAccepted', 'condition.listenerValid', 'condition.resolved', 'condition.noConflicts', 'condition.sending', 'condition.cannotServe',
    'condition.refsResolved', 'condition.parentNoClass', 'condition.parentMissing', 'condition.accepted', 'condition.acceptedMany',
    'condition.rulesDropped', 'condition.ruleDropped'].map((c) => [c, 'a condition diagnose.ts does not report'])),
  'condition.poolFull': 'needs more Gateways than the addresses of the pool (the node network\'s upper half)',
  // Messages of the YAML library that none of the lab's inputs above makes it write.
  ...Object.fromEntries(['yamlError.tabStart', 'yamlError.missingComma', 'yamlError.missingCommaOrColon', 'yamlError.missingSpace', 'yamlError.emptyItem',
    'yamlError.token', 'yamlError.sameColumn', 'yamlError.noDash', 'yamlError.comment', 'yamlError.tag'].map((c) => [c, 'a YAML library message no input here produces'])),
}

/** The entries of the tables and of every sub-table under them. */
function entriesWithParts(entries: readonly Entry[], seen = new Set<readonly Entry[]>()): Entry[] {
  if (seen.has(entries)) return []
  seen.add(entries)
  return entries.flatMap((e) => [e, ...Object.values(e.sub ?? {}).flatMap((t) => entriesWithParts(t.entries, seen))])
}

describe('every diagnostic of the corpus in Korean', () => {
  it('has the corpus', () => expect(FILES.length).toBeGreaterThan(70))
  it.each(FILES)('%s', (f) => {
    for (const d of diagnosticsOf(f)) {
      expect(diagnosticCode(d.message), d.message).not.toBeNull()
      expect(diagnosticText(d.message, 'ko'), d.message).toMatch(HANGUL)
      if (d.hint) {
        expect(diagnosticCode(d.hint, 'hint'), d.hint).not.toBeNull()
        expect(diagnosticText(d.hint, 'ko', 'hint'), d.hint).toMatch(HANGUL)
      }
      expect(formatDiagnosticIn(d, 'ko')).toMatch(/^[^:]+:\d+:\d+: (오류|경고): /)
    }
  })
})

describe('the corpus produces every catalog entry', () => {
  it('every message and hint of the catalog is written by the loader for some input', () => {
    const seen = new Set<string>()
    const note = (text: string, kind: 'message' | 'hint'): void => {
      const c = diagnosticCode(text, kind)
      expect(c, text).not.toBeNull()
      expect(diagnosticText(text, 'ko', kind), text).toMatch(HANGUL)
      for (const code of diagnosticCodes(text, kind)!) seen.add(code)
    }
    for (const f of FILES) {
      for (const d of diagnosticsOf(f)) {
        note(d.message, 'message')
        if (d.hint) note(d.hint, 'hint')
      }
    }
    const extra = generatedTexts()
    extra.messages.forEach((m) => note(m, 'message'))
    extra.hints.forEach((h) => note(h, 'hint'))
    const codes = [...new Set(entriesWithParts([...DIAGNOSTIC_MESSAGES, ...DIAGNOSTIC_HINTS]).map((e) => e.code))]
    expect(codes.filter((c) => !seen.has(c) && !(c in UNREACHABLE))).toEqual([])
    // An entry an input does reach is no longer unreachable.
    expect(Object.keys(UNREACHABLE).filter((c) => seen.has(c))).toEqual([])
  }, 60_000)
})
