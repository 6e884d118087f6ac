import { plainLikePrototypes } from '../../model/load/plainLike.js'

/**
 * A model as plain data for postMessage: the structured clone algorithm refuses functions, and
 * a model's objects keep a `doc.at` locator (the source position of a field, for diagnostics).
 * Functions are dropped — a locator leaves its object's own position in `atOwn`, which
 * `restoreLocators` turns back into a locator on the page — and shared objects stay shared (a
 * Deployment's pods share one template; the clone then carries it once).
 *
 * Only what holds a function is copied (the objects on the way to one): everything else is
 * handed to the structured clone as it is, which copies it the same way (own enumerable keys,
 * sharing kept). Copying every object of a 1,000-node dump's model cost the worker ~1 s before
 * the page got its first slice; most of it (pods, endpoints) holds no function at all. Objects
 * of another kind than plain objects, arrays, Maps and Sets are copied as `plainCopy` copies
 * them, and a cycle through a copied object falls back to `plainCopy` whole: the clone of the
 * result is the clone of `plainCopy`'s.
 */
export function plain<T>(value: T): T {
  /** Walked objects: each to itself (nothing to drop inside) or to its copy; OPEN while walked. */
  const seen = new Map<object, unknown>()
  let cyclic = false
  const copy = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return typeof v === 'function' ? undefined : v
    const hit = seen.get(v)
    if (hit !== undefined) {
      if (hit === OPEN) cyclic = true
      return hit === OPEN ? v : hit
    }
    seen.set(v, OPEN)
    const out = walk(v)
    seen.set(v, out)
    return out
  }
  const walk = (v: object): unknown => {
    if (Array.isArray(v)) {
      let out: unknown[] | null = null
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i]
        const c = copy(x)
        if (c !== x && !out) out = v.slice(0, i)
        if (out) out.push(c)
      }
      return out ?? v
    }
    if (v instanceof Map) {
      for (const [k, x] of v) if (copy(k) !== k || copy(x) !== x) return new Map([...v].map(([k2, x2]) => [copy(k2), copy(x2)]))
      return v
    }
    if (v instanceof Set) {
      for (const x of v) if (copy(x) !== x) return new Set([...v].map(copy))
      return v
    }
    const o = v as Record<string, unknown>
    const keys = Object.keys(o)
    const proto: unknown = Object.getPrototypeOf(v)
    // Another kind of object (a class instance, a typed array …): copied key by key, as plainCopy does.
    let out: Record<string, unknown> | null = proto === Object.prototype || proto === null ? null : {}
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!
      const x = o[k]
      const c = typeof x === 'function' ? undefined : copy(x)
      if (!out && c !== x) {
        // Null-prototype label maps stay null-prototype: the core looks keys up as own keys only.
        out = proto === null ? Object.create(null) as Record<string, unknown> : {}
        for (let j = 0; j < i; j++) out[keys[j]!] = o[keys[j]!]
      }
      if (!out) continue
      if (typeof x !== 'function') out[k] = c
      else if (k === 'at') out['atOwn'] = (x as (path: readonly unknown[]) => unknown)([])
    }
    return out ?? v
  }
  const result = copy(value) as T
  return cyclic ? plainCopy(value) : result
}

/**
 * Sends `value` through `send` (a postMessage) as it is when the structured clone takes it, else
 * as plain() copies it. A slice of 500 pods holds no function, and plain() walked its ~5,000
 * objects only to hand them over unchanged (~0.1 s for a dump's 32,000 pods before the page got
 * its model); a slice that holds one (a Service's locator) is refused at its first function,
 * which comes early in each object, and copied (alongPaths, else plain()). The clone of either is the clone of plainCopy's
 * copy: a model holds no typed arrays, dates or other objects the clone keeps and plain() would not.
 */
