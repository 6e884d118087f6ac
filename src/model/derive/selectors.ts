/** Label selector matching (matchLabels plus set-based expressions) and a label index for speed. */
import type { LabelSelector } from '../objects.js'

/** A label's value, or undefined: own keys only, so `constructor` or `__proto__` never match by inheritance. */
export function labelValue(labels: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined
}

export function matchesLabels(sel: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const k of Object.keys(sel)) if (labelValue(labels, k) !== sel[k]) return false
  return true
}

export function matchesSelector(sel: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  if (!matchesLabels(sel.matchLabels, labels)) return false
  for (const e of sel.matchExpressions) {
    const v = labelValue(labels, e.key)
    const has = v !== undefined
    switch (e.operator) {
      case 'In': if (!has || !e.values.includes(v!)) return false; break
      case 'NotIn': if (has && e.values.includes(v!)) return false; break
      case 'Exists': if (!has) return false; break
      case 'DoesNotExist': if (has) return false; break
    }
  }
  return true
}

/** Pods by namespace and `key=value`, so a Service's selector looks at a small bucket. */
export class LabelIndex<T extends { namespace: string; labels: Readonly<Record<string, string>> }> {
  private readonly byNs = new Map<string, T[]>()
  /**
   * Namespace, then key, then value: maps of maps rather than one map by a `namespace\0key=value`
   * string, which made a string per label of every pod (~30 MB of short-lived strings while
   * a 1,000-node dump loads).
   */
  private readonly byLabel = new Map<string, Map<string, Map<string, T[]>>>()

  constructor(items: readonly T[]) {
    for (const it of items) {
      push(this.byNs, it.namespace, it)
      let keys = this.byLabel.get(it.namespace)
      if (!keys) this.byLabel.set(it.namespace, (keys = new Map()))
      const labels = it.labels
      for (const k of Object.keys(labels)) {
        let values = keys.get(k)
        if (!values) keys.set(k, (values = new Map()))
        push(values, labels[k]!, it)
      }
    }
  }

  select(namespace: string, sel: Readonly<Record<string, string>>): T[] {
    const entries = Object.entries(sel)
    if (entries.length === 0) return [...(this.byNs.get(namespace) ?? [])]
    const keys = this.byLabel.get(namespace)
    let best: T[] | undefined
    for (const [k, v] of entries) {
      const bucket = keys?.get(k)?.get(v) ?? []
      if (!best || bucket.length < best.length) best = bucket
    }
    return (best ?? []).filter((it) => matchesLabels(sel, it.labels))
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}
