/**
 * A lookup over one of a model's long lists (30k pods at 1,000 nodes) that answers its first
 * few keys by scanning the list and builds the full index only after that. The first trace
 * after a what-if asks a model for a handful of pods: scanning for them costs far less than
 * indexing every pod of the new model, and a model asked for many keys still gets its index.
 * `scan` must answer what the index would (e.g. the last match when later entries overwrite
 * earlier ones in `build`).
 */
export class LazyIndex<K, V> {
  private index: Map<K, V> | null = null
  private readonly answered = new Map<K, V | undefined>()

  constructor(
    private readonly build: () => Map<K, V>,
    private readonly scan: (key: K) => V | undefined,
    private readonly scansBeforeIndex = 16,
  ) {}

  get(key: K): V | undefined {
    if (this.index) return this.index.get(key)
    if (this.answered.has(key)) return this.answered.get(key)
    if (this.answered.size >= this.scansBeforeIndex) {
      this.index = this.build()
      return this.index.get(key)
    }
    const v = this.scan(key)
    this.answered.set(key, v)
    return v
  }
}

/** The last element of `list` that `match` accepts (what a Map built in list order keeps). */
export function lastMatch<T>(list: readonly T[], match: (x: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (match(list[i]!)) return list[i]
  return undefined
}

/** `ns/name` → pod over a model's pods (the last of a name wins, as in a Map built in order). */
export function podKeyIndex<P extends { readonly namespace: string; readonly name: string }>(pods: readonly P[]): LazyIndex<string, P> {
  return new LazyIndex(() => new Map(pods.map((p) => [`${p.namespace}/${p.name}`, p])), (key) => {
    const slash = key.indexOf('/')
    const ns = key.slice(0, slash)
    const name = key.slice(slash + 1)
    return lastMatch(pods, (p) => p.name === name && p.namespace === ns)
  })
}
