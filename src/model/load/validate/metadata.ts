/** metadata (name, namespace, labels) and label selectors, as the API server's ObjectMeta validation checks them. */
import type { FieldReader } from '../fieldReader.js'
import type { Path } from '../readDocuments.js'
import { dns1035Label, dns1123Label, dns1123Subdomain, labelValue, qualifiedName, shown, suggestName } from './rules.js'

/** Kinds whose names are DNS labels rather than subdomains (Namespace; Service names become DNS labels). */
const NAME_RULE: Record<string, (v: string) => string | null> = { Namespace: dns1123Label, Service: dns1035Label }

export function invalid(r: FieldReader, path: Path, value: string, reason: string, hint: string): void {
  r.error(path, `${path.join('.')}: Invalid value: ${shown(value)}: ${reason}`, hint)
}

/** Paths every object's check reads: one array each (a path is never changed). */
const METADATA_NAME: Path = Object.freeze(['metadata', 'name'])
const METADATA_NAMESPACE: Path = Object.freeze(['metadata', 'namespace'])
const METADATA_LABELS: Path = Object.freeze(['metadata', 'labels'])

export function validateMetadata(r: FieldReader, kind: string): void {
  const name = r.raw(METADATA_NAME)
  if (typeof name === 'string' && name !== '') {
    const rule = NAME_RULE[kind] ?? dns1123Subdomain
    const why = rule(name)
    if (why) invalid(r, METADATA_NAME, name, why, `write a name such as ${shown(suggestName(name, kind in NAME_RULE ? 63 : 253, kind === 'Service'))}${kind === 'Service' ? ' (a Service name starts with a letter)' : ''}`)
  }
  const ns = r.raw(METADATA_NAMESPACE)
  if (typeof ns === 'string') {
    const why = dns1123Label(ns)
    if (why) invalid(r, METADATA_NAMESPACE, ns, why, `namespaces are DNS labels: write e.g. ${shown(suggestName(ns))}`)
  }
  validateLabels(r, METADATA_LABELS)
}

/** A map of label keys to values (metadata.labels, a Service selector, matchLabels). */
export function validateLabels(r: FieldReader, path: Path): void {
  const v = r.raw(path)
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) return
  const m = v as Record<string, unknown>
  for (const k of Object.keys(m)) {
    const val = m[k]
    const keyWhy = qualifiedName(k)
    if (keyWhy) invalid(r, path, k, keyWhy, 'a label key is [prefix/]name: letters, digits, "-", "_" and ".", starting and ending with a letter or digit, e.g. app.kubernetes.io/name')
    if (typeof val === 'object' && val !== null) {
      r.error([...path, k], `${[...path, k].join('.')}: a label value must be a string`, 'write the value as text, e.g. app: web')
      continue
    }
    const text = val === null ? '' : String(val)
    const valWhy = labelValue(text)
    if (valWhy) invalid(r, [...path, k], text, valWhy, `write a value such as ${shown(suggestName(text))}`)
  }
}

/** A LabelSelector: matchLabels plus matchExpressions with known operators and the values they need. */
export function validateSelector(r: FieldReader, path: Path): void {
  validateLabels(r, [...path, 'matchLabels'])
  const exprs = r.raw([...path, 'matchExpressions'])
  if (!Array.isArray(exprs)) return
  exprs.forEach((e, i) => {
    const p: Path = [...path, 'matchExpressions', i]
    if (typeof e !== 'object' || e === null) return
    const rec = e as Record<string, unknown>
    const key = typeof rec['key'] === 'string' ? rec['key'] : ''
    const keyWhy = qualifiedName(key)
    if (keyWhy) invalid(r, [...p, 'key'], key, keyWhy, 'write a label key such as app')
    const op = rec['operator']
    const values = Array.isArray(rec['values']) ? rec['values'] : []
    if ((op === 'In' || op === 'NotIn') && values.length === 0) r.error([...p, 'values'], `${[...p, 'values'].join('.')}: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`, 'list the label values to match')
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) r.error([...p, 'values'], `${[...p, 'values'].join('.')}: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`, 'remove values:')
  })
}
