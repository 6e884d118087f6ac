/**
 * A model as plain data for postMessage: the structured clone algorithm refuses functions, and
 * a model's objects keep a `doc.at` locator (the source position of a field, for diagnostics)
 * that only the loader calls. The copy drops functions and keeps shared objects shared (a
 * Deployment's pods share one template; the clone then carries it once).
 */
export function plain<T>(value: T): T {
  const seen = new Map<object, unknown>()
  const copy = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return typeof v === 'function' ? undefined : v
    const hit = seen.get(v)
    if (hit !== undefined) return hit
    if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length)
      seen.set(v, out)
      for (let i = 0; i < v.length; i++) out[i] = copy(v[i])
      return out
    }
    if (v instanceof Map) {
      const out = new Map()
      seen.set(v, out)
      for (const [k, x] of v) out.set(copy(k), copy(x))
      return out
    }
    if (v instanceof Set) {
      const out = new Set()
      seen.set(v, out)
      for (const x of v) out.add(copy(x))
      return out
    }
    // Null-prototype label maps stay null-prototype: the core looks keys up as own keys only.
    const out: Record<string, unknown> = Object.getPrototypeOf(v) === null ? Object.create(null) : {}
    seen.set(v, out)
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k]
      if (typeof x !== 'function') out[k] = copy(x)
    }
    return out
  }
  return copy(value) as T
}