export function sendPlain<T>(value: T, send: (v: T) => void): void {
  try {
    send(value)
    return
  } catch (err) {
    if (!refused(err)) throw err
  }
  // A list slice whose items hold their functions where its first one does (a Service's or a
  // Node's `obj.origin.doc.at`): only those ways copied (alongPaths), the rest sent as it is.
  // Any function left elsewhere makes the clone refuse again, and plain() copies the slice.
  const paths = Array.isArray(value) && value.length > 0 ? functionPaths(value[0]) : null
  if (paths) {
    try {
      send(alongPaths(value as unknown[], paths) as T)
      return
    } catch (err) {
      if (!refused(err)) throw err
    }
  }
  send(plain(value))
}

const refused = (err: unknown): boolean => (err as { name?: unknown } | null)?.name === 'DataCloneError'

/** Keys leading to functions, as a tree: a key to its subtree, a function's key to null. */
interface Ways { [key: string]: Ways | null }

/**
 * The keys that lead from `item` to the functions it holds, through plain objects only; null
 * when it holds none, or one lies behind an array, a Map, a Set or another kind of object (plain()
 * copies such a slice). One walk of one item: plain() walked every object of every item of a
 * slice of Services (~90 ms of the ~200 ms a dump's 10,000 Services took to pack).
 */
export function functionPaths(item: unknown): Ways | null {
  const seen = new Set<object>()
  let other = false
  const walk = (v: object): Ways | null => {
    if (seen.has(v)) return null
    seen.add(v)
    const proto: unknown = Object.getPrototypeOf(v)
    const isPlain = plainLike(proto)
    let ways: Ways | null = null
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k]
      let w: Ways | null
      if (typeof x === 'function') w = null
      else if (typeof x === 'object' && x !== null) {
        w = walk(x)
        if (w === null) continue
      } else continue
      if (!isPlain || Array.isArray(v)) other = true
      ;(ways ??= {})[k] = w
    }
    if (ways && !isPlain) other = true
    return ways
  }
  const ways = typeof item === 'object' && item !== null && !(item instanceof Map) && !(item instanceof Set) ? walk(item) : null
  return other || hasCollections(item, ways) ? null : ways
}

/** Whether a way goes through a Map or a Set (its entries are no keys to follow). */
function hasCollections(v: unknown, ways: Ways | null): boolean {
  if (!ways || typeof v !== 'object' || v === null) return false
  if (v instanceof Map || v instanceof Set) return true
  for (const k of Object.keys(ways)) if (hasCollections((v as Record<string, unknown>)[k], ways[k]!)) return true
  return false
}

/**
 * The items with the objects along `ways` copied as plain() copies them (functions dropped, an
 * `at` locator kept as `atOwn`, null prototypes kept) and everything else as it is. A copied
 * object is copied once however many items share it, so the clone keeps the sharing.
 */
export function alongPaths(items: readonly unknown[], ways: Ways): unknown[] {
  const copies = new Map<object, Record<string, unknown>>()
  const copy = (v: unknown, w: Ways): unknown => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v
    const proto: unknown = Object.getPrototypeOf(v)
    if (!plainLike(proto)) return v
    let out = copies.get(v)
    if (!out) {
      out = proto === null ? Object.create(null) as Record<string, unknown> : {}
      copies.set(v, out)
      for (const k of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[k]
        if (typeof x !== 'function') out[k] = x
        else if (k === 'at') out['atOwn'] = (x as (path: readonly unknown[]) => unknown)([])
      }
      for (const k of Object.keys(w)) {
        const sub = w[k]
        if (sub && k in out) out[k] = copy(out[k], sub)
      }
    }
    return out
  }
  return items.map((x) => copy(x, ways))
}

/**
 * Objects copied as plain objects are: a piece's document (units.ts's PieceDoc, whose own keys
 * are those of the object literal it was: `file`, `data`, `at`) is copied like one, so a slice of
 * Services still goes by alongPaths.
 */
const plainLike = (proto: unknown): boolean => proto === Object.prototype || proto === null || plainLikePrototypes.has(proto as object)

/** Marks an object whose walk has not finished (a reference back to it is a cycle). */
const OPEN = Symbol('open')

/** Every object copied (plain's fallback, and what its result must clone like). */
export function plainCopy<T>(value: T): T {
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
