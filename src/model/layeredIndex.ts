/**
 * A name index made from an earlier one by a few removals and additions without copying it (a
 * what-if changes a few of 40k chain names, or of 30,000 pods): each layer holds its changes over
 * the one below, and every few layers the stack is flattened into one map again, so a lookup
 * stays short. Used for kube-proxy's chains by name (kubeproxy/nodeChains.ts) and the
 * derivation's pods by name (derive/memo.ts).
 */
/** Layers before flattening, unless `of` is told otherwise: chain names are looked up often. */
const MAX_DEPTH = 6

export class LayeredIndex<V> {
  /** How many names it holds. */
  readonly size: number

  private constructor(
    private readonly below: LayeredIndex<V> | Map<string, V>,
    private readonly added: Map<string, V>,
    private readonly removed: Set<string>,
    private readonly depth: number,
    private readonly maxDepth: number,
  ) {
    // A removal names a name held below; an addition a name not held, or removed in this layer.
    this.size = below.size - removed.size + added.size
  }

  /** `maxDepth`: layers kept before flattening (more for an index looked up rarely and large to copy). */
  static of<V>(map: Map<string, V>, maxDepth = MAX_DEPTH): LayeredIndex<V> {
    return new LayeredIndex(map, new Map(), new Set(), 0, maxDepth)
  }

  get(name: string): V | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let layer: LayeredIndex<V> | Map<string, V> = this
    while (layer instanceof LayeredIndex) {
      const v = layer.added.get(name)
      if (v !== undefined) return v
      if (layer.removed.has(name)) return undefined
      layer = layer.below
    }
    return layer.get(name)
  }

  /**
   * The index with each removal's name dropped where it still names that value, and the
   * additions set; null when an addition names a chain the index still holds (two ports
   * declaring one chain).
   */
  next(removals: Iterable<readonly [string, V]>, additions: Iterable<readonly [string, V]>): LayeredIndex<V> | null {
    const removed = new Set<string>()
    const added = new Map<string, V>()
    for (const [name, v] of removals) if (this.get(name) === v) removed.add(name)
    for (const [name, v] of additions) {
      if (added.has(name) || (!removed.has(name) && this.get(name) !== undefined)) return null
      added.set(name, v)
    }
    const layer = new LayeredIndex(this, added, removed, this.depth + 1, this.maxDepth)
    return layer.depth > this.maxDepth ? layer.compacted() : layer
  }

  /**
   * The same names in two levels: the layers above the base map merged into one, which costs
   * what the edits changed rather than a copy of 40k names (a what-if every few edits paid
   * 10-30 ms for that copy); once the merged changes are many, one map again.
   */
  private compacted(): LayeredIndex<V> {
    const { layers, base } = this.stack()
    const added = new Map<string, V>()
    const removed = new Set<string>()
    for (let i = layers.length - 1; i >= 0; i--) {
      // A removal drops what a lower layer added, and hides the base's name.
      for (const name of layers[i]!.removed) {
        added.delete(name)
        if (base.has(name)) removed.add(name)
      }
      for (const [name, v] of layers[i]!.added) added.set(name, v)
    }
    if (added.size + removed.size > base.size / 4) return LayeredIndex.of(this.flat(), this.maxDepth)
    return new LayeredIndex(base, added, removed, 1, this.maxDepth)
  }

  /** Every name and value (the layers flattened: for a full walk, not per lookup). */
  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.flat()[Symbol.iterator]()
  }

  /** The layers from this one down (top first) and the map under them. */
  private stack(): { layers: LayeredIndex<V>[]; base: Map<string, V> } {
    const layers: LayeredIndex<V>[] = []
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let layer: LayeredIndex<V> | Map<string, V> = this
    while (layer instanceof LayeredIndex) {
      layers.push(layer)
      layer = layer.below
    }
    return { layers, base: layer }
  }

  private flat(): Map<string, V> {
    const { layers, base } = this.stack()
    const map = new Map(base)
    for (let i = layers.length - 1; i >= 0; i--) {
      for (const name of layers[i]!.removed) map.delete(name)
      for (const [name, v] of layers[i]!.added) map.set(name, v)
    }
    return map
  }
}
