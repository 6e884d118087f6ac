/**
 * A model as plain data for postMessage: the structured clone algorithm refuses functions, and
 * a model's objects keep a `doc.at` locator (the source position of a field, for diagnostics).
 * The copy drops functions — a locator leaves its object's own position in `atOwn`, which
 * `restoreLocators` turns back into a locator on the page — and keeps shared objects shared (a
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
      else if (k === 'at') out['atOwn'] = (x as (path: readonly unknown[]) => unknown)([])
    }
    return out
  }
  return copy(value) as T
}

/**
 * Gives the objects of a model received as plain data their `at` locators back (each answers
 * with its object's own position, as a loaded model's do once the YAML is released). Walks the
 * whole model: for the control plane's simulation, which asks positions, not for drawing.
 */
export function restoreLocators(value: unknown): void {
  const seen = new Set<object>()
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return
    seen.add(v)
    if (Array.isArray(v)) { for (const x of v) walk(x); return }
    if (v instanceof Map) { for (const x of v.values()) walk(x); return }
    const o = v as Record<string, unknown>
    if ('atOwn' in o && typeof o['at'] !== 'function') {
      const own = o['atOwn']
      o['at'] = () => own
    }
    for (const k of Object.keys(o)) walk(o[k])
  }
  walk(value)
}
